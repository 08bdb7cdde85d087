//! Global secondary indexes.

use super::Attribute;

/// Which attributes an index copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projection {
    /// Every attribute (the default).
    All,
    /// Only the table's and the index's keys.
    KeysOnly,
    /// The keys plus these attributes.
    Include(Vec<String>),
}

/// A global secondary index.
///
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-globalsecondaryindex.html>
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GlobalSecondaryIndex {
    pub(crate) name: String,
    pub(crate) partition_key: Attribute,
    pub(crate) sort_key: Option<Attribute>,
    pub(crate) projection: Projection,
    pub(crate) capacity: Option<(u32, u32)>,
}

impl GlobalSecondaryIndex {
    /// An index named `name` (3–255 of `[a-zA-Z0-9_.-]`) on `partition_key`.
    pub fn new(name: impl Into<String>, partition_key: Attribute) -> Self {
        GlobalSecondaryIndex {
            name: name.into(),
            partition_key,
            sort_key: None,
            projection: Projection::All,
            capacity: None,
        }
    }

    /// The index's sort key. Default: none.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-globalsecondaryindex.html#cfn-dynamodb-table-globalsecondaryindex-keyschema>
    pub fn sort_key(mut self, key: Attribute) -> Self {
        self.sort_key = Some(key);
        self
    }

    /// The projection. Default: [`Projection::All`].
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-globalsecondaryindex.html#cfn-dynamodb-table-globalsecondaryindex-projection>
    pub fn projection(mut self, projection: Projection) -> Self {
        self.projection = projection;
        self
    }

    /// Read and write capacity units (≥ 1 each), required when the table is provisioned and
    /// not allowed when it is on-demand. Default: none.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-globalsecondaryindex.html#cfn-dynamodb-table-globalsecondaryindex-provisionedthroughput>
    pub fn capacity(mut self, read: u32, write: u32) -> Self {
        self.capacity = Some((read, write));
        self
    }
}
