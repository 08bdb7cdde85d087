//! `diff-delivery-stream-replaced`: a delivery stream replaced; the new one starts at LATEST.

use super::{finding, replacing_paths, Context};
use crate::diff::model::{ChangeKind, Finding};
use crate::rules::DIFF_DELIVERY_STREAM_REPLACED;

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    ctx.of_type(
        "AWS::KinesisFirehose::DeliveryStream",
        &[ChangeKind::Replace],
    )
    .map(|c| {
        let id = &c.logical_id;
        let paths = replacing_paths(c);
        let kinesis = ctx
            .new_prop(id, "DeliveryStreamType")
            .and_then(|v| v.as_str())
            == Some("KinesisStreamAsSource");
        let gap = if kinesis {
            "the new delivery stream reads its Kinesis stream from LATEST, so changes \
                 written between the old one's deletion and the new one's first read are never \
                 delivered to S3"
        } else {
            "PutRecordBatch calls fail while the delivery stream is recreated, so records \
                 sent meanwhile depend on the sender's retries"
        };
        finding(
            &DIFF_DELIVERY_STREAM_REPLACED,
            id,
            paths.clone(),
            format!(
                "{id} is replaced ({paths}): {gap}; records the old one buffered but had not \
                     delivered may be lost with it."
            ),
            format!(
                "Keep {paths} as deployed. To change that, add a second delivery stream \
                     beside this one (a new logical ID), let both run until the new one \
                     delivers, then remove the old one; eventID removes the duplicates."
            ),
        )
    })
    .collect()
}
