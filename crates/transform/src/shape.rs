//! Shaping one change record (decoded `data`) into one output line.

use std::borrow::Cow;
use std::fmt;

use crate::json::{self, Doc, Kind, Node};
use crate::time::{self, Resolution, Stamp};
use crate::{b64, number, EventName, Options, PartitionKeys, TimestampUnit};

/// Why a record could not be shaped (the record is answered `ProcessingFailed`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShapeError {
    /// The record's `data` is not valid standard base64 (only from the record handlers).
    InvalidBase64,
    /// The decoded data is not valid UTF-8.
    InvalidUtf8,
    /// The decoded data is not valid JSON (or nests deeper than 128 levels, or contains a
    /// lone surrogate escape). `offset` is a byte offset into the decoded data.
    InvalidJson {
        /// Byte offset of the error.
        offset: usize,
        /// What was wrong.
        message: &'static str,
    },
    /// The JSON is not a change record (missing or wrongly typed member, unknown
    /// `eventName`, missing image).
    NotAChangeRecord(&'static str),
    /// An attribute value is not valid DynamoDB JSON (bad tag, wrong value type, bad `N`,
    /// bad base64 in `B`/`BS`).
    InvalidAttribute(&'static str),
    /// `ApproximateCreationDateTime` is not an integer ≥ 0 or lies after year 9999.
    InvalidTimestamp(&'static str),
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeError::InvalidBase64 => f.write_str("data is not valid base64"),
            ShapeError::InvalidUtf8 => f.write_str("data is not valid UTF-8"),
            ShapeError::InvalidJson { offset, message } => {
                write!(f, "data is not valid JSON at byte {offset}: {message}")
            }
            ShapeError::NotAChangeRecord(m) => write!(f, "not a change record: {m}"),
            ShapeError::InvalidAttribute(m) => write!(f, "invalid attribute value: {m}"),
            ShapeError::InvalidTimestamp(m) => {
                write!(f, "invalid ApproximateCreationDateTime: {m}")
            }
        }
    }
}

impl std::error::Error for ShapeError {}

/// One shaped change record: the output line (JSON object + `\n`) and what the handler
/// needs to route it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapedLine {
    line: Vec<u8>,
    meta: LineMeta,
}

impl ShapedLine {
    /// The line's bytes: one compact JSON object followed by `\n`.
    pub fn as_bytes(&self) -> &[u8] {
        &self.line
    }

    /// Consumes the value, returning the line's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.line
    }

    /// `true` for a REMOVE made by DynamoDB's TTL process.
    pub fn is_ttl_delete(&self) -> bool {
        self.meta.is_ttl_delete
    }

    /// The record's `eventName`.
    pub fn event_name(&self) -> EventName {
        self.meta.event_name
    }

    /// The record's `tableName`, when it has one.
    pub fn table_name(&self) -> Option<&str> {
        self.meta.table.as_deref()
    }

    /// The partition keys of this line; `arrival_ms` (the Firehose record's
    /// `approximateArrivalTimestamp`) dates records that carry no timestamp.
    pub fn partition_keys(&self, arrival_ms: Option<i64>) -> PartitionKeys {
        self.meta.partition_keys(arrival_ms)
    }
}

/// Facts about a shaped line besides its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LineMeta {
    pub is_ttl_delete: bool,
    pub event_name: EventName,
    pub table: Option<String>,
    /// Day number (since 1970-01-01) of the record's timestamp.
    pub days: Option<i64>,
}

impl LineMeta {
    pub(crate) fn event_date_days(&self, arrival_ms: Option<i64>) -> i64 {
        self.days
            .or_else(|| arrival_ms.and_then(time::days_from_millis))
            .unwrap_or(0)
    }

    pub(crate) fn partition_keys(&self, arrival_ms: Option<i64>) -> PartitionKeys {
        let mut date = Vec::with_capacity(10);
        time::write_date(&mut date, self.event_date_days(arrival_ms));
        PartitionKeys {
            table: self.table.clone().unwrap_or_else(|| "unknown".to_owned()),
            event_name: self.event_name.as_str().to_owned(),
            event_date: String::from_utf8(date).unwrap_or_default(),
        }
    }
}

/// Shapes one change record (the decoded bytes of a Firehose record's `data`) into an output
/// line, following `docs/record-contract.md`.
///
/// `unit` says how to read `dynamodb.ApproximateCreationDateTime`.
///
/// # Errors
/// [`ShapeError`] when the bytes are not UTF-8 JSON, not a change record, or hold an invalid
/// attribute value or timestamp (the contract's ProcessingFailed cases).
///
/// # Example
/// ```
/// use ferrocdk_transform::{shape_change, Options, TimestampUnit};
/// let record = br#"{"eventID":"e1","eventName":"INSERT","awsRegion":"eu-west-1","tableName":"T",
///   "dynamodb":{"ApproximateCreationDateTime":1731924555370,"Keys":{"id":{"S":"a"}},
///   "NewImage":{"id":{"S":"a"},"n":{"N":"007"}}}}"#;
/// let shaped = shape_change(record, TimestampUnit::Auto, &Options::default())?;
/// assert_eq!(
///     std::str::from_utf8(shaped.as_bytes())?,
///     concat!(
///         r#"{"eventID":"e1","eventName":"INSERT","tableName":"T","awsRegion":"eu-west-1","#,
///         r#""approximateCreationDateTime":"2024-11-18T10:09:15.370Z","isTtlDelete":false,"#,
///         r#""keys":{"id":"a"},"newImage":{"id":"a","n":7},"oldImage":null}"#,
///         "\n"
///     )
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn shape_change(
    record_json: &[u8],
    unit: TimestampUnit,
    options: &Options,
) -> Result<ShapedLine, ShapeError> {
    let mut nodes = Vec::new();
    let mut line = Vec::with_capacity(record_json.len());
    let meta = shape_into(record_json, unit, options, &mut nodes, &mut line)?;
    Ok(ShapedLine { line, meta })
}

/// Shapes `record_json` into `out` (appending); `nodes` is scratch space.
pub(crate) fn shape_into(
    record_json: &[u8],
    unit: TimestampUnit,
    options: &Options,
    nodes: &mut Vec<Node>,
    out: &mut Vec<u8>,
) -> Result<LineMeta, ShapeError> {
    let src = std::str::from_utf8(record_json).map_err(|_| ShapeError::InvalidUtf8)?;
    json::parse(src, nodes).map_err(|e| ShapeError::InvalidJson {
        offset: e.offset,
        message: e.message,
    })?;
    let doc = Doc { src, nodes };
    let start = out.len();
    let result = write_line(&doc, unit, options, out);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

fn not_record(m: &'static str) -> ShapeError {
    ShapeError::NotAChangeRecord(m)
}

fn bad_attr(m: &'static str) -> ShapeError {
    ShapeError::InvalidAttribute(m)
}

/// A member that must be a string.
fn req_string(
    doc: &Doc<'_, '_>,
    node: Option<usize>,
    m: &'static str,
) -> Result<usize, ShapeError> {
    match node {
        Some(i) if doc.kind(i) == Some(Kind::String) => Ok(i),
        _ => Err(not_record(m)),
    }
}

fn write_line(
    doc: &Doc<'_, '_>,
    unit: TimestampUnit,
    options: &Options,
    out: &mut Vec<u8>,
) -> Result<LineMeta, ShapeError> {
    const ROOT: usize = 0;
    if doc.kind(ROOT) != Some(Kind::Object) {
        return Err(not_record("not a JSON object"));
    }
    let [event_id, name_node, region, table, ddb, user_identity] = doc.fields(
        ROOT,
        [
            "eventID",
            "eventName",
            "awsRegion",
            "tableName",
            "dynamodb",
            "userIdentity",
        ],
    );
    let event_id = req_string(doc, event_id, "eventID must be a string")?;
    let name_node = req_string(doc, name_node, "eventName must be a string")?;
    let event_name = match &*doc.string(name_node) {
        "INSERT" => EventName::Insert,
        "MODIFY" => EventName::Modify,
        "REMOVE" => EventName::Remove,
        _ => return Err(not_record("eventName must be INSERT, MODIFY or REMOVE")),
    };
    let region = req_string(doc, region, "awsRegion must be a string")?;
    let table = match table.filter(|&i| doc.kind(i) != Some(Kind::Null)) {
        None => None,
        Some(i) if doc.kind(i) == Some(Kind::String) => Some(i),
        Some(_) => return Err(not_record("tableName must be a string")),
    };
    let ddb = match ddb {
        Some(i) if doc.kind(i) == Some(Kind::Object) => i,
        _ => return Err(not_record("dynamodb must be an object")),
    };
    let [keys, new_node, old_node, ts_node, precision] = doc.fields(
        ddb,
        [
            "Keys",
            "NewImage",
            "OldImage",
            "ApproximateCreationDateTime",
            "ApproximateCreationDateTimePrecision",
        ],
    );
    let keys = match keys {
        Some(i) if doc.kind(i) == Some(Kind::Object) => i,
        _ => return Err(not_record("dynamodb.Keys must be an object")),
    };
    let image = |node: Option<usize>, required: bool| -> Result<Option<usize>, ShapeError> {
        match node.filter(|&i| doc.kind(i) != Some(Kind::Null)) {
            Some(i) if doc.kind(i) == Some(Kind::Object) => Ok(Some(i)),
            Some(_) => Err(not_record("an image must be an object")),
            None if required => Err(not_record("a required image is missing")),
            None => Ok(None),
        }
    };
    let (new_image, old_image) = match event_name {
        EventName::Insert => (image(new_node, true)?, image(old_node, false)?),
        EventName::Modify => (image(new_node, true)?, image(old_node, true)?),
        EventName::Remove => (None, image(old_node, true)?),
    };
    let stamp = timestamp(doc, ts_node, precision, unit)?;
    let is_ttl_delete =
        event_name == EventName::Remove && user_identity.is_some_and(|ui| is_ttl_identity(doc, ui));

    out.extend_from_slice(b"{\"eventID\":");
    json::write_node_str(out, doc, event_id);
    out.extend_from_slice(b",\"eventName\":\"");
    out.extend_from_slice(event_name.as_str().as_bytes());
    out.extend_from_slice(b"\",\"tableName\":");
    match table {
        Some(i) => json::write_node_str(out, doc, i),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"awsRegion\":");
    json::write_node_str(out, doc, region);
    out.extend_from_slice(b",\"approximateCreationDateTime\":");
    match stamp {
        Some(s) => {
            out.push(b'"');
            s.write_iso(out);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(if is_ttl_delete {
        b",\"isTtlDelete\":true,\"keys\":"
    } else {
        b",\"isTtlDelete\":false,\"keys\":"
    });
    convert_map(doc, keys, out)?;
    out.extend_from_slice(b",\"newImage\":");
    match new_image {
        Some(i) => convert_map(doc, i, out)?,
        None => out.extend_from_slice(b"null"),
    }
    let mark = out.len();
    out.extend_from_slice(b",\"oldImage\":");
    match old_image {
        Some(i) => convert_map(doc, i, out)?,
        None => out.extend_from_slice(b"null"),
    }
    if options.drop_old_image {
        // The old image is still validated (converted) above, then left out.
        out.truncate(mark);
    }
    out.extend_from_slice(b"}\n");

    Ok(LineMeta {
        is_ttl_delete,
        event_name,
        table: table.map(|i| doc.string(i).into_owned()),
        days: stamp.map(|s| s.days()),
    })
}

fn is_ttl_identity(doc: &Doc<'_, '_>, ui: usize) -> bool {
    let is = |key: &str, want: &str| {
        doc.get(ui, key)
            .is_some_and(|i| doc.kind(i) == Some(Kind::String) && doc.string(i) == want)
    };
    doc.kind(ui) == Some(Kind::Object)
        && is("type", "Service")
        && is("principalId", "dynamodb.amazonaws.com")
}

fn timestamp(
    doc: &Doc<'_, '_>,
    node: Option<usize>,
    precision: Option<usize>,
    unit: TimestampUnit,
) -> Result<Option<Stamp>, ShapeError> {
    let Some(i) = node.filter(|&i| doc.kind(i) != Some(Kind::Null)) else {
        return Ok(None);
    };
    if doc.kind(i) != Some(Kind::Number) {
        return Err(ShapeError::InvalidTimestamp("not a number"));
    }
    let raw = doc.raw(i);
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, raw),
    };
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(ShapeError::InvalidTimestamp("not an integer"));
    }
    let mut value: u128 = 0;
    for c in digits.bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u128::from(c - b'0')))
            .ok_or(ShapeError::InvalidTimestamp("after year 9999"))?;
    }
    if negative && value != 0 {
        return Err(ShapeError::InvalidTimestamp("negative"));
    }
    let res = match unit {
        TimestampUnit::Seconds => Resolution::Seconds,
        TimestampUnit::Auto => {
            let precision = precision
                .filter(|&p| doc.kind(p) == Some(Kind::String))
                .map(|p| doc.string(p));
            match precision.as_deref() {
                Some("MICROSECOND") => Resolution::Micros,
                Some("MILLISECOND") => Resolution::Millis,
                _ if value >= 100_000_000_000_000 => Resolution::Micros,
                _ => Resolution::Millis,
            }
        }
    };
    Stamp::new(value, res)
        .map(Some)
        .ok_or(ShapeError::InvalidTimestamp("after year 9999"))
}

fn keys_equal(doc: &Doc<'_, '_>, a: usize, b: usize) -> bool {
    match (doc.node(a), doc.node(b)) {
        (Some(x), Some(y)) if !x.escaped && !y.escaped => doc.raw(a) == doc.raw(b),
        _ => doc.string(a) == doc.string(b),
    }
}

fn key_hash(doc: &Doc<'_, '_>, k: usize) -> u64 {
    let s = doc.string(k);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in s.as_bytes() {
        h = (h ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Does object `obj` use a member name more than once?
fn has_duplicate_keys(doc: &Doc<'_, '_>, obj: usize, n: usize) -> bool {
    if n < 2 {
        return false;
    }
    if n <= 16 {
        // Pairwise on the raw names (the common case: no escapes, few members).
        let mut seen: [&str; 16] = [""; 16];
        for (count, (k, _)) in doc.members(obj).enumerate() {
            if doc.node(k).is_none_or(|node| node.escaped) {
                return has_duplicate_keys_exact(doc, obj, n);
            }
            let key = doc.raw(k);
            let prior = seen.get(..count).unwrap_or(&[]);
            if prior.iter().any(|p| p.len() == key.len() && *p == key) {
                return true;
            }
            if let Some(slot) = seen.get_mut(count) {
                *slot = key;
            }
        }
        return false;
    }
    let mut hashes: Vec<u64> = doc.members(obj).map(|(k, _)| key_hash(doc, k)).collect();
    hashes.sort_unstable();
    if hashes.windows(2).all(|w| w.first() != w.get(1)) {
        return false;
    }
    // A hash collision or a real duplicate: check exactly.
    has_duplicate_keys_exact(doc, obj, n)
}

fn has_duplicate_keys_exact(doc: &Doc<'_, '_>, obj: usize, n: usize) -> bool {
    let mut set = std::collections::HashSet::with_capacity(n);
    doc.members(obj).any(|(k, _)| !set.insert(doc.string(k)))
}

/// Writes an object of attribute values as a plain JSON object.
fn convert_map(doc: &Doc<'_, '_>, obj: usize, out: &mut Vec<u8>) -> Result<(), ShapeError> {
    let n = doc.node(obj).map_or(0, |n| n.a as usize);
    out.push(b'{');
    if has_duplicate_keys(doc, obj, n) {
        // Last value wins, at the position of the first occurrence.
        let mut order: Vec<(Cow<'_, str>, usize)> = Vec::new();
        let mut index: std::collections::HashMap<Cow<'_, str>, usize> = Default::default();
        for (k, v) in doc.members(obj) {
            let key = doc.string(k);
            match index.get(&key) {
                Some(&pos) => {
                    if let Some(slot) = order.get_mut(pos) {
                        slot.1 = v;
                    }
                }
                None => {
                    index.insert(key.clone(), order.len());
                    order.push((key, v));
                }
            }
        }
        for (pos, (key, v)) in order.iter().enumerate() {
            if pos > 0 {
                out.push(b',');
            }
            json::write_str(out, key);
            out.push(b':');
            convert_value(doc, *v, out)?;
        }
    } else {
        for (pos, (k, v)) in doc.members(obj).enumerate() {
            if pos > 0 {
                out.push(b',');
            }
            json::write_node_str(out, doc, k);
            out.push(b':');
            convert_value(doc, v, out)?;
        }
    }
    out.push(b'}');
    Ok(())
}

/// Elements of array `arr` that must all be strings, decoded.
fn string_elements<'s>(doc: &Doc<'s, '_>, arr: usize) -> Result<Vec<Cow<'s, str>>, ShapeError> {
    doc.elements(arr)
        .map(|e| {
            if doc.kind(e) == Some(Kind::String) {
                Ok(doc.string(e))
            } else {
                Err(bad_attr("set elements must be strings"))
            }
        })
        .collect()
}

/// Writes one attribute value (`{"<tag>": <value>}`) converted to plain JSON.
///
/// Recursion depth is bounded: the parser rejects nesting deeper than 128 levels and every
/// level of attribute nesting uses two JSON levels.
fn convert_value(doc: &Doc<'_, '_>, i: usize, out: &mut Vec<u8>) -> Result<(), ShapeError> {
    if doc.kind(i) != Some(Kind::Object) {
        return Err(bad_attr("an attribute value must be an object"));
    }
    let mut members = doc.members(i);
    let Some((tag_node, mut v)) = members.next() else {
        return Err(bad_attr("an attribute value must have exactly one member"));
    };
    for (k, later) in members {
        if !keys_equal(doc, tag_node, k) {
            return Err(bad_attr("an attribute value must have exactly one member"));
        }
        v = later;
    }
    let tag = match doc.node(tag_node) {
        Some(n) if !n.escaped => Cow::Borrowed(doc.raw(tag_node)),
        _ => doc.string(tag_node),
    };
    let kind = doc.kind(v);
    match (&*tag, kind) {
        ("S", Some(Kind::String)) => json::write_node_str(out, doc, v),
        ("N", Some(Kind::String)) => {
            let text = doc.string(v);
            let n = number::parse(&text).ok_or(bad_attr("invalid N"))?;
            n.write_canonical(out);
        }
        ("B", Some(Kind::String)) => {
            let mut bytes = Vec::new();
            b64::decode_into(&doc.string(v), &mut bytes)
                .map_err(|_| bad_attr("invalid base64 in B"))?;
            out.push(b'"');
            b64::encode_into(&bytes, out);
            out.push(b'"');
        }
        ("BOOL", Some(Kind::True)) => out.extend_from_slice(b"true"),
        ("BOOL", Some(Kind::False)) => out.extend_from_slice(b"false"),
        ("NULL", Some(Kind::True)) => out.extend_from_slice(b"null"),
        ("M", Some(Kind::Object)) => convert_map(doc, v, out)?,
        ("L", Some(Kind::Array)) => {
            out.push(b'[');
            for (pos, e) in doc.elements(v).enumerate() {
                if pos > 0 {
                    out.push(b',');
                }
                convert_value(doc, e, out)?;
            }
            out.push(b']');
        }
        ("SS", Some(Kind::Array)) => {
            let mut items = string_elements(doc, v)?;
            items.sort_unstable();
            items.dedup();
            out.push(b'[');
            for (pos, s) in items.iter().enumerate() {
                if pos > 0 {
                    out.push(b',');
                }
                json::write_str(out, s);
            }
            out.push(b']');
        }
        ("NS", Some(Kind::Array)) => {
            let texts = string_elements(doc, v)?;
            let mut nums = texts
                .iter()
                .map(|t| number::parse(t).ok_or(bad_attr("invalid N in NS")))
                .collect::<Result<Vec<_>, _>>()?;
            // Stable sort: among equal values the first occurrence comes first and is kept.
            nums.sort_by(number::cmp);
            nums.dedup_by(|later, first| number::cmp(first, later).is_eq());
            out.push(b'[');
            for (pos, n) in nums.iter().enumerate() {
                if pos > 0 {
                    out.push(b',');
                }
                n.write_canonical(out);
            }
            out.push(b']');
        }
        ("BS", Some(Kind::Array)) => {
            let mut items = string_elements(doc, v)?
                .iter()
                .map(|s| {
                    let mut bytes = Vec::new();
                    b64::decode_into(s, &mut bytes)
                        .map(|()| bytes)
                        .map_err(|_| bad_attr("invalid base64 in BS"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            items.sort_unstable();
            items.dedup();
            out.push(b'[');
            for (pos, bytes) in items.iter().enumerate() {
                if pos > 0 {
                    out.push(b',');
                }
                out.push(b'"');
                b64::encode_into(bytes, out);
                out.push(b'"');
            }
            out.push(b']');
        }
        ("S" | "N" | "B" | "BOOL" | "NULL" | "M" | "L" | "SS" | "NS" | "BS", _) => {
            return Err(bad_attr("value of the wrong type for its tag"))
        }
        _ => return Err(bad_attr("unknown type tag")),
    }
    Ok(())
}
