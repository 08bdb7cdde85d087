//! `AWS::KMS::Key`: a customer-managed key whose policy follows from its users.

use super::policy::account_statement;
use super::KeyRef;
use crate::private::validate;
use ferrocdk_core::rules;
use ferrocdk_core::{
    Common, Construct, ConstructProps, RemovalPolicy, Resource, SynthContext, Target, Val,
};
use serde_json::json;

/// A customer-managed KMS key (symmetric, for encryption), for every resource of the pipeline.
///
/// Defaults: automatic yearly rotation on, retained on stack deletion and on replacement (a
/// deleted key makes everything encrypted with it unreadable), and a 30-day waiting period
/// before deletion when its removal policy is `Delete`. The key policy is derived from the
/// key's users: it starts with the account statement (KMS's default: the account's IAM
/// policies decide, and the roles ferrocdk derives carry their own `kms:` grants scoped to
/// this key's ARN), and each service that uses the key on its own behalf adds its documented
/// statement when it is wired to the key — CloudWatch Logs for an encrypted log group,
/// CloudWatch for an encrypted alarm topic. DynamoDB writing to a stream encrypted with the
/// key needs none: its service-linked role's policy grants `kms:GenerateDataKey` through
/// Kinesis, which the account statement honours.
///
/// A key costs about 1 USD a month plus requests (bucket keys keep S3's requests few).
///
/// ```
/// use ferrocdk_aws::kinesis::{KinesisStream, StreamEncryption};
/// use ferrocdk_aws::kms::Key;
/// use ferrocdk_core::Stack;
/// let mut stack = Stack::new("Demo");
/// let key = stack.add(Key::new("Key"));
/// stack.add(KinesisStream::new("Changes").encryption(StreamEncryption::CustomerManaged(key.clone())));
/// let t = stack.synth()?.template;
/// assert_eq!(t.resources["Key"].properties["EnableKeyRotation"], true);
/// assert_eq!(t.resources["Changes"].properties["StreamEncryption"]["KeyId"]["Fn::GetAtt"][0], "Key");
/// # Ok::<(), ferrocdk_core::SynthError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Key {
    id: String,
    common: Common,
    pending_window_days: Val<u32>,
    removal: RemovalPolicy,
}

impl Key {
    /// A key with construct id `id` (its logical ID).
    pub fn new(id: impl Into<String>) -> Self {
        Key {
            id: id.into(),
            common: Common::default(),
            pending_window_days: Val::Lit(30),
            removal: RemovalPolicy::Retain,
        }
    }

    /// `PendingWindowInDays`: how long a key removed with [`RemovalPolicy::Delete`] waits
    /// before KMS deletes it (7–30 days; it can be cancelled in KMS meanwhile, not from a
    /// template). Default: 30.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html#cfn-kms-key-pendingwindowindays>
    pub fn pending_window_days(mut self, days: impl Into<Val<u32>>) -> Self {
        self.pending_window_days = days.into();
        self
    }

    /// `DeletionPolicy` and `UpdateReplacePolicy`. Default: [`RemovalPolicy::Retain`]: data
    /// encrypted with a deleted key cannot be read again.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html>
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-updatereplacepolicy.html>
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.removal = policy;
        self
    }
}

impl ConstructProps for Key {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }
}

impl Construct for Key {
    type Handle = KeyRef;

    fn id(&self) -> &str {
        &self.id
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn handle(&self, target: Target) -> KeyRef {
        KeyRef::owned(target)
    }

    fn synth(&self, ctx: &mut SynthContext<'_>) {
        validate::range(
            ctx,
            &rules::KMS_PENDING_WINDOW,
            "PendingWindowInDays",
            &self.pending_window_days,
            7,
            30,
            "days",
        );
        let account = account_statement(ctx);
        let window = ctx.value("PendingWindowInDays", &self.pending_window_days);
        ctx.define(
            ctx.logical_id().to_owned(),
            Resource::new("AWS::KMS::Key")
                .prop("EnableKeyRotation", true)
                .prop(
                    "KeyPolicy",
                    json!({ "Version": "2012-10-17", "Statement": [account] }),
                )
                .prop("PendingWindowInDays", window)
                .removal(self.removal)
                .taggable(),
        );
    }
}
