//! IAM: statements, grants and the roles ferrocdk derives from the wiring.
//!
//! Users never write policies: each construct that needs a role defines `<Id>Role` and
//! `<Id>RolePolicy` from what it is wired to, with every statement scoped to resource ARNs.
//! A [`Grant`] is a value: handing it to a construct (e.g. a function's `.grant(…)`) adds its
//! statements to that construct's policy, and the construct's resource gets `DependsOn` on the
//! policy, so nothing runs before its permissions exist.

mod grant;
mod role;
mod statement;
mod tls;

pub use grant::Grant;
pub(crate) use role::define_role;
pub use statement::Statement;
pub(crate) use tls::deny_insecure_transport;
