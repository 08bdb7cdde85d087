//! `diff-retain-dropped`: a stateful resource loses `DeletionPolicy` or `UpdateReplacePolicy`
//! `Retain`, so a later removal or replacement deletes its data.

use super::{finding, retains, Context};
use crate::diff::model::{ChangeKind, Finding};
use crate::rules::DIFF_RETAIN_DROPPED;
use crate::stateful::is_stateful;

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let kinds = &[
        ChangeKind::Update,
        ChangeKind::Replace,
        ChangeKind::MayReplace,
    ];
    for c in ctx.changes.iter().filter(|c| kinds.contains(&c.kind)) {
        if !is_stateful(&c.resource_type) {
            continue;
        }
        let id = &c.logical_id;
        for (policy, when) in [
            (
                "DeletionPolicy",
                "removing it from the stack, or deleting the stack,",
            ),
            ("UpdateReplacePolicy", "a replacement"),
        ] {
            let before = Context::attribute(ctx.old, id, policy);
            let after = Context::attribute(ctx.new, id, policy);
            if retains(before) && !retains(after) {
                out.push(finding(
                    &DIFF_RETAIN_DROPPED,
                    id,
                    policy,
                    format!(
                        "{id} loses {policy} {}: from now on {when} deletes the {} and its data.",
                        before.unwrap_or_default(),
                        c.resource_type
                    ),
                    "Keep it retained (ferrocdk's default for stateful resources: drop \
                     .removal_policy(RemovalPolicy::Delete) or \"removalPolicy\": \"Delete\"); \
                     delete data on purpose, outside a deploy."
                        .to_owned(),
                ));
            }
        }
    }
    out
}
