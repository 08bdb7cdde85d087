//! `diff-custom-resource-replaced`: a custom resource replaced gets a new physical ID, and
//! CloudFormation then sends Delete for the old one: its handler undoes what the old one set
//! up, after the new one set it up.

use super::{finding, replacing_paths, Context};
use crate::diff::model::{ChangeKind, Finding};
use crate::rules::DIFF_CUSTOM_RESOURCE_REPLACED;

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    ctx.changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Replace)
        .filter(|c| {
            c.resource_type.starts_with("Custom::")
                || c.resource_type == "AWS::CloudFormation::CustomResource"
        })
        .map(|c| {
            let id = &c.logical_id;
            let paths = replacing_paths(c);
            finding(
                &DIFF_CUSTOM_RESOURCE_REPLACED,
                id,
                paths.clone(),
                format!(
                    "{id} is replaced ({paths}): CloudFormation sends Create with the new \
                     properties, then Delete with the old physical ID, so the handler's Delete \
                     undoes what the new one just set up (for a streaming destination: streaming \
                     is switched off)."
                ),
                format!(
                    "Keep {paths} as deployed, and let the handler echo \
                     event[\"PhysicalResourceId\"] on Update so property changes update in \
                     place; a Delete must check that the physical ID is still the current one."
                ),
            )
        })
        .collect()
}
