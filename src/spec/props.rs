//! The constructs of a stack file: one props type per construct, mirroring its builder.

use super::value::{NumberValue, StringValue};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Defines a construct's props struct: `id`, its required members, its optional members
/// (each an `Option`, omitted when `None`), then the members every construct has
/// (`logicalId`, `tags`); and `new(id, required…)` with every option at its default.
macro_rules! construct_props {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            required {
                $(
                    $(#[$rmeta:meta])*
                    $rfield:ident : $rty:ty,
                )*
            }
            optional {
                $(
                    $(#[$ometa:meta])*
                    $ofield:ident : $oty:ty,
                )*
            }
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            /// The construct id: unique in the file, what other constructs and outputs use to
            /// refer to it, and the logical ID of its main resource (unless `logicalId` is set).
            /// Derived resources are named after it (`<id>Role`, `<id>LogGroup`, …).
            pub id: String,
            $(
                $(#[$rmeta])*
                pub $rfield: $rty,
            )*
            $(
                $(#[$ometa])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $ofield: Option<$oty>,
            )*
            /// Overrides the logical ID of the construct's main resource. Default: `id`.
            /// Derived resources follow it (`<logicalId>Role`, …). Changing a logical ID makes
            /// CloudFormation replace the resource.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub logical_id: Option<String>,
            /// Tags on every taggable resource of this construct (they win over stack tags
            /// with the same key). Default: only the stack's tags.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub tags: Option<IndexMap<String, String>>,
        }

        impl $name {
            /// Props with this construct id, the required values, and every option at its
            /// default.
            #[must_use]
            pub fn new(id: impl Into<String> $(, $rfield: $rty)*) -> Self {
                $name {
                    id: id.into(),
                    $($rfield,)*
                    $($ofield: None,)*
                    logical_id: None,
                    tags: None,
                }
            }
        }
    };
}

/// One construct of the stack, tagged by `type`. Constructs are added to the stack in file
/// order, which is also the order of their resources in the template; a construct may only
/// refer to constructs before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type")]
pub enum ConstructSpec {
    /// A Kinesis data stream (`AWS::Kinesis::Stream`) — the change feed of the Kinesis route.
    KinesisStream(KinesisStreamProps),
    /// A DynamoDB table (`AWS::DynamoDB::Table`) — the source of the change log.
    Table(TableProps),
    /// An S3 bucket for the change log, with a TLS-only bucket policy.
    Bucket(BucketProps),
    /// A Lambda function Firehose invokes to transform records: the built-in DynamoDB change
    /// shaping, or your own inline Python.
    TransformFunction(TransformFunctionProps),
    /// A Firehose delivery stream to S3: DirectPut, or fed by a Kinesis stream (`source`).
    DeliveryStream(DeliveryStreamProps),
    /// The DynamoDB Streams forwarder: a Lambda function fed by a table's stream that puts
    /// the shaped changes into a DirectPut delivery stream.
    Forwarder(ForwarderProps),
    /// The CloudWatch alarms AWS recommends for the watched constructs, notifying an SNS topic.
    Alarms(AlarmsProps),
    /// A customer-managed KMS key (`AWS::KMS::Key`) whose policy follows from its users; other
    /// constructs use it by id wherever they take a key.
    Key(KeyProps),
}

impl ConstructSpec {
    /// The construct id.
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            ConstructSpec::KinesisStream(p) => &p.id,
            ConstructSpec::Table(p) => &p.id,
            ConstructSpec::Bucket(p) => &p.id,
            ConstructSpec::TransformFunction(p) => &p.id,
            ConstructSpec::DeliveryStream(p) => &p.id,
            ConstructSpec::Forwarder(p) => &p.id,
            ConstructSpec::Alarms(p) => &p.id,
            ConstructSpec::Key(p) => &p.id,
        }
    }

    /// The `type` name of this construct.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            ConstructSpec::KinesisStream(_) => "KinesisStream",
            ConstructSpec::Table(_) => "Table",
            ConstructSpec::Bucket(_) => "Bucket",
            ConstructSpec::TransformFunction(_) => "TransformFunction",
            ConstructSpec::DeliveryStream(_) => "DeliveryStream",
            ConstructSpec::Forwarder(_) => "Forwarder",
            ConstructSpec::Alarms(_) => "Alarms",
            ConstructSpec::Key(_) => "Key",
        }
    }

    /// Every `type` name, in schema order.
    pub const TYPE_NAMES: [&'static str; 8] = [
        "KinesisStream",
        "Table",
        "Bucket",
        "TransformFunction",
        "DeliveryStream",
        "Forwarder",
        "Alarms",
        "Key",
    ];
}

/// Whether CloudFormation keeps or deletes a stateful resource when it leaves the stack or is
/// replaced (`DeletionPolicy` and `UpdateReplacePolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum RemovalPolicyName {
    /// Keep the resource and its data (the default of every stateful construct).
    Retain,
    /// Delete it with the stack.
    Delete,
}

// ---------------------------------------------------------------------------------------------
// Kinesis

construct_props! {
    /// A Kinesis data stream. Defaults: on-demand capacity, 24-hour retention, KMS encryption
    /// with the AWS-managed key, retained on stack deletion.
    pub struct KinesisStreamProps {
        required {
        }
        optional {
            /// `Name` (1–128 of `[a-zA-Z0-9_.-]`). Default: generated by CloudFormation (a changed
            /// name replaces the stream, so leaving it generated is safer).
            stream_name: StringValue,
            /// Capacity mode: `"onDemand"` or `{"provisioned": <shards>}`. Default: `"onDemand"`
            /// (no shard planning; a too-small provisioned stream throttles DynamoDB's writes).
            mode: StreamModeSpec,
            /// `RetentionPeriodHours`, 24–8760. Default: 24.
            retention_hours: NumberValue<u32>,
            /// Encryption at rest. Default: `"awsManaged"` (KMS with `alias/aws/kinesis`).
            encryption: StreamEncryptionSpec,
            /// `DeletionPolicy` and `UpdateReplacePolicy`. Default: `"Retain"`.
            removal_policy: RemovalPolicyName,
            /// The peak load the table puts on the stream, checked at synth against the shards
            /// and the consumers' shared reads. Default: unknown.
            expected_writes: ExpectedWritesProps,
            /// Standard (polling) consumers outside this file (a KCL application, a Lambda
            /// mapping): they share the shards' read budget. Default: 0.
            external_consumers: u32,
        }
    }
}

/// A stream's declared peak load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpectedWritesProps {
    /// Peak item writes per second on the table (each write is one change record).
    pub peak_writes_per_second: f64,
    /// Average item size in bytes (1 to 400 KB).
    pub item_bytes: f64,
}

/// Capacity mode of a Kinesis stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum StreamModeSpec {
    /// On-demand: capacity follows the write rate.
    OnDemand,
    /// `{"provisioned": N}`: a fixed number of shards (1–100,000), each 1 MB/s or 1,000
    /// records/s of writes and 2 MB/s of reads.
    Provisioned(NumberValue<u32>),
}

/// Encryption at rest of a Kinesis stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum StreamEncryptionSpec {
    /// KMS with the AWS-managed key `alias/aws/kinesis`.
    AwsManaged,
    /// `{"customerManaged": "<key>"}`: KMS with a customer-managed key — the id of a `Key`
    /// defined before, or a key ARN (not an alias); readers are granted `kms:Decrypt` on it.
    CustomerManaged(StringValue),
    /// No encryption at rest (reported as a warning).
    Unencrypted,
}

/// A Kinesis stream a construct reads or is written to: the id of a `KinesisStream` defined
/// before (a string), or an existing stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StreamReference {
    /// The id of a `KinesisStream` construct defined earlier in the file.
    Id(String),
    /// An existing stream, by ARN.
    Existing(ExistingStream),
}

/// An existing Kinesis stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExistingStream {
    /// The stream ARN (`arn:aws:kinesis:<region>:<account>:stream/<name>`), or an expression
    /// such as `{"importValue": …}`.
    pub existing_arn: StringValue,
    /// The customer-managed KMS key the stream is encrypted with (a key ARN, or the id of a
    /// `Key` defined before), so that readers are granted `kms:Decrypt` on it. Default: none
    /// (AWS-managed key or unencrypted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_arn: Option<StringValue>,
}

// ---------------------------------------------------------------------------------------------
// DynamoDB

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
            table_name: StringValue,
            /// Capacity mode: `"onDemand"` or `{"provisioned": {"read": R, "write": W}}`.
            /// Default: `"onDemand"`.
            billing: BillingSpec,
            /// Global secondary indexes (at most 20). Default: none.
            global_secondary_indexes: Vec<IndexProps>,
            /// Turns on the table's DynamoDB stream with this view (`StreamSpecification`) — the
            /// DynamoDB Streams route; a `Forwarder` needs `"NEW_AND_OLD_IMAGES"`. Default: no stream.
            stream: StreamViewTypeName,
            /// Streams every change to this Kinesis stream (`KinesisStreamSpecification`) — the
            /// Kinesis route. Default: none.
            kinesis_stream: StreamReference,
            /// `ApproximateCreationDateTimePrecision` of the Kinesis records (with
            /// `kinesisStream`). Default: `"MILLISECOND"`.
            kinesis_precision: TimestampPrecisionName,
            /// `PointInTimeRecoverySpecification`. Default: `true`.
            point_in_time_recovery: bool,
            /// Encryption at rest: `"awsOwned"`, `"awsManaged"` or `{"customerManaged": "<key>"}`
            /// (the id of a `Key` defined before, or a key ARN). Default: `"awsOwned"` (no KMS
            /// charges).
            encryption: TableEncryptionSpec,
            /// `TimeToLiveSpecification` on this attribute (epoch seconds). Default: no TTL.
            /// Deletes made by TTL appear in the change log with `isTtlDelete: true`.
            time_to_live_attribute: String,
            /// `DeletionProtectionEnabled`. Default: `false` (the table is retained on stack
            /// deletion anyway).
            deletion_protection: bool,
            /// `TableClass`. Default: `"STANDARD"`.
            table_class: TableClassName,
            /// `DeletionPolicy` and `UpdateReplacePolicy`. Default: `"Retain"`.
            removal_policy: RemovalPolicyName,
        }
    }
}

/// A key attribute: name and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyAttribute {
    /// The attribute name (1–255 characters).
    pub name: String,
    /// The attribute type: `"S"` (string), `"N"` (number) or `"B"` (binary).
    #[serde(rename = "type")]
    pub attribute_type: AttributeTypeName,
}

impl KeyAttribute {
    /// A key attribute.
    #[must_use]
    pub fn new(name: impl Into<String>, attribute_type: AttributeTypeName) -> Self {
        KeyAttribute {
            name: name.into(),
            attribute_type,
        }
    }
}

/// The type of a key attribute, as CloudFormation spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AttributeTypeName {
    /// String.
    S,
    /// Number.
    N,
    /// Binary.
    B,
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
    pub read: u32,
    /// Write capacity units (≥ 1).
    pub write: u32,
}

/// A global secondary index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IndexProps {
    /// The index name (3–255 of `[a-zA-Z0-9_.-]`).
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

/// What a table's DynamoDB stream carries, as CloudFormation spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StreamViewTypeName {
    /// `KEYS_ONLY`.
    KeysOnly,
    /// `NEW_IMAGE`.
    NewImage,
    /// `OLD_IMAGE`.
    OldImage,
    /// `NEW_AND_OLD_IMAGES` — what a change log needs.
    NewAndOldImages,
}

/// Precision of `ApproximateCreationDateTime` in the records DynamoDB writes to Kinesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TimestampPrecisionName {
    /// Milliseconds.
    Millisecond,
    /// Microseconds.
    Microsecond,
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

/// Storage class of a table, as CloudFormation spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TableClassName {
    /// `STANDARD`.
    Standard,
    /// `STANDARD_INFREQUENT_ACCESS`.
    StandardInfrequentAccess,
}

// ---------------------------------------------------------------------------------------------
// S3

construct_props! {
    /// An S3 bucket with safe defaults: SSE-S3, public access blocked, ACLs off, a TLS-only
    /// bucket policy, retained on stack deletion; versioning off.
    pub struct BucketProps {
        required {
        }
        optional {
            /// `BucketName` (3–63 of `[a-z0-9.-]`). Default: generated by CloudFormation (bucket
            /// names are global; a changed name replaces the bucket).
            bucket_name: StringValue,
            /// `VersioningConfiguration` `Enabled`. Default: `false`.
            versioned: bool,
            /// Lifecycle rules. Default: none (objects are kept forever).
            lifecycle_rules: Vec<LifecycleRuleProps>,
            /// Server-side encryption: `"s3Managed"` (SSE-S3) or `{"kms": "<key>"}` (SSE-KMS
            /// with an S3 Bucket Key; the id of a `Key` defined before, or a key ARN).
            /// Default: `"s3Managed"`.
            encryption: BucketEncryptionSpec,
            /// `DeletionPolicy` and `UpdateReplacePolicy`. Default: `"Retain"` (a non-empty
            /// bucket cannot be deleted by CloudFormation anyway).
            removal_policy: RemovalPolicyName,
        }
    }
}

/// Server-side encryption of a bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum BucketEncryptionSpec {
    /// SSE-S3 (`AES256`).
    S3Managed,
    /// `{"kms": "<key>"}`: SSE-KMS with this customer-managed key and an S3 Bucket Key; writers
    /// are granted `kms:Decrypt` and `kms:GenerateDataKey` on it through S3, for this bucket.
    Kms(StringValue),
}

/// One lifecycle rule: expire and/or transition objects under a prefix. At least one action
/// (`expirationDays`, `transitions`, `abortIncompleteMultipartDays`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LifecycleRuleProps {
    /// The rule's `Id` (1–255 characters).
    pub id: String,
    /// Only objects under this key prefix. Default: all objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `ExpirationInDays` (≥ 1, after every transition). Default: objects never expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_days: Option<u32>,
    /// Transitions to other storage classes. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitions: Option<Vec<TransitionProps>>,
    /// `AbortIncompleteMultipartUpload.DaysAfterInitiation` (≥ 1). Default: not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abort_incomplete_multipart_days: Option<u32>,
}

/// A transition of objects to another storage class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransitionProps {
    /// The storage class objects move to.
    pub storage_class: StorageClassName,
    /// Days after creation (at least 30 for `STANDARD_IA`).
    pub days: u32,
}

/// A storage class objects can move to, as S3 spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum StorageClassName {
    /// Standard-Infrequent Access (at least 30 days after creation).
    #[serde(rename = "STANDARD_IA")]
    StandardIa,
    /// Intelligent-Tiering.
    #[serde(rename = "INTELLIGENT_TIERING")]
    IntelligentTiering,
    /// Glacier Instant Retrieval.
    #[serde(rename = "GLACIER_IR")]
    GlacierIr,
    /// Glacier Flexible Retrieval.
    #[serde(rename = "GLACIER")]
    Glacier,
    /// Glacier Deep Archive.
    #[serde(rename = "DEEP_ARCHIVE")]
    DeepArchive,
}

/// A bucket a delivery stream writes to: the id of a `Bucket` defined before (a string), or
/// an existing bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum BucketReference {
    /// The id of a `Bucket` construct defined earlier in the file.
    Id(String),
    /// An existing bucket, by name.
    Existing(ExistingBucket),
}

/// An existing bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExistingBucket {
    /// The bucket name (3–63 of `[a-z0-9.-]`); its ARN is built in the stack's partition.
    pub existing_name: StringValue,
    /// The customer-managed key of the bucket's default encryption (SSE-KMS), so that writers
    /// are granted `kms:Decrypt` and `kms:GenerateDataKey` on it: the id of a `Key` defined
    /// before, or a key ARN. Default: none (SSE-S3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<StringValue>,
}

// ---------------------------------------------------------------------------------------------
// Lambda

construct_props! {
    /// A Lambda function that Firehose invokes to transform records, with its role, policy
    /// and log group. Defaults: the built-in DynamoDB change shaping, Python 3.14 on arm64,
    /// 256 MB, 60 s.
    pub struct TransformFunctionProps {
        required {
        }
        optional {
            /// The code: `"dynamodbChanges"` (built in: DynamoDB change records → one JSON line
            /// each, see docs/record-contract.md) or `{"inlinePython": "<source>"}` (a
            /// `handler(event, context)` answering Firehose's transformation contract).
            /// Default: `"dynamodbChanges"`.
            code: CodeSpec,
            /// Options of the built-in code (only with `"code": "dynamodbChanges"`). Default: all
            /// off.
            change_options: ChangeOptionsProps,
            /// `Runtime`. Default: `"python3.14"`.
            runtime: RuntimeName,
            /// `MemorySize` in MB (128–10,240). Default: 256.
            memory_mb: NumberValue<u32>,
            /// `Timeout` in seconds (1–300: Firehose waits at most 5 minutes). Default: 60.
            timeout_seconds: NumberValue<u32>,
            /// `Architectures`. Default: `"arm64"` (about 20% cheaper per GB-second).
            architecture: ArchitectureName,
            /// Environment variables, set in this order. Default: none (the built-in code's
            /// options add theirs).
            environment: IndexMap<String, String>,
            /// `ReservedConcurrentExecutions` (≥ 1). Default: unreserved.
            reserved_concurrency: NumberValue<u32>,
            /// Retention of the function's log group, in days (a CloudWatch Logs value).
            /// Default: 30.
            log_retention_days: u32,
            /// Encrypts the function's log group with this customer-managed key (the id of a
            /// `Key` defined before, or a key ARN). Default: CloudWatch Logs' own encryption.
            log_group_key: StringValue,
            /// Extra permissions for the function's policy. Default: none (logs only).
            grants: Vec<GrantSpec>,
        }
    }
}

/// The code of a transform function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum CodeSpec {
    /// The built-in DynamoDB change shaping (Kinesis Data Streams for DynamoDB records).
    DynamodbChanges,
    /// `{"inlinePython": "<source>"}`: your own Python with a `handler(event, context)`,
    /// placed in the template as `Code.ZipFile` (it counts against the 51,200-byte limit).
    InlinePython(String),
}

/// Options of the built-in change-record code, passed as environment variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeOptionsProps {
    /// Omit `oldImage` from every line. Default: `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_old_image: Option<bool>,
    /// Drop deletes made by TTL. Default: `false` (kept, marked `isTtlDelete: true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_ttl_deletes: Option<bool>,
    /// Emit `table`, `eventName`, `eventDate` partition keys; the delivery stream then turns
    /// on dynamic partitioning by itself. Default: `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_keys: Option<bool>,
}

/// A Python runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum RuntimeName {
    /// `python3.14`.
    #[serde(rename = "python3.14")]
    Python314,
    /// `python3.13`.
    #[serde(rename = "python3.13")]
    Python313,
    /// `python3.12`.
    #[serde(rename = "python3.12")]
    Python312,
}

/// An instruction set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ArchitectureName {
    /// `arm64` (Graviton).
    #[serde(rename = "arm64")]
    Arm64,
    /// `x86_64`.
    #[serde(rename = "x86_64")]
    X86_64,
}

/// Extra permissions for a function's policy. Exactly one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum GrantSpec {
    /// `{"putRecords": "<id>"}`: `firehose:PutRecord` and `PutRecordBatch` on a DirectPut
    /// `DeliveryStream` defined before (a Kinesis-fed one takes no PutRecord).
    PutRecords(String),
    /// `{"invoke": "<id>"}`: `lambda:InvokeFunction` on a `TransformFunction` defined before.
    Invoke(String),
    /// `{"readStream": …}`: what a consumer needs to read a Kinesis stream (and `kms:Decrypt`
    /// on its customer-managed key).
    ReadStream(StreamReference),
}

construct_props! {
    /// The built-in DynamoDB Streams forwarder: the function, its role and policy, log group,
    /// an encrypted SQS failure queue and the event source mapping. Mapping defaults: batch
    /// 100, no batching window, `TRIM_HORIZON`, 500 retries, bisect on error, maximum record
    /// age 24 h, parallelization 1. A change Firehose cannot take (over 1,000 KiB, or not
    /// shapeable) is kept as received in the delivery stream's bucket, under its error prefix.
    pub struct ForwarderProps {
        required {
            /// The id of a `Table` defined before, with `"stream": "NEW_AND_OLD_IMAGES"` (required).
            table: String,
            /// The id of a DirectPut `DeliveryStream` (one without `source`) defined before
            /// (required).
            delivery_stream: String,
        }
        optional {
            /// `BatchSize`, 1–10,000 records per invocation. Default: 100.
            batch_size: NumberValue<u32>,
            /// `MaximumBatchingWindowInSeconds`, 0–300. Default: 0.
            batching_window_seconds: NumberValue<u32>,
            /// `StartingPosition`. Default: `"TRIM_HORIZON"`. Changing it replaces the mapping.
            starting_position: StartingPositionName,
            /// `MaximumRetryAttempts`: -1 (until the record expires) or 0–10,000. Default: 500.
            max_retry_attempts: NumberValue<i64>,
            /// `BisectBatchOnFunctionError`. Default: `true`.
            bisect_on_error: bool,
            /// `MaximumRecordAgeInSeconds`: -1 (no limit) or 60–604,800. Default: 86,400.
            max_record_age_seconds: NumberValue<i64>,
            /// `ParallelizationFactor`, 1–10 concurrent batches per shard. Default: 1.
            parallelization_factor: NumberValue<u32>,
            /// `MemorySize` in MB (128–10,240). Default: 256.
            memory_mb: NumberValue<u32>,
            /// `Timeout` in seconds (1–900). Default: 60.
            timeout_seconds: NumberValue<u32>,
            /// `Runtime`. Default: `"python3.14"`.
            runtime: RuntimeName,
            /// `Architectures`. Default: `"arm64"`.
            architecture: ArchitectureName,
            /// Environment variables, set in this order. Default: only the built-in code's own.
            environment: IndexMap<String, String>,
            /// `ReservedConcurrentExecutions` (≥ 1). Default: unreserved.
            reserved_concurrency: NumberValue<u32>,
            /// Omit `oldImage` from every line. Default: `false`.
            drop_old_image: bool,
            /// Do not forward deletes made by TTL. Default: `false` (forwarded with
            /// `isTtlDelete: true`).
            drop_ttl_deletes: bool,
            /// Retention of the function's log group, in days. Default: 30.
            log_retention_days: u32,
            /// Encrypts the function's log group with this customer-managed key (the id of a
            /// `Key` defined before, or a key ARN). Default: CloudWatch Logs' own encryption.
            log_group_key: StringValue,
            /// Encrypts the failure queue with this customer-managed key (the id of a `Key`
            /// defined before, or a key ARN); the function's role gets `kms:Decrypt` and
            /// `kms:GenerateDataKey` on it. Default: SQS-managed encryption.
            failure_queue_key: StringValue,
        }
    }
}

/// Where a new event source mapping starts reading, as Lambda spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StartingPositionName {
    /// The oldest record still in the stream (up to 24 hours back).
    TrimHorizon,
    /// Only records written after the mapping exists.
    Latest,
}

// ---------------------------------------------------------------------------------------------
// Firehose

construct_props! {
    /// A Firehose delivery stream to S3, with its role, policy, and error log group and
    /// stream. DirectPut unless `source` is set.
    pub struct DeliveryStreamProps {
        required {
            /// The S3 destination (required).
            destination: S3DestinationProps,
        }
        optional {
            /// Reads this Kinesis stream (`KinesisStreamAsSource`) instead of taking PutRecord
            /// calls. Firehose reads from `LATEST`; changing the source replaces the delivery
            /// stream. Default: none (DirectPut).
            source: StreamReference,
            /// Server-side encryption of a DirectPut stream's buffer: `"awsOwned"` or
            /// `{"customerManaged": "<key>"}` (the id of a `Key` defined before, or a key ARN). Not allowed with `source` (Firehose stores no
            /// data at rest then; encrypt the Kinesis stream instead). Default: `"awsOwned"` for
            /// DirectPut.
            encryption: DeliveryEncryptionSpec,
            /// `DeliveryStreamName` (1–64 of `[a-zA-Z0-9._-]`). Default: generated (a changed
            /// name replaces the delivery stream).
            delivery_stream_name: StringValue,
        }
    }
}

/// Server-side encryption of a DirectPut delivery stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum DeliveryEncryptionSpec {
    /// `AWS_OWNED_CMK`.
    AwsOwned,
    /// `{"customerManaged": "<key>"}`: `CUSTOMER_MANAGED_CMK` with a symmetric key (the id of
    /// a `Key` defined before, or a key ARN).
    CustomerManaged(StringValue),
}

/// Delivery to an S3 bucket. Defaults: prefix `changes/!{timestamp:yyyy/MM/dd/HH}/`, error
/// prefix `errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/`, buffering
/// 300 s / 5 MB, GZIP, error logging on. With the built-in transform emitting partition keys,
/// dynamic partitioning is wired for you (prefix `changes/table=…/date=…/`, 300 s / 128 MB).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct S3DestinationProps {
    /// The bucket: the id of a `Bucket` defined before, or `{"existingName": "<name>"}`
    /// (required).
    pub bucket: BucketReference,
    /// Transforms records with a `TransformFunction` defined before: its id (default processor
    /// settings) or `{"function": "<id>", …settings}`. Default: no transformation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processor: Option<ProcessorReference>,
    /// `Prefix` (expressions `!{namespace:value}` allowed). Default: see the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `ErrorOutputPrefix`; must contain `!{firehose:error-output-type}` when it has
    /// expressions. Default: see the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_output_prefix: Option<String>,
    /// `BufferingHints`: flush after `intervalSeconds` or `sizeMb`, whichever comes first
    /// (both together, as Firehose requires). Default: 300 s and 5 MB (128 MB with dynamic
    /// partitioning, which needs ≥ 60 s and ≥ 64 MB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffering: Option<BufferingProps>,
    /// `CompressionFormat`. Default: `"GZIP"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<CompressionName>,
    /// `CloudWatchLoggingOptions` (delivery and transform errors). Default: `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging: Option<bool>,
    /// Retention of the error log group, in days. Default: 30.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_days: Option<u32>,
    /// Encrypts the error log group with this customer-managed key (the id of a `Key` defined
    /// before, or a key ARN). Default: CloudWatch Logs' own encryption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_key: Option<StringValue>,
    /// `DynamicPartitioningConfiguration`: chosen when the delivery stream is created, never
    /// turned off. Default: on exactly when the processor is the built-in transform with
    /// `partitionKeys`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_partitioning: Option<bool>,
}

impl S3DestinationProps {
    /// Delivery to `bucket` with every option at its default.
    #[must_use]
    pub fn new(bucket: BucketReference) -> Self {
        S3DestinationProps {
            bucket,
            processor: None,
            prefix: None,
            error_output_prefix: None,
            buffering: None,
            compression: None,
            logging: None,
            log_retention_days: None,
            log_group_key: None,
            dynamic_partitioning: None,
        }
    }
}

/// Firehose buffering hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BufferingProps {
    /// `IntervalInSeconds`, 0–900.
    pub interval_seconds: u32,
    /// `SizeInMBs`, 1–128.
    pub size_mb: u32,
}

/// Compression of the objects written, as Firehose spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CompressionName {
    /// `UNCOMPRESSED`.
    #[serde(rename = "UNCOMPRESSED")]
    Uncompressed,
    /// `GZIP` (JSON lines compress ~10×; Athena reads it).
    #[serde(rename = "GZIP")]
    Gzip,
    /// `ZIP`.
    #[serde(rename = "ZIP")]
    Zip,
    /// `Snappy`.
    #[serde(rename = "Snappy")]
    Snappy,
    /// `HADOOP_SNAPPY`.
    #[serde(rename = "HADOOP_SNAPPY")]
    HadoopSnappy,
}

/// The Lambda processor of a destination: a function id, or the id with settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ProcessorReference {
    /// The id of a `TransformFunction` defined before, with default processor settings.
    Id(String),
    /// A `TransformFunction` with processor settings.
    Configured(ProcessorProps),
}

/// A Lambda processor with settings. Defaults (CDK's): buffer 3 MB, interval 60 s, 3 retries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProcessorProps {
    /// The id of a `TransformFunction` defined before (a `Forwarder` is not a processor).
    pub function: String,
    /// `BufferSizeInMBs`, 0.2–3. Default: 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffer_size_mb: Option<f64>,
    /// `BufferIntervalInSeconds`, 0–900. Default: 60.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffer_interval_seconds: Option<u32>,
    /// `NumberOfRetries`, 0–300; after them the batch is written under the error prefix.
    /// Default: 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
}

// ---------------------------------------------------------------------------------------------
// CloudWatch

construct_props! {
    /// Opt-in alarms on a pipeline (`AWS::CloudWatch::Alarm`), thresholds derived from the
    /// watched constructs' configuration, notifying an SNS topic.
    pub struct AlarmsProps {
        required {
        }
        optional {
            /// The topic to notify: `"create"` (a new topic `<id>Topic`, not encrypted at rest),
            /// `{"createEncrypted": "<key>"}` (a new topic encrypted with a customer-managed
            /// key) or `{"existingArn": "<topic ARN>"}`. Default: `"create"`.
            topic: AlarmTopicSpec,
            /// The ids of the constructs to watch, defined before: `KinesisStream`,
            /// `DeliveryStream`, `TransformFunction` or `Forwarder`. Default: none.
            watch: Vec<String>,
        }
    }
}

/// Where alarms notify.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum AlarmTopicSpec {
    /// A new SNS topic, `<id>Topic`, not encrypted at rest (CloudWatch cannot publish to a
    /// topic under the AWS-managed `aws/sns` key). Subscribe to it after deploying.
    Create,
    /// `{"createEncrypted": "<key>"}`: a new SNS topic, `<id>Topic`, encrypted with this
    /// customer-managed key (the id of a `Key` defined before, whose policy then lets
    /// CloudWatch publish, or a key ARN).
    CreateEncrypted(StringValue),
    /// `{"existingArn": "<topic ARN>"}`: an existing SNS topic.
    ExistingArn(StringValue),
}

// ---------------------------------------------------------------------------------------------
// KMS

construct_props! {
    /// A customer-managed KMS key: symmetric, rotated yearly, retained on stack deletion. Its
    /// policy starts with the account statement (IAM policies decide; the derived roles carry
    /// their own grants) and gets the statement of each service that uses it on its own
    /// behalf (CloudWatch Logs, CloudWatch alarms). Other constructs take it by id.
    pub struct KeyProps {
        required {
        }
        optional {
            /// `PendingWindowInDays`: how long a key removed with `"removalPolicy": "Delete"`
            /// waits before KMS deletes it, 7–30 days. Default: 30.
            pending_window_days: NumberValue<u32>,
            /// `DeletionPolicy` and `UpdateReplacePolicy`. Default: `"Retain"` (data encrypted
            /// with a deleted key cannot be read again).
            removal_policy: RemovalPolicyName,
        }
    }
}
