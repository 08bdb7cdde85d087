//! A DynamoDB table whose changes the log holds: its name, key and declared attributes.

use super::ColumnType;
use crate::dynamodb::{Attribute, TableRef};
use ferrocdk_core::Expr;

/// A DynamoDB table whose changes reach the delivery stream: the named queries select its
/// changes by `tableName` and identify an item by its key attributes.
///
/// ```
/// use ferrocdk_aws::dynamodb::{Attribute, Table};
/// use ferrocdk_aws::glue::{ColumnType, SourceTable};
/// let mut stack = ferrocdk_core::Stack::new("Demo");
/// let orders = stack.add(Table::new("Orders", Attribute::string("pk")).sort_key(Attribute::string("sk")));
/// let source = SourceTable::new(&orders)
///     .attribute("status", ColumnType::String)
///     .attribute("total", ColumnType::Decimal { precision: 12, scale: 2 });
/// # let _ = source;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct SourceTable {
    pub(crate) label: String,
    pub(crate) name: Expr,
    /// The partition and sort key; `None` for an existing table given to [`SourceTable::new`]
    /// (reported: its key schema is not known).
    pub(crate) key: Option<(Attribute, Option<Attribute>)>,
    pub(crate) attributes: Vec<(String, ColumnType)>,
}

impl SourceTable {
    /// A table of this stack: its name and key attributes come from the handle; its logical
    /// ID names its queries. An existing table's handle (`Table::from_name`, `from_arn`) has
    /// no key schema: give it with [`SourceTable::existing`] (`glue-attribute` otherwise).
    pub fn new(table: &TableRef) -> Self {
        let label = match table.logical_id() {
            Some(id) => id.to_owned(),
            None => table
                .display_name()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect(),
        };
        SourceTable {
            label,
            name: table.name(),
            key: table.key_schema.clone(),
            attributes: Vec::new(),
        }
    }

    /// An existing table: `label` names its queries (letters and digits), `name` is its
    /// `TableName`, and its key attributes are given.
    pub fn existing(
        label: impl Into<String>,
        name: impl Into<Expr>,
        partition_key: Attribute,
        sort_key: Option<Attribute>,
    ) -> Self {
        SourceTable {
            label: label.into(),
            name: name.into(),
            key: Some((partition_key, sort_key)),
            attributes: Vec::new(),
        }
    }

    /// Declares an item attribute, typed in query results as `column_type` (read from the new
    /// image). Default: none; every image is still there as JSON text.
    pub fn attribute(mut self, name: impl Into<String>, column_type: ColumnType) -> Self {
        self.attributes.push((name.into(), column_type));
        self
    }

    /// The key attributes, partition key first (none when not known).
    pub(crate) fn keys(&self) -> Vec<&Attribute> {
        match &self.key {
            Some((pk, sk)) => std::iter::once(pk).chain(sk.as_ref()).collect(),
            None => Vec::new(),
        }
    }
}
