//! KMS: references to existing customer-managed keys.

use crate::private::validate::{arn_problem, KEY_ARN};
use ferrocdk_core::rules;
use ferrocdk_core::{Expr, SynthContext};

/// An existing customer-managed KMS key, by key ARN.
///
/// ferrocdk grants `kms:Decrypt` (and what else a reader needs) on this ARN to the roles that
/// read data encrypted with it. The key's own key policy must still let the services that write
/// with it (e.g. DynamoDB writing to a Kinesis stream) use it: that policy lives with the key.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRef {
    arn: Expr,
}

impl KeyRef {
    /// A key by its key ARN (`arn:aws:kms:<region>:<account>:key/<key-id>`). An alias ARN is
    /// reported at synth: IAM grants need the key ARN.
    #[must_use]
    pub fn from_arn(arn: impl Into<Expr>) -> Self {
        KeyRef { arn: arn.into() }
    }

    /// The key ARN.
    #[must_use]
    pub fn arn(&self) -> Expr {
        self.arn.clone()
    }

    /// Reports a literal that is no key ARN, or a reference to something other than a key's
    /// `Arn`, against `property` of the using construct.
    pub(crate) fn check(&self, ctx: &mut SynthContext<'_>, property: &str) {
        ctx.expect_attribute(
            &rules::KMS_KEY_ARN,
            property,
            &self.arn,
            &[("AWS::KMS::Key", "Arn")],
            "a key ARN: the Arn of an AWS::KMS::Key, an import, a parameter, or \
             arn:aws:kms:<region>:<account>:key/<key-id>",
        );
        if let Some((received, allowed)) = arn_problem(&self.arn, &KEY_ARN) {
            ctx.error(
                &rules::KMS_KEY_ARN,
                property,
                received,
                format!("{allowed} (a key ARN, not an alias: IAM grants need the key ARN)"),
            );
        }
    }
}
