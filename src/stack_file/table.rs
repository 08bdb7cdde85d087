//! `Table`: a DynamoDB table.

use super::build::Builder;
use super::construct::{common, construct_props};
use super::resolve::Handle;
use super::*;
use ferrocdk_aws::dynamodb::{
    Attribute, AttributeType, Billing, GlobalSecondaryIndex, Projection, StreamViewType, Table,
    TableClass, TableEncryption, TimestampPrecision,
};
use ferrocdk_core::RemovalPolicy;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

construct_props! {
    /// A DynamoDB table. Defaults: on-demand billing, point-in-time recovery on, encrypted
    /// with an AWS-owned key, retained on stack deletion. Only key attributes are declared.
    pub struct TableProps {
        required {
            /// The partition key (required).
            partition_key: KeyAttribute,
        }
        optional {
            /// The sort key. Default: none.
            sort_key: KeyAttribute,
            /// `TableName` (3–255 of `[a-zA-Z0-9_.-]`). Default: generated (a changed name
            /// replaces the table with a new, empty one).
            #[schemars(extend("pattern" = "^[a-zA-Z0-9_.-]{3,255}$"))]
            table_name: StringValue,
            /// Capacity mode: `"onDemand"` or `{"provisioned": {"read": R, "write": W}}`.
            /// Default: `"onDemand"`.
            billing: BillingSpec,
            /// Global secondary indexes (at most 20). Default: none.
            #[schemars(length(max = 20))]
            global_secondary_indexes: Vec<IndexProps>,
            /// Turns on the table's DynamoDB stream with this view (`StreamSpecification`) — the
            /// DynamoDB Streams route; a `Forwarder` needs `"NEW_AND_OLD_IMAGES"`. Default: no stream.
            stream: StreamViewType,
            /// Streams every change to this Kinesis stream (`KinesisStreamSpecification`) — the
            /// Kinesis route. Default: none.
            kinesis_stream: StreamReference,
            /// `ApproximateCreationDateTimePrecision` of the Kinesis records (with
            /// `kinesisStream`). Default: `"MILLISECOND"`.
            kinesis_precision: TimestampPrecision,
            /// `PointInTimeRecoverySpecification`. Default: `true`.
            point_in_time_recovery: bool,
            /// Encryption at rest: `"awsOwned"`, `"awsManaged"` or `{"customerManaged": "<key>"}`
            /// (the id of a `Key` defined before, or a key ARN). Default: `"awsOwned"` (no KMS
            /// charges).
            encryption: TableEncryptionSpec,
            /// `TimeToLiveSpecification` on this attribute (epoch seconds). Default: no TTL.
            /// Deletes made by TTL appear in the change log with `isTtlDelete: true`.
            #[schemars(length(min = 1, max = 255))]
            time_to_live_attribute: String,
            /// `DeletionProtectionEnabled`. Default: `false` (the table is retained on stack
            /// deletion anyway).
            deletion_protection: bool,
            /// `TableClass`. Default: `"STANDARD"`.
            table_class: TableClass,
            /// `DeletionPolicy` and `UpdateReplacePolicy`. Default: `"Retain"`.
            removal_policy: RemovalPolicy,
        }
    }
}

/// A key attribute: name and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyAttribute {
    /// The attribute name (1–255 characters).
    #[schemars(length(min = 1, max = 255))]
    pub name: String,
    /// The attribute type: `"S"` (string), `"N"` (number) or `"B"` (binary).
    #[serde(rename = "type")]
    pub attribute_type: AttributeType,
}

impl KeyAttribute {
    /// A key attribute.
    #[must_use]
    pub fn new(name: impl Into<String>, attribute_type: AttributeType) -> Self {
        KeyAttribute {
            name: name.into(),
            attribute_type,
        }
    }
}

/// Capacity mode of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum BillingSpec {
    /// `PAY_PER_REQUEST`: no capacity to plan.
    OnDemand,
    /// `{"provisioned": {"read": R, "write": W}}`: `PROVISIONED` with read and write capacity
    /// units (≥ 1 each).
    Provisioned(Capacity),
}

/// Read and write capacity units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Capacity {
    /// Read capacity units (≥ 1).
    #[schemars(range(min = 1))]
    pub read: u32,
    /// Write capacity units (≥ 1).
    #[schemars(range(min = 1))]
    pub write: u32,
}

/// A global secondary index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IndexProps {
    /// The index name (3–255 of `[a-zA-Z0-9_.-]`).
    #[schemars(regex(pattern = r"^[a-zA-Z0-9_.-]{3,255}$"))]
    pub name: String,
    /// The index's partition key.
    pub partition_key: KeyAttribute,
    /// The index's sort key. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<KeyAttribute>,
    /// Which attributes the index copies: `"all"`, `"keysOnly"` or `{"include": [names…]}`.
    /// Default: `"all"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projection: Option<ProjectionSpec>,
    /// Read and write capacity units: required when the table is provisioned, not allowed
    /// when it is on-demand. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Capacity>,
}

/// Which attributes a global secondary index copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ProjectionSpec {
    /// Every attribute.
    All,
    /// Only the table's and the index's keys.
    KeysOnly,
    /// `{"include": [names…]}`: the keys plus these attributes.
    Include(Vec<String>),
}

/// Encryption at rest of a table (every table is encrypted; this picks the key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum TableEncryptionSpec {
    /// An AWS-owned key (no KMS charges).
    AwsOwned,
    /// The AWS-managed key `aws/dynamodb` (KMS charges apply).
    AwsManaged,
    /// `{"customerManaged": "<key>"}`: a customer-managed key (the id of a `Key` defined
    /// before, or a key ARN).
    CustomerManaged(StringValue),
}

impl TableProps {
    /// Where synth's findings on CloudFormation properties are placed in the file:
    /// `(property, member)`, `*` standing for a list index.
    pub(super) const PLACES: &'static [(&'static str, &'static str)] = &[
        ("TableName", "tableName"),
        ("KeySchema", "partitionKey"),
        ("KeySchema.0", "partitionKey"),
        ("KeySchema.1", "sortKey"),
        ("AttributeDefinitions", "partitionKey"),
        ("BillingMode", "billing"),
        ("ProvisionedThroughput", "billing"),
        ("GlobalSecondaryIndexes", "globalSecondaryIndexes"),
        ("GlobalSecondaryIndexes.*", "globalSecondaryIndexes[*]"),
        (
            "GlobalSecondaryIndexes.*.IndexName",
            "globalSecondaryIndexes[*].name",
        ),
        (
            "GlobalSecondaryIndexes.*.KeySchema",
            "globalSecondaryIndexes[*].partitionKey",
        ),
        (
            "GlobalSecondaryIndexes.*.Projection",
            "globalSecondaryIndexes[*].projection",
        ),
        (
            "GlobalSecondaryIndexes.*.ProvisionedThroughput",
            "globalSecondaryIndexes[*].capacity",
        ),
        ("StreamSpecification", "stream"),
        ("KinesisStreamSpecification", "kinesisStream"),
        (
            "KinesisStreamSpecification.ApproximateCreationDateTimePrecision",
            "kinesisPrecision",
        ),
        ("PointInTimeRecoverySpecification", "pointInTimeRecovery"),
        ("SSESpecification", "encryption"),
        ("TimeToLiveSpecification", "timeToLiveAttribute"),
        ("DeletionProtectionEnabled", "deletionProtection"),
        ("TableClass", "tableClass"),
    ];

    /// Adds the construct through its builder; `None` when a reference or value could not
    /// be resolved (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        let p = self;
        let mut ok = true;
        let mut t = common(
            Table::new(&p.id, attribute(&p.partition_key)),
            &p.logical_id,
            &p.tags,
        );
        if let Some(k) = &p.sort_key {
            t = t.sort_key(attribute(k));
        }
        if let Some(v) = b.opt_string(&mut ok, "tableName", &p.table_name) {
            t = t.table_name(v);
        }
        match p.billing {
            None => {}
            Some(BillingSpec::OnDemand) => t = t.billing(Billing::OnDemand),
            Some(BillingSpec::Provisioned(c)) => {
                t = t.billing(Billing::Provisioned {
                    read: c.read,
                    write: c.write,
                });
            }
        }
        for ix in p.global_secondary_indexes.iter().flatten() {
            let mut g = GlobalSecondaryIndex::new(&ix.name, attribute(&ix.partition_key));
            if let Some(k) = &ix.sort_key {
                g = g.sort_key(attribute(k));
            }
            match &ix.projection {
                None => {}
                Some(ProjectionSpec::All) => g = g.projection(Projection::All),
                Some(ProjectionSpec::KeysOnly) => g = g.projection(Projection::KeysOnly),
                Some(ProjectionSpec::Include(names)) => {
                    g = g.projection(Projection::Include(names.clone()));
                }
            }
            if let Some(c) = ix.capacity {
                g = g.capacity(c.read, c.write);
            }
            t = t.global_secondary_index(g);
        }
        if let Some(v) = p.stream {
            t = t.stream(v);
        }
        if let Some(r) = &p.kinesis_stream {
            let at = b.at("kinesisStream");
            match b.stream_ref(at, r) {
                Some(s) => t = t.kinesis_stream(&s),
                None => ok = false,
            }
        }
        if let Some(v) = p.kinesis_precision {
            t = t.kinesis_precision(v);
        }
        if let Some(v) = p.point_in_time_recovery {
            t = t.point_in_time_recovery(v);
        }
        match &p.encryption {
            None => {}
            Some(TableEncryptionSpec::AwsOwned) => t = t.encryption(TableEncryption::AwsOwned),
            Some(TableEncryptionSpec::AwsManaged) => t = t.encryption(TableEncryption::AwsManaged),
            Some(TableEncryptionSpec::CustomerManaged(k)) => {
                if let Some(key) = b.key(&mut ok, "encryption.customerManaged", k) {
                    t = t.encryption(TableEncryption::CustomerManaged(key));
                }
            }
        }
        if let Some(a) = &p.time_to_live_attribute {
            t = t.time_to_live_attribute(a.clone());
        }
        if let Some(v) = p.deletion_protection {
            t = t.deletion_protection(v);
        }
        if let Some(v) = p.table_class {
            t = t.table_class(v);
        }
        if let Some(r) = p.removal_policy {
            t = t.removal_policy(r);
        }
        ok.then(|| Handle::Table(b.stack.add(t)))
    }
}

fn attribute(a: &KeyAttribute) -> Attribute {
    Attribute::new(&a.name, a.attribute_type)
}
