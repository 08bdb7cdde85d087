//! S3 buckets.

mod bucket;
mod lifecycle;

pub use bucket::{Bucket, BucketEncryption, BucketRef, FIREHOSE_WRITE_ACTIONS, KEY_WRITE_ACTIONS};
pub use lifecycle::{LifecycleRule, StorageClass};
