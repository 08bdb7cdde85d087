//! The handle to a customer-managed key: a [`Key`](super::Key) of this stack, or an existing one.

use super::KeyUser;
use crate::private::handle::Kind;
use crate::private::validate::{arn_problem, KEY_ARN};
use ferrocdk_core::rules;
use ferrocdk_core::{Expr, SynthContext, Target};
use serde_json::Value;

/// A customer-managed KMS key: a [`Key`](super::Key) of this stack (`stack.add(Key::new(…))`)
/// or an existing key ([`KeyRef::from_arn`]).
///
/// ferrocdk grants the KMS actions a reader or writer of the encrypted data needs on the key's
/// ARN, in that role's own policy. For a [`Key`](super::Key) of the stack it also writes the
/// key-policy statements of the services that use the key on their own behalf (CloudWatch
/// Logs, CloudWatch alarms); an existing key's policy lives with the key, so such a use is
/// reported (`kms-existing-key-policy`) with the statement the policy needs.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRef {
    kind: Kind,
}

impl KeyRef {
    /// An existing key by its key ARN (`arn:aws:kms:<region>:<account>:key/<key-id>`). An alias
    /// ARN is reported at synth: IAM grants need the key ARN.
    #[must_use]
    pub fn from_arn(arn: impl Into<Expr>) -> Self {
        KeyRef {
            kind: Kind::Imported(arn.into()),
        }
    }

    pub(crate) fn owned(target: Target) -> Self {
        KeyRef {
            kind: Kind::Owned(target),
        }
    }

    /// The key ARN: `{"Fn::GetAtt": [id, "Arn"]}` for a key of this stack, or the ARN given to
    /// `from_arn`.
    #[must_use]
    pub fn arn(&self) -> Expr {
        match &self.kind {
            Kind::Owned(t) => Expr::GetAtt(t.clone(), "Arn".into()),
            Kind::Imported(arn) => arn.clone(),
        }
    }

    /// The key ID: `{"Ref": id}` for a key of this stack, or the part of the given ARN after
    /// `key/`.
    #[must_use]
    pub fn key_id(&self) -> Expr {
        match &self.kind {
            Kind::Owned(t) => Expr::Ref(t.clone()),
            Kind::Imported(arn) => Expr::split_select("/", 1, arn.clone()),
        }
    }

    /// The logical ID, for a key of this stack.
    #[must_use]
    pub fn logical_id(&self) -> Option<&str> {
        match &self.kind {
            Kind::Owned(t) => Some(t.logical_id()),
            Kind::Imported(_) => None,
        }
    }

    /// Reports a malformed existing key ARN, or a reference to something other than a key's
    /// `Arn`, against `property` of the using construct.
    pub(crate) fn check(&self, ctx: &mut SynthContext<'_>, property: &str) {
        if let Kind::Imported(arn) = &self.kind {
            ctx.expect_attribute(
                &rules::KMS_KEY_ARN,
                property,
                arn,
                &[("AWS::KMS::Key", "Arn")],
                "a key ARN: the Arn of an AWS::KMS::Key, an import, a parameter, or \
                 arn:aws:kms:<region>:<account>:key/<key-id>",
            );
            if let Some((received, allowed)) = arn_problem(arn, &KEY_ARN) {
                ctx.error(
                    &rules::KMS_KEY_ARN,
                    property,
                    received,
                    format!("{allowed} (a key ARN, not an alias: IAM grants need the key ARN)"),
                );
            }
        }
    }

    /// Lets `user` (a service acting on its own behalf) use the key: adds its statement to the
    /// policy of a key of this stack (once per kind of user), or reports that an existing
    /// key's policy must have it.
    pub(crate) fn allow(&self, ctx: &mut SynthContext<'_>, property: &str, user: KeyUser) {
        let statement = user.statement(ctx, property);
        match &self.kind {
            Kind::Owned(target) => {
                // A key of another stack of the app: its policy is written with it, there.
                if let Some(stack) = ctx.app_stack_name(target).map(str::to_owned) {
                    ctx.error(
                        &rules::KMS_KEY_OTHER_STACK,
                        property,
                        format!(
                            "the Key {stack}/{} of the stack {stack}, used by {}",
                            target.logical_id(),
                            user.service()
                        ),
                        format!(
                            "a Key of this stack: a key policy is part of its key, which \
                             ferrocdk writes in the key's own stack, so this statement cannot \
                             be added from here: {statement}; or an existing key \
                             (KeyRef::from_arn) whose policy has it"
                        ),
                    );
                    return;
                }
                // A key of a stack outside the app is reported where its ARN is rendered.
                let Some(key) = ctx.defined_mut(target) else {
                    return;
                };
                let list = key
                    .properties
                    .get_mut("KeyPolicy")
                    .and_then(|p| p.get_mut("Statement"))
                    .and_then(Value::as_array_mut);
                if let Some(list) = list {
                    if !list.iter().any(|s| s["Sid"] == statement["Sid"]) {
                        list.push(statement);
                    }
                }
            }
            Kind::Imported(arn) => {
                let key = arn
                    .as_literal()
                    .map_or_else(|| "an existing key".to_owned(), |s| format!("{s:?}"));
                ctx.warn(
                    &rules::KMS_EXISTING_KEY_POLICY,
                    property,
                    format!("{key} used by {}", user.service()),
                    format!(
                        "a Key of this stack (ferrocdk writes the statement), or an existing key \
                         whose policy has this statement: {statement}"
                    ),
                );
            }
        }
    }
}
