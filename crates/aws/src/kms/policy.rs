//! Key-policy statements: the account's, and those of services that use a key on their own
//! behalf, each as AWS documents it.
//!
//! Every statement of a key policy has `"Resource": "*"`: a key policy is attached to its key,
//! and `*` there means "this key" (KMS requires it). The service statements keep AWS's own
//! action patterns (`kms:GenerateDataKey*`, …): they are the documented contract of those
//! services, which call KMS themselves.

use ferrocdk_core::{Expr, Pseudo, SynthContext};
use serde_json::{json, Value};

/// `Sid` of the statement that lets the account's IAM policies grant use of the key.
pub(crate) const ACCOUNT_SID: &str = "AccountIamPolicies";

/// The statement every key of the stack starts with (KMS's default key policy): the account
/// root may do anything with the key, so IAM policies in the account decide who uses it (the
/// roles ferrocdk derives carry their own `kms:` grants). It also keeps the key manageable:
/// CloudFormation refuses a policy that would lock the account out.
///
/// <https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html>
pub(crate) fn account_statement(ctx: &mut SynthContext<'_>) -> Value {
    let root = ctx.value(
        "KeyPolicy",
        &Expr::arn("iam", false, true, [Expr::from("root")]),
    );
    json!({
        "Sid": ACCOUNT_SID,
        "Effect": "Allow",
        "Principal": { "AWS": root },
        "Action": "kms:*",
        "Resource": "*"
    })
}

/// A service that uses a key on its own behalf and so needs a statement in the key policy
/// (an IAM policy cannot name a service principal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyUser {
    /// CloudWatch publishing alarm notifications to an SNS topic encrypted with the key.
    /// <https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services>
    CloudWatchAlarms,
    /// CloudWatch Logs encrypting log groups of this account and Region with the key.
    /// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html>
    CloudWatchLogs,
}

impl KeyUser {
    /// The service, for messages.
    pub(crate) fn service(self) -> &'static str {
        match self {
            KeyUser::CloudWatchAlarms => "CloudWatch alarms (cloudwatch.amazonaws.com)",
            KeyUser::CloudWatchLogs => "CloudWatch Logs (logs.<region>.amazonaws.com)",
        }
    }

    /// The key-policy statement, as AWS documents it.
    pub(crate) fn statement(self, ctx: &mut SynthContext<'_>, property: &str) -> Value {
        match self {
            KeyUser::CloudWatchAlarms => json!({
                "Sid": "CloudWatchAlarmsToEncryptedTopics",
                "Effect": "Allow",
                "Principal": { "Service": "cloudwatch.amazonaws.com" },
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*"
            }),
            KeyUser::CloudWatchLogs => {
                let principal = ctx.value(
                    property,
                    &Expr::join([
                        Expr::from("logs."),
                        Expr::Pseudo(Pseudo::Region),
                        Expr::from(".amazonaws.com"),
                    ]),
                );
                // Any log group of this account and Region: naming the log group itself would
                // make the key depend on the log group, which depends on the key (a cycle).
                let groups = ctx.value(
                    property,
                    &Expr::arn("logs", true, true, [Expr::from("log-group:*")]),
                );
                json!({
                    "Sid": "CloudWatchLogsLogGroups",
                    "Effect": "Allow",
                    "Principal": { "Service": principal },
                    "Action": [
                        "kms:Encrypt*",
                        "kms:Decrypt*",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:Describe*"
                    ],
                    "Resource": "*",
                    "Condition": {
                        "ArnLike": { "kms:EncryptionContext:aws:logs:arn": groups }
                    }
                })
            }
        }
    }
}
