//! What a handle to a resource that may already exist points at.

use ferrocdk_core::{Expr, Target};

/// A resource of this stack (its logical ID), or an existing one (its ARN or name, as given).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Owned(Target),
    Imported(Expr),
}
