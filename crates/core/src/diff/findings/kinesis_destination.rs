//! `diff-kinesis-destination-changed`: a table's Kinesis streaming destination changes (its
//! stream, its precision) or goes; DynamoDB disables and re-enables it, and nothing backfills
//! the changes made in between.

use super::{cause_under, describe, finding, Context};
use crate::diff::model::{ChangeKind, Finding};
use crate::rules::DIFF_KINESIS_DESTINATION_CHANGED;

const SPEC: &str = "KinesisStreamSpecification";

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    ctx.of_type("AWS::DynamoDB::Table", &[ChangeKind::Update])
        .filter(|c| ctx.old_prop(&c.logical_id, SPEC).is_some())
        .filter_map(|c| {
            let id = &c.logical_id;
            let cause = cause_under(c, SPEC)?;
            let lost = if ctx.new_prop(id, SPEC).is_none() {
                format!(
                    "{id} stops streaming to Kinesis: later item changes never reach the stream \
                     or anything after it."
                )
            } else {
                format!(
                    "{id}'s Kinesis streaming destination changes ({}): CloudFormation disables \
                     and re-enables streaming, and item changes made in that window are never \
                     sent to Kinesis; nothing backfills them (AWS does not document the window: \
                     treat it as a risk).",
                    describe(cause)
                )
            };
            Some(finding(
                &DIFF_KINESIS_DESTINATION_CHANGED,
                id,
                cause.path.clone(),
                lost,
                "Deploy it while the table takes no writes, or backfill the window afterwards \
                 (export the table to S3 for that time and replay it). Keep the precision at \
                 MILLISECOND, which the transform's timestamps use."
                    .to_owned(),
            ))
        })
        .collect()
}
