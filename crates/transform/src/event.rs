//! Firehose data-transformation event and response types, read tolerantly.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A Firehose data-transformation event.
///
/// Deserialization is tolerant, as the contract asks: unknown fields are ignored, wrongly
/// typed optional fields read as absent, and only a non-object event or a missing / non-list
/// `records` is an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FirehoseEvent {
    /// The invocation id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invocation_id: Option<String>,
    /// ARN of the delivery stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_stream_arn: Option<String>,
    /// ARN of the source Kinesis stream (Kinesis source only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_kinesis_stream_arn: Option<String>,
    /// AWS region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The records, in order.
    pub records: Vec<FirehoseRecord>,
}

/// One record of a [`FirehoseEvent`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FirehoseRecord {
    /// The record id; `None` when missing or not a string (such a record is not answered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    /// Epoch milliseconds; `None` when missing or not a number (a fractional number is
    /// rounded down).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approximate_arrival_timestamp: Option<i64>,
    /// The base64 payload, as received; `""` when missing or not a string.
    pub data: String,
    /// Kinesis metadata, when present and an object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinesis_record_metadata: Option<KinesisRecordMetadata>,
}

/// `kinesisRecordMetadata` of a record. Every member may be a string or a number in the
/// wild; numbers are kept as their JSON text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KinesisRecordMetadata {
    /// Shard id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard_id: Option<String>,
    /// Kinesis partition key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_key: Option<String>,
    /// Arrival time (epoch ms as text, or an ISO string).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approximate_arrival_timestamp: Option<String>,
    /// Sequence number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<String>,
    /// Sub-sequence number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsequence_number: Option<String>,
}

/// The handler's answer: one [`ResponseRecord`] per answered input record, in input order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirehoseResponse {
    /// The response records.
    pub records: Vec<ResponseRecord>,
}

/// One response record. Serializes with keys `recordId`, `result`, `data`, `metadata`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseRecord {
    /// The input record's id.
    pub record_id: String,
    /// The outcome.
    pub result: RecordResult,
    /// Base64 of the output line (`Ok`) or the input `data` unchanged (otherwise).
    pub data: String,
    /// Dynamic-partitioning keys (only on `Ok` records, when enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<ResponseMetadata>,
}

/// Outcome of one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordResult {
    /// Shaped; `data` is the line.
    Ok,
    /// Intentionally dropped (TTL delete with `FERROCDK_DROP_TTL_DELETES`).
    Dropped,
    /// Could not be shaped; Firehose stores it under the error prefix.
    ProcessingFailed,
}

/// `metadata` of a response record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseMetadata {
    /// Keys usable as `!{partitionKeyFromLambda:<name>}` in the S3 prefix.
    #[serde(rename = "partitionKeys")]
    pub partition_keys: PartitionKeys,
}

/// The partition keys written with `FERROCDK_PARTITION_KEYS`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionKeys {
    /// `tableName`, or `unknown`.
    pub table: String,
    /// `INSERT`, `MODIFY` or `REMOVE`.
    #[serde(rename = "eventName")]
    pub event_name: String,
    /// `YYYY-MM-DD` (UTC).
    #[serde(rename = "eventDate")]
    pub event_date: String,
}

/// Any JSON value, keeping only what the tolerant readers need.
enum Loose {
    Str(String),
    Int(i64),
    UInt(u64),
    Float(f64),
    Other,
}

impl Loose {
    fn into_string(self) -> Option<String> {
        match self {
            Loose::Str(s) => Some(s),
            _ => None,
        }
    }

    fn into_text(self) -> Option<String> {
        match self {
            Loose::Str(s) => Some(s),
            Loose::Int(i) => Some(i.to_string()),
            Loose::UInt(u) => Some(u.to_string()),
            Loose::Float(f) => Some(f.to_string()),
            Loose::Other => None,
        }
    }

    fn into_millis(self) -> Option<i64> {
        match self {
            Loose::Int(i) => Some(i),
            Loose::UInt(u) => i64::try_from(u).ok(),
            Loose::Float(f) => float_millis(f),
            _ => None,
        }
    }
}

/// Rounds a float down to whole milliseconds when it is finite and fits an i64.
pub(crate) fn float_millis(f: f64) -> Option<i64> {
    let f = f.floor();
    // 2^63 as f64; the range check makes the cast exact and non-saturating.
    (f.is_finite() && (-9.223_372_036_854_775e18..9.223_372_036_854_775e18).contains(&f))
        .then_some(f as i64)
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Str(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::UInt(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
        Ok(Loose::Float(v))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Loose, E> {
        Ok(Loose::Other)
    }
    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Other)
    }
    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

/// Reads a map when the value is an object, anything else as `None`.
struct MaybeObject<T>(Option<T>);

trait FromMap: Sized + Default {
    fn set<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

impl<'de, T: FromMap> Deserialize<'de> for MaybeObject<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: FromMap> Visitor<'de> for V<T> {
            type Value = MaybeObject<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut value = T::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    value.set(&key, &mut map)?;
                }
                Ok(MaybeObject(Some(value)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                LooseVisitor.visit_seq(seq).map(|_| MaybeObject(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl FromMap for KinesisRecordMetadata {
    fn set<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        let slot = match key {
            "shardId" => &mut self.shard_id,
            "partitionKey" => &mut self.partition_key,
            "approximateArrivalTimestamp" => &mut self.approximate_arrival_timestamp,
            "sequenceNumber" => &mut self.sequence_number,
            "subsequenceNumber" => &mut self.subsequence_number,
            _ => {
                map.next_value::<IgnoredAny>()?;
                return Ok(());
            }
        };
        *slot = map.next_value::<Loose>()?.into_text();
        Ok(())
    }
}

impl FromMap for FirehoseRecord {
    fn set<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "recordId" => self.record_id = map.next_value::<Loose>()?.into_string(),
            "data" => self.data = map.next_value::<Loose>()?.into_string().unwrap_or_default(),
            "approximateArrivalTimestamp" => {
                self.approximate_arrival_timestamp = map.next_value::<Loose>()?.into_millis();
            }
            "kinesisRecordMetadata" => {
                self.kinesis_record_metadata =
                    map.next_value::<MaybeObject<KinesisRecordMetadata>>()?.0;
            }
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// `records`: a list (non-object elements become records without an id).
struct Records(Option<Vec<FirehoseRecord>>);

impl<'de> Deserialize<'de> for Records {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Records;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of records")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Records, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(r) = seq.next_element::<MaybeObject<FirehoseRecord>>()? {
                    out.push(r.0.unwrap_or_default());
                }
                Ok(Records(Some(out)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Records, A::Error> {
                LooseVisitor.visit_map(map).map(|_| Records(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Records, E> {
                Ok(Records(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Records, E> {
                Ok(Records(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Records, E> {
                Ok(Records(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Records, E> {
                Ok(Records(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Records, E> {
                Ok(Records(None))
            }
            fn visit_unit<E>(self) -> Result<Records, E> {
                Ok(Records(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for FirehoseEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FirehoseEvent;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Firehose transformation event (an object with a `records` list)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FirehoseEvent, A::Error> {
                let mut ev = FirehoseEvent::default();
                let mut records = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match &*key {
                        "invocationId" => {
                            ev.invocation_id = map.next_value::<Loose>()?.into_string()
                        }
                        "deliveryStreamArn" => {
                            ev.delivery_stream_arn = map.next_value::<Loose>()?.into_string();
                        }
                        "sourceKinesisStreamArn" => {
                            ev.source_kinesis_stream_arn = map.next_value::<Loose>()?.into_string();
                        }
                        "region" => ev.region = map.next_value::<Loose>()?.into_string(),
                        "records" => records = Some(map.next_value::<Records>()?.0),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                match records {
                    Some(Some(r)) => ev.records = r,
                    Some(None) => return Err(de::Error::custom("`records` is not a list")),
                    None => return Err(de::Error::missing_field("records")),
                }
                Ok(ev)
            }
        }
        d.deserialize_map(V)
    }
}
