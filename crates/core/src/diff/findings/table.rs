//! `diff-table-replaced`: a table replaced (a new, empty table takes the writes) or removed.

use super::{finding, replacing_paths, retains, Context};
use crate::diff::model::{ChangeKind, Finding};
use crate::rules::DIFF_TABLE_REPLACED;

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    let kinds = &[ChangeKind::Replace, ChangeKind::Remove];
    ctx.of_type("AWS::DynamoDB::Table", kinds)
        .map(|c| {
            let id = &c.logical_id;
            if c.kind == ChangeKind::Replace {
                let kept = retains(Context::attribute(ctx.new, id, "UpdateReplacePolicy"));
                let paths = replacing_paths(c);
                let old = if kept {
                    "stay in the old table, which is kept but orphaned (UpdateReplacePolicy Retain)"
                } else {
                    "are deleted with the old table (no UpdateReplacePolicy Retain)"
                };
                finding(
                    &DIFF_TABLE_REPLACED,
                    id,
                    paths.clone(),
                    format!(
                        "{id} is replaced ({paths}): CloudFormation creates a new, empty table \
                         and every writer, reader and stream moves to it; the items {old}."
                    ),
                    format!(
                        "Keep {paths} as deployed. To change that, add a second table beside \
                         this one, copy the items (export to S3 and import, or a backfill), move \
                         the writers, then remove the old table."
                    ),
                )
            } else {
                let kept = retains(Context::attribute(ctx.old, id, "DeletionPolicy"));
                let what = if kept {
                    "the table and its items are kept (DeletionPolicy Retain) but orphaned: no \
                     longer managed by the stack, and nothing streams its changes any more"
                } else {
                    "CloudFormation deletes the table and every item in it"
                };
                finding(
                    &DIFF_TABLE_REPLACED,
                    id,
                    "-",
                    format!("{id} leaves the stack: {what}."),
                    "Keep it in the template. If it is a rename, keep the old logical ID; if you \
                     mean to drop it, take an on-demand backup or export it to S3 first."
                        .to_owned(),
                )
            }
        })
        .collect()
}
