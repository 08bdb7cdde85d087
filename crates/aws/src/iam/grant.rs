//! Grants: permissions as values.

use super::Statement;

/// Permissions one resource gives another, as statements.
///
/// Obtained from a handle (e.g. `DeliveryStreamRef<DirectPut>::grant_put_records`) and given
/// to the construct that needs them; that construct's policy includes the statements and its
/// resource `DependsOn` the policy.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct Grant {
    pub(crate) statements: Vec<Statement>,
}

impl Grant {
    /// A grant of the given statements.
    pub fn new(statements: impl IntoIterator<Item = Statement>) -> Self {
        Grant {
            statements: statements.into_iter().collect(),
        }
    }

    /// The statements.
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// This grant and `other` together.
    pub fn and(mut self, other: Grant) -> Self {
        self.statements.extend(other.statements);
        self
    }
}
