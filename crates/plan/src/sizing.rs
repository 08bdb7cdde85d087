//! Sizing: shards for a provisioned stream, an on-demand stream's headroom, the Direct PUT
//! quotas of the DynamoDB Streams route; each with the limit that binds first, named.

use serde::{Deserialize, Serialize};

use crate::error::{PlanError, Problems};
use crate::limits::*;

/// Shards a provisioned stream needs, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardSizing {
    /// Shards to provision: the largest of the three needs below, rounded up, at least 1.
    pub shards: u64,
    /// Shards the write bytes need (peak × (record + partition key) ÷ 1 MiB/s), unrounded.
    pub for_write_bytes: f64,
    /// Shards the write records need (peak ÷ 1,000/s), unrounded.
    pub for_write_records: f64,
    /// Shards the reads need (consumers × peak bytes ÷ 2 MiB/s), unrounded.
    pub for_read_bytes: f64,
    /// Every limit checked at `shards`.
    pub checks: Vec<LimitCheck>,
    /// The limit that binds first (see [`binding`]).
    pub binding: Limit,
}

/// Shards a provisioned Kinesis stream needs for `peak_records_per_s` records of
/// `record_bytes` bytes (data, without the 32-byte partition key, which is added here) read
/// by `consumers` standard consumers (Firehose counts as one).
///
/// Unlike the DynamoDB guide's formula
/// (<https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/kds_using-shards-and-metrics.html>), this counts the 1,000 records/s
/// limit and the reads shared by every consumer.
///
/// ```
/// use ferrocdk_plan::{kinesis_shards_needed, Limit};
/// // 2,500 small records/s: the records limit binds, 3 shards.
/// let s = kinesis_shards_needed(2500.0, 300.0, 1)?;
/// assert_eq!((s.shards, s.binding), (3, Limit::KinesisShardWriteRecords));
/// # Ok::<(), ferrocdk_plan::PlanError>(())
/// ```
///
/// # Errors
/// A [`PlanError`] when the rate is negative or not finite, the record size is not a
/// positive finite number, or there is no consumer.
pub fn kinesis_shards_needed(
    peak_records_per_s: f64,
    record_bytes: f64,
    consumers: u32,
) -> Result<ShardSizing, PlanError> {
    check_stream_inputs(peak_records_per_s, record_bytes, consumers)?;
    let write_bytes = peak_records_per_s * (record_bytes + PARTITION_KEY_BYTES);
    let k = f64::from(consumers);
    let for_write_bytes = write_bytes / SHARD_WRITE_BYTES_PER_S;
    let for_write_records = peak_records_per_s / SHARD_WRITE_RECORDS_PER_S;
    let for_read_bytes = k * write_bytes / SHARD_READ_BYTES_PER_S;
    let need = for_write_bytes.max(for_write_records).max(for_read_bytes);
    let shards = (need.ceil() as u64).max(1);
    let mut checks = provisioned_checks(shards, peak_records_per_s, record_bytes, consumers);
    checks.push(LimitCheck::new(
        Limit::KinesisAccountShardQuota,
        shards as f64,
        ACCOUNT_SHARD_QUOTA,
        "shards",
        false,
    ));
    let binding = binding(&checks).map_or(Limit::KinesisShardWriteBytes, |c| c.limit);
    Ok(ShardSizing {
        shards,
        for_write_bytes,
        for_write_records,
        for_read_bytes,
        checks,
        binding,
    })
}

/// The load limits of a provisioned stream of `shards` at `peak_records_per_s` records of
/// `record_bytes` (without the partition key) read by `consumers` standard consumers: writes
/// (1 MiB/s and 1,000 records/s per shard) and the reads every consumer shares (2 MiB/s and
/// 5 GetRecords/s per shard, each consumer reading everything and polling once per second per
/// shard). Inputs are not checked: see [`kinesis_shards_needed`].
pub(crate) fn provisioned_checks(
    shards: u64,
    peak_records_per_s: f64,
    record_bytes: f64,
    consumers: u32,
) -> Vec<LimitCheck> {
    let n = shards as f64;
    let write_bytes = peak_records_per_s * (record_bytes + PARTITION_KEY_BYTES);
    let k = f64::from(consumers);
    vec![
        LimitCheck::new(
            Limit::KinesisShardWriteBytes,
            write_bytes,
            n * SHARD_WRITE_BYTES_PER_S,
            "bytes/s",
            true,
        ),
        LimitCheck::new(
            Limit::KinesisShardWriteRecords,
            peak_records_per_s,
            n * SHARD_WRITE_RECORDS_PER_S,
            "records/s",
            true,
        ),
        LimitCheck::new(
            Limit::KinesisShardReadBytes,
            k * write_bytes,
            n * SHARD_READ_BYTES_PER_S,
            "bytes/s",
            true,
        ),
        LimitCheck::new(
            Limit::KinesisShardReadTransactions,
            k * CONSUMER_POLLS_PER_SHARD_PER_S,
            SHARD_READ_TRANSACTIONS_PER_S,
            "GetRecords/s per shard",
            false,
        ),
    ]
}

pub(crate) fn check_stream_inputs(
    peak_records_per_s: f64,
    record_bytes: f64,
    consumers: u32,
) -> Result<(), PlanError> {
    let mut p = Problems::default();
    p.non_negative("peak_records_per_s", peak_records_per_s);
    p.positive("record_bytes", record_bytes, f64::MAX);
    if consumers == 0 {
        p.push(
            "consumers",
            "must be at least 1 (Firehose itself is a consumer)",
        );
    }
    p.into_result()
}

/// An on-demand stream's headroom at the peak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnDemandSizing {
    /// Peak write bytes per second, partition keys included.
    pub write_bytes_per_s: f64,
    /// The write capacity the stream settles at: the larger of the 4 MB/s a new stream
    /// starts with and the peak (on-demand scales to the traffic it has seen).
    pub write_capacity_bytes_per_s: f64,
    /// Whether the peak is above the 4 MB/s a new stream starts with: it then throttles until
    /// it has scaled (on-demand adapts to twice the previous peak within about 15 minutes).
    pub above_initial_capacity: bool,
    /// The provisioned shards the same peak would need, for comparison.
    pub equivalent_shards: u64,
    /// Every limit checked.
    pub checks: Vec<LimitCheck>,
    /// The limit that binds first.
    pub binding: Limit,
}

/// Sizes an on-demand stream: a new stream writes 4 MB/s and reads twice its write capacity,
/// scaling up as traffic grows (to 10 GB/s in us-east-1); all standard consumers share the
/// reads and the 5 GetRecords/s per shard.
///
/// # Errors
/// As [`kinesis_shards_needed`].
pub fn on_demand_sizing(
    peak_records_per_s: f64,
    record_bytes: f64,
    consumers: u32,
) -> Result<OnDemandSizing, PlanError> {
    let shards = kinesis_shards_needed(peak_records_per_s, record_bytes, 1)?;
    let w = peak_records_per_s * (record_bytes + PARTITION_KEY_BYTES);
    let capacity = w.max(ON_DEMAND_INITIAL_WRITE_BYTES_PER_S);
    let k = f64::from(consumers);
    let checks = vec![
        LimitCheck::new(
            Limit::OnDemandRead,
            k * w,
            ON_DEMAND_READ_TO_WRITE * capacity,
            "bytes/s",
            true,
        ),
        LimitCheck::new(
            Limit::OnDemandMaxWrite,
            w,
            ON_DEMAND_MAX_WRITE_BYTES_PER_S,
            "bytes/s",
            true,
        ),
        LimitCheck::new(
            Limit::KinesisShardReadTransactions,
            k * CONSUMER_POLLS_PER_SHARD_PER_S,
            SHARD_READ_TRANSACTIONS_PER_S,
            "GetRecords/s per shard",
            false,
        ),
    ];
    let binding = binding(&checks).map_or(Limit::OnDemandRead, |c| c.limit);
    Ok(OnDemandSizing {
        write_bytes_per_s: w,
        write_capacity_bytes_per_s: capacity,
        above_initial_capacity: w > ON_DEMAND_INITIAL_WRITE_BYTES_PER_S,
        equivalent_shards: shards.shards,
        checks,
        binding,
    })
}

/// The DynamoDB Streams route against Firehose's Direct PUT quotas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectPutSizing {
    /// PutRecordBatch calls per forwarder invocation (500 records / 4 MiB per call).
    pub calls_per_invocation: f64,
    /// Delivery streams the peak needs (1 unless a Direct PUT quota is exceeded, then the
    /// quota must be raised or the load split).
    pub delivery_streams_needed: u64,
    /// Every limit checked.
    pub checks: Vec<LimitCheck>,
    /// The limit that binds first.
    pub binding: Limit,
}

/// Checks the Direct PUT quotas (5,000 records/s, 2,000 requests/s, 5 MiB/s per delivery
/// stream) for `peak_records_per_s` lines of `line_bytes` sent by `invocations_per_s`
/// forwarder invocations of `records_per_invocation` each, and DynamoDB Streams' 2 readers
/// per shard (the forwarder is the only reader).
///
/// # Errors
/// A [`PlanError`] for negative or non-finite inputs, or a line size that is not positive.
pub fn direct_put_sizing(
    peak_records_per_s: f64,
    line_bytes: f64,
    invocations_per_s: f64,
    records_per_invocation: f64,
) -> Result<DirectPutSizing, PlanError> {
    let mut p = Problems::default();
    p.non_negative("peak_records_per_s", peak_records_per_s);
    p.positive("line_bytes", line_bytes, f64::MAX);
    p.non_negative("invocations_per_s", invocations_per_s);
    p.non_negative("records_per_invocation", records_per_invocation);
    p.into_result()?;
    let calls_per_invocation = (records_per_invocation / PUT_RECORD_BATCH_RECORDS)
        .max(records_per_invocation * line_bytes / PUT_RECORD_BATCH_BYTES)
        .ceil()
        .max(1.0);
    let bytes = peak_records_per_s * line_bytes;
    let checks = vec![
        LimitCheck::new(
            Limit::DirectPutRecords,
            peak_records_per_s,
            DIRECT_PUT_RECORDS_PER_S,
            "records/s",
            true,
        ),
        LimitCheck::new(
            Limit::DirectPutRequests,
            invocations_per_s * calls_per_invocation,
            DIRECT_PUT_REQUESTS_PER_S,
            "requests/s",
            true,
        ),
        LimitCheck::new(
            Limit::DirectPutBytes,
            bytes,
            DIRECT_PUT_BYTES_PER_S,
            "bytes/s",
            true,
        ),
        LimitCheck::new(
            Limit::StreamsReadersPerShard,
            1.0,
            STREAMS_READERS_PER_SHARD,
            "readers per shard",
            false,
        ),
    ];
    let worst = checks
        .iter()
        .filter(|c| c.scales_with_load)
        .map(|c| c.utilisation)
        .fold(0.0_f64, f64::max);
    let delivery_streams_needed = (worst.ceil() as u64).max(1);
    let binding = binding(&checks).map_or(Limit::DirectPutRecords, |c| c.limit);
    Ok(DirectPutSizing {
        calls_per_invocation,
        delivery_streams_needed,
        checks,
        binding,
    })
}
