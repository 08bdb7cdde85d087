//! How records move in batches: Firehose buffers (transform and S3), the forwarder's event
//! source mapping batches, and the modelled Lambda duration of a batch.
//!
//! # Modelling assumptions
//!
//! - A Firehose buffer flushes when it holds `size` bytes or `interval` seconds have passed,
//!   whichever comes first, over the whole delivery stream. An interval of 0 (zero buffering)
//!   is modelled as 1 s: Firehose reads each shard once per second, and Direct PUT batches
//!   arrive at least that often at these rates. With no traffic nothing is flushed.
//! - The event source mapping polls each DynamoDB Streams shard 4 times a second; a batch is
//!   at most `BatchSize` records and at most 6 MB of event, and otherwise holds what arrived
//!   during the batching window (or the 0.25 s between polls when the window is 0), at least
//!   one record. The stream is treated as one shard: tables with many partitions get smaller
//!   batches than modelled when `BatchSize` is above ~125 (a busy shard fills 100 records in
//!   0.25 s anyway).
//! - A Lambda invocation lasts `base_ms + ms_per_mb × MiB of records in the batch`, billed
//!   rounded up to the next millisecond (Lambda's billing granularity).

use serde::{Deserialize, Serialize};

use crate::limits::{LAMBDA_PAYLOAD_BYTES, MIB};

/// How often a buffer flushes and how much each flush carries.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Buffering {
    /// Seconds between flushes.
    pub period_s: f64,
    /// Flushes per second (0 with no traffic).
    pub flushes_per_s: f64,
    /// Bytes per flush.
    pub bytes_per_flush: f64,
}

/// A buffer of `size_bytes` / `interval_s` fed `bytes_per_s`.
pub fn buffer(bytes_per_s: f64, size_bytes: f64, interval_s: f64) -> Buffering {
    let interval = interval_s.max(1.0);
    if bytes_per_s <= 0.0 || bytes_per_s.is_nan() {
        return Buffering {
            period_s: interval,
            flushes_per_s: 0.0,
            bytes_per_flush: 0.0,
        };
    }
    let period_s = interval.min(size_bytes / bytes_per_s);
    Buffering {
        period_s,
        flushes_per_s: 1.0 / period_s,
        bytes_per_flush: bytes_per_s * period_s,
    }
}

/// The forwarder's batches.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EsmBatching {
    /// Records per invocation (an average: may be fractional).
    pub records_per_batch: f64,
    /// Invocations per second.
    pub invocations_per_s: f64,
    /// Longest wait of a record for its batch, seconds.
    pub max_wait_s: f64,
}

/// Seconds between two polls of a DynamoDB Streams shard (4 polls per second).
pub const STREAMS_POLL_INTERVAL_S: f64 = 0.25;

/// Batches of an event source mapping with `batch_size` and `window_s` over
/// `records_per_s` records of `event_record_bytes` in the Lambda event.
pub fn esm_batching(
    records_per_s: f64,
    event_record_bytes: f64,
    batch_size: f64,
    window_s: f64,
) -> EsmBatching {
    let gather_s = window_s.max(STREAMS_POLL_INTERVAL_S);
    if records_per_s <= 0.0 || records_per_s.is_nan() {
        return EsmBatching {
            records_per_batch: 0.0,
            invocations_per_s: 0.0,
            max_wait_s: gather_s,
        };
    }
    let payload_cap = LAMBDA_PAYLOAD_BYTES / event_record_bytes;
    let b = batch_size
        .min(payload_cap)
        .min((records_per_s * gather_s).max(1.0));
    let fill_s = b / records_per_s;
    EsmBatching {
        records_per_batch: b,
        invocations_per_s: records_per_s / b,
        max_wait_s: if window_s > 0.0 {
            fill_s.min(window_s)
        } else {
            STREAMS_POLL_INTERVAL_S
        },
    }
}

/// Modelled duration of one invocation handling `batch_bytes` of records, in ms, before the
/// 1 ms billing round-up.
pub fn lambda_duration_ms(base_ms: f64, ms_per_mb: f64, batch_bytes: f64) -> f64 {
    base_ms + ms_per_mb * batch_bytes / MIB
}

/// Billed duration: rounded up to the next whole millisecond.
pub fn billed_ms(duration_ms: f64) -> f64 {
    duration_ms.ceil()
}
