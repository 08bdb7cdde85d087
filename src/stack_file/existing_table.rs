//! `ExistingTable`: a DynamoDB table that already exists (defines nothing; referred to by id
//! like a `Table`).

use super::build::Builder;
use super::resolve::Handle;
use super::*;
use ferrocdk_aws::dynamodb::{StreamViewType, Table};
use ferrocdk_core::rules;
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
    /// The customer-managed KMS key the table is encrypted with (the id of a `Key` defined
    /// before, or a key ARN; `aws dynamodb describe-table --query
    /// Table.SSEDescription.KMSMasterKeyArn` prints it), so that readers of its stream (a
    /// `Forwarder`) are granted `kms:Decrypt` and `kms:DescribeKey` on it. Default: none (an
    /// AWS-owned or AWS-managed key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<StringValue>,
}

/// An existing table's DynamoDB stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExistingTableStream {
    /// The stream ARN (`arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>`) or
    /// an expression.
    pub arn: StringValue,
    /// What the stream carries.
    pub view_type: StreamViewType,
}

impl ExistingTableProps {
    /// The table's handle (nothing is added to the stack); `None` when a value could not be
    /// resolved (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        let p = self;
        let table = match (&p.table_name, &p.table_arn) {
            (Some(name), None) => Table::from_name(b.expr(b.at("tableName"), name)?),
            (None, Some(arn)) => Table::from_arn(b.expr(b.at("tableArn"), arn)?),
            (name, _) => {
                b.report(
                    &rules::FILE_VALUE,
                    b.at("tableName"),
                    if name.is_some() {
                        "an ExistingTable with tableName and tableArn"
                    } else {
                        "an ExistingTable with neither tableName nor tableArn"
                    },
                    "exactly one of tableName and tableArn",
                );
                return None;
            }
        };
        let table = match &p.stream {
            Some(s) => table.with_stream(b.expr(b.at("stream.arn"), &s.arn)?, s.view_type),
            None => table,
        };
        Some(Handle::Table(match &p.key {
            Some(k) => table.with_key(&b.key_ref(b.at("key"), k)?),
            None => table,
        }))
    }
}
