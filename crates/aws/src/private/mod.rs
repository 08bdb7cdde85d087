//! Helpers shared by the service modules (not public API).

pub(crate) mod handle;
pub(crate) mod validate;
