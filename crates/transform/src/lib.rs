//! Record shaping for DynamoDB change logs delivered through Amazon Data Firehose.
//!
//! A Firehose data-transformation Lambda receives batches of base64 records. On the Kinesis
//! route each record is a DynamoDB change record written by *Kinesis Data Streams for
//! DynamoDB*. This crate turns each one into **one compact JSON line** (`{...}\n`) with the
//! fields `eventID`, `eventName`, `tableName`, `awsRegion`, `approximateCreationDateTime`
//! (ISO-8601 UTC), `isTtlDelete`, `keys`, `newImage`, `oldImage`, where DynamoDB JSON
//! (`{"S": "x"}`, `{"N": "1.50"}`, …) becomes plain JSON. Numbers keep every digit (they never
//! go through a float), sets are de-duplicated and sorted, and anything malformed makes that
//! one record `ProcessingFailed` with its data unchanged, never the whole batch.
//!
//! The exact, byte-for-byte rules are in the repository's
//! `docs/record-contract.md` (beside the workspace's README),
//! shared with the built-in Python transform and pinned by `tests/vectors/firehose/*.json`.
//!
//! Entry points:
//! * [`handle_json`]: event bytes in, response bytes out (the fast path of the
//!   `ferrocdk-transform` binary);
//! * [`handle`]: the same over the typed [`FirehoseEvent`] / [`FirehoseResponse`];
//! * [`shape_change`]: one change record to one line, with the timestamp unit as a parameter
//!   (the DynamoDB Streams route passes [`TimestampUnit::Seconds`]).
//!
//! ```
//! use ferrocdk_transform::{handle_json, FirehoseResponse, Options, RecordResult};
//! let options = Options::from_lookup(|name| {
//!     (name == "FERROCDK_PARTITION_KEYS").then(|| "true".to_owned())
//! });
//! // `data` is base64 of a Kinesis change record.
//! let record = r#"{"eventID":"e","eventName":"REMOVE","awsRegion":"eu-west-1","tableName":"T",
//!   "dynamodb":{"Keys":{"id":{"S":"a"}},"OldImage":{"id":{"S":"a"}}}}"#;
//! let data = base64_std(record.as_bytes());
//! let event = format!(r#"{{"records":[{{"recordId":"r1","approximateArrivalTimestamp":0,"data":"{data}"}}]}}"#);
//! let response: FirehoseResponse = serde_json::from_slice(&handle_json(event.as_bytes(), &options)?)?;
//! assert_eq!(response.records[0].result, RecordResult::Ok);
//! let keys = &response.records[0].metadata.as_ref().ok_or("no metadata")?.partition_keys;
//! assert_eq!((keys.table.as_str(), keys.event_date.as_str()), ("T", "1970-01-01"));
//! # fn base64_std(b: &[u8]) -> String {
//! #     use base64::Engine as _;
//! #     base64::engine::general_purpose::STANDARD.encode(b)
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod b64;
mod event;
mod handler;
mod json;
mod line;
mod number;
mod shape;
mod time;

pub use event::{
    FirehoseEvent, FirehoseRecord, FirehoseResponse, KinesisRecordMetadata, PartitionKeys,
    RecordResult, ResponseMetadata, ResponseRecord,
};
pub use handler::{handle, handle_json, EnvelopeError};
#[cfg(feature = "schema")]
pub use line::change_line_schema;
pub use line::ChangeLine;
pub use shape::{shape_change, ShapeError, ShapedLine};

use serde::{Deserialize, Serialize};

/// Environment variable: omit `oldImage` from every line.
pub const ENV_DROP_OLD_IMAGE: &str = "FERROCDK_DROP_OLD_IMAGE";
/// Environment variable: answer TTL deletes `Dropped`.
pub const ENV_DROP_TTL_DELETES: &str = "FERROCDK_DROP_TTL_DELETES";
/// Environment variable: add `metadata.partitionKeys` to every `Ok` record.
pub const ENV_PARTITION_KEYS: &str = "FERROCDK_PARTITION_KEYS";

/// Shaping options (the Lambda reads them from its environment on every invocation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `FERROCDK_DROP_OLD_IMAGE`: leave the `oldImage` member out of every line.
    pub drop_old_image: bool,
    /// `FERROCDK_DROP_TTL_DELETES`: answer TTL deletes `Dropped`.
    pub drop_ttl_deletes: bool,
    /// `FERROCDK_PARTITION_KEYS`: add `metadata.partitionKeys` (`table`, `eventName`,
    /// `eventDate`) to every `Ok` record.
    pub partition_keys: bool,
}

impl Options {
    /// Reads the options from the process environment.
    pub fn from_env() -> Options {
        Options::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the options through `lookup` (variable name → value). A variable is on when
    /// its value is `1` or `true` (case-insensitive).
    ///
    /// ```
    /// use ferrocdk_transform::Options;
    /// let o = Options::from_lookup(|n| (n == "FERROCDK_DROP_OLD_IMAGE").then(|| "TRUE".into()));
    /// assert!(o.drop_old_image && !o.drop_ttl_deletes && !o.partition_keys);
    /// ```
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Options {
        let on =
            |name: &str| lookup(name).is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
        Options {
            drop_old_image: on(ENV_DROP_OLD_IMAGE),
            drop_ttl_deletes: on(ENV_DROP_TTL_DELETES),
            partition_keys: on(ENV_PARTITION_KEYS),
        }
    }
}

/// How `dynamodb.ApproximateCreationDateTime` is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimestampUnit {
    /// Kinesis route: `ApproximateCreationDateTimePrecision` (`MICROSECOND` /
    /// `MILLISECOND`) when present, else values ≥ 10^14 are microseconds and smaller ones
    /// milliseconds.
    #[default]
    Auto,
    /// DynamoDB Streams route: epoch seconds (written with `.000`).
    Seconds,
}

/// A change record's `eventName`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum EventName {
    /// An item was created.
    #[serde(rename = "INSERT")]
    Insert,
    /// An item was updated.
    #[serde(rename = "MODIFY")]
    Modify,
    /// An item was deleted.
    #[serde(rename = "REMOVE")]
    Remove,
}

impl EventName {
    /// `INSERT`, `MODIFY` or `REMOVE`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Insert => "INSERT",
            EventName::Modify => "MODIFY",
            EventName::Remove => "REMOVE",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_values() {
        for (v, on) in [
            ("1", true),
            ("true", true),
            ("TRUE", true),
            ("True", true),
            ("0", false),
            ("yes", false),
            ("", false),
            (" true", false),
        ] {
            let o = Options::from_lookup(|_| Some(v.to_owned()));
            assert_eq!(
                o,
                Options {
                    drop_old_image: on,
                    drop_ttl_deletes: on,
                    partition_keys: on
                },
                "{v:?}"
            );
        }
        assert_eq!(Options::from_lookup(|_| None), Options::default());
    }
}
