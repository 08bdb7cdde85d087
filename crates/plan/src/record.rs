//! Sizes of the records each hop carries, derived from the real record formats.
//!
//! # The Kinesis Data Streams for DynamoDB record
//!
//! Format: <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/kds.html>; the envelope is measured on a captured record
//! (the `dynamodb-stream.json` test event of AWS Powertools for Lambda).
//!
//! A captured record (AWS Powertools test event), 439 bytes:
//!
//! ```text
//! {"awsRegion":"eu-west-1","eventID":"d9428029-0f63-4056-86da-ce10d545b1b9","eventName":"INSERT",
//!  "userIdentity":null,"recordFormat":"application/json","tableName":"PowertoolsEvents…(56)",
//!  "dynamodb":{"ApproximateCreationDateTime":1731924555370,"Keys":{"id":{"S":"record-1qit2y819gi"}},
//!  "NewImage":{"id":{"S":"record-1qit2y819gi"},"data":{"S":"data-x6aq7ckdpgk"}},"SizeBytes":60},
//!  "eventSource":"aws:dynamodb"}
//! ```
//!
//! Removing what varies (region, table name, `Keys`, the images, the `SizeBytes` digits)
//! leaves [`KINESIS_ENVELOPE`], 262 bytes: the fixed fields, a 36-character `eventID`,
//! a 6-letter `eventName` (INSERT, MODIFY and REMOVE all have 6), a 13-digit millisecond
//! timestamp and `"userIdentity":null`. Then:
//!
//! - an attribute map in DynamoDB JSON with `n` string attributes whose names and values
//!   total `b` bytes is `b + 12n + 1` bytes: per attribute `"name":{"S":"value"}` adds 11
//!   bytes of punctuation plus one comma, minus the last comma, plus the braces
//!   (the sample's image: 40 + 24 + 1 = 65);
//! - each image adds `,"NewImage":` or `,"OldImage":` (12 bytes) and its map;
//! - `SizeBytes` is the key bytes plus the images' item bytes (the sample: 20 + 40 = 60).
//!
//! So the sample is 262 + 9 (region) + 56 (table) + 2 (`60`) + 33 (Keys) + 12 + 65 = 439.
//! INSERT carries the new image, REMOVE the old one, MODIFY both (the Kinesis destination has
//! no stream view type: "An image of the item before … after the modification").
//!
//! Assumptions: all attributes are strings (numbers, binary and booleans expand more in JSON:
//! the DynamoDB developer guide's Kinesis page), every item has the average size, and old and new images are the same size.
//!
//! # The DynamoDB Streams record, view type NEW_AND_OLD_IMAGES
//!
//! Format: <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.Lambda.Tutorial.html>.
//!
//! Same method on the AWS tutorial's sample: [`STREAMS_ENVELOPE`] (with a 32-hex `eventID`,
//! `eventVersion`, a seconds timestamp, `SequenceNumber`, `StreamViewType` and the
//! `eventSourceARN`, which repeats the region and the table name).
//!
//! # The shaped line written to S3 (docs/record-contract.md)
//!
//! Both routes write one compact JSON line per change: [`LINE_ENVELOPE`] plus the event ID,
//! table name and region, then `keys`, `newImage`, `oldImage` as plain JSON (`"name":"value"`:
//! `b + 6n + 1` bytes for a map) or `null` where the change has no such image.

use serde::{Deserialize, Serialize};

use crate::workload::Workload;

/// The fixed part of a Kinesis-for-DynamoDB record (see the module docs): 262 bytes.
pub const KINESIS_ENVELOPE: &str = concat!(
    r#"{"awsRegion":"","eventID":"d9428029-0f63-4056-86da-ce10d545b1b9","eventName":"INSERT","#,
    r#""userIdentity":null,"recordFormat":"application/json","tableName":"","#,
    r#""dynamodb":{"ApproximateCreationDateTime":1731924555370,"Keys":,"SizeBytes":},"#,
    r#""eventSource":"aws:dynamodb"}"#
);

/// The fixed part of a DynamoDB Streams record as Lambda receives it (region and table name
/// left empty in `awsRegion` and in the `eventSourceARN`).
pub const STREAMS_ENVELOPE: &str = concat!(
    r#"{"eventID":"7de3041dd709b024af6f29e4fa13d34c","eventName":"INSERT","eventVersion":"1.1","#,
    r#""eventSource":"aws:dynamodb","awsRegion":"","dynamodb":{"ApproximateCreationDateTime":"#,
    r#"1479499740,"Keys":,"SequenceNumber":"13021600000000001596893679","SizeBytes":,"#,
    r#""StreamViewType":"NEW_AND_OLD_IMAGES"},"#,
    r#""eventSourceARN":"arn:aws:dynamodb::123456789012:table//stream/2016-11-16T20:42:48.104"}"#
);

/// The fixed part of a shaped line (event ID, table name, region, images left out), with
/// its newline.
pub const LINE_ENVELOPE: &str = concat!(
    r#"{"eventID":"","eventName":"INSERT","tableName":"","awsRegion":"","#,
    r#""approximateCreationDateTime":"2024-11-18T10:09:15.370Z","isTtlDelete":false,"#,
    r#""keys":,"newImage":,"oldImage":}"#,
    "\n"
);

/// Length of a Kinesis-for-DynamoDB `eventID` (a UUID).
pub const KINESIS_EVENT_ID_BYTES: f64 = 36.0;
/// Length of a DynamoDB Streams `eventID` (32 hex digits).
pub const STREAMS_EVENT_ID_BYTES: f64 = 32.0;

/// The kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventKind {
    /// A new item: new image only.
    Insert,
    /// An update or overwrite: old and new image.
    Modify,
    /// A delete: old image only.
    Remove,
}

impl EventKind {
    /// All three kinds.
    pub const ALL: [EventKind; 3] = [EventKind::Insert, EventKind::Modify, EventKind::Remove];

    fn images(self) -> (bool, bool) {
        // (new, old)
        match self {
            EventKind::Insert => (true, false),
            EventKind::Modify => (true, true),
            EventKind::Remove => (false, true),
        }
    }

    fn image_count(self) -> f64 {
        let (n, o) = self.images();
        f64::from(u8::from(n) + u8::from(o))
    }
}

/// What the record sizes depend on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordShape {
    /// Item bytes (names + values), keys included.
    pub item_bytes: f64,
    /// Key attribute bytes.
    pub key_bytes: f64,
    /// Attributes per item.
    pub attributes: f64,
    /// Key attributes.
    pub key_attributes: f64,
    /// Table name length.
    pub table_name_bytes: f64,
    /// Region code length.
    pub region_bytes: f64,
}

impl RecordShape {
    /// The shape of a workload's records in `region`.
    pub fn of(w: &Workload, region: &str) -> Self {
        RecordShape {
            item_bytes: w.item_bytes,
            key_bytes: w.key_bytes,
            attributes: f64::from(w.attributes_per_item),
            key_attributes: f64::from(w.key_attributes),
            table_name_bytes: f64::from(w.table_name_bytes),
            region_bytes: region.len() as f64,
        }
    }
}

/// Bytes of an attribute map in DynamoDB JSON: `b + 12n + 1`.
pub fn dynamodb_json_map_bytes(attr_bytes: f64, attributes: f64) -> f64 {
    attr_bytes + 12.0 * attributes + 1.0
}

/// Bytes of an attribute map in plain JSON (string values): `b + 6n + 1`.
pub fn plain_json_map_bytes(attr_bytes: f64, attributes: f64) -> f64 {
    attr_bytes + 6.0 * attributes + 1.0
}

/// Decimal digits of a non-negative number's integer part (1 for values below 10).
fn digits(v: f64) -> f64 {
    if v < 10.0 {
        1.0
    } else {
        v.log10().floor() + 1.0
    }
}

/// Bytes of one Kinesis Data Streams for DynamoDB record (the record's data, without the
/// 32-byte partition key).
///
/// ```
/// use ferrocdk_plan::record::{kinesis_change_record_bytes, EventKind, RecordShape};
/// // The captured sample: 2 attributes, 40 item bytes, a 20-byte key, region eu-west-1,
/// // a 56-character table name: 439 bytes.
/// let s = RecordShape { item_bytes: 40.0, key_bytes: 20.0, attributes: 2.0,
///     key_attributes: 1.0, table_name_bytes: 56.0, region_bytes: 9.0 };
/// assert_eq!(kinesis_change_record_bytes(&s, EventKind::Insert), 439.0);
/// ```
pub fn kinesis_change_record_bytes(s: &RecordShape, kind: EventKind) -> f64 {
    let images = kind.image_count();
    let size_bytes = s.key_bytes + images * s.item_bytes;
    KINESIS_ENVELOPE.len() as f64
        + s.region_bytes
        + s.table_name_bytes
        + digits(size_bytes)
        + dynamodb_json_map_bytes(s.key_bytes, s.key_attributes)
        + images * (12.0 + dynamodb_json_map_bytes(s.item_bytes, s.attributes))
}

/// Bytes of one DynamoDB Streams record (NEW_AND_OLD_IMAGES) in the forwarder's event.
pub fn streams_record_bytes(s: &RecordShape, kind: EventKind) -> f64 {
    let images = kind.image_count();
    let size_bytes = s.key_bytes + images * s.item_bytes;
    STREAMS_ENVELOPE.len() as f64
        + 2.0 * s.region_bytes
        + s.table_name_bytes
        + digits(size_bytes)
        + dynamodb_json_map_bytes(s.key_bytes, s.key_attributes)
        + images * (12.0 + dynamodb_json_map_bytes(s.item_bytes, s.attributes))
}

/// Bytes of one shaped line (newline included) with an `eventID` of `event_id_bytes`.
pub fn shaped_line_bytes(s: &RecordShape, kind: EventKind, event_id_bytes: f64) -> f64 {
    let (new, old) = kind.images();
    let image = |present: bool| {
        if present {
            plain_json_map_bytes(s.item_bytes, s.attributes)
        } else {
            4.0 // null
        }
    };
    LINE_ENVELOPE.len() as f64
        + event_id_bytes
        + s.table_name_bytes
        + s.region_bytes
        + plain_json_map_bytes(s.key_bytes, s.key_attributes)
        + image(new)
        + image(old)
}

/// Item bytes DynamoDB bills change data capture units on: the larger image. With same-size
/// images that is the item size for every kind of change.
pub fn cdc_item_bytes(s: &RecordShape, _kind: EventKind) -> f64 {
    s.item_bytes
}
