//! SQS: the failure queue of the DynamoDB Streams forwarder.

use crate::iam::deny_insecure_transport;
use crate::kms::KeyRef;
use ferrocdk_core::{Expr, RemovalPolicy, Resource, SynthContext};
use serde_json::json;

/// Longest message retention SQS allows: 14 days.
pub const MAX_RETENTION_S: u32 = 1_209_600;

/// Defines `<Id><suffix>` — an SQS queue encrypted with `key` when given, else with SQS-managed
/// keys, keeping messages 14 days, retained on delete — and its TLS-only queue policy. Returns
/// (queue id, queue ARN). A sender of an encrypted queue needs `kms:GenerateDataKey` and
/// `kms:Decrypt` on the key: the caller grants them.
pub(crate) fn define_failure_queue(
    ctx: &mut SynthContext<'_>,
    suffix: &str,
    key: Option<&KeyRef>,
) -> (String, Expr) {
    let id = ctx.child_id(suffix);
    let mut queue = Resource::new("AWS::SQS::Queue");
    queue = match key {
        Some(key) => {
            let property = format!("{suffix}.KmsMasterKeyId");
            key.check(ctx, &property);
            queue.prop("KmsMasterKeyId", ctx.value(&property, &key.arn()))
        }
        None => queue.prop("SqsManagedSseEnabled", true).checkov_skip(
            "CKV_AWS_27",
            "encrypted with SQS-managed keys (SqsManagedSseEnabled); the check looks for a KMS \
             key only",
        ),
    };
    ctx.define(
        id.clone(),
        queue
            .prop("MessageRetentionPeriod", MAX_RETENTION_S)
            .removal(RemovalPolicy::Retain)
            .taggable(),
    );
    let arn = ctx.get_att(&id, "Arn");
    let queue_url = ctx.value("Queues", &ctx.ref_(&id));
    let queue_arn = ctx.value("PolicyDocument", &arn);
    ctx.define(
        format!("{id}Policy"),
        Resource::new("AWS::SQS::QueuePolicy")
            .prop("Queues", json!([queue_url]))
            .prop("PolicyDocument", deny_insecure_transport("sqs", queue_arn)),
    );
    (id, arn)
}
