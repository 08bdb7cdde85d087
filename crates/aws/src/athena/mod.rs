//! Amazon Athena over the change log: a workgroup and the named queries that answer "what
//! did the table look like at time T" and "what happened to key K".
//!
//! The queries are Athena engine 3 SQL (Trino). Delivery is at least once and unordered, so
//! every query removes duplicates by `eventID` and orders by the change time, ties broken by
//! the larger `eventID` (deterministic, not necessarily the order DynamoDB applied them).

mod queries;
mod workgroup;

pub use queries::QueryKind;
pub use workgroup::{
    QueryWorkgroup, QueryWorkgroupRef, ResultsEncryption, DEFAULT_BYTES_SCANNED_CUTOFF,
};
