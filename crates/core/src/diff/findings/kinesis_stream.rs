//! `diff-kinesis-stream-replaced`: a Kinesis stream replaced or removed, with its unread
//! records.

use super::{finding, replacing_paths, retains, Context};
use crate::diff::model::{ChangeKind, Finding};
use crate::rules::DIFF_KINESIS_STREAM_REPLACED;

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    let kinds = &[ChangeKind::Replace, ChangeKind::Remove];
    ctx.of_type("AWS::Kinesis::Stream", kinds)
        .map(|c| {
            let id = &c.logical_id;
            let (what, policy, resources) = if c.kind == ChangeKind::Replace {
                let paths = replacing_paths(c);
                (
                    format!("{id} is replaced ({paths}): the table and Firehose move to a new, empty stream"),
                    "UpdateReplacePolicy",
                    ctx.new,
                )
            } else {
                (format!("{id} leaves the stack"), "DeletionPolicy", ctx.old)
            };
            let fate = if retains(Context::attribute(resources, id, policy)) {
                format!("stay in the old stream, kept but orphaned ({policy} Retain), where nothing reads them any more")
            } else {
                "are deleted with the old stream".to_owned()
            };
            let path = if c.kind == ChangeKind::Replace { replacing_paths(c) } else { "-".to_owned() };
            finding(
                &DIFF_KINESIS_STREAM_REPLACED,
                id,
                path,
                format!(
                    "{what}; records not yet read by every consumer (up to the retention period \
                     of changes) {fate}."
                ),
                "Keep the stream (and its Name) as deployed. If it must go, stop the writes \
                 first and wait until every consumer has caught up (iterator age 0) before \
                 deploying."
                    .to_owned(),
            )
        })
        .collect()
}
