//! `diff-stream-view-type`: a table's DynamoDB stream changes view type (a new stream, a new
//! ARN, its mappings recreated) or is switched off.

use super::{finding, shown, Context};
use crate::diff::model::{ChangeKind, Finding};
use crate::diff::value::same_opt;
use crate::rules::DIFF_STREAM_VIEW_TYPE;
use serde_json::Value;

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    let view = |p: Option<&Value>| p.and_then(|s| s.get("StreamViewType")).cloned();
    ctx.of_type("AWS::DynamoDB::Table", &[ChangeKind::Update])
        .filter_map(|c| {
            let id = &c.logical_id;
            let old = view(ctx.old_prop(id, "StreamSpecification"))?;
            let new = view(ctx.new_prop(id, "StreamSpecification"));
            if same_opt(Some(&old), new.as_ref()) {
                return None;
            }
            let lost = match &new {
                Some(new) => format!(
                    "{id}'s stream view type goes from {} to {}: DynamoDB creates a new \
                     stream with a new StreamArn, deletes the old one after 24 hours with the \
                     records not yet read from it, and event source mappings on it are \
                     replaced by ones that start from their StartingPosition on the new stream.",
                    shown(Some(&old)),
                    shown(Some(new))
                ),
                None => format!(
                    "{id}'s stream is switched off: records not yet read are deleted after 24 \
                     hours, and mappings on it stop."
                ),
            };
            Some(finding(
                &DIFF_STREAM_VIEW_TYPE,
                id,
                "StreamSpecification.StreamViewType",
                lost,
                "Keep the view type. If it must change, stop the writes and wait until the \
                 forwarder's IteratorAge is 0 before deploying, or backfill the window \
                 afterwards."
                    .to_owned(),
            ))
        })
        .collect()
}
