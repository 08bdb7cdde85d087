//! The service limits the planner sizes against, and a check of one limit.

use std::fmt;

use serde::{Deserialize, Serialize};

/// 1 MiB.
pub const MIB: f64 = 1_048_576.0;

/// Kinesis: write bytes per shard per second, partition keys included (1 MiB/s).
pub const SHARD_WRITE_BYTES_PER_S: f64 = MIB;
/// Kinesis: records written per shard per second.
pub const SHARD_WRITE_RECORDS_PER_S: f64 = 1_000.0;
/// Kinesis: bytes read per shard per second, shared by all standard consumers (2 MiB/s).
pub const SHARD_READ_BYTES_PER_S: f64 = 2.0 * MIB;
/// Kinesis: GetRecords calls per shard per second, shared by all standard consumers.
pub const SHARD_READ_TRANSACTIONS_PER_S: f64 = 5.0;
/// Kinesis: GetRecords calls each standard consumer makes per shard per second (Firehose
/// "calls GetRecords once per second for each shard"; Lambda polls "at a base rate of once
/// per second").
pub const CONSUMER_POLLS_PER_SHARD_PER_S: f64 = 1.0;
/// Kinesis for DynamoDB: partition key length (32 hex characters), counted against writes.
pub const PARTITION_KEY_BYTES: f64 = 32.0;
/// Kinesis on-demand: write capacity of a new stream (4 MB/s).
pub const ON_DEMAND_INITIAL_WRITE_BYTES_PER_S: f64 = 4.0 * MIB;
/// Kinesis on-demand: maximum write throughput in us-east-1, us-west-2, eu-west-1 (10 GB/s).
pub const ON_DEMAND_MAX_WRITE_BYTES_PER_S: f64 = 10.0 * 1024.0 * MIB;
/// Kinesis on-demand: read capacity is twice the write capacity.
pub const ON_DEMAND_READ_TO_WRITE: f64 = 2.0;
/// CloudFormation: most shards `AWS::Kinesis::Stream` takes (`ShardCount` 1–100,000).
pub const MAX_SHARD_COUNT: u64 = 100_000;
/// Kinesis: default provisioned shard quota per account in us-east-1.
pub const ACCOUNT_SHARD_QUOTA: f64 = 500.0;
/// Firehose Direct PUT: records per second per delivery stream.
pub const DIRECT_PUT_RECORDS_PER_S: f64 = 5_000.0;
/// Firehose Direct PUT: requests (PutRecord + PutRecordBatch) per second per delivery stream.
pub const DIRECT_PUT_REQUESTS_PER_S: f64 = 2_000.0;
/// Firehose Direct PUT: bytes per second per delivery stream (5 MiB/s).
pub const DIRECT_PUT_BYTES_PER_S: f64 = 5.0 * MIB;
/// Firehose PutRecordBatch: records per call.
pub const PUT_RECORD_BATCH_RECORDS: f64 = 500.0;
/// Firehose PutRecordBatch: bytes per call (4 MiB).
pub const PUT_RECORD_BATCH_BYTES: f64 = 4.0 * MIB;
/// DynamoDB Streams: readers per shard ("No more than two processes").
pub const STREAMS_READERS_PER_SHARD: f64 = 2.0;
/// Lambda: synchronous invocation payload (6 MB).
pub const LAMBDA_PAYLOAD_BYTES: f64 = 6.0 * MIB;

/// A limit that can bind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// Kinesis: 1 MiB/s written per shard.
    KinesisShardWriteBytes,
    /// Kinesis: 1,000 records/s written per shard.
    KinesisShardWriteRecords,
    /// Kinesis: 2 MiB/s read per shard, shared by all standard consumers.
    KinesisShardReadBytes,
    /// Kinesis: 5 GetRecords/s per shard, shared by all standard consumers.
    KinesisShardReadTransactions,
    /// Kinesis: the account's provisioned shard quota (500 in us-east-1).
    KinesisAccountShardQuota,
    /// Kinesis on-demand: read throughput is twice the write capacity, shared by consumers.
    OnDemandRead,
    /// Kinesis on-demand: 10 GB/s maximum write throughput.
    OnDemandMaxWrite,
    /// Firehose Direct PUT: 5,000 records/s per delivery stream.
    DirectPutRecords,
    /// Firehose Direct PUT: 2,000 requests/s per delivery stream.
    DirectPutRequests,
    /// Firehose Direct PUT: 5 MiB/s per delivery stream.
    DirectPutBytes,
    /// DynamoDB Streams: at most 2 readers per shard.
    StreamsReadersPerShard,
}

impl Limit {
    /// Whether the limit is on a Kinesis stream's writes (the table writing into it).
    pub fn is_stream_write(self) -> bool {
        matches!(
            self,
            Limit::KinesisShardWriteBytes
                | Limit::KinesisShardWriteRecords
                | Limit::OnDemandMaxWrite
        )
    }

    /// Whether the limit is on a Kinesis stream's reads (shared by its polling consumers).
    pub fn is_stream_read(self) -> bool {
        matches!(
            self,
            Limit::KinesisShardReadBytes
                | Limit::KinesisShardReadTransactions
                | Limit::OnDemandRead
        )
    }

    /// The limit in words.
    pub fn describe(self) -> &'static str {
        match self {
            Limit::KinesisShardWriteBytes => "Kinesis write 1 MiB/s per shard",
            Limit::KinesisShardWriteRecords => "Kinesis write 1,000 records/s per shard",
            Limit::KinesisShardReadBytes => "Kinesis read 2 MiB/s per shard (shared by consumers)",
            Limit::KinesisShardReadTransactions => {
                "Kinesis 5 GetRecords/s per shard (shared by consumers)"
            }
            Limit::KinesisAccountShardQuota => "Kinesis account quota 500 shards (us-east-1)",
            Limit::OnDemandRead => "on-demand read 2x write capacity (shared by consumers)",
            Limit::OnDemandMaxWrite => "on-demand max write 10 GB/s",
            Limit::DirectPutRecords => "Firehose Direct PUT 5,000 records/s",
            Limit::DirectPutRequests => "Firehose Direct PUT 2,000 requests/s",
            Limit::DirectPutBytes => "Firehose Direct PUT 5 MiB/s",
            Limit::StreamsReadersPerShard => "DynamoDB Streams 2 readers per shard",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// One limit checked against a demand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LimitCheck {
    /// The limit.
    pub limit: Limit,
    /// What the peak load asks for, in `unit`.
    pub demand: f64,
    /// What the sized configuration provides, in `unit`.
    pub capacity: f64,
    /// The unit of `demand` and `capacity`.
    pub unit: String,
    /// `demand / capacity`; above 1 the limit is exceeded.
    pub utilisation: f64,
    /// Whether the limit grows with the load (throughput) or is a fixed count (readers,
    /// GetRecords calls per consumer): only throughput limits are named as binding unless a
    /// fixed one is exceeded.
    pub scales_with_load: bool,
}

impl LimitCheck {
    pub(crate) fn new(
        limit: Limit,
        demand: f64,
        capacity: f64,
        unit: &str,
        scales_with_load: bool,
    ) -> Self {
        let utilisation = if capacity > 0.0 {
            demand / capacity
        } else {
            f64::INFINITY
        };
        LimitCheck {
            limit,
            demand,
            capacity,
            unit: unit.to_string(),
            utilisation,
            scales_with_load,
        }
    }

    /// Whether the demand fits (`utilisation <= 1`).
    pub fn within(&self) -> bool {
        self.utilisation <= 1.0
    }
}

/// The limit that binds first among `checks`: an exceeded fixed limit if there is one,
/// else the throughput limit with the highest utilisation (first listed on a tie).
pub fn binding(checks: &[LimitCheck]) -> Option<&LimitCheck> {
    fn worst<'a>(it: impl Iterator<Item = &'a LimitCheck>) -> Option<&'a LimitCheck> {
        it.fold(None, |best: Option<&LimitCheck>, c| match best {
            Some(b) if b.utilisation >= c.utilisation || c.utilisation.is_nan() => Some(b),
            _ => Some(c),
        })
    }
    worst(checks.iter().filter(|c| !c.scales_with_load && !c.within()))
        .or_else(|| worst(checks.iter().filter(|c| c.scales_with_load)))
}
