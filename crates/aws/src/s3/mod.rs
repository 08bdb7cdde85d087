//! S3 buckets.

mod bucket;
mod lifecycle;

pub use bucket::{Bucket, BucketRef, FIREHOSE_WRITE_ACTIONS};
pub use lifecycle::{LifecycleRule, StorageClass};
