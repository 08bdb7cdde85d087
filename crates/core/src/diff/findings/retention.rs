//! `diff-retention-decreased`: a stream, log group or queue keeps its data for less time, so
//! what is older than the new period is deleted at once.

use super::{finding, Context};
use crate::diff::model::{ChangeKind, Finding};
use crate::diff::value::{as_f64, is_intrinsic};
use crate::rules::DIFF_RETENTION_DECREASED;
use serde_json::Value;

/// Type, property, unit, the value when the property is absent (`None`: kept forever), and
/// what is lost.
const RETAINED: &[(&str, &str, &str, Option<f64>, &str)] = &[
    (
        "AWS::Kinesis::Stream",
        "RetentionPeriodHours",
        "hours",
        Some(24.0),
        "records older than that become unreadable almost at once \
         (DecreaseStreamRetentionPeriod), including ones consumers have not read yet",
    ),
    (
        "AWS::Logs::LogGroup",
        "RetentionInDays",
        "days",
        None,
        "log events older than that are deleted",
    ),
    (
        "AWS::SQS::Queue",
        "MessageRetentionPeriod",
        "seconds",
        Some(345_600.0),
        "messages older than that are deleted, failed batches among them",
    ),
];

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (t, member, unit, default, lost) in RETAINED {
        for c in ctx.of_type(t, &[ChangeKind::Update, ChangeKind::MayReplace]) {
            let id = &c.logical_id;
            let (Some(old), Some(new)) = (
                period(ctx.old_prop(id, member), *default),
                period(ctx.new_prop(id, member), *default),
            ) else {
                continue;
            };
            if new >= old {
                continue;
            }
            let shown = |p: f64| {
                if p.is_infinite() {
                    "never expires".to_owned()
                } else {
                    format!("{p} {unit}")
                }
            };
            out.push(finding(
                &DIFF_RETENTION_DECREASED,
                id,
                *member,
                format!(
                    "{id}: {member} goes from {} to {}: {lost}.",
                    shown(old),
                    shown(new)
                ),
                format!(
                    "Decrease it only once everything older than {} has been read or copied, \
                     or keep the longer retention.",
                    shown(new)
                ),
            ));
        }
    }
    out
}

/// The period a property sets: its number, the default when absent (infinite when `default`
/// is `None`); `None` when it cannot be known (an intrinsic, not a number).
fn period(value: Option<&Value>, default: Option<f64>) -> Option<f64> {
    match value {
        None => Some(default.unwrap_or(f64::INFINITY)),
        Some(v) if is_intrinsic(v) => None,
        Some(v) => as_f64(v),
    }
}
