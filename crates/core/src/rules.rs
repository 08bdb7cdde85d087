//! The rule registry: every diagnostic code ferrocdk reports, with its severity and a summary.
//!
//! A construct reports through a rule, never a loose string:
//! `ctx.error(&rules::KINESIS_RETENTION, "RetentionPeriodHours", received, allowed)`.
//! [`ALL`] lists every rule; `docs/rules.md` is generated from it (a test keeps the page fresh),
//! and a test triggers every rule in [`ALL`].

use crate::diagnostic::Severity;

/// One rule: a stable code, how bad it is, and what it checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// A stable code, e.g. `kinesis-retention`.
    pub code: &'static str,
    /// Errors fail synth (or a file's validation, or `ferrocdk diff --fail-on`); warnings do not.
    pub severity: Severity,
    /// One sentence: what the rule checks.
    pub summary: &'static str,
}

/// Declares rules as `pub const`s and the [`ALL`] list, in one place.
macro_rules! rules {
    ($($(#[$doc:meta])* $name:ident = ($code:literal, $sev:ident, $summary:literal);)*) => {
        $(
            $(#[$doc])*
            #[doc = concat!("`", $code, "`: ", $summary)]
            pub const $name: Rule = Rule { code: $code, severity: Severity::$sev, summary: $summary };
        )*
        /// Every rule, in registry order.
        pub const ALL: &[&Rule] = &[$(&$name),*];
    };
}

rules! {
    // Stack and template
    STACK_NAME = ("stack-name", Error,
        "A stack name is 1–128 characters: a letter, then letters, digits and hyphens.");
    LOGICAL_ID = ("logical-id", Error,
        "A logical ID is 1–255 alphanumeric characters.");
    DUPLICATE_LOGICAL_ID = ("duplicate-logical-id", Error,
        "Two resources of the stack would have the same logical ID.");
    PARAMETER_NAME = ("parameter-name", Error,
        "A parameter name is 1–255 alphanumeric characters.");
    OUTPUT_NAME = ("output-name", Error,
        "An output name is 1–255 alphanumeric characters.");
    DUPLICATE_OUTPUT = ("duplicate-output", Error,
        "An output name is used more than once.");
    OUTPUT_UNKNOWN = ("output-unknown", Error,
        "An output description names an output that was never added.");
    CONDITION_UNKNOWN = ("condition-unknown", Error,
        "A construct refers to a condition the stack does not declare.");
    DANGLING_REFERENCE = ("dangling-reference", Error,
        "A Ref, Fn::GetAtt or DependsOn names nothing defined in the stack.");
    CROSS_STACK_REFERENCE = ("cross-stack-reference", Error,
        "A property refers to a resource of a stack that is not in the same app.");
    CROSS_ENVIRONMENT_REFERENCE = ("cross-environment-reference", Error,
        "A stack refers to a resource of a stack in another account or Region (imports work within one).");
    STACK_DEPENDENCY_CYCLE = ("stack-dependency-cycle", Error,
        "Stacks of an app import from each other in a cycle, so none can be deployed first.");
    DUPLICATE_STACK = ("duplicate-stack", Error,
        "Two stacks of an app have the same name.");
    ENVIRONMENT = ("environment", Error,
        "A stack's environment is a 12-digit account ID and a Region code.");
    EXPORT_NAME = ("export-name", Error,
        "An export name has only letters, digits, `:` and `-`, and refers to no resource.");
    DUPLICATE_EXPORT = ("duplicate-export", Error,
        "Two outputs export the same name in one account and Region.");
    IMPORT_VALUE_NAME = ("import-value-name", Error,
        "The export name an Fn::ImportValue reads refers to no resource.");
    OVERRIDE_TARGET = ("override-target", Error,
        "An override names a resource the stack does not define.");
    OVERRIDE_PATH = ("override-path", Error,
        "An override path cannot be applied to the resource's properties.");
    TAG_KEY = ("tag-key", Error,
        "A tag key is 1–128 characters and does not start with `aws:`.");
    TAG_VALUE = ("tag-value", Error,
        "A tag value is 0–256 characters.");
    TAG_COUNT = ("tag-count", Error,
        "A resource has at most 50 tags.");
    TEMPLATE_RESOURCES = ("template-resources", Error,
        "A template has at most 500 resources.");
    TEMPLATE_PARAMETERS = ("template-parameters", Error,
        "A template has at most 200 parameters.");
    TEMPLATE_OUTPUTS = ("template-outputs", Error,
        "A template has at most 200 outputs.");
    TEMPLATE_DESCRIPTION = ("template-description", Error,
        "A template description is at most 1,024 bytes.");
    TEMPLATE_SIZE = ("template-size", Error,
        "A template body is at most 1 MB, even when uploaded to S3.");
    TEMPLATE_SIZE_S3 = ("template-size-s3", Warning,
        "A template body over 51,200 bytes must be deployed through S3.");
    TEMPLATE_EMPTY = ("template-empty", Error,
        "A stack defines at least one resource (CloudFormation: \"At least one Resources member must be defined\").");
    TEMPLATE_DEPTH = ("template-depth", Error,
        "A template nests objects and lists at most 128 levels deep.");
    CONDITION_NAME = ("condition-name", Error,
        "A condition name is 1–255 ASCII letters and digits.");
    DUPLICATE_CONDITION = ("duplicate-condition", Error,
        "A condition name is declared once.");
    CONDITION_CONFLICT = ("condition-conflict", Error,
        "A resource is under at most one condition.");
    RAW_RESOURCE_TYPE = ("raw-resource-type", Error,
        "A raw resource's Type is AWS::Service::Resource, Org::Service::Resource(::MODULE) or Custom::Name.");
    RAW_RESOURCE_REFERENCE = ("raw-resource-reference", Error,
        "A raw resource's Ref, Fn::GetAtt, Fn::Sub variable or Fn::If names something the stack defines.");
    RAW_RESOURCE_DEPENDS_ON = ("raw-resource-depends-on", Error,
        "A raw resource's DependsOn names resources of the stack.");
    // DynamoDB
    DYNAMODB_TABLE_NAME = ("dynamodb-table-name", Error,
        "A table name is 3–255 characters of letters, digits, `_`, `.` and `-`.");
    DYNAMODB_ATTRIBUTE_NAME = ("dynamodb-attribute-name", Error,
        "A key attribute name is 1–255 characters.");
    DYNAMODB_ATTRIBUTE_TYPE = ("dynamodb-attribute-type", Error,
        "A key attribute is declared once with one type across the table and its indexes.");
    DYNAMODB_KEY_SCHEMA = ("dynamodb-key-schema", Error,
        "A sort key differs from the partition key.");
    DYNAMODB_CAPACITY = ("dynamodb-capacity", Error,
        "A provisioned table has at least 1 read and 1 write capacity unit.");
    DYNAMODB_GSI_COUNT = ("dynamodb-gsi-count", Error,
        "A table has at most 20 global secondary indexes.");
    DYNAMODB_GSI_NAME = ("dynamodb-gsi-name", Error,
        "An index name is unique and 3–255 characters of letters, digits, `_`, `.` and `-`.");
    DYNAMODB_GSI_PROJECTION = ("dynamodb-gsi-projection", Error,
        "An INCLUDE projection names at least one non-key attribute.");
    DYNAMODB_GSI_CAPACITY = ("dynamodb-gsi-capacity", Error,
        "An index has capacity exactly when its table is provisioned.");
    DYNAMODB_STREAM_READERS = ("dynamodb-stream-readers", Warning,
        "A DynamoDB stream is read by more than two consumers (throttling).");
    DYNAMODB_TABLE_ARN = ("dynamodb-table-arn", Error,
        "An existing table's ARN has the shape of a DynamoDB table ARN.");
    DYNAMODB_STREAM_ARN = ("dynamodb-stream-arn", Error,
        "A given DynamoDB stream ARN has a stream ARN's shape, names its table, and belongs to an existing table.");
    KINESIS_DESTINATION_TABLE = ("kinesis-destination-table", Error,
        "A Kinesis streaming destination custom resource serves an existing table (an owned table uses `Table::kinesis_stream`).");
    // Kinesis
    KINESIS_STREAM_NAME = ("kinesis-stream-name", Error,
        "A stream name is 1–128 characters of letters, digits, `_`, `.` and `-`.");
    KINESIS_STREAM_ARN = ("kinesis-stream-arn", Error,
        "An existing stream's ARN has the shape of a Kinesis stream ARN and is no other resource's attribute.");
    KINESIS_RETENTION = ("kinesis-retention", Error,
        "Stream retention is 24–8,760 hours.");
    KINESIS_SHARD_COUNT = ("kinesis-shard-count", Error,
        "A provisioned stream has 1–100,000 shards.");
    KINESIS_UNENCRYPTED = ("kinesis-unencrypted", Warning,
        "A stream that carries change records is not encrypted.");
    KINESIS_EXPECTED_LOAD = ("kinesis-expected-load", Error,
        "A stream's declared load is a finite rate of at least 0 with items of 1 byte to 400 KB.");
    KINESIS_SHARDS_TOO_FEW = ("kinesis-shards-too-few", Error,
        "A provisioned stream's shards take its declared peak writes (1 MiB/s and 1,000 records/s per shard).");
    KINESIS_READ_CAPACITY = ("kinesis-read-capacity", Error,
        "A provisioned stream's shards serve its polling consumers at the declared peak (2 MiB/s and 5 GetRecords/s per shard, shared).");
    KINESIS_ON_DEMAND_CAPACITY = ("kinesis-on-demand-capacity", Warning,
        "An on-demand stream's declared peak fits what a new stream starts with (4 MB/s) and serves its polling consumers (reads twice the write capacity).");
    KINESIS_READ_BUDGET = ("kinesis-read-budget", Warning,
        "A stream without a declared load (or shard count) has at most 2 polling consumers, and never more than 5.");
    KINESIS_STREAM_UNREAD = ("kinesis-stream-unread", Warning,
        "A stream a table writes to has no reader: no delivery stream and no declared external consumer.");
    // Firehose
    FIREHOSE_NAME = ("firehose-name", Error,
        "A delivery stream name is 1–64 characters of letters, digits, `_`, `.` and `-`.");
    FIREHOSE_NO_PRODUCER = ("firehose-no-producer", Warning,
        "A DirectPut delivery stream has no producer: no forwarder, no PutRecord grant, no declared external producer.");
    FIREHOSE_SSE_KINESIS_SOURCE = ("firehose-sse-kinesis-source", Error,
        "A delivery stream fed by a Kinesis stream has no server-side encryption of its own.");
    FIREHOSE_BUFFERING = ("firehose-buffering", Error,
        "Buffering hints are within Firehose's ranges (and its minimums with dynamic partitioning).");
    FIREHOSE_PREFIX_SYNTAX = ("firehose-prefix-syntax", Error,
        "A prefix uses only well-formed `!{namespace:value}` expressions.");
    FIREHOSE_PREFIX_LENGTH = ("firehose-prefix-length", Error,
        "A prefix is at most 1,024 characters as written.");
    FIREHOSE_PREFIX_ERROR_TYPE = ("firehose-prefix-error-type", Error,
        "`!{firehose:error-output-type}` appears only in the error output prefix.");
    FIREHOSE_PREFIX_QUERY_KEY = ("firehose-prefix-query-key", Error,
        "A prefix uses no `partitionKeyFromQuery` key (ferrocdk configures no JQ extraction).");
    FIREHOSE_PREFIX_LAMBDA_KEY = ("firehose-prefix-lambda-key", Error,
        "A `partitionKeyFromLambda` key is one the processor emits.");
    FIREHOSE_DYNAMIC_PARTITIONING = ("firehose-dynamic-partitioning", Error,
        "Dynamic partitioning and partition-key expressions in the prefix go together.");
    FIREHOSE_ERROR_PREFIX = ("firehose-error-prefix", Error,
        "The error output prefix is set whenever the prefix has expressions, and has no partition keys.");
    FIREHOSE_PARTITION_GENERATED_NAME = ("firehose-partition-generated-name", Warning,
        "Partitioning by table meets a table whose name CloudFormation generates (`Stack-Orders-XYZ` in the S3 keys).");
    FIREHOSE_UNUSED_PARTITION_KEYS = ("firehose-unused-partition-keys", Warning,
        "The transform emits partition keys that dynamic partitioning does not use.");
    FIREHOSE_LOG_KEY_UNUSED = ("firehose-log-key-unused", Warning,
        "A log-group key is given to a destination whose error logging is off.");
    FIREHOSE_PROCESSOR_BUFFER = ("firehose-processor-buffer", Error,
        "A Lambda processor's buffer is 0.2–3 MB.");
    FIREHOSE_PROCESSOR_INTERVAL = ("firehose-processor-interval", Error,
        "A Lambda processor's buffer interval is 0–900 seconds.");
    FIREHOSE_PROCESSOR_RETRIES = ("firehose-processor-retries", Error,
        "A Lambda processor retries 0–300 times.");
    FIREHOSE_PROCESSOR_TIMEOUT = ("firehose-processor-timeout", Error,
        "A processor function's timeout is at most 300 seconds (Firehose waits 5 minutes).");
    // Lambda and the forwarder
    LAMBDA_MEMORY = ("lambda-memory", Error,
        "A function's memory is 128–10,240 MB.");
    LAMBDA_TIMEOUT = ("lambda-timeout", Error,
        "A function's timeout is within Lambda's range (300 s for a Firehose transform).");
    LAMBDA_RESERVED_CONCURRENCY = ("lambda-reserved-concurrency", Error,
        "Reserved concurrency is at least 1.");
    LAMBDA_ENV_KEY = ("lambda-env-key", Error,
        "An environment variable name is a letter, then letters, digits or `_`.");
    LAMBDA_ENV_SIZE = ("lambda-env-size", Error,
        "A function's environment variables total at most 4 KB.");
    TRANSFORM_CHANGE_OPTIONS = ("transform-change-options", Error,
        "Change options are set only on the built-in transform.");
    FORWARDER_TABLE_STREAM = ("forwarder-table-stream", Error,
        "A forwarder's table has a DynamoDB stream.");
    FORWARDER_STREAM_VIEW = ("forwarder-stream-view", Warning,
        "A forwarder's table stream carries both images (NEW_AND_OLD_IMAGES).");
    FORWARDER_ERROR_PREFIX = ("forwarder-error-prefix", Warning,
        "The error prefix uses a timestamp letter the forwarder does not render (it writes the letter as it is).");
    ESM_BATCH_SIZE = ("esm-batch-size", Error,
        "An event source mapping's batch size is 1–10,000.");
    ESM_BATCHING_WINDOW = ("esm-batching-window", Error,
        "An event source mapping's batching window is 0–300 seconds.");
    ESM_PARALLELIZATION = ("esm-parallelization", Error,
        "An event source mapping's parallelization factor is 1–10.");
    ESM_RETRY_ATTEMPTS = ("esm-retry-attempts", Error,
        "An event source mapping retries -1 (forever) or 0–10,000 times.");
    ESM_RECORD_AGE = ("esm-record-age", Error,
        "An event source mapping's maximum record age is -1 or 60–604,800 seconds.");
    // S3, IAM, KMS, logs and alarms
    S3_BUCKET_NAME = ("s3-bucket-name", Error,
        "A bucket name follows S3's naming rules.");
    S3_LIFECYCLE_ID = ("s3-lifecycle-id", Error,
        "A lifecycle rule's Id is 1–255 characters.");
    S3_LIFECYCLE_EMPTY = ("s3-lifecycle-empty", Error,
        "A lifecycle rule has at least one action.");
    S3_LIFECYCLE_DAYS = ("s3-lifecycle-days", Error,
        "Lifecycle day counts are at least 1.");
    IAM_WILDCARD = ("iam-wildcard", Error,
        "A policy statement names its actions and resources, never `*`.");
    IAM_EMPTY_STATEMENT = ("iam-empty-statement", Error,
        "A policy statement has at least one action and one resource.");
    KMS_KEY_ARN = ("kms-key-arn", Error,
        "An existing key is given by its key ARN, not an alias.");
    KMS_PENDING_WINDOW = ("kms-pending-window", Error,
        "A key's waiting period before deletion is 7–30 days.");
    KMS_EXISTING_KEY_POLICY = ("kms-existing-key-policy", Warning,
        "An existing key serves a service that needs a statement in the key policy, which ferrocdk cannot write.");
    KMS_KEY_OTHER_STACK = ("kms-key-other-stack", Error,
        "A service that needs a statement in the key policy uses a Key of its own stack, whose policy ferrocdk writes.");
    LOG_RETENTION = ("log-retention", Error,
        "A log group's retention is one of CloudWatch Logs' allowed day counts.");
    ALARMS_EMPTY = ("alarms-empty", Error,
        "An alarm set watches at least one resource.");
    ALARMS_TABLE_KINESIS = ("alarms-table-kinesis", Error,
        "A watched table of the stack streams its changes to Kinesis: its alarm counts the changes DynamoDB skips on the way.");
    // The query layer: the Glue catalog table, Athena's workgroup and named queries, and
    // Firehose's Parquet conversion (glue/, athena/, firehose/conversion.rs).
    GLUE_NAME = ("glue-name", Error,
        "A Glue database or table name is 1–255 characters of lowercase letters, digits and `_`.");
    GLUE_PROJECTION = ("glue-projection", Error,
        "A catalog table's delivery stream prefix can be turned into Athena partition projection.");
    GLUE_PROJECTION_START = ("glue-projection-start", Error,
        "A catalog table's first projected day is a valid YYYY-MM-DD date.");
    GLUE_RECORD_CONTRACT = ("glue-record-contract", Error,
        "A catalog table reads a delivery stream that writes the record contract's change lines.");
    GLUE_COMPRESSION = ("glue-compression", Error,
        "A catalog table reads GZIP or uncompressed objects, which Athena can decompress.");
    GLUE_ATTRIBUTE = ("glue-attribute", Error,
        "A catalog table's source table has a known key, and its keys and declared attributes have usable names, unique columns and valid types.");
    ATHENA_WORKGROUP_NAME = ("athena-workgroup-name", Error,
        "An Athena workgroup name is 1–128 characters of letters, digits, `.`, `_` and `-`.");
    ATHENA_BYTES_SCANNED_CUTOFF = ("athena-bytes-scanned-cutoff", Error,
        "A workgroup's bytes-scanned cutoff per query is at least 10,000,000 bytes.");
    ATHENA_NAMED_QUERY = ("athena-named-query", Error,
        "A named query's name is at most 128 characters and its query at most 262,144 bytes.");
    ATHENA_RESULTS_LOCATION = ("athena-results-location", Error,
        "A workgroup's query results go to a valid prefix outside the change log.");
    FIREHOSE_CONVERSION_BUFFERING = ("firehose-conversion-buffering", Error,
        "Record format conversion has buffers of at least 64 MB.");
    FIREHOSE_CONVERSION_COMPRESSION = ("firehose-conversion-compression", Error,
        "Record format conversion writes UNCOMPRESSED objects (the Parquet serializer compresses).");
    FIREHOSE_CONVERSION_PROCESSOR = ("firehose-conversion-processor", Error,
        "Record format conversion reads the built-in transform's change lines.");
    FIREHOSE_CONVERSION_ATTRIBUTE = ("firehose-conversion-attribute", Error,
        "A typed Parquet attribute has a usable, unique name and a valid type.");
    // Stack files (the declarative JSON format): problems of the file itself, reported with
    // `<file>:<line>:<column>` as path and the JSON path as property.
    FILE_SYNTAX = ("file-syntax", Error,
        "A stack file is not JSON text (one diagnostic: parsing stops there).");
    FILE_READ = ("file-read", Error,
        "A stack file cannot be read.");
    FILE_TOO_LARGE = ("file-too-large", Error,
        "A stack file is larger than any stack file whose template CloudFormation accepts.");
    FILE_DUPLICATE_KEY = ("file-duplicate-key", Error,
        "An object of a stack file gives one member twice.");
    FILE_UNKNOWN_FIELD = ("file-unknown-field", Error,
        "An object of a stack file has a member the format does not define.");
    FILE_MISSING_FIELD = ("file-missing-field", Error,
        "An object of a stack file lacks a required member.");
    FILE_TYPE = ("file-type", Error,
        "A value of a stack file has the wrong JSON type.");
    FILE_VALUE = ("file-value", Error,
        "A value of a stack file is not one of its choices, or members contradict each other.");
    FILE_DUPLICATE_ID = ("file-duplicate-id", Error,
        "Two constructs of a stack file have the same id.");
    FILE_TOO_MANY_PROBLEMS = ("file-too-many-problems", Error,
        "A stack file has more problems than are listed one by one: the rest are counted.");
    FILE_REFERENCE = ("file-reference", Error,
        "A reference in a stack file names no construct or parameter, one of the wrong kind, or one defined later.");
    // `ferrocdk diff` (crate::diff): what an update between two templates loses or breaks.
    DIFF_TABLE_REPLACED = ("diff-table-replaced", Error,
        "A DynamoDB table is replaced or removed: its items stay behind or are deleted.");
    DIFF_KINESIS_STREAM_REPLACED = ("diff-kinesis-stream-replaced", Error,
        "A Kinesis stream is replaced or removed: records not yet read are lost.");
    DIFF_DELIVERY_STREAM_REPLACED = ("diff-delivery-stream-replaced", Error,
        "A Firehose delivery stream is replaced: the new one starts at LATEST, leaving a gap.");
    DIFF_RETENTION_DECREASED = ("diff-retention-decreased", Error,
        "A stream, log group or queue keeps its data for a shorter time: older data is deleted.");
    DIFF_KINESIS_DESTINATION_CHANGED = ("diff-kinesis-destination-changed", Error,
        "A table's Kinesis streaming destination changes or goes: changes in the window are not sent.");
    DIFF_STREAM_VIEW_TYPE = ("diff-stream-view-type", Error,
        "A table's stream view type changes or its stream is disabled: a new stream, unread records lost.");
    DIFF_GSI_CHANGES = ("diff-gsi-changes", Error,
        "More than one global secondary index is created or deleted in one update, which fails.");
    DIFF_SHARD_COUNT_STEP = ("diff-shard-count-step", Error,
        "A shard count changes beyond double or half in one update, which fails.");
    DIFF_LOGICAL_ID_RENAMED = ("diff-logical-id-renamed", Error,
        "A stateful resource's logical ID is renamed: a new, empty resource replaces it.");
    DIFF_RETAIN_DROPPED = ("diff-retain-dropped", Error,
        "A stateful resource loses DeletionPolicy or UpdateReplacePolicy Retain.");
    DIFF_CUSTOM_RESOURCE_REPLACED = ("diff-custom-resource-replaced", Error,
        "A custom resource is replaced: its handler's Delete runs on the old physical ID.");
    DIFF_UPDATE_FAILS = ("diff-update-fails", Error,
        "CloudFormation rejects the change (a type change, a named resource's replacement, a KMS key spec).");
}

/// The rule with `code`, if any.
#[must_use]
pub fn by_code(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}

/// The rule reference page (`docs/rules.md`): every rule of [`ALL`], by area, as Markdown.
#[must_use]
pub fn markdown() -> String {
    let mut out = String::from(
        "# Rule reference\n\n\
         Every diagnostic code ferrocdk reports, generated from the registry \
         (`crates/core/src/rules.rs`); regenerate with `UPDATE_DOCS=1 cargo test --test rules`.\n\
         Errors fail synth (and `ferrocdk validate`); warnings are printed and do not.\n\n\
         | code | severity | what it checks |\n|---|---|---|\n",
    );
    for r in ALL {
        let severity = match r.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("| `{}` | {severity} | {} |\n", r.code, r.summary));
    }
    out
}
