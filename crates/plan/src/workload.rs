//! The workload: how fast the table changes, how big its items are, and how the pipeline is
//! configured (buffers, batches, Lambda).

use serde::{Deserialize, Serialize};

use crate::error::{PlanError, Problems};

/// DynamoDB's maximum item size, 400 KB
/// (<https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html>).
pub const MAX_ITEM_BYTES: f64 = 400.0 * 1024.0;

/// Size of a GZIP object relative to the change lines in it, the planner's default: 0.3.
///
/// Measured: the change lines the built-in transform writes for the Python benchmark's
/// generated records (`tests/python/bench_transform.py`: random strings, numbers, sets, maps;
/// 2.5 MB of lines) gzip to 0.31 of their size (`python3 tests/python/measure_gzip_ratio.py`,
/// level 6). Tables with repetitive values compress further; random text compresses less
/// (random alphanumeric values: about 0.6). Set yours.
pub const GZIP_RATIO: f64 = 0.3;

/// Share of each kind of change; the three must sum to 1 (± 1e-9).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventMix {
    /// Share of `INSERT` changes (new items: one image).
    pub insert: f64,
    /// Share of `MODIFY` changes (updates and overwrites: old and new image).
    pub modify: f64,
    /// Share of `REMOVE` changes (deletes, TTL deletes: one image).
    pub remove: f64,
}

impl Default for EventMix {
    /// 60 % inserts, 30 % updates, 10 % deletes: an assumption, set it for your table.
    fn default() -> Self {
        EventMix {
            insert: 0.6,
            modify: 0.3,
            remove: 0.1,
        }
    }
}

/// Everything the planner needs to know about the table and the pipeline.
///
/// Peak rates size the streams; average rates price them. Build one with [`Workload::new`] and
/// change the public fields; [`Workload::validate`] lists every problem at once.
///
/// ```
/// use ferrocdk_plan::Workload;
/// let mut w = Workload::new(500.0, 1200.0);
/// w.peak_writes_per_second = 1500.0;
/// w.validate()?;
/// # Ok::<(), ferrocdk_plan::PlanError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Average item writes per second (puts, updates, deletes): prices the month.
    pub avg_writes_per_second: f64,
    /// Peak item writes per second: sizes shards and quotas. At least the average.
    pub peak_writes_per_second: f64,
    /// Average DynamoDB item size in bytes (attribute names + values, as DynamoDB counts it),
    /// 1 to 409,600.
    pub item_bytes: f64,
    /// Bytes of the key attributes (names + values), part of `item_bytes`. Default: 40.
    pub key_bytes: f64,
    /// Attributes per item, keys included (each adds JSON punctuation). Default: 10.
    pub attributes_per_item: u32,
    /// Key attributes: 1 (partition key) or 2 (partition + sort key). Default: 1.
    pub key_attributes: u32,
    /// Length of the table name (3–255), written into every change record. Default: 24.
    pub table_name_bytes: u32,
    /// Share of INSERT / MODIFY / REMOVE.
    pub mix: EventMix,
    /// Standard (shared-throughput) consumers of the Kinesis stream; Firehose counts as one.
    /// Default: 1.
    pub kinesis_consumers: u32,
    /// Kinesis retention in hours (24–8,760); above 24 adds extended retention charges.
    /// Default: 24.
    pub retention_hours: f64,
    /// Firehose S3 `BufferingHints.IntervalInSeconds` (0–900). Default: 300.
    pub s3_buffer_interval_s: f64,
    /// Firehose S3 `BufferingHints.SizeInMBs` (1–128, MiB). Default: 5.
    pub s3_buffer_mb: f64,
    /// Firehose Lambda processor `BufferIntervalInSeconds` (0–900). Default: 60.
    pub transform_buffer_interval_s: f64,
    /// Firehose Lambda processor `BufferSizeInMBs` (0.2–3, MiB). Default: 3 (ferrocdk's default).
    pub transform_buffer_mb: f64,
    /// Forwarder event source mapping `BatchSize` (1–10,000). Default: 100.
    pub esm_batch_size: u32,
    /// Forwarder `MaximumBatchingWindowInSeconds` (0–300). Default: 0.
    pub esm_batching_window_s: f64,
    /// Memory of the transform and forwarder functions, MB (128–10,240). Default: 256.
    pub lambda_memory_mb: f64,
    /// Price the functions as arm64 (Graviton) instead of x86_64. Default: true, as ferrocdk
    /// deploys them (`Architecture::Arm64`).
    pub lambda_arm64: bool,
    /// Modelled fixed duration of one invocation, ms (≥ 0). Default: 25.
    pub lambda_base_ms: f64,
    /// Modelled duration per MiB of records in the batch, ms (≥ 0). Default: 250.
    ///
    /// Derivation: the built-in Python transform shapes ~30 MB/s of event on one core
    /// (BENCHMARKS.md); a 256 MB function gets about 256/1,769 of a vCPU, so ~4.3 MB/s, and
    /// a Firehose event is base64 (4/3 of the records): 1 MiB of records ≈ 1.4 MB of event ≈
    /// 300 ms; 250 ms is used for both functions (the forwarder shapes the same records and
    /// sends them with PutRecordBatch). Measure yours and set it.
    pub lambda_ms_per_mb: f64,
    /// Size of an S3 object relative to the lines in it (0 < r ≤ 1); affects S3 storage only.
    /// Default: [`GZIP_RATIO`] (0.3), as ferrocdk writes GZIP objects
    /// (`Compression::Gzip`); 1 for `Compression::Uncompressed`.
    pub compression_ratio: f64,
}

impl Workload {
    /// A workload with `writes_per_second` as both average and peak, `item_bytes` per item, and
    /// the documented defaults for everything else.
    pub fn new(writes_per_second: f64, item_bytes: f64) -> Self {
        Workload {
            avg_writes_per_second: writes_per_second,
            peak_writes_per_second: writes_per_second,
            item_bytes,
            key_bytes: 40.0,
            attributes_per_item: 10,
            key_attributes: 1,
            table_name_bytes: 24,
            mix: EventMix::default(),
            kinesis_consumers: 1,
            retention_hours: 24.0,
            s3_buffer_interval_s: 300.0,
            s3_buffer_mb: 5.0,
            transform_buffer_interval_s: 60.0,
            transform_buffer_mb: 3.0,
            esm_batch_size: 100,
            esm_batching_window_s: 0.0,
            lambda_memory_mb: 256.0,
            lambda_arm64: true,
            lambda_base_ms: 25.0,
            lambda_ms_per_mb: 250.0,
            compression_ratio: GZIP_RATIO,
        }
    }

    /// Checks every field.
    ///
    /// # Errors
    /// A [`PlanError`] listing every problem: non-finite or negative numbers, a peak below the
    /// average, an item size of 0 or above 400 KB, keys larger than the item, shares outside
    /// 0–1 or not summing to 1 (± 1e-9), no Kinesis consumer, values outside the AWS ranges of
    /// retention, buffering hints, batch size, batching window and memory.
    pub fn validate(&self) -> Result<(), PlanError> {
        let mut p = Problems::default();
        p.non_negative("avg_writes_per_second", self.avg_writes_per_second);
        p.non_negative("peak_writes_per_second", self.peak_writes_per_second);
        if self.avg_writes_per_second.is_finite()
            && self.peak_writes_per_second.is_finite()
            && self.peak_writes_per_second < self.avg_writes_per_second
        {
            p.push(
                "peak_writes_per_second",
                format!(
                    "must be at least the average ({}), got {}",
                    self.avg_writes_per_second, self.peak_writes_per_second
                ),
            );
        }
        p.range("item_bytes", self.item_bytes, 1.0, MAX_ITEM_BYTES);
        p.positive("key_bytes", self.key_bytes, MAX_ITEM_BYTES);
        if self.key_bytes.is_finite()
            && self.item_bytes.is_finite()
            && self.key_bytes > self.item_bytes
        {
            p.push(
                "key_bytes",
                format!(
                    "the key is part of the item: must be at most item_bytes ({}), got {}",
                    self.item_bytes, self.key_bytes
                ),
            );
        }
        if !(1..=2).contains(&self.key_attributes) {
            p.push(
                "key_attributes",
                format!("must be 1 or 2, got {}", self.key_attributes),
            );
        }
        if self.attributes_per_item < self.key_attributes.max(1) {
            p.push(
                "attributes_per_item",
                format!(
                    "must be at least the key attributes ({}), got {}",
                    self.key_attributes.max(1),
                    self.attributes_per_item
                ),
            );
        }
        if !(3..=255).contains(&self.table_name_bytes) {
            p.push(
                "table_name_bytes",
                format!("must be 3 to 255, got {}", self.table_name_bytes),
            );
        }
        p.range("mix.insert", self.mix.insert, 0.0, 1.0);
        p.range("mix.modify", self.mix.modify, 0.0, 1.0);
        p.range("mix.remove", self.mix.remove, 0.0, 1.0);
        let sum = self.mix.insert + self.mix.modify + self.mix.remove;
        if sum.is_finite() && (sum - 1.0).abs() > 1e-9 {
            p.push(
                "mix",
                format!("insert + modify + remove must be 1 (± 1e-9), got {sum}"),
            );
        }
        if self.kinesis_consumers == 0 {
            p.push(
                "kinesis_consumers",
                "must be at least 1 (Firehose itself is a consumer)",
            );
        }
        p.range("retention_hours", self.retention_hours, 24.0, 8760.0);
        p.range(
            "s3_buffer_interval_s",
            self.s3_buffer_interval_s,
            0.0,
            900.0,
        );
        p.range("s3_buffer_mb", self.s3_buffer_mb, 1.0, 128.0);
        p.range(
            "transform_buffer_interval_s",
            self.transform_buffer_interval_s,
            0.0,
            900.0,
        );
        p.range("transform_buffer_mb", self.transform_buffer_mb, 0.2, 3.0);
        if !(1..=10_000).contains(&self.esm_batch_size) {
            p.push(
                "esm_batch_size",
                format!("must be 1 to 10000, got {}", self.esm_batch_size),
            );
        }
        p.range(
            "esm_batching_window_s",
            self.esm_batching_window_s,
            0.0,
            300.0,
        );
        p.range("lambda_memory_mb", self.lambda_memory_mb, 128.0, 10_240.0);
        p.range("lambda_base_ms", self.lambda_base_ms, 0.0, 900_000.0);
        p.range("lambda_ms_per_mb", self.lambda_ms_per_mb, 0.0, 900_000.0);
        p.positive("compression_ratio", self.compression_ratio, 1.0);
        p.into_result()
    }
}
