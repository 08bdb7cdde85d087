//! The Firehose handler: one response record per input record.

use std::fmt;

use crate::event::{
    float_millis, FirehoseEvent, FirehoseResponse, RecordResult, ResponseMetadata, ResponseRecord,
};
use crate::json::{self, Doc, Kind, Node};
use crate::shape::{shape_into, LineMeta};
use crate::{b64, time, Options, TimestampUnit};

/// The event as a whole is unusable (not an object, or `records` missing / not a list, or
/// not JSON at all). The Lambda should fail the invocation so that Firehose retries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeError {
    message: String,
}

impl EnvelopeError {
    fn new(message: impl Into<String>) -> Self {
        EnvelopeError {
            message: message.into(),
        }
    }
}

impl fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid Firehose event: {}", self.message)
    }
}

impl std::error::Error for EnvelopeError {}

/// Reusable buffers for processing records.
#[derive(Default)]
struct Scratch {
    decoded: Vec<u8>,
    nodes: Vec<Node>,
    line: Vec<u8>,
}

enum Outcome {
    /// The line is in `Scratch::line`.
    Ok(LineMeta),
    Dropped,
    Failed,
}

impl Scratch {
    fn process(&mut self, data: &str, options: &Options) -> Outcome {
        self.decoded.clear();
        self.line.clear();
        if b64::decode_into(data, &mut self.decoded).is_err() {
            return Outcome::Failed;
        }
        match shape_into(
            &self.decoded,
            TimestampUnit::Auto,
            options,
            &mut self.nodes,
            &mut self.line,
        ) {
            Ok(meta) if meta.is_ttl_delete && options.drop_ttl_deletes => Outcome::Dropped,
            Ok(meta) => Outcome::Ok(meta),
            Err(_) => Outcome::Failed,
        }
    }
}

/// Handles a typed event: shapes every record that has a `recordId`.
///
/// # Example
/// ```
/// use ferrocdk_transform::{handle, FirehoseEvent, Options, RecordResult};
/// let event: FirehoseEvent = serde_json::from_str(
///     r#"{"invocationId":"i","records":[{"recordId":"1","data":"bm90IGpzb24="}]}"#,
/// )?;
/// let response = handle(&event, &Options::default());
/// assert_eq!(response.records[0].result, RecordResult::ProcessingFailed);
/// assert_eq!(response.records[0].data, "bm90IGpzb24=");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn handle(event: &FirehoseEvent, options: &Options) -> FirehoseResponse {
    let mut scratch = Scratch::default();
    let records = event
        .records
        .iter()
        .filter_map(|r| {
            let record_id = r.record_id.clone()?;
            let (result, data, metadata) = match scratch.process(&r.data, options) {
                Outcome::Ok(meta) => {
                    let mut encoded = Vec::new();
                    b64::encode_into(&scratch.line, &mut encoded);
                    let metadata = options.partition_keys.then(|| ResponseMetadata {
                        partition_keys: meta.partition_keys(r.approximate_arrival_timestamp),
                    });
                    (
                        RecordResult::Ok,
                        String::from_utf8(encoded).unwrap_or_default(),
                        metadata,
                    )
                }
                Outcome::Dropped => (RecordResult::Dropped, r.data.clone(), None),
                Outcome::Failed => (RecordResult::ProcessingFailed, r.data.clone(), None),
            };
            Some(ResponseRecord {
                record_id,
                result,
                data,
                metadata,
            })
        })
        .collect();
    FirehoseResponse { records }
}

/// Epoch milliseconds from a JSON number literal (fractions rounded down).
fn millis_from_literal(raw: &str) -> Option<i64> {
    if raw.bytes().all(|c| c.is_ascii_digit() || c == b'-') {
        raw.parse::<i64>()
            .ok()
            .or_else(|| raw.parse::<f64>().ok().and_then(float_millis))
    } else {
        raw.parse::<f64>().ok().and_then(float_millis)
    }
}

/// Handles a raw event (JSON bytes) and returns the response JSON bytes: the fast path used
/// by the Lambda binary. Equivalent to parsing a [`FirehoseEvent`], calling [`handle`] and
/// serializing the [`FirehoseResponse`], without building intermediate values.
///
/// # Errors
/// [`EnvelopeError`] when the bytes are not a JSON object with a `records` list.
///
/// # Example
/// ```
/// use ferrocdk_transform::{handle_json, FirehoseResponse, Options, RecordResult};
/// let out = handle_json(br#"{"records":[{"recordId":"7","data":"e30="}]}"#, &Options::default())?;
/// let response: FirehoseResponse = serde_json::from_slice(&out)?;
/// assert_eq!(response.records[0].result, RecordResult::ProcessingFailed);
/// assert!(handle_json(b"[]", &Options::default()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn handle_json(event: &[u8], options: &Options) -> Result<Vec<u8>, EnvelopeError> {
    let src = std::str::from_utf8(event).map_err(|_| EnvelopeError::new("not UTF-8"))?;
    let mut nodes = Vec::new();
    json::parse(src, &mut nodes)
        .map_err(|e| EnvelopeError::new(format!("not JSON (byte {}: {})", e.offset, e.message)))?;
    let doc = Doc { src, nodes: &nodes };
    if doc.kind(0) != Some(Kind::Object) {
        return Err(EnvelopeError::new("not a JSON object"));
    }
    let records = match doc.get(0, "records") {
        Some(i) if doc.kind(i) == Some(Kind::Array) => i,
        Some(_) => return Err(EnvelopeError::new("`records` is not a list")),
        None => return Err(EnvelopeError::new("`records` is missing")),
    };

    // Output is about 4/3 of the decoded input plus small per-record overhead.
    let mut out = Vec::with_capacity(event.len() + event.len() / 8 + 64);
    out.extend_from_slice(b"{\"records\":[");
    let mut scratch = Scratch::default();
    let mut first = true;
    for rec in doc.elements(records) {
        if doc.kind(rec) != Some(Kind::Object) {
            continue;
        }
        let [id, data, arrival] =
            doc.fields(rec, ["recordId", "data", "approximateArrivalTimestamp"]);
        let Some(id) = id.filter(|&i| doc.kind(i) == Some(Kind::String)) else {
            continue;
        };
        let data = data
            .filter(|&i| doc.kind(i) == Some(Kind::String))
            .map(|i| doc.string(i))
            .unwrap_or_default();
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(b"{\"recordId\":");
        json::write_node_str(&mut out, &doc, id);
        match scratch.process(&data, options) {
            Outcome::Ok(meta) => {
                out.extend_from_slice(b",\"result\":\"Ok\",\"data\":\"");
                b64::encode_into(&scratch.line, &mut out);
                out.push(b'"');
                if options.partition_keys {
                    let arrival = arrival
                        .filter(|&i| doc.kind(i) == Some(Kind::Number))
                        .and_then(|i| millis_from_literal(doc.raw(i)));
                    out.extend_from_slice(b",\"metadata\":{\"partitionKeys\":{\"table\":");
                    json::write_str(&mut out, meta.table.as_deref().unwrap_or("unknown"));
                    out.extend_from_slice(b",\"eventName\":\"");
                    out.extend_from_slice(meta.event_name.as_str().as_bytes());
                    out.extend_from_slice(b"\",\"eventDate\":\"");
                    time::write_date(&mut out, meta.event_date_days(arrival));
                    out.extend_from_slice(b"\"}}");
                }
            }
            Outcome::Dropped => {
                out.extend_from_slice(b",\"result\":\"Dropped\",\"data\":");
                json::write_str(&mut out, &data);
            }
            Outcome::Failed => {
                out.extend_from_slice(b",\"result\":\"ProcessingFailed\",\"data\":");
                json::write_str(&mut out, &data);
            }
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrival_literals() {
        assert_eq!(
            millis_from_literal("1731924555932"),
            Some(1_731_924_555_932)
        );
        assert_eq!(millis_from_literal("-5"), Some(-5));
        assert_eq!(millis_from_literal("1.9"), Some(1));
        assert_eq!(millis_from_literal("1e3"), Some(1000));
        assert_eq!(millis_from_literal("1e300"), None);
        assert_eq!(millis_from_literal("99999999999999999999"), None);
    }
}
