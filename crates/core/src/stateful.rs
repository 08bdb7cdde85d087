//! Stateful resource types: the ones whose replacement or removal loses data. `ferrocdk diff`
//! watches them for renamed logical IDs and dropped `Retain` policies, and the stack policy
//! ([`crate::stack_policy`]) denies their replacement and deletion.

/// Every stateful type, in the order the stack policy lists them: a table's items, a stream's
/// unread records, a delivery stream's buffer and read position, a bucket's objects, a log
/// group's events, a key (what it encrypted is unreadable without it) and a queue's messages
/// (the forwarder's failed batches).
pub const STATEFUL_TYPES: &[&str] = &[
    "AWS::DynamoDB::Table",
    "AWS::Kinesis::Stream",
    "AWS::KinesisFirehose::DeliveryStream",
    "AWS::S3::Bucket",
    "AWS::Logs::LogGroup",
    "AWS::KMS::Key",
    "AWS::SQS::Queue",
];

/// Whether resources of `resource_type` hold data that replacing or deleting them loses.
#[must_use]
pub fn is_stateful(resource_type: &str) -> bool {
    STATEFUL_TYPES.contains(&resource_type)
}
