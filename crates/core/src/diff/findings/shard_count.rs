//! `diff-shard-count-step`: a provisioned stream's shard count beyond ×2 or ×½ in one update;
//! UpdateShardCount refuses it, so the update fails.

use super::{finding, Context};
use crate::diff::model::{ChangeKind, Finding};
use crate::diff::value::as_f64;
use crate::rules::DIFF_SHARD_COUNT_STEP;

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    ctx.of_type("AWS::Kinesis::Stream", &[ChangeKind::Update])
        .filter_map(|c| {
            let id = &c.logical_id;
            let old = as_f64(ctx.old_prop(id, "ShardCount")?)?;
            let new = as_f64(ctx.new_prop(id, "ShardCount")?)?;
            if !(new > old * 2.0 || new * 2.0 < old) {
                return None;
            }
            let mut steps = vec![old];
            while let Some(&last) = steps.last() {
                if (last - new).abs() < f64::EPSILON || steps.len() > 12 {
                    break;
                }
                steps.push(if new > last {
                    (last * 2.0).min(new)
                } else {
                    (last / 2.0).ceil().max(new)
                });
            }
            let plan: Vec<String> = steps.iter().map(f64::to_string).collect();
            Some(finding(
                &DIFF_SHARD_COUNT_STEP,
                id,
                "ShardCount",
                format!(
                    "{id}: ShardCount goes from {old} to {new}; UpdateShardCount takes between \
                     half and double the current count, so the update fails and rolls back."
                ),
                format!(
                    "Step it, one deploy per step ({}), at most 10 steps a rolling day.",
                    plan.join(" → ")
                ),
            ))
        })
        .collect()
}
