//! KMS: customer-managed keys — a [`Key`] of the stack, or an existing key — and what the
//! services that use one need.
//!
//! A [`KeyRef`] (from `stack.add(Key::new(…))` or [`KeyRef::from_arn`]) is accepted wherever
//! ferrocdk encrypts with a customer-managed key: the Kinesis stream, the table, the bucket,
//! a DirectPut delivery stream, log groups, the forwarder's failure queue and the alarm topic.
//! The roles that read or write the encrypted data get the KMS actions on the key's ARN in
//! their own IAM policies (the key policy's account statement lets IAM decide); services that
//! use the key on their own behalf (CloudWatch Logs, CloudWatch alarms publishing to an
//! encrypted topic) get a statement in the policy of a [`Key`] of the stack, written when they
//! are wired to it.

mod key;
mod key_ref;
mod policy;

pub use key::Key;
pub use key_ref::KeyRef;
pub(crate) use policy::KeyUser;
