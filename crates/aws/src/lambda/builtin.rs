//! The built-in change-record code (see `docs/record-contract.md`).

/// The inline Python that shapes DynamoDB change records into JSON lines: `shape.py`
/// (the shaping core) followed by `transform_handler.py` (the Firehose envelope).
pub(crate) fn transform_source() -> String {
    let mut s = String::from(include_str!("code/shape.py"));
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s.push_str(include_str!("code/transform_handler.py"));
    s
}

/// The inline Python of the DynamoDB Streams forwarder: `shape.py` followed by
/// `forwarder_handler.py` (chunking into PutRecordBatch calls, retries, partial batch response).
pub(crate) fn forwarder_source() -> String {
    let mut s = String::from(include_str!("code/shape.py"));
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s.push_str(include_str!("code/forwarder_handler.py"));
    s
}

/// `cfn_response.py` (the custom-resource protocol) followed by a custom resource's handler.
fn custom_resource_source(handler: &str) -> String {
    let mut s = String::from(include_str!("code/cfn_response.py"));
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s.push_str(handler);
    s
}

/// The inline Python of the Kinesis streaming destination custom resource.
pub(crate) fn kinesis_destination_source() -> String {
    custom_resource_source(include_str!("code/kinesis_destination_handler.py"))
}

/// The inline Python of the table stream lookup custom resource.
pub(crate) fn stream_lookup_source() -> String {
    custom_resource_source(include_str!("code/stream_lookup_handler.py"))
}

/// Options of the built-in change-record code, passed as environment variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangeOptions {
    /// Omit `oldImage` from every line (`FERROCDK_DROP_OLD_IMAGE`). Default: off.
    pub drop_old_image: bool,
    /// Drop deletes made by TTL (`FERROCDK_DROP_TTL_DELETES`). Default: off (kept, marked
    /// `isTtlDelete: true`).
    pub drop_ttl_deletes: bool,
    /// Emit `table`, `eventName`, `eventDate` partition keys for Firehose dynamic partitioning
    /// (`FERROCDK_PARTITION_KEYS`). Default: off.
    pub partition_keys: bool,
}

impl ChangeOptions {
    pub(crate) fn environment(&self) -> Vec<(String, String)> {
        let mut env = Vec::new();
        for (on, name) in [
            (self.drop_old_image, "FERROCDK_DROP_OLD_IMAGE"),
            (self.drop_ttl_deletes, "FERROCDK_DROP_TTL_DELETES"),
            (self.partition_keys, "FERROCDK_PARTITION_KEYS"),
        ] {
            if on {
                env.push((name.to_owned(), "true".to_owned()));
            }
        }
        env
    }
}
