//! The `<Id>Role` + `<Id>RolePolicy` pair a construct defines for itself.

use super::Statement;
use ferrocdk_core::{logical_id, Expr, Pseudo, Resource, SynthContext};
use serde_json::{json, Value};

/// The longest `PolicyName` IAM accepts.
/// <https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html>
const MAX_POLICY_NAME: usize = 128;

/// Logical IDs of a defined role and its policy.
pub(crate) struct RoleIds {
    pub role: String,
    pub policy: String,
}

/// Defines `<Id>Role`, assumable by `service` (e.g. `firehose.amazonaws.com`), and
/// `<Id>RolePolicy` with `statements`, named after its logical ID (cut to 128 characters with a
/// hash of the whole ID when longer, see [`logical_id::bounded`]). With `external_id`, the trust policy requires
/// `sts:ExternalId` = the account (as AWS documents for Firehose). Returns the two IDs; the
/// caller's resource should `DependsOn` the policy.
pub(crate) fn define_role(
    ctx: &mut SynthContext<'_>,
    service: &str,
    external_id: bool,
    statements: &[Statement],
) -> RoleIds {
    let role = ctx.child_id("Role");
    let policy = ctx.child_id("RolePolicy");
    let mut trust = json!({
        "Effect": "Allow",
        "Principal": { "Service": service },
        "Action": "sts:AssumeRole"
    });
    if external_id {
        let account = ctx.value("AssumeRolePolicyDocument", &Expr::Pseudo(Pseudo::AccountId));
        trust["Condition"] = json!({ "StringEquals": { "sts:ExternalId": account } });
    }
    ctx.define(
        role.clone(),
        Resource::new("AWS::IAM::Role")
            .prop(
                "AssumeRolePolicyDocument",
                json!({ "Version": "2012-10-17", "Statement": [trust] }),
            )
            .taggable(),
    );
    let rendered: Vec<Value> = statements
        .iter()
        .map(|s| s.render(ctx, "PolicyDocument"))
        .collect();
    let role_ref = ctx.value("Roles", &ctx.ref_(&role));
    ctx.define(
        policy.clone(),
        Resource::new("AWS::IAM::Policy")
            // IAM allows 128 characters, a logical ID 255.
            .prop("PolicyName", logical_id::bounded(&policy, MAX_POLICY_NAME))
            .prop(
                "PolicyDocument",
                json!({ "Version": "2012-10-17", "Statement": rendered }),
            )
            .prop("Roles", json!([role_ref])),
    );
    RoleIds { role, policy }
}
