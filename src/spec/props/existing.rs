//! Existing tables in stack files: `ExistingTable` (defines nothing; referred to by id like a
//! `Table`) and the built-in custom resources that serve one, `KinesisStreamingDestination`
//! (the Kinesis route) and `StreamLookup` (the DynamoDB Streams route).

use super::{StreamReference, StreamViewTypeName, TimestampPrecisionName};
use crate::spec::value::StringValue;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A DynamoDB table that already exists. It defines no resource: constructs after it refer to
/// it by id wherever a `Table` is accepted. Give exactly one of `tableName` and `tableArn`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExistingTableProps {
    /// The id other constructs refer to it by (no resource has it as logical ID).
    pub id: String,
    /// The table name (3–255 of `[a-zA-Z0-9_.-]`) or an expression; its ARN is built in the
    /// stack's partition, region and account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_name: Option<StringValue>,
    /// The table ARN (`arn:aws:dynamodb:<region>:<account>:table/<name>`) or an expression such
    /// as `{"importValue": …}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_arn: Option<StringValue>,
    /// The table's DynamoDB stream, when known (`aws dynamodb describe-table --query
    /// Table.LatestStreamArn`); a `StreamLookup` reads it at deploy time instead. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<ExistingTableStream>,
}

/// An existing table's DynamoDB stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExistingTableStream {
    /// The stream ARN (`arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>`) or
    /// an expression.
    pub arn: StringValue,
    /// What the stream carries.
    pub view_type: StreamViewTypeName,
}

construct_props! {
    /// Streams an existing table's changes to a Kinesis stream: a built-in custom resource
    /// (`Custom::KinesisStreamingDestination`) and its handler `<id>Handler`. It adopts a
    /// destination already active to this stream, never replaces one to another stream, and
    /// on delete disables only a destination it enabled.
    pub struct KinesisStreamingDestinationProps {
        required {
            /// The id of an `ExistingTable` defined before (required).
            table: String,
            /// The Kinesis stream: the id of a `KinesisStream` defined before, or
            /// `{"existingArn": …}` (required).
            stream: StreamReference,
        }
        optional {
            /// `ApproximateCreationDateTimePrecision`. Default: `"MILLISECOND"`.
            precision: TimestampPrecisionName,
            /// Disable the destination on delete when this resource enabled it. Default: `true`.
            disable_on_delete: bool,
            /// Ids of the Kinesis-fed `DeliveryStream`s to create first (`DependsOn`): Firehose
            /// reads from `LATEST`, so changes streamed before it exists are lost. Default: none.
            after: Vec<String>,
        }
    }
}

construct_props! {
    /// Reads an existing table's DynamoDB stream ARN at deploy time: a built-in custom resource
    /// (`Custom::TableStream`, changing nothing) and its handler `<id>Handler`. Constructs after
    /// it refer to it by id as the table with that stream (e.g. a `Forwarder`'s `table`).
    pub struct StreamLookupProps {
        required {
            /// The id of an `ExistingTable` defined before (required).
            table: String,
        }
        optional {
            /// The view type the stream must have (checked at deploy time). Default:
            /// `"NEW_AND_OLD_IMAGES"`.
            view_type: StreamViewTypeName,
        }
    }
}
