//! Helpers of the stack-file module.

pub(crate) mod suggest;
pub(crate) mod text;
