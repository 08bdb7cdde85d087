//! Helpers shared by the service modules (not public API).

pub(crate) mod generated_name;
pub(crate) mod handle;
pub(crate) mod validate;
