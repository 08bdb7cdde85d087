//! CloudWatch Logs: the log groups constructs define for themselves.

use crate::kms::{KeyRef, KeyUser};
use ferrocdk_core::rules;
use ferrocdk_core::{Expr, RemovalPolicy, Resource, SynthContext};

/// Retention periods CloudWatch Logs accepts, in days.
pub const RETENTION_DAYS: [u32; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// Default retention of the log groups ferrocdk defines.
pub const DEFAULT_RETENTION_DAYS: u32 = 30;

/// Defines `<Id>LogGroup` with a retention, retained on delete, encrypted with `key` when
/// given (else with CloudWatch Logs' own keys); returns its logical ID. A key of the stack gets
/// the CloudWatch Logs statement in its policy.
pub(crate) fn define_log_group(
    ctx: &mut SynthContext<'_>,
    retention_days: u32,
    property: &str,
    key: Option<&KeyRef>,
) -> String {
    if !RETENTION_DAYS.contains(&retention_days) {
        ctx.error(
            &rules::LOG_RETENTION,
            property,
            retention_days.to_string(),
            format!("one of {RETENTION_DAYS:?} days"),
        );
    }
    let id = ctx.child_id("LogGroup");
    let mut r = Resource::new("AWS::Logs::LogGroup").prop("RetentionInDays", retention_days);
    match key {
        Some(key) => {
            const K: &str = "LogGroup.KmsKeyId";
            key.check(ctx, K);
            key.allow(ctx, K, KeyUser::CloudWatchLogs);
            r = r.prop("KmsKeyId", ctx.value(K, &key.arn()));
        }
        None => {
            r = r.checkov_skip(
                "CKV_AWS_158",
                "encrypted by CloudWatch Logs with its own keys; give a customer-managed key to \
                 use KMS",
            );
        }
    }
    ctx.define(id.clone(), r.removal(RemovalPolicy::Retain).taggable());
    id
}

/// The ARN of a log stream, for `logs:PutLogEvents`.
pub(crate) fn log_stream_arn(ctx: &SynthContext<'_>, group: &str, stream_name: &str) -> Expr {
    Expr::arn(
        "logs",
        true,
        true,
        [
            Expr::from("log-group:"),
            ctx.ref_(group),
            Expr::from(format!(":log-stream:{stream_name}")),
        ],
    )
}
