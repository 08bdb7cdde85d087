//! `AWS::DynamoDB::Table`.

use super::TableRef;
use super::{Attribute, GlobalSecondaryIndex, Projection};
use crate::kinesis::StreamRef;
use crate::kms::KeyRef;
use crate::private::{generated_name, validate};
use ferrocdk_core::rules;
use ferrocdk_core::{
    Common, Construct, ConstructProps, RemovalPolicy, Resource, SynthContext, Target, Val,
};
use serde_json::{json, Map, Value};

/// Capacity mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Billing {
    /// `PAY_PER_REQUEST` (the default): no capacity to plan.
    OnDemand,
    /// `PROVISIONED` with read and write capacity units (≥ 1 each).
    Provisioned {
        /// Read capacity units.
        read: u32,
        /// Write capacity units.
        write: u32,
    },
}

/// What the DynamoDB stream (the DynamoDB Streams route) carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)
)]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum StreamViewType {
    /// `KEYS_ONLY`.
    KeysOnly,
    /// `NEW_IMAGE`.
    NewImage,
    /// `OLD_IMAGE`.
    OldImage,
    /// `NEW_AND_OLD_IMAGES` — what a change log needs.
    NewAndOldImages,
}

impl StreamViewType {
    /// The CloudFormation name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            StreamViewType::KeysOnly => "KEYS_ONLY",
            StreamViewType::NewImage => "NEW_IMAGE",
            StreamViewType::OldImage => "OLD_IMAGE",
            StreamViewType::NewAndOldImages => "NEW_AND_OLD_IMAGES",
        }
    }
}

/// Precision of `ApproximateCreationDateTime` in the records DynamoDB writes to Kinesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)
)]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum TimestampPrecision {
    /// Milliseconds (the default).
    Millisecond,
    /// Microseconds.
    Microsecond,
}

impl TimestampPrecision {
    /// The API name (`MILLISECOND`, `MICROSECOND`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            TimestampPrecision::Millisecond => "MILLISECOND",
            TimestampPrecision::Microsecond => "MICROSECOND",
        }
    }
}

/// Encryption at rest of a table. Every table is encrypted; this picks the key.
#[derive(Debug, Clone, PartialEq)]
pub enum TableEncryption {
    /// An AWS-owned key (the default; no KMS charges).
    AwsOwned,
    /// The AWS-managed key `aws/dynamodb` (KMS charges apply).
    AwsManaged,
    /// A customer-managed key.
    CustomerManaged(KeyRef),
}

/// Storage class of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)
)]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum TableClass {
    /// `STANDARD` (the default).
    Standard,
    /// `STANDARD_INFREQUENT_ACCESS`.
    StandardInfrequentAccess,
}

/// A DynamoDB table — the source of the change log.
///
/// Defaults: on-demand billing, point-in-time recovery on, encrypted with an AWS-owned key,
/// retained on stack deletion (a replaced or deleted table is a new, empty table). Only key
/// attributes are declared (`AttributeDefinitions` from the table's and indexes' keys).
///
/// ```
/// use ferrocdk_aws::dynamodb::{Attribute, Table};
/// use ferrocdk_aws::kinesis::KinesisStream;
/// use ferrocdk_core::Stack;
/// let mut stack = Stack::new("Demo");
/// let stream = stack.add(KinesisStream::new("Changes"));
/// let table = stack.add(Table::new("Orders", Attribute::string("pk")).sort_key(Attribute::number("sk")).kinesis_stream(&stream));
/// stack.output("TableArn", table.arn());
/// assert!(stack.synth()?.to_json_pretty().contains("KinesisStreamSpecification"));
/// # Ok::<(), ferrocdk_core::SynthError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Table {
    id: String,
    common: Common,
    partition_key: Attribute,
    sort_key: Option<Attribute>,
    name: Option<Val<String>>,
    billing: Billing,
    indexes: Vec<GlobalSecondaryIndex>,
    stream: Option<StreamViewType>,
    kinesis: Option<StreamRef>,
    precision: TimestampPrecision,
    pitr: bool,
    encryption: TableEncryption,
    ttl: Option<String>,
    deletion_protection: bool,
    class: TableClass,
    removal: RemovalPolicy,
}

impl Table {
    /// A table with construct id `id` and its partition key.
    pub fn new(id: impl Into<String>, partition_key: Attribute) -> Self {
        Table {
            id: id.into(),
            common: Common::default(),
            partition_key,
            sort_key: None,
            name: None,
            billing: Billing::OnDemand,
            indexes: Vec::new(),
            stream: None,
            kinesis: None,
            precision: TimestampPrecision::Millisecond,
            pitr: true,
            encryption: TableEncryption::AwsOwned,
            ttl: None,
            deletion_protection: false,
            class: TableClass::Standard,
            removal: RemovalPolicy::Retain,
        }
    }

    /// The sort key. Default: none.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-keyschema>
    pub fn sort_key(mut self, key: Attribute) -> Self {
        self.sort_key = Some(key);
        self
    }

    /// `TableName` (3–255 of `[a-zA-Z0-9_.-]`). Default: generated (a changed name replaces
    /// the table with a new, empty one).
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-tablename>
    pub fn table_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// `BillingMode` and `ProvisionedThroughput`. Default: [`Billing::OnDemand`].
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-billingmode>
    pub fn billing(mut self, billing: Billing) -> Self {
        self.billing = billing;
        self
    }

    /// Adds a global secondary index (at most 20). Default: none.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-globalsecondaryindexes>
    pub fn global_secondary_index(mut self, index: GlobalSecondaryIndex) -> Self {
        self.indexes.push(index);
        self
    }

    /// Turns on the table's DynamoDB stream (`StreamSpecification`) — the DynamoDB Streams
    /// route. Default: no stream.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-streamspecification>
    pub fn stream(mut self, view: StreamViewType) -> Self {
        self.stream = Some(view);
        self
    }

    /// Streams every change to this Kinesis stream (`KinesisStreamSpecification`) — the
    /// Kinesis route. Timestamps in milliseconds; see [`Table::kinesis_precision`]. Default: none.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-kinesisstreamspecification>
    pub fn kinesis_stream(mut self, stream: &StreamRef) -> Self {
        self.kinesis = Some(stream.clone());
        self
    }

    /// `ApproximateCreationDateTimePrecision` of the Kinesis records. Default: milliseconds.
    /// Has effect only with [`Table::kinesis_stream`] (in either order).
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-kinesisstreamspecification.html#cfn-dynamodb-table-kinesisstreamspecification-approximatecreationdatetimeprecision>
    pub fn kinesis_precision(mut self, precision: TimestampPrecision) -> Self {
        self.precision = precision;
        self
    }

    /// `PointInTimeRecoverySpecification`. Default: on.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-pointintimerecoveryspecification>
    pub fn point_in_time_recovery(mut self, on: bool) -> Self {
        self.pitr = on;
        self
    }

    /// `SSESpecification`. Default: [`TableEncryption::AwsOwned`].
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-ssespecification>
    pub fn encryption(mut self, encryption: TableEncryption) -> Self {
        self.encryption = encryption;
        self
    }

    /// `TimeToLiveSpecification` on this attribute (epoch seconds). Default: no TTL. Deletes
    /// made by TTL appear in the change log with `isTtlDelete: true`.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-timetolivespecification>
    pub fn time_to_live_attribute(mut self, attribute: impl Into<String>) -> Self {
        self.ttl = Some(attribute.into());
        self
    }

    /// `DeletionProtectionEnabled`. Default: off (the table is retained on stack deletion anyway).
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-deletionprotectionenabled>
    pub fn deletion_protection(mut self, on: bool) -> Self {
        self.deletion_protection = on;
        self
    }

    /// `TableClass`. Default: [`TableClass::Standard`].
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-tableclass>
    pub fn table_class(mut self, class: TableClass) -> Self {
        self.class = class;
        self
    }

    /// `DeletionPolicy` and `UpdateReplacePolicy`. Default: [`RemovalPolicy::Retain`].
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html>
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-updatereplacepolicy.html>
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.removal = policy;
        self
    }

    fn key_schema(pk: &Attribute, sk: Option<&Attribute>) -> Value {
        let mut ks = vec![json!({ "AttributeName": pk.name, "KeyType": "HASH" })];
        if let Some(sk) = sk {
            ks.push(json!({ "AttributeName": sk.name, "KeyType": "RANGE" }));
        }
        Value::Array(ks)
    }

    fn check_attribute(ctx: &mut SynthContext<'_>, property: &str, a: &Attribute) {
        let len = a.name.chars().count();
        if !(1..=255).contains(&len) {
            ctx.error(
                &rules::DYNAMODB_ATTRIBUTE_NAME,
                property,
                format!("{:?}", a.name),
                "1–255 characters",
            );
        }
    }

    fn check_capacity(ctx: &mut SynthContext<'_>, property: &str, read: u32, write: u32) {
        if read == 0 || write == 0 {
            ctx.error(
                &rules::DYNAMODB_CAPACITY,
                property,
                format!("ReadCapacityUnits {read}, WriteCapacityUnits {write}"),
                "at least 1 unit each for a provisioned table",
            );
        }
    }
}

impl ConstructProps for Table {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }
}

impl Construct for Table {
    type Handle = TableRef;

    fn id(&self) -> &str {
        &self.id
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn handle(&self, target: Target) -> TableRef {
        TableRef::owned(
            target,
            self.stream,
            match &self.encryption {
                TableEncryption::CustomerManaged(key) => Some(key.clone()),
                _ => None,
            },
        )
        .with_key_schema(self.partition_key.clone(), self.sort_key.clone())
        .streaming_to_kinesis(self.kinesis.is_some())
    }

    fn synth(&self, ctx: &mut SynthContext<'_>) {
        let mut r = Resource::new("AWS::DynamoDB::Table");
        if let Some(name) = &self.name {
            validate::name(
                ctx,
                &rules::DYNAMODB_TABLE_NAME,
                "TableName",
                name,
                (3, 255),
                validate::name_char,
                "[a-zA-Z0-9_.-]",
            );
            r = r.prop("TableName", ctx.value("TableName", name));
        }

        // Attribute definitions: every key attribute of the table and its indexes, once.
        let mut keys: Vec<(&Attribute, String)> = vec![(&self.partition_key, "KeySchema.0".into())];
        if let Some(sk) = &self.sort_key {
            if sk.name == self.partition_key.name {
                ctx.error(
                    &rules::DYNAMODB_KEY_SCHEMA,
                    "KeySchema.1",
                    format!("{:?}", sk.name),
                    "a sort key different from the partition key",
                );
            }
            keys.push((sk, "KeySchema.1".into()));
        }
        for (i, gsi) in self.indexes.iter().enumerate() {
            keys.push((
                &gsi.partition_key,
                format!("GlobalSecondaryIndexes.{i}.KeySchema.0"),
            ));
            if let Some(sk) = &gsi.sort_key {
                keys.push((sk, format!("GlobalSecondaryIndexes.{i}.KeySchema.1")));
            }
        }
        let mut all_defs: Vec<&Attribute> = Vec::new();
        for (a, property) in keys {
            Self::check_attribute(ctx, &property, a);
            match all_defs.iter().find(|d| d.name == a.name) {
                Some(d) if d.ty != a.ty => ctx.error(
                    &rules::DYNAMODB_ATTRIBUTE_TYPE,
                    &property,
                    format!(
                        "{:?} as {}, already declared as {}",
                        a.name,
                        a.ty.as_str(),
                        d.ty.as_str()
                    ),
                    "one type per attribute name across the table and its indexes",
                ),
                Some(_) => {}
                None => all_defs.push(a),
            }
        }
        r = r.prop(
            "AttributeDefinitions",
            Value::Array(
                all_defs
                    .iter()
                    .map(|a| json!({ "AttributeName": a.name, "AttributeType": a.ty.as_str() }))
                    .collect(),
            ),
        );
        r = r.prop(
            "KeySchema",
            Self::key_schema(&self.partition_key, self.sort_key.as_ref()),
        );

        match self.billing {
            Billing::OnDemand => r = r.prop("BillingMode", "PAY_PER_REQUEST"),
            Billing::Provisioned { read, write } => {
                Self::check_capacity(ctx, "ProvisionedThroughput", read, write);
                r = r.prop("BillingMode", "PROVISIONED").prop(
                    "ProvisionedThroughput",
                    json!({ "ReadCapacityUnits": read, "WriteCapacityUnits": write }),
                );
            }
        }

        if !self.indexes.is_empty() {
            if self.indexes.len() > 20 {
                ctx.error(
                    &rules::DYNAMODB_GSI_COUNT,
                    "GlobalSecondaryIndexes",
                    format!("{} indexes", self.indexes.len()),
                    "at most 20 global secondary indexes",
                );
            }
            let mut seen: Vec<&str> = Vec::new();
            let mut projected = 0usize;
            let mut list = Vec::new();
            for (i, gsi) in self.indexes.iter().enumerate() {
                let property = format!("GlobalSecondaryIndexes.{i}");
                let n = &gsi.name;
                if !(3..=255).contains(&n.chars().count()) || !n.chars().all(validate::name_char) {
                    ctx.error(
                        &rules::DYNAMODB_GSI_NAME,
                        &format!("{property}.IndexName"),
                        format!("{n:?}"),
                        "3–255 characters of [a-zA-Z0-9_.-]",
                    );
                }
                if seen.contains(&n.as_str()) {
                    ctx.error(
                        &rules::DYNAMODB_GSI_NAME,
                        &format!("{property}.IndexName"),
                        format!("{n:?} twice"),
                        "unique index names",
                    );
                }
                seen.push(n);
                let mut m = Map::new();
                m.insert("IndexName".into(), json!(n));
                m.insert(
                    "KeySchema".into(),
                    Self::key_schema(&gsi.partition_key, gsi.sort_key.as_ref()),
                );
                let projection = match &gsi.projection {
                    Projection::All => json!({ "ProjectionType": "ALL" }),
                    Projection::KeysOnly => json!({ "ProjectionType": "KEYS_ONLY" }),
                    Projection::Include(attrs) => {
                        projected += attrs.len();
                        if attrs.is_empty() {
                            ctx.error(
                                &rules::DYNAMODB_GSI_PROJECTION,
                                &format!("{property}.Projection"),
                                "INCLUDE with no attributes",
                                "at least one non-key attribute (or KeysOnly)",
                            );
                        }
                        json!({ "ProjectionType": "INCLUDE", "NonKeyAttributes": attrs })
                    }
                };
                m.insert("Projection".into(), projection);
                match (self.billing, gsi.capacity) {
                    (Billing::Provisioned { .. }, Some((read, write))) => {
                        Self::check_capacity(ctx, &format!("{property}.ProvisionedThroughput"), read, write);
                        m.insert("ProvisionedThroughput".into(), json!({ "ReadCapacityUnits": read, "WriteCapacityUnits": write }));
                    }
                    (Billing::Provisioned { .. }, None) => ctx.error(
                        &rules::DYNAMODB_GSI_CAPACITY,
                        &format!("{property}.ProvisionedThroughput"),
                        "no capacity",
                        "read and write capacity for every index of a provisioned table (.capacity(read, write))",
                    ),
                    (Billing::OnDemand, Some((read, write))) => ctx.error(
                        &rules::DYNAMODB_GSI_CAPACITY,
                        &format!("{property}.ProvisionedThroughput"),
                        format!("read {read}, write {write}"),
                        "no capacity on an index of an on-demand table",
                    ),
                    (Billing::OnDemand, None) => {}
                }
                list.push(Value::Object(m));
            }
            if projected > 100 {
                ctx.error(
                    &rules::DYNAMODB_GSI_PROJECTION,
                    "GlobalSecondaryIndexes",
                    format!("{projected} projected non-key attributes"),
                    "at most 100 across all indexes",
                );
            }
            r = r.prop("GlobalSecondaryIndexes", Value::Array(list));
        }

        if let Some(view) = self.stream {
            r = r.prop(
                "StreamSpecification",
                json!({ "StreamViewType": view.as_str() }),
            );
        }
        if let Some(stream) = &self.kinesis {
            stream.check(ctx, "KinesisStreamSpecification.StreamArn");
            stream.require_reader(ctx, "KinesisStreamSpecification.StreamArn");
            let arn = ctx.value("KinesisStreamSpecification.StreamArn", &stream.arn());
            let p = self.precision.as_str();
            r = r.prop(
                "KinesisStreamSpecification",
                json!({ "StreamArn": arn, "ApproximateCreationDateTimePrecision": p }),
            );
            if self.name.is_none() {
                generated_name::table_writes(ctx, &stream.key_for_tally(ctx), &self.id);
            }
        }
        r = r.prop(
            "PointInTimeRecoverySpecification",
            json!({ "PointInTimeRecoveryEnabled": self.pitr }),
        );
        if !self.pitr {
            r = r.checkov_skip(
                "CKV_AWS_28",
                "point-in-time recovery turned off by the stack's author \
                 (.point_in_time_recovery(false))",
            );
        }
        if !matches!(self.encryption, TableEncryption::CustomerManaged(_)) {
            r = r.checkov_skip(
                "CKV_AWS_119",
                "encrypted at rest with an AWS key; TableEncryption::CustomerManaged uses a \
                 customer-managed key",
            );
        }
        match &self.encryption {
            TableEncryption::AwsOwned => {}
            TableEncryption::AwsManaged => {
                r = r.prop(
                    "SSESpecification",
                    json!({ "SSEEnabled": true, "SSEType": "KMS" }),
                )
            }
            TableEncryption::CustomerManaged(key) => {
                key.check(ctx, "SSESpecification.KMSMasterKeyId");
                let k = ctx.value("SSESpecification.KMSMasterKeyId", &key.arn());
                r = r.prop(
                    "SSESpecification",
                    json!({ "SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": k }),
                );
            }
        }
        if let Some(attr) = &self.ttl {
            if !(1..=255).contains(&attr.chars().count()) {
                ctx.error(
                    &rules::DYNAMODB_ATTRIBUTE_NAME,
                    "TimeToLiveSpecification.AttributeName",
                    format!("{attr:?}"),
                    "1–255 characters",
                );
            }
            r = r.prop(
                "TimeToLiveSpecification",
                json!({ "AttributeName": attr, "Enabled": true }),
            );
        }
        if self.deletion_protection {
            r = r.prop("DeletionProtectionEnabled", true);
        }
        if self.class == TableClass::StandardInfrequentAccess {
            r = r.prop("TableClass", "STANDARD_INFREQUENT_ACCESS");
        }
        ctx.define(
            ctx.logical_id().to_owned(),
            r.removal(self.removal).taggable(),
        );
    }
}
