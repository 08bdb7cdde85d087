//! The price table: every rate the planner multiplies by, overridable from a JSON file.
//!
//! # JSON format
//!
//! One object with exactly these members (unknown members are rejected, missing ones too);
//! every price is a non-negative number in USD, `assumptions` a list of strings that the
//! report prints. `examples/prices-us-east-1.json` is the default table:
//!
//! ```json
//! {
//!   "region": "us-east-1",
//!   "as_of": "2024-07-01 (see each price's source)",
//!   "kinesis_shard_hour": 0.015,
//!   "kinesis_put_payload_units_per_million": 0.014,
//!   "kinesis_extended_retention_shard_hour": 0.02,
//!   "kinesis_long_term_retention_gb_month": 0.023,
//!   "kinesis_on_demand_stream_hour": 0.04,
//!   "kinesis_on_demand_ingest_gb": 0.08,
//!   "kinesis_on_demand_retrieval_gb": 0.04,
//!   "kinesis_on_demand_extended_retention_gb_month": 0.1,
//!   "dynamodb_cdc_units_per_million": 0.1,
//!   "firehose_ingest_gb": 0.029,
//!   "lambda_requests_per_million": 0.2,
//!   "lambda_gb_second_x86_64": 0.0000166667,
//!   "lambda_gb_second_arm64": 0.0000133334,
//!   "s3_put_requests_per_thousand": 0.005,
//!   "s3_storage_gb_month": 0.023,
//!   "assumptions": ["..."]
//! }
//! ```
//!
//! "GB" in a price is 2^30 bytes (AWS bills data volume in binary gigabytes); a month is
//! 730 hours. Tiered prices use their first tier only (Firehose: the first 500 TB/month;
//! Lambda: the first 6 billion GB-s); no free tier is subtracted.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{PlanError, Problems};

/// Every rate the planner uses, in USD. See the module docs for the JSON format and
/// [`PriceTable::us_east_1`] for the sourced defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceTable {
    /// Region code, e.g. `us-east-1` (also written into every modelled change record).
    pub region: String,
    /// When the prices were taken (free text).
    pub as_of: String,
    /// Kinesis provisioned: per shard-hour.
    pub kinesis_shard_hour: f64,
    /// Kinesis provisioned: per million PUT payload units (25 KB each, rounded up per record).
    pub kinesis_put_payload_units_per_million: f64,
    /// Kinesis provisioned: extended retention (24 h – 7 days), per shard-hour.
    pub kinesis_extended_retention_shard_hour: f64,
    /// Kinesis (both modes): long-term retention beyond 7 days, per GB-month stored.
    pub kinesis_long_term_retention_gb_month: f64,
    /// Kinesis on-demand: per stream-hour.
    pub kinesis_on_demand_stream_hour: f64,
    /// Kinesis on-demand: per GB ingested (each record rounded up to 1 KB).
    pub kinesis_on_demand_ingest_gb: f64,
    /// Kinesis on-demand: per GB retrieved, counted once per standard consumer.
    pub kinesis_on_demand_retrieval_gb: f64,
    /// Kinesis on-demand: extended retention (24 h – 7 days), per GB-month stored.
    pub kinesis_on_demand_extended_retention_gb_month: f64,
    /// DynamoDB: per million change data capture units (1 KB of the larger image, rounded up
    /// per item) for Kinesis Data Streams.
    pub dynamodb_cdc_units_per_million: f64,
    /// Firehose: per GB ingested, Direct PUT or Kinesis source (each record rounded up to 5 KB).
    pub firehose_ingest_gb: f64,
    /// Lambda: per million requests.
    pub lambda_requests_per_million: f64,
    /// Lambda x86_64: per GB-second (duration rounded up to 1 ms per invocation).
    pub lambda_gb_second_x86_64: f64,
    /// Lambda arm64: per GB-second.
    pub lambda_gb_second_arm64: f64,
    /// S3 Standard: per 1,000 PUT requests.
    pub s3_put_requests_per_thousand: f64,
    /// S3 Standard: per GB-month stored (first tier).
    pub s3_storage_gb_month: f64,
    /// Caveats about these prices, printed with every plan.
    pub assumptions: Vec<String>,
}

impl PriceTable {
    /// The prices as (name, value) pairs, in declaration order.
    pub fn rates(&self) -> [(&'static str, f64); 15] {
        [
            ("kinesis_shard_hour", self.kinesis_shard_hour),
            (
                "kinesis_put_payload_units_per_million",
                self.kinesis_put_payload_units_per_million,
            ),
            (
                "kinesis_extended_retention_shard_hour",
                self.kinesis_extended_retention_shard_hour,
            ),
            (
                "kinesis_long_term_retention_gb_month",
                self.kinesis_long_term_retention_gb_month,
            ),
            (
                "kinesis_on_demand_stream_hour",
                self.kinesis_on_demand_stream_hour,
            ),
            (
                "kinesis_on_demand_ingest_gb",
                self.kinesis_on_demand_ingest_gb,
            ),
            (
                "kinesis_on_demand_retrieval_gb",
                self.kinesis_on_demand_retrieval_gb,
            ),
            (
                "kinesis_on_demand_extended_retention_gb_month",
                self.kinesis_on_demand_extended_retention_gb_month,
            ),
            (
                "dynamodb_cdc_units_per_million",
                self.dynamodb_cdc_units_per_million,
            ),
            ("firehose_ingest_gb", self.firehose_ingest_gb),
            (
                "lambda_requests_per_million",
                self.lambda_requests_per_million,
            ),
            ("lambda_gb_second_x86_64", self.lambda_gb_second_x86_64),
            ("lambda_gb_second_arm64", self.lambda_gb_second_arm64),
            (
                "s3_put_requests_per_thousand",
                self.s3_put_requests_per_thousand,
            ),
            ("s3_storage_gb_month", self.s3_storage_gb_month),
        ]
    }

    /// Checks that every price is a finite, non-negative number and the region is a plausible
    /// region code.
    ///
    /// # Errors
    /// A [`PlanError`] listing every bad price.
    pub fn validate(&self) -> Result<(), PlanError> {
        let mut p = Problems::default();
        let region_ok = !self.region.is_empty()
            && self.region.len() <= 32
            && self
                .region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !region_ok {
            p.push(
                "region",
                format!(
                    "must be a region code like us-east-1, got {:?}",
                    self.region
                ),
            );
        }
        for (name, v) in self.rates() {
            p.non_negative(name, v);
        }
        p.into_result()
    }

    /// Parses a price table from JSON text (see the module docs) and validates it.
    ///
    /// ```
    /// use ferrocdk_plan::PriceTable;
    /// let text = PriceTable::us_east_1().to_json();
    /// let table = PriceTable::from_json_str(&text)?;
    /// assert_eq!(table, PriceTable::us_east_1());
    /// # Ok::<(), ferrocdk_plan::PlanError>(())
    /// ```
    ///
    /// # Errors
    /// A [`PlanError`] when the text is not valid JSON, has unknown or missing members, a
    /// member of the wrong type, or a price that is negative.
    pub fn from_json_str(text: &str) -> Result<Self, PlanError> {
        let table: PriceTable = serde_json::from_str(text)
            .map_err(|e| PlanError::single("prices", format!("not a valid price table: {e}")))?;
        table.validate()?;
        Ok(table)
    }

    /// Reads and parses a price file.
    ///
    /// # Errors
    /// A [`PlanError`] when the file cannot be read, or for any reason of
    /// [`PriceTable::from_json_str`].
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Self, PlanError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            PlanError::single("prices", format!("cannot read {}: {e}", path.display()))
        })?;
        Self::from_json_str(&text).map_err(|mut e| {
            for p in &mut e.problems {
                p.field = format!("{} ({})", p.field, path.display());
            }
            e
        })
    }

    /// The table as pretty-printed JSON (the format [`PriceTable::from_json_str`] reads),
    /// ending with a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
