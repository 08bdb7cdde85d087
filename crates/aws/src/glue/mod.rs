//! The AWS Glue Data Catalog over the change log: a database and a table that Athena queries.
//!
//! [`ChangeLogTable`] is derived from the delivery stream's own S3 prefix: the table location,
//! the partition columns and Athena's partition projection all come from it, so a changed
//! prefix changes the catalog. Its columns are the record contract's (`docs/record-contract.md`):
//! every image is kept as JSON text, and [`SourceTable::attribute`] declares typed columns
//! for the named queries of [`crate::athena::QueryWorkgroup`].

mod change_log_table;
mod column_type;
pub(crate) mod columns;
pub(crate) mod projection;
mod source_table;

pub(crate) use change_log_table::snake_case;
pub use change_log_table::{ChangeLogTable, ChangeLogTableRef, DEFAULT_PROJECTION_START};
pub use column_type::ColumnType;
pub use source_table::SourceTable;
