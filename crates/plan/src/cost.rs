//! Monthly cost per service, with each billing unit's rounding.
//!
//! A month is 730 hours (2,628,000 s); "GB" is 2^30 bytes. Rounding rules, from each
//! service's pricing page (<https://aws.amazon.com/kinesis/data-streams/pricing/>,
//! <https://aws.amazon.com/dynamodb/pricing/>, <https://aws.amazon.com/firehose/pricing/>,
//! <https://aws.amazon.com/lambda/pricing/>, <https://aws.amazon.com/s3/pricing/>):
//!
//! | charge | unit | rounding |
//! |---|---|---|
//! | Kinesis PUT payload units (provisioned) | 25 KB of a record | up, per record |
//! | Kinesis on-demand ingest | GB | each record up to 1 KB (1,024 B) |
//! | Kinesis on-demand retrieval | GB | none, once per consumer |
//! | DynamoDB CDC units | 1 KB of the larger image | up, per item |
//! | Firehose ingestion | GB | each record up to 5 KB (5,120 B) |
//! | Lambda duration | GB-s | each invocation up to 1 ms |
//! | S3 PUT | request | one per object (buffer flush) |

use serde::{Deserialize, Serialize};

use crate::prices::PriceTable;

/// Hours in a billing month.
pub const HOURS_PER_MONTH: f64 = 730.0;
/// Seconds in a billing month.
pub const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3600.0;
/// A billed GB: 2^30 bytes.
pub const GB: f64 = 1_073_741_824.0;
/// Kinesis PUT payload unit: 25 KB.
pub const PUT_PAYLOAD_UNIT_BYTES: f64 = 25.0 * 1024.0;
/// Kinesis on-demand ingest rounding: 1 KB.
pub const ON_DEMAND_INGEST_UNIT_BYTES: f64 = 1024.0;
/// DynamoDB change data capture unit: 1 KB.
pub const CDC_UNIT_BYTES: f64 = 1024.0;
/// Firehose ingestion rounding: 5 KB.
pub const FIREHOSE_INGEST_UNIT_BYTES: f64 = 5.0 * 1024.0;
/// Kinesis retention included in the base price, hours.
pub const BASE_RETENTION_HOURS: f64 = 24.0;
/// Kinesis retention above which long-term retention applies, hours (7 days).
pub const EXTENDED_RETENTION_HOURS: f64 = 168.0;

/// Billing units for one record of `bytes`, each unit `unit_bytes`: rounded up, at least 1.
pub fn billing_units(bytes: f64, unit_bytes: f64) -> f64 {
    (bytes / unit_bytes).ceil().max(1.0)
}

/// The service a cost line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Amazon Kinesis Data Streams.
    KinesisDataStreams,
    /// Amazon DynamoDB (change data capture for Kinesis).
    DynamoDb,
    /// DynamoDB Streams.
    DynamoDbStreams,
    /// Amazon Data Firehose.
    Firehose,
    /// AWS Lambda.
    Lambda,
    /// Amazon S3.
    S3,
}

impl Service {
    /// Every service, in report order.
    pub const ALL: [Service; 6] = [
        Service::KinesisDataStreams,
        Service::DynamoDb,
        Service::DynamoDbStreams,
        Service::Firehose,
        Service::Lambda,
        Service::S3,
    ];

    /// The service's name.
    pub fn name(self) -> &'static str {
        match self {
            Service::KinesisDataStreams => "Kinesis Data Streams",
            Service::DynamoDb => "DynamoDB (CDC units)",
            Service::DynamoDbStreams => "DynamoDB Streams",
            Service::Firehose => "Firehose",
            Service::Lambda => "Lambda",
            Service::S3 => "S3",
        }
    }
}

/// One charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostLine {
    /// The service.
    pub service: Service,
    /// What is charged.
    pub item: String,
    /// How many billing units a month.
    pub quantity: f64,
    /// The billing unit.
    pub unit: String,
    /// USD a month.
    pub usd_per_month: f64,
}

fn line(service: Service, item: &str, quantity: f64, unit: &str, usd: f64) -> CostLine {
    CostLine {
        service,
        item: item.to_string(),
        quantity,
        unit: unit.to_string(),
        usd_per_month: usd,
    }
}

/// All charges of a route and their sum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteCost {
    /// The charges.
    pub lines: Vec<CostLine>,
    /// USD a month, all services.
    pub total_usd_per_month: f64,
}

impl RouteCost {
    /// A route's cost from its lines.
    pub fn new(lines: Vec<CostLine>) -> Self {
        let total_usd_per_month = lines.iter().map(|l| l.usd_per_month).sum();
        RouteCost {
            lines,
            total_usd_per_month,
        }
    }

    /// USD a month for one service (0 when the route does not use it).
    pub fn service_total(&self, service: Service) -> f64 {
        self.lines
            .iter()
            .filter(|l| l.service == service)
            .map(|l| l.usd_per_month)
            .sum()
    }

    /// Whether the route has any line for `service`.
    pub fn uses(&self, service: Service) -> bool {
        self.lines.iter().any(|l| l.service == service)
    }
}

/// A provisioned stream: shard-hours, PUT payload units (`put_units_per_write` is the mix's
/// average of per-record rounded units), and retention beyond 24 h for records of
/// `stored_bytes_per_s`.
pub fn kinesis_provisioned(
    shards: f64,
    avg_writes_per_s: f64,
    put_units_per_write: f64,
    retention_hours: f64,
    stored_bytes_per_s: f64,
    p: &PriceTable,
) -> Vec<CostLine> {
    let shard_hours = shards * HOURS_PER_MONTH;
    let units = avg_writes_per_s * SECONDS_PER_MONTH * put_units_per_write;
    let mut lines = vec![
        line(
            Service::KinesisDataStreams,
            "shard-hours",
            shard_hours,
            "shard-hour",
            shard_hours * p.kinesis_shard_hour,
        ),
        line(
            Service::KinesisDataStreams,
            "PUT payload units (25 KB, rounded up per record)",
            units,
            "unit",
            units / 1e6 * p.kinesis_put_payload_units_per_million,
        ),
    ];
    if retention_hours > BASE_RETENTION_HOURS {
        lines.push(line(
            Service::KinesisDataStreams,
            "extended retention (24 h to 7 days)",
            shard_hours,
            "shard-hour",
            shard_hours * p.kinesis_extended_retention_shard_hour,
        ));
    }
    lines.extend(long_term_retention(retention_hours, stored_bytes_per_s, p));
    lines
}

fn long_term_retention(hours: f64, bytes_per_s: f64, p: &PriceTable) -> Option<CostLine> {
    (hours > EXTENDED_RETENTION_HOURS).then(|| {
        let gb = bytes_per_s * (hours - EXTENDED_RETENTION_HOURS) * 3600.0 / GB;
        line(
            Service::KinesisDataStreams,
            "long-term retention (beyond 7 days), GB held",
            gb,
            "GB-month",
            gb * p.kinesis_long_term_retention_gb_month,
        )
    })
}

/// An on-demand stream: stream-hours, ingest (`ingest_bytes_per_write`: each record rounded
/// up to 1 KB, mix average), retrieval (`data_bytes_per_write` once per consumer) and
/// retention beyond 24 h.
pub fn kinesis_on_demand(
    avg_writes_per_s: f64,
    ingest_bytes_per_write: f64,
    data_bytes_per_write: f64,
    consumers: f64,
    retention_hours: f64,
    p: &PriceTable,
) -> Vec<CostLine> {
    let writes = avg_writes_per_s * SECONDS_PER_MONTH;
    let ingest_gb = writes * ingest_bytes_per_write / GB;
    let retrieval_gb = consumers * writes * data_bytes_per_write / GB;
    let stored_bytes_per_s = avg_writes_per_s * data_bytes_per_write;
    let mut lines = vec![
        line(
            Service::KinesisDataStreams,
            "stream-hours (on-demand)",
            HOURS_PER_MONTH,
            "stream-hour",
            HOURS_PER_MONTH * p.kinesis_on_demand_stream_hour,
        ),
        line(
            Service::KinesisDataStreams,
            "data ingested (records rounded up to 1 KB)",
            ingest_gb,
            "GB",
            ingest_gb * p.kinesis_on_demand_ingest_gb,
        ),
        line(
            Service::KinesisDataStreams,
            "data retrieved (once per consumer)",
            retrieval_gb,
            "GB",
            retrieval_gb * p.kinesis_on_demand_retrieval_gb,
        ),
    ];
    if retention_hours > BASE_RETENTION_HOURS {
        let hours = retention_hours.min(EXTENDED_RETENTION_HOURS) - BASE_RETENTION_HOURS;
        let gb = stored_bytes_per_s * hours * 3600.0 / GB;
        lines.push(line(
            Service::KinesisDataStreams,
            "extended retention (24 h to 7 days), GB held",
            gb,
            "GB-month",
            gb * p.kinesis_on_demand_extended_retention_gb_month,
        ));
    }
    lines.extend(long_term_retention(retention_hours, stored_bytes_per_s, p));
    lines
}

/// DynamoDB change data capture units for Kinesis (`units_per_write`: 1 KB of the larger
/// image, rounded up per item, mix average).
pub fn dynamodb_cdc(avg_writes_per_s: f64, units_per_write: f64, p: &PriceTable) -> CostLine {
    let units = avg_writes_per_s * SECONDS_PER_MONTH * units_per_write;
    line(
        Service::DynamoDb,
        "change data capture units (1 KB of larger image, rounded up)",
        units,
        "CDC unit",
        units / 1e6 * p.dynamodb_cdc_units_per_million,
    )
}

/// DynamoDB Streams read by a Lambda event source mapping: free.
pub fn dynamodb_streams_lambda_reads(avg_writes_per_s: f64) -> CostLine {
    line(
        Service::DynamoDbStreams,
        "GetRecords by Lambda (free)",
        avg_writes_per_s * SECONDS_PER_MONTH,
        "change record",
        0.0,
    )
}

/// Firehose ingestion (`billed_bytes_per_write`: each record rounded up to 5 KB, mix average).
pub fn firehose_ingest(
    avg_writes_per_s: f64,
    billed_bytes_per_write: f64,
    source: &str,
    p: &PriceTable,
) -> CostLine {
    let gb = avg_writes_per_s * SECONDS_PER_MONTH * billed_bytes_per_write / GB;
    line(
        Service::Firehose,
        &format!("ingestion, {source} (records rounded up to 5 KB)"),
        gb,
        "GB",
        gb * p.firehose_ingest_gb,
    )
}

/// A function's requests and GB-seconds: `invocations_per_s` invocations, each billed
/// `billed_ms` at `memory_mb`.
pub fn lambda(
    function: &str,
    invocations_per_s: f64,
    billed_ms: f64,
    memory_mb: f64,
    arm64: bool,
    p: &PriceTable,
) -> Vec<CostLine> {
    let invocations = invocations_per_s * SECONDS_PER_MONTH;
    let gb_s = invocations * billed_ms / 1000.0 * memory_mb / 1024.0;
    let rate = if arm64 {
        p.lambda_gb_second_arm64
    } else {
        p.lambda_gb_second_x86_64
    };
    vec![
        line(
            Service::Lambda,
            &format!("{function} requests"),
            invocations,
            "request",
            invocations / 1e6 * p.lambda_requests_per_million,
        ),
        line(
            Service::Lambda,
            &format!("{function} duration (rounded up to 1 ms)"),
            gb_s,
            "GB-s",
            gb_s * rate,
        ),
    ]
}

/// S3: one PUT per object (`objects_per_s` buffer flushes) and the month's growth in storage
/// (`stored_bytes_per_s` after compression), priced for one month.
pub fn s3(objects_per_s: f64, stored_bytes_per_s: f64, p: &PriceTable) -> Vec<CostLine> {
    let puts = objects_per_s * SECONDS_PER_MONTH;
    let gb = stored_bytes_per_s * SECONDS_PER_MONTH / GB;
    vec![
        line(
            Service::S3,
            "PUT requests (one per object)",
            puts,
            "request",
            puts / 1000.0 * p.s3_put_requests_per_thousand,
        ),
        line(
            Service::S3,
            "storage added per month (each month adds this much)",
            gb,
            "GB-month",
            gb * p.s3_storage_gb_month,
        ),
    ]
}
