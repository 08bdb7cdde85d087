//! The query layer in stack files: `ChangeLogTable` (Glue catalog) and `QueryWorkgroup`
//! (Athena workgroup and named queries).

use super::props::{construct_props, BucketReference};
use super::value::StringValue;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

construct_props! {
    /// A Glue database and table over a delivery stream's change lines, with Athena partition
    /// projection derived from the delivery stream's prefix.
    pub struct ChangeLogTableProps {
        required {
            /// The id of the `DeliveryStream` whose objects the table reads (its processor
            /// must be the built-in transform).
            delivery_stream: String,
            /// The DynamoDB tables whose changes reach that delivery stream (at least one):
            /// the named queries select each by name and identify items by its key.
            source_tables: Vec<SourceTableProps>,
        }
        optional {
            /// `DatabaseInput.Name` (1–255 of `[a-z0-9_]`). Default: the stack name in snake case.
            database_name: String,
            /// `TableInput.Name` (1–255 of `[a-z0-9_]`). Default: the id in snake case.
            table_name: String,
            /// The first projected day, `YYYY-MM-DD` (UTC): objects delivered before it are
            /// not seen by queries. Default: `"2025-01-01"`.
            projection_start: String,
            /// How many hours after its change time a change may arrive and still be found by
            /// the time-window queries of an arrival-time layout. Default: 24.
            max_arrival_delay_hours: u32,
        }
    }
}

/// A DynamoDB table of the file whose changes the log holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceTableProps {
    /// The id of a `Table` defined earlier in the file.
    pub table: String,
    /// Item attributes typed in the query results, by name, in order. Default: none (every
    /// image is still there as JSON text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<IndexMap<String, ColumnTypeSpec>>,
}

/// How a declared attribute is typed in query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ColumnTypeSpec {
    /// `varchar`.
    String,
    /// `boolean`.
    Boolean,
    /// `bigint`.
    #[serde(rename = "bigint")]
    BigInt,
    /// `double`.
    Double,
    /// The attribute's JSON text.
    Json,
    /// `{"decimal": {"precision": P, "scale": S}}`: an exact number (precision 1–38, scale
    /// 0–precision).
    Decimal(DecimalSpec),
}

/// The precision and scale of a decimal column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecimalSpec {
    /// Total digits, 1–38.
    pub precision: u8,
    /// Digits after the point.
    pub scale: u8,
}

construct_props! {
    /// An Athena workgroup (engine 3, results encrypted, settings enforced, bytes-scanned
    /// cutoff) with named queries for each source table of a `ChangeLogTable`: state as of a
    /// time, history of one item, changes between two times, TTL deletes.
    pub struct QueryWorkgroupProps {
        required {
            /// The id of the `ChangeLogTable` the queries read.
            catalog: String,
        }
        optional {
            /// Where query results go. Default: the change-log bucket, `athena-results/`.
            results_location: ResultsLocationProps,
            /// A customer-managed KMS key ARN for `SSE_KMS` results. Default: `SSE_S3`.
            results_key_arn: StringValue,
            /// `BytesScannedCutoffPerQuery` (at least 10,000,000). Default: 100,000,000,000.
            bytes_scanned_cutoff: u64,
            /// `Name` (1–128 of `[a-zA-Z0-9._-]`). Default: `<stack name>-<id>`.
            workgroup_name: String,
        }
    }
}

/// A bucket and prefix for query results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResultsLocationProps {
    /// The id of a `Bucket`, or `{"existingName": …}`.
    pub bucket: BucketReference,
    /// The key prefix, ending with `/` (e.g. `"athena-results/"`).
    pub prefix: String,
}

/// Parquet output of a delivery stream.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParquetProps {
    /// Attributes of the new image written as typed fields of the `newitem` struct column, by
    /// name, in order. Default: none (the images are JSON text columns either way).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<IndexMap<String, ColumnTypeSpec>>,
    /// `ParquetSerDe.Compression`. Default: `"SNAPPY"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<ParquetCompressionName>,
}

/// The Parquet serializer's compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum ParquetCompressionName {
    /// Snappy.
    Snappy,
    /// Gzip.
    Gzip,
    /// None.
    Uncompressed,
}
