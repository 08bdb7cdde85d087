//! `Key`: a customer-managed KMS key, used by id wherever a construct takes a key.

use super::build::Builder;
use super::construct::{common, construct_props};
use super::resolve::Handle;
use super::*;
use ferrocdk_aws::kms::Key;
use ferrocdk_core::RemovalPolicy;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

construct_props! {
    /// A customer-managed KMS key: symmetric, rotated yearly, retained on stack deletion. Its
    /// policy starts with the account statement (IAM policies decide; the derived roles carry
    /// their own grants) and gets the statement of each service that uses it on its own
    /// behalf (CloudWatch Logs, CloudWatch alarms). Other constructs take it by id.
    pub struct KeyProps {
        required {
        }
        optional {
            /// `PendingWindowInDays`: how long a key removed with `"removalPolicy": "Delete"`
            /// waits before KMS deletes it, 7–30 days. Default: 30.
            pending_window_days: NumberValue<u32>,
            /// `DeletionPolicy` and `UpdateReplacePolicy`. Default: `"Retain"` (data encrypted
            /// with a deleted key cannot be read again).
            removal_policy: RemovalPolicy,
        }
    }
}

impl KeyProps {
    /// Where synth's findings on CloudFormation properties are placed in the file.
    pub(super) const PLACES: &'static [(&'static str, &'static str)] =
        &[("PendingWindowInDays", "pendingWindowDays")];

    /// Adds the construct through its builder; `None` when a reference or value could not
    /// be resolved (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        let p = self;
        let mut ok = true;
        let mut k = common(Key::new(&p.id), &p.logical_id, &p.tags);
        if let Some(v) = b.opt_number(&mut ok, "pendingWindowDays", &p.pending_window_days) {
            k = k.pending_window_days(v);
        }
        if let Some(r) = p.removal_policy {
            k = k.removal_policy(r);
        }
        ok.then(|| Handle::Key(b.stack.add(k)))
    }
}
