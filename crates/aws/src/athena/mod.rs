//! Amazon Athena over the change log: a workgroup and the named queries that answer "what
//! did the table look like at time T" and "what happened to key K".
//!
//! The queries are Athena engine 3 SQL (Trino). Delivery is at least once and unordered, so
//! every query removes duplicates by `eventID` and orders by the change time, ties broken by
//! the larger `eventID` (deterministic, not necessarily the order DynamoDB applied them).
//!
//! A workgroup queries a catalog table, not the delivery stream it reads; a wrong wiring does
//! not compile:
//!
//! ```compile_fail,E0308
//! use ferrocdk_aws::athena::QueryWorkgroup;
//! use ferrocdk_aws::firehose::{DeliveryStream, S3Destination};
//! use ferrocdk_aws::s3::Bucket;
//! let mut stack = ferrocdk_core::Stack::new("Demo");
//! let bucket = stack.add(Bucket::new("Log"));
//! let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
//! stack.add(QueryWorkgroup::new("Queries", &ds)); // expected `&ChangeLogTableRef`
//! ```
//!
//! The same program through the catalog compiles (a DirectPut stream: the DynamoDB Streams
//! route's forwarder writes the same change lines):
//!
//! ```
//! use ferrocdk_aws::athena::QueryWorkgroup;
//! use ferrocdk_aws::dynamodb::{Attribute, Table};
//! use ferrocdk_aws::firehose::{DeliveryStream, S3Destination};
//! use ferrocdk_aws::glue::{ChangeLogTable, SourceTable};
//! use ferrocdk_aws::s3::Bucket;
//! let mut stack = ferrocdk_core::Stack::new("Demo");
//! let table = stack.add(Table::new("Orders", Attribute::string("pk")));
//! let bucket = stack.add(Bucket::new("Log"));
//! let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
//! let catalog = stack.add(ChangeLogTable::new("Catalog", &ds, SourceTable::new(&table)));
//! stack.add(QueryWorkgroup::new("Queries", &catalog));
//! # stack.synth()?;
//! # Ok::<(), ferrocdk_core::SynthError>(())
//! ```

mod queries;
mod workgroup;

pub use queries::QueryKind;
pub use workgroup::{
    QueryWorkgroup, QueryWorkgroupRef, ResultsEncryption, CATALOG_READ_ACTIONS,
    DEFAULT_BYTES_SCANNED_CUTOFF, QUERY_ACTIONS,
};
