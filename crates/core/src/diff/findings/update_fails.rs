//! `diff-update-fails`: changes CloudFormation rejects: a resource's type, a replacement of a
//! resource with a fixed name ("You can't perform an update that causes a custom-named
//! resource to be replaced"), a KMS key's KeySpec, KeyUsage or MultiRegion.

use super::{finding, replacing_paths, Context};
use crate::diff::documented::name_property;
use crate::diff::model::{ChangeKind, Effect, Finding};
use crate::diff::value::same_opt;
use crate::rules::DIFF_UPDATE_FAILS;

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in ctx.changes {
        let id = &c.logical_id;
        for cause in c.causes.iter().filter(|x| x.effect == Effect::Fails) {
            out.push(finding(
                &DIFF_UPDATE_FAILS,
                id,
                cause.path.clone(),
                format!(
                    "{id}: {} ({}); CloudFormation rejects the update and rolls back.",
                    cause.path, cause.why
                ),
                "Keep it as deployed; to change it, create a new resource under a new logical \
                 ID and move to it."
                    .to_owned(),
            ));
        }
        if c.kind != ChangeKind::Replace {
            continue;
        }
        let Some(name) = name_property(&c.resource_type) else {
            continue;
        };
        let (old, new) = (ctx.old_prop(id, name), ctx.new_prop(id, name));
        if new.is_some() && same_opt(old, new) {
            let paths = replacing_paths(c);
            out.push(finding(
                &DIFF_UPDATE_FAILS,
                id,
                paths.clone(),
                format!(
                    "{id} has a fixed {name} and must be replaced ({paths}): CloudFormation \
                     cannot create the new one under the same name, so the update fails and \
                     rolls back."
                ),
                format!(
                    "Keep {paths} as deployed, or give the new resource another {name} (or none, \
                     to let CloudFormation name it)."
                ),
            ));
        }
    }
    out
}
