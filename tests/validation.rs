//! One test per diagnostic rule code synth can emit, through the public API: the smallest
//! stack that triggers it, with its code, severity, path, property, received and allowed
//! values; plus the boundaries that matter and the intrinsics that must not be range-checked.
//! `tests/rules.rs` triggers every rule of the registry; this file pins each one's details.

mod common;

use common::*;
use ferrocdk::aws::firehose::Encryption;
use ferrocdk::aws::iam::Statement;
use ferrocdk::aws::lambda::{ChangeOptions, FunctionRef};
use ferrocdk::core::{Common, Construct, SynthContext, Target};
use ferrocdk::prelude::*;
use ferrocdk::{Resource, Severity};
use serde_json::json;

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;
const S3: &str = "ExtendedS3DestinationConfiguration";
const PC: &str = "ExtendedS3DestinationConfiguration.ProcessingConfiguration";
const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn one(construct: impl Construct) -> Stack {
    let mut stack = Stack::new("V");
    stack.add(construct);
    stack
}

fn stream(f: impl FnOnce(KinesisStream) -> KinesisStream) -> Stack {
    one(f(KinesisStream::new("Changes")))
}

fn table(f: impl FnOnce(Table) -> Table) -> Stack {
    one(f(Table::new("Orders", Attribute::string("pk"))))
}

fn transform(f: impl FnOnce(TransformFunction) -> TransformFunction) -> Stack {
    one(f(TransformFunction::new(
        "Fn",
        Code::inline_python("def handler(event, context):\n    return {'records': []}\n"),
    )))
}

fn bucket(f: impl FnOnce(Bucket) -> Bucket) -> Stack {
    one(f(Bucket::new("ChangeLog")))
}

/// A DirectPut delivery stream `ToS3` to bucket `ChangeLog` with transform function `function`.
fn with_function(
    function: TransformFunction,
    dest: impl FnOnce(S3Destination, &FunctionRef) -> S3Destination,
) -> Stack {
    let mut stack = Stack::new("V");
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let f = stack.add(function);
    stack.add(DeliveryStream::new(
        "ToS3",
        dest(S3Destination::new(&bucket), &f),
    ));
    stack
}

fn own_code(id: &str) -> TransformFunction {
    TransformFunction::new(
        id,
        Code::inline_python("def handler(event, context):\n    return {'records': []}\n"),
    )
}

fn builtin_with_keys() -> TransformFunction {
    TransformFunction::dynamodb_changes("Shape").change_options(ChangeOptions {
        partition_keys: true,
        ..ChangeOptions::default()
    })
}

/// The built-in transform with partition keys and dynamic partitioning (the default for it).
fn partitioned(dest: impl FnOnce(S3Destination) -> S3Destination) -> Stack {
    with_function(builtin_with_keys(), |d, f| dest(d.processor(f)))
}

fn with_processor(p: impl FnOnce(LambdaProcessor) -> LambdaProcessor) -> Stack {
    with_function(own_code("Fn"), |d, f| {
        d.lambda_processor(p(LambdaProcessor::new(f)))
    })
}

// ---------------------------------------------------------------- stack-level rules

#[test]
fn stack_name() {
    let d = the_error(&Stack::new("1bad_name"), "stack-name");
    assert_diag(
        &d,
        E,
        "1bad_name",
        "StackName",
        &["\"1bad_name\""],
        &["1–128 characters", "a letter"],
    );
    assert!(no_diag(&Stack::new("a"), "stack-name"));
    assert!(no_diag(
        &Stack::new(format!("A{}", "-".repeat(127))),
        "stack-name"
    ));
    assert!(no_diag(&Stack::new("Orders-ChangeLog-2"), "stack-name"));
    let too_long = "a".repeat(129);
    assert_eq!(
        the_error(&Stack::new(too_long.as_str()), "stack-name").path,
        too_long
    );
    the_error(&Stack::new(""), "stack-name");
    the_error(&Stack::new("Orders_ChangeLog"), "stack-name");
}

#[test]
fn logical_id() {
    let d = the_error(&stream(|s| s.logical_id("Change_Stream")), "logical-id");
    assert_diag(
        &d,
        E,
        "V/Changes",
        "LogicalId",
        &["\"Change_Stream\""],
        &["A-Za-z0-9", "'_'"],
    );
    // Every resource with a bad id is reported (a bucket defines `<id>Policy` too), nothing else.
    let e = synth_err(&bucket(|b| b.logical_id("change-log")));
    let ids: Vec<&str> = e.diagnostics.iter().map(|d| d.received.as_str()).collect();
    assert_eq!(ids, ["\"change-log\"", "\"change-logPolicy\""], "{e}");
    assert!(e.diagnostics.iter().all(|d| d.code == "logical-id"), "{e}");
    // 255 characters are accepted, 256 are not.
    assert!(stream(|s| s.logical_id("A".repeat(255))).synth().is_ok());
    let d = the_error(&stream(|s| s.logical_id("A".repeat(256))), "logical-id");
    assert!(d.allowed.contains("256 characters"), "{d}");
}

#[test]
fn duplicate_logical_id() {
    // A construct id equal to another construct's derived id.
    let mut stack = Stack::new("V");
    stack.add(Bucket::new("Log"));
    stack.add(KinesisStream::new("LogPolicy"));
    let d = the_error(&stack, "duplicate-logical-id");
    assert_diag(
        &d,
        E,
        "V/LogPolicy",
        "LogicalId",
        &["\"LogPolicy\"", "already used by V/Log"],
        &["unique", ".logical_id("],
    );
    // A parameter named like a resource.
    let mut stack = Stack::new("V");
    stack.add(KinesisStream::new("Changes"));
    let _ = stack.parameter(Parameter::number("Changes"));
    let d = the_error(&stack, "duplicate-logical-id");
    assert_diag(
        &d,
        E,
        "V/Changes",
        "Parameters",
        &["\"Changes\""],
        &["not used by another parameter or resource"],
    );
}

#[test]
fn parameter_name() {
    let mut stack = Stack::new("V");
    let _ = stack.parameter(Parameter::number("shard-count"));
    let d = the_error(&stack, "parameter-name");
    assert_diag(
        &d,
        E,
        "V/shard-count",
        "Parameters",
        &["\"shard-count\""],
        &["A-Za-z0-9"],
    );
}

#[test]
fn output_name() {
    let mut stack = Stack::new("V");
    let s = stack.add(KinesisStream::new("Changes"));
    stack.output("stream-arn", s.arn());
    let d = the_error(&stack, "output-name");
    assert_diag(
        &d,
        E,
        "V/Outputs/stream-arn",
        "Outputs",
        &["\"stream-arn\""],
        &["A-Za-z0-9"],
    );
}

#[test]
fn duplicate_output() {
    let mut stack = Stack::new("V");
    let s = stack.add(KinesisStream::new("Changes"));
    stack.output("Stream", s.arn());
    stack.output("Stream", s.name());
    let d = the_error(&stack, "duplicate-output");
    assert_diag(
        &d,
        E,
        "V/Outputs/Stream",
        "Outputs",
        &["\"Stream\""],
        &["once"],
    );
}

#[test]
fn cross_stack_reference() {
    let mut other = Stack::new("Shared");
    let foreign = other.add(KinesisStream::new("Changes"));
    let mut stack = Stack::new("V");
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&foreign));
    let d = the_error(&stack, "cross-stack-reference");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "KinesisStreamSpecification.StreamArn",
        &["\"Changes\"", "another stack"],
        &["output_export", "Expr::import_value"],
    );
    // In an output too.
    let mut stack = Stack::new("V");
    stack.output("Foreign", foreign.arn());
    let d = the_error(&stack, "cross-stack-reference");
    assert_diag(
        &d,
        E,
        "V/Outputs/Foreign",
        "Value",
        &["\"Changes\""],
        &["export"],
    );
    // The other stack itself is fine.
    assert!(other.synth().is_ok());
}

/// A third-party construct whose handle names a resource it never defines: the only way to
/// get a reference to a missing resource through the public API (built-in handles always
/// point at a resource their construct defines).
struct Ghost {
    common: Common,
}

impl Construct for Ghost {
    type Handle = Expr;
    fn id(&self) -> &str {
        "Ghost"
    }
    fn common(&self) -> &Common {
        &self.common
    }
    fn handle(&self, target: Target) -> Expr {
        Expr::Ref(target)
    }
    fn synth(&self, _ctx: &mut SynthContext<'_>) {}
}

#[test]
fn dangling_reference() {
    let mut stack = Stack::new("V");
    let ghost = stack.add(Ghost {
        common: Common::default(),
    });
    stack.output("GhostName", ghost);
    let d = the_error(&stack, "dangling-reference");
    assert_diag(
        &d,
        E,
        "V/Outputs/GhostName",
        "Ref",
        &["\"Ghost\""],
        &["defined in this stack"],
    );
}

#[test]
fn override_target() {
    let mut stack = bucket(|b| b);
    stack.override_property("ChangeLg", "VersioningConfiguration.Status", "Enabled");
    let d = the_error(&stack, "override-target");
    assert_diag(
        &d,
        E,
        "V/ChangeLg",
        "VersioningConfiguration.Status",
        &["\"ChangeLg\""],
        &["ChangeLog, ChangeLogPolicy"],
    );
}

#[test]
fn override_path() {
    let mut stack = bucket(|b| b);
    stack.override_property(
        "ChangeLog",
        "PublicAccessBlockConfiguration.BlockPublicAcls.Extra",
        true,
    );
    let d = the_error(&stack, "override-path");
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "PublicAccessBlockConfiguration.BlockPublicAcls.Extra",
        &["\"PublicAccessBlockConfiguration.BlockPublicAcls.Extra\""],
        &["scalar"],
    );
    let mut stack = bucket(|b| b);
    stack.override_property(
        "ChangeLog",
        "OwnershipControls.Rules.5.ObjectOwnership",
        "x",
    );
    assert_eq!(
        the_error(&stack, "override-path").property,
        "OwnershipControls.Rules.5.ObjectOwnership"
    );
    let mut stack = bucket(|b| b);
    stack.remove_property("ChangeLog", "BucketEncryption..X");
    the_error(&stack, "override-path");
}

#[test]
fn tag_key() {
    let mut stack = stream(|s| s);
    stack.tag("aws:owner", "me");
    let d = the_error(&stack, "tag-key");
    assert_diag(
        &d,
        E,
        "V/Changes",
        "Tags",
        &["\"aws:owner\""],
        &["1–128 characters", "not starting with \"aws:\""],
    );
    the_error(&stream(|s| s.tag("", "x")), "tag-key");
    assert!(stream(|s| s.tag("k".repeat(128), "x")).synth().is_ok());
    the_error(&stream(|s| s.tag("k".repeat(129), "x")), "tag-key");
}

#[test]
fn tag_value() {
    let d = the_error(&stream(|s| s.tag("team", "v".repeat(257))), "tag-value");
    assert_diag(
        &d,
        E,
        "V/Changes",
        "Tags",
        &["257 characters", "\"team\""],
        &["0–256 characters"],
    );
    assert!(stream(|s| s.tag("team", "v".repeat(256))).synth().is_ok());
    assert!(stream(|s| s.tag("team", "")).synth().is_ok());
}

#[test]
fn tag_count() {
    let tagged = |n: usize| {
        let mut stack = Stack::new("V");
        for i in 0..n {
            stack.tag(format!("k{i}"), "v");
        }
        stack.add(KinesisStream::new("Changes"));
        stack
    };
    assert!(tagged(50).synth().is_ok());
    let d = the_error(&tagged(51), "tag-count");
    assert_diag(&d, E, "V/Changes", "Tags", &["51 tags"], &["at most 50"]);
    // A construct tag with a stack tag's key replaces it: 50 in all.
    let mut stack = tagged(50);
    stack.add(Bucket::new("ChangeLog").tag("k0", "mine"));
    assert!(stack.synth().is_ok());
}

// ---------------------------------------------------------------- template limits

fn raw(n: usize) -> Stack {
    let mut stack = Stack::new("V");
    for i in 0..n {
        stack.add_raw_resource(format!("Topic{i}"), Resource::new("AWS::SNS::Topic"));
    }
    stack
}

#[test]
fn template_resources() {
    assert!(no_diag(&raw(500), "template-resources"));
    assert!(raw(500).synth().is_ok());
    let d = the_error(&raw(501), "template-resources");
    assert_diag(&d, E, "V", "Resources", &["501"], &["at most 500"]);
}

#[test]
fn template_outputs() {
    let outputs = |n: usize| {
        let mut stack = Stack::new("V");
        let s = stack.add(KinesisStream::new("Changes"));
        for i in 0..n {
            stack.output(format!("O{i}"), s.arn());
        }
        stack
    };
    assert!(outputs(200).synth().is_ok());
    let d = the_error(&outputs(201), "template-outputs");
    assert_diag(&d, E, "V", "Outputs", &["201"], &["at most 200"]);
}

#[test]
fn template_parameters() {
    let params = |n: usize| {
        let mut stack = Stack::new("V");
        for i in 0..n {
            let _ = stack.parameter(Parameter::string(format!("P{i}")));
        }
        stack
    };
    assert!(no_diag(&params(200), "template-parameters"));
    let d = the_error(&params(201), "template-parameters");
    assert_diag(&d, E, "V", "Parameters", &["201"], &["at most 200"]);
}

#[test]
fn template_description() {
    assert!(no_diag(
        &Stack::new("V").description("d".repeat(1024)),
        "template-description"
    ));
    let d = the_error(
        &Stack::new("V").description("d".repeat(1025)),
        "template-description",
    );
    assert_diag(
        &d,
        E,
        "V",
        "Description",
        &["1025 bytes"],
        &["at most 1024 bytes"],
    );
    // Bytes, not characters: 513 × 'é' is 1,026 bytes.
    the_error(
        &Stack::new("V").description("é".repeat(513)),
        "template-description",
    );
}

fn padded(bytes: usize) -> Stack {
    let mut stack = Stack::new("V");
    stack.add_raw_resource(
        "Padding",
        Resource::new("AWS::SSM::Parameter")
            .prop("Type", "String")
            .prop("Value", "x".repeat(bytes)),
    );
    stack
}

#[test]
fn template_size() {
    assert!(no_diag(&padded(40_000), "template-size"));
    // Above 51,200 bytes: deployable through S3 only, a warning.
    let d = the_warning(&padded(60_000), "template-size-s3");
    assert_diag(&d, W, "V", "-", &["bytes"], &["51200", "S3"]);
    // Above 1 MiB: not deployable at all.
    let d = the_error(&padded(1_100_000), "template-size");
    assert_diag(&d, E, "V", "-", &["bytes"], &["1048576", "split the stack"]);
}

// ---------------------------------------------------------------- Kinesis

#[test]
fn kinesis_stream_name() {
    let d = the_error(
        &stream(|s| s.stream_name("order changes")),
        "kinesis-stream-name",
    );
    assert_diag(
        &d,
        E,
        "V/Changes",
        "Name",
        &["\"order changes\""],
        &["1–128", "[a-zA-Z0-9_.-]"],
    );
    assert!(stream(|s| s.stream_name("a".repeat(128))).synth().is_ok());
    assert!(stream(|s| s.stream_name("Order_changes.v1-x"))
        .synth()
        .is_ok());
    the_error(
        &stream(|s| s.stream_name("a".repeat(129))),
        "kinesis-stream-name",
    );
    the_error(&stream(|s| s.stream_name("")), "kinesis-stream-name");
}

#[test]
fn kinesis_retention() {
    let d = the_error(&stream(|s| s.retention_hours(23)), "kinesis-retention");
    assert_diag(
        &d,
        E,
        "V/Changes",
        "RetentionPeriodHours",
        &["23"],
        &["24–8760", "service minimum is 24"],
    );
    for ok in [24, 168, 8760] {
        let t = template(&stream(|s| s.retention_hours(ok)));
        assert_eq!(
            resource(&t, "Changes")["Properties"]["RetentionPeriodHours"],
            ok
        );
    }
    // The schema minimum (1) is not the service minimum.
    the_error(&stream(|s| s.retention_hours(1)), "kinesis-retention");
    assert_eq!(
        the_error(&stream(|s| s.retention_hours(8761)), "kinesis-retention").received,
        "8761"
    );
}

#[test]
fn kinesis_retention_parameter_is_not_range_checked() {
    let mut stack = Stack::new("V");
    let hours = stack.parameter(Parameter::number("Hours"));
    stack.add(KinesisStream::new("Changes").retention_hours(hours));
    let t = template(&stack);
    assert_eq!(
        resource(&t, "Changes")["Properties"]["RetentionPeriodHours"],
        json!({"Ref": "Hours"})
    );
    assert_eq!(t["Parameters"]["Hours"]["Type"], "Number");
}

#[test]
fn kinesis_shard_count() {
    let d = the_error(
        &stream(|s| s.mode(StreamMode::Provisioned(0.into()))),
        "kinesis-shard-count",
    );
    assert_diag(&d, E, "V/Changes", "ShardCount", &["0"], &["1–100000"]);
    assert!(stream(|s| s.mode(StreamMode::Provisioned(1.into())))
        .synth()
        .is_ok());
    assert!(stream(|s| s.mode(StreamMode::Provisioned(100_000.into())))
        .synth()
        .is_ok());
    the_error(
        &stream(|s| s.mode(StreamMode::Provisioned(100_001.into()))),
        "kinesis-shard-count",
    );
    // A parameter is passed through.
    let mut stack = Stack::new("V");
    let shards = stack.parameter(Parameter::number("Shards"));
    stack.add(KinesisStream::new("Changes").mode(StreamMode::Provisioned(shards.into())));
    let t = template(&stack);
    assert_eq!(
        resource(&t, "Changes")["Properties"]["ShardCount"],
        json!({"Ref": "Shards"})
    );
}

#[test]
fn kinesis_unencrypted() {
    let stack = stream(|s| s.encryption(StreamEncryption::Unencrypted));
    let d = the_warning(&stack, "kinesis-unencrypted");
    assert_diag(
        &d,
        W,
        "V/Changes",
        "StreamEncryption",
        &["no encryption"],
        &["KMS"],
    );
    assert!(resource(&template(&stack), "Changes")["Properties"]
        .get("StreamEncryption")
        .is_none());
    // The default is encrypted, without warnings.
    let s = stream(|s| s).synth().expect("default stream");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn kinesis_stream_arn() {
    let bad = KinesisStream::from_arn("arn:aws:kinesis:us-east-1:1234:stream/changes");
    let d = the_error(&table(|t| t.kinesis_stream(&bad)), "kinesis-stream-arn");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "KinesisStreamSpecification.StreamArn",
        &["arn:aws:kinesis:us-east-1:1234:stream/changes"],
        &["arn:aws:kinesis:us-east-1:123456789012:stream/"],
    );
    // Where a delivery stream reads it.
    let mut stack = Stack::new("V");
    let b = stack.add(Bucket::new("ChangeLog"));
    stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&b))
            .source(&KinesisStream::from_arn("stream/changes")),
    );
    let d = the_error(&stack, "kinesis-stream-arn");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        "KinesisStreamSourceConfiguration.KinesisStreamARN",
        &["\"stream/changes\""],
        &["an ARN like"],
    );
    // A good literal ARN and an imported value are accepted.
    let good = KinesisStream::from_arn("arn:aws:kinesis:us-east-1:123456789012:stream/changes");
    assert!(table(|t| t.kinesis_stream(&good)).synth().is_ok());
    let imported = KinesisStream::from_arn(Expr::import_value("SharedStreamArn"));
    assert!(table(|t| t.kinesis_stream(&imported)).synth().is_ok());
}

#[test]
fn kms_key_arn() {
    let alias = KeyRef::from_arn("arn:aws:kms:us-east-1:111122223333:alias/changes");
    let d = the_error(
        &stream(|s| s.encryption(StreamEncryption::CustomerManaged(alias.clone()))),
        "kms-key-arn",
    );
    assert_diag(
        &d,
        E,
        "V/Changes",
        "StreamEncryption.KeyId",
        &["alias/changes"],
        &["arn:aws:kms:us-east-1:123456789012:key/", "not an alias"],
    );
    let d = the_error(
        &table(|t| t.encryption(TableEncryption::CustomerManaged(alias))),
        "kms-key-arn",
    );
    assert_eq!(
        (d.path.as_str(), d.property.as_str()),
        ("V/Orders", "SSESpecification.KMSMasterKeyId")
    );
    let good = KeyRef::from_arn(KEY_ARN);
    assert!(
        stream(|s| s.encryption(StreamEncryption::CustomerManaged(good)))
            .synth()
            .is_ok()
    );
}

// ---------------------------------------------------------------- DynamoDB

#[test]
fn dynamodb_table_name() {
    let d = the_error(&table(|t| t.table_name("ab")), "dynamodb-table-name");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "TableName",
        &["\"ab\""],
        &["3–255", "[a-zA-Z0-9_.-]"],
    );
    assert!(table(|t| t.table_name("abc")).synth().is_ok());
    assert!(table(|t| t.table_name("a".repeat(255))).synth().is_ok());
    the_error(
        &table(|t| t.table_name("a".repeat(256))),
        "dynamodb-table-name",
    );
    the_error(
        &table(|t| t.table_name("orders table")),
        "dynamodb-table-name",
    );
    // A parameter is not checked.
    let mut stack = Stack::new("V");
    let name = stack.parameter(Parameter::string("TableName"));
    stack.add(Table::new("Orders", Attribute::string("pk")).table_name(name));
    assert!(stack.synth().is_ok());
}

#[test]
fn dynamodb_key_schema() {
    let d = the_error(
        &table(|t| t.sort_key(Attribute::number("pk"))),
        "dynamodb-key-schema",
    );
    assert_diag(
        &d,
        E,
        "V/Orders",
        "KeySchema.1",
        &["\"pk\""],
        &["different from the partition key"],
    );
}

#[test]
fn dynamodb_attribute_name() {
    let d = the_error(
        &one(Table::new("Orders", Attribute::string(""))),
        "dynamodb-attribute-name",
    );
    assert_diag(
        &d,
        E,
        "V/Orders",
        "KeySchema.0",
        &["\"\""],
        &["1–255 characters"],
    );
    the_error(
        &one(Table::new("Orders", Attribute::string("k".repeat(256)))),
        "dynamodb-attribute-name",
    );
    assert!(
        one(Table::new("Orders", Attribute::string("k".repeat(255))))
            .synth()
            .is_ok()
    );
    let d = the_error(
        &table(|t| t.time_to_live_attribute("")),
        "dynamodb-attribute-name",
    );
    assert_eq!(d.property, "TimeToLiveSpecification.AttributeName");
}

#[test]
fn dynamodb_attribute_type() {
    let stack = table(|t| {
        t.global_secondary_index(GlobalSecondaryIndex::new("ByPk", Attribute::number("pk")))
    });
    let d = the_error(&stack, "dynamodb-attribute-type");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.0.KeySchema.0",
        &["\"pk\" as N", "declared as S"],
        &["one type per attribute"],
    );
}

#[test]
fn dynamodb_capacity() {
    let stack = table(|t| t.billing(Billing::Provisioned { read: 0, write: 5 }));
    let d = the_error(&stack, "dynamodb-capacity");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "ProvisionedThroughput",
        &["ReadCapacityUnits 0", "WriteCapacityUnits 5"],
        &["at least 1"],
    );
    assert!(
        table(|t| t.billing(Billing::Provisioned { read: 1, write: 1 }))
            .synth()
            .is_ok()
    );
    let stack = table(|t| {
        t.billing(Billing::Provisioned { read: 1, write: 1 })
            .global_secondary_index(
                GlobalSecondaryIndex::new("ByCustomer", Attribute::string("customer"))
                    .capacity(1, 0),
            )
    });
    assert_eq!(
        the_error(&stack, "dynamodb-capacity").property,
        "GlobalSecondaryIndexes.0.ProvisionedThroughput"
    );
}

fn indexes(n: usize) -> Stack {
    table(|mut t| {
        for i in 0..n {
            t = t.global_secondary_index(GlobalSecondaryIndex::new(
                format!("Index{i}"),
                Attribute::string(format!("a{i}")),
            ));
        }
        t
    })
}

#[test]
fn dynamodb_gsi_count() {
    assert!(indexes(20).synth().is_ok());
    let d = the_error(&indexes(21), "dynamodb-gsi-count");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes",
        &["21 indexes"],
        &["at most 20"],
    );
}

#[test]
fn dynamodb_gsi_name() {
    let d = the_error(
        &table(|t| {
            t.global_secondary_index(GlobalSecondaryIndex::new("By", Attribute::string("c")))
        }),
        "dynamodb-gsi-name",
    );
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.0.IndexName",
        &["\"By\""],
        &["3–255", "[a-zA-Z0-9_.-]"],
    );
    let twice = table(|t| {
        t.global_secondary_index(GlobalSecondaryIndex::new("ByC", Attribute::string("c")))
            .global_secondary_index(GlobalSecondaryIndex::new("ByC", Attribute::string("d")))
    });
    let d = the_error(&twice, "dynamodb-gsi-name");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.1.IndexName",
        &["\"ByC\" twice"],
        &["unique"],
    );
}

#[test]
fn dynamodb_gsi_projection() {
    let empty = table(|t| {
        t.global_secondary_index(
            GlobalSecondaryIndex::new("ByC", Attribute::string("c"))
                .projection(Projection::Include(vec![])),
        )
    });
    let d = the_error(&empty, "dynamodb-gsi-projection");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.0.Projection",
        &["INCLUDE with no attributes"],
        &["at least one"],
    );
    let attrs = |n: usize| (0..n).map(|i| format!("x{i}")).collect::<Vec<_>>();
    let many = |n: usize| {
        table(|t| {
            t.global_secondary_index(
                GlobalSecondaryIndex::new("ByC", Attribute::string("c"))
                    .projection(Projection::Include(attrs(50))),
            )
            .global_secondary_index(
                GlobalSecondaryIndex::new("ByD", Attribute::string("d"))
                    .projection(Projection::Include(attrs(n))),
            )
        })
    };
    assert!(many(50).synth().is_ok());
    let d = the_error(&many(51), "dynamodb-gsi-projection");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes",
        &["101"],
        &["at most 100"],
    );
}

#[test]
fn dynamodb_gsi_capacity() {
    let missing = table(|t| {
        t.billing(Billing::Provisioned { read: 5, write: 5 })
            .global_secondary_index(GlobalSecondaryIndex::new("ByC", Attribute::string("c")))
    });
    let d = the_error(&missing, "dynamodb-gsi-capacity");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.0.ProvisionedThroughput",
        &["no capacity"],
        &[".capacity(read, write)"],
    );
    let extra = table(|t| {
        t.global_secondary_index(
            GlobalSecondaryIndex::new("ByC", Attribute::string("c")).capacity(5, 5),
        )
    });
    let d = the_error(&extra, "dynamodb-gsi-capacity");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.0.ProvisionedThroughput",
        &["read 5, write 5"],
        &["on-demand"],
    );
}

// ---------------------------------------------------------------- Firehose

#[test]
fn firehose_name() {
    let named = |n: &str| direct_put_named(n);
    let d = the_error(&named(&"d".repeat(65)), "firehose-name");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        "DeliveryStreamName",
        &["ddd"],
        &["1–64", "[a-zA-Z0-9._-]"],
    );
    assert!(named(&"d".repeat(64)).synth().is_ok());
    the_error(&named("to s3"), "firehose-name");
}

fn direct_put_named(name: &str) -> Stack {
    let mut stack = Stack::new("V");
    let b = stack.add(Bucket::new("ChangeLog"));
    stack.add(DeliveryStream::new("ToS3", S3Destination::new(&b)).delivery_stream_name(name));
    stack
}

#[test]
fn firehose_sse_kinesis_source() {
    let (mut stack, s, b) = kinesis_base("V");
    stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&b))
            .encryption(Encryption::AwsOwned)
            .source(&s),
    );
    let d = the_error(&stack, "firehose-sse-kinesis-source");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        "DeliveryStreamEncryptionConfigurationInput",
        &["Kinesis stream"],
        &["encrypt the Kinesis stream instead"],
    );
    // Without an explicit choice, a Kinesis-fed stream has no SSE and no error.
    let (mut stack, s, b) = kinesis_base("V");
    stack.add(DeliveryStream::new("ToS3", S3Destination::new(&b)).source(&s));
    let t = template(&stack);
    assert!(resource(&t, "ToS3")["Properties"]
        .get("DeliveryStreamEncryptionConfigurationInput")
        .is_none());
}

#[test]
fn firehose_buffering() {
    let d = the_error(
        &direct_put("V", |d| d.buffering(901, 5)),
        "firehose-buffering",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.BufferingHints.IntervalInSeconds"),
        &["901"],
        &["0–900"],
    );
    let d = the_error(
        &direct_put("V", |d| d.buffering(300, 0)),
        "firehose-buffering",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.BufferingHints.SizeInMBs"),
        &["0"],
        &["1–128"],
    );
    the_error(
        &direct_put("V", |d| d.buffering(300, 129)),
        "firehose-buffering",
    );
    // Zero buffering is legal now (older docs said 60).
    for (i, s) in [(0, 1), (900, 128)] {
        let t = template(&direct_put("V", |d| d.buffering(i, s)));
        assert_eq!(
            resource(&t, "ToS3")["Properties"][S3]["BufferingHints"],
            json!({"IntervalInSeconds": i, "SizeInMBs": s})
        );
    }
}

#[test]
fn firehose_buffering_with_dynamic_partitioning() {
    // The defaults fit: 300 s / 128 MB.
    let t = template(&partitioned(|d| d));
    assert_eq!(
        resource(&t, "ToS3")["Properties"][S3]["BufferingHints"],
        json!({"IntervalInSeconds": 300, "SizeInMBs": 128})
    );
    assert!(partitioned(|d| d.buffering(60, 64)).synth().is_ok());
    let d = the_error(&partitioned(|d| d.buffering(59, 64)), "firehose-buffering");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.BufferingHints.IntervalInSeconds"),
        &["59"],
        &["at least 60 seconds with dynamic partitioning"],
    );
    let d = the_error(&partitioned(|d| d.buffering(60, 63)), "firehose-buffering");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.BufferingHints.SizeInMBs"),
        &["63"],
        &["at least 64 MB with dynamic partitioning"],
    );
    // Without dynamic partitioning, 59 s / 63 MB are fine.
    assert!(with_function(builtin_with_keys(), |d, f| d
        .processor(f)
        .dynamic_partitioning(false)
        .buffering(59, 63))
    .synth()
    .is_ok());
}

#[test]
fn firehose_unused_partition_keys() {
    let stack = with_function(builtin_with_keys(), |d, f| {
        d.processor(f).dynamic_partitioning(false)
    });
    let d = the_warning(&stack, "firehose-unused-partition-keys");
    assert_diag(
        &d,
        W,
        "V/ToS3",
        &format!("{S3}.DynamicPartitioningConfiguration"),
        &["partition keys"],
        &["turn partition keys off"],
    );
    let t = template(&stack);
    assert!(resource(&t, "ToS3")["Properties"][S3]
        .get("DynamicPartitioningConfiguration")
        .is_none());
}

#[test]
fn firehose_prefix_length() {
    let d = the_error(
        &direct_put("V", |d| d.prefix("p".repeat(513))),
        "firehose-prefix-length",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.Prefix"),
        &["513 characters"],
        &["at most 512"],
    );
    assert!(direct_put("V", |d| d.prefix("p".repeat(512)))
        .synth()
        .is_ok());
    let d = the_error(
        &direct_put("V", |d| d.error_output_prefix("e".repeat(600))),
        "firehose-prefix-length",
    );
    assert_eq!(d.property, format!("{S3}.ErrorOutputPrefix"));
    // Expressions count for what they produce: 500 literal characters plus a 13-character
    // timestamp evaluate to 513.
    let long = format!("{}!{{timestamp:yyyy/MM/dd/HH}}", "p".repeat(500));
    assert!(direct_put("V", |d| d.prefix(long)).synth().is_err());
    let fits = format!("{}!{{timestamp:yyyy/MM/dd/HH}}", "p".repeat(499));
    assert!(direct_put("V", |d| d.prefix(fits)).synth().is_ok());
}

#[test]
fn firehose_prefix_syntax() {
    let d = the_error(
        &direct_put("V", |d| d.prefix("changes/!{timestamp:yyyy")),
        "firehose-prefix-syntax",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.Prefix"),
        &["changes/!{timestamp:yyyy"],
        &["!{namespace:value}", "unclosed"],
    );
    let d = the_error(
        &direct_put("V", |d| d.prefix("changes/!{time:yyyy}/")),
        "firehose-prefix-syntax",
    );
    assert!(d.allowed.contains("namespace \"time\" is unknown"), "{d}");
    let d = the_error(
        &direct_put("V", |d| {
            d.error_output_prefix("errors/!{firehose:error-output-type")
        }),
        "firehose-prefix-syntax",
    );
    assert_eq!(d.property, format!("{S3}.ErrorOutputPrefix"));
}

#[test]
fn firehose_prefix_error_type() {
    let d = the_error(
        &direct_put("V", |d| d.prefix("changes/!{firehose:error-output-type}/")),
        "firehose-prefix-error-type",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.Prefix"),
        &["!{firehose:error-output-type}"],
        &["only in the error output prefix"],
    );
}

#[test]
fn firehose_prefix_query_key() {
    let stack = partitioned(|d| {
        d.prefix("changes/!{partitionKeyFromQuery:table}/!{partitionKeyFromLambda:table}/")
    });
    let d = the_error(&stack, "firehose-prefix-query-key");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.Prefix"),
        &["partitionKeyFromQuery:table"],
        &["partitionKeyFromLambda"],
    );
}

#[test]
fn firehose_prefix_lambda_key() {
    let stack = partitioned(|d| d.prefix("changes/!{partitionKeyFromLambda:customer}/"));
    let d = the_error(&stack, "firehose-prefix-lambda-key");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.Prefix"),
        &["!{partitionKeyFromLambda:customer}"],
        &["table, eventName, eventDate"],
    );
    // Every key the built-in transform emits is accepted.
    let ok = partitioned(|d| {
        d.prefix("changes/!{partitionKeyFromLambda:table}/!{partitionKeyFromLambda:eventName}/!{partitionKeyFromLambda:eventDate}/")
    });
    assert!(ok.synth().is_ok());
    // No processor at all.
    let stack = direct_put("V", |d| {
        d.prefix("changes/!{partitionKeyFromLambda:table}/")
            .dynamic_partitioning(true)
    });
    let d = the_error(&stack, "firehose-prefix-lambda-key");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.Prefix"),
        &["partitionKeyFromLambda:table"],
        &["a Lambda processor"],
    );
}

#[test]
fn firehose_dynamic_partitioning() {
    // Partition keys in the prefix with dynamic partitioning off.
    let stack = with_function(builtin_with_keys(), |d, f| {
        d.processor(f)
            .dynamic_partitioning(false)
            .prefix("changes/!{partitionKeyFromLambda:table}/")
    });
    let d = the_error(&stack, "firehose-dynamic-partitioning");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.Prefix"),
        &["dynamic partitioning off"],
        &["only with dynamic partitioning on"],
    );
    // Dynamic partitioning with a prefix that uses no key.
    let d = the_error(
        &partitioned(|d| d.prefix("changes/!{timestamp:yyyy/MM/dd}/")),
        "firehose-dynamic-partitioning",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.Prefix"),
        &["changes/!{timestamp:yyyy/MM/dd}/"],
        &["a prefix that uses partition keys"],
    );
    // Dynamic partitioning without a processor.
    let stack = direct_put("V", |d| d.dynamic_partitioning(true).buffering(300, 128));
    let found = diags_of(&stack, "firehose-dynamic-partitioning");
    assert!(
        found.iter().any(
            |d| d.property == format!("{S3}.DynamicPartitioningConfiguration")
                && d.allowed.contains("a Lambda processor")
        ),
        "{found:?}"
    );
}

#[test]
fn firehose_error_prefix() {
    let d = the_error(
        &direct_put("V", |d| d.error_output_prefix("errors/!{timestamp:yyyy}/")),
        "firehose-error-prefix",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.ErrorOutputPrefix"),
        &["errors/!{timestamp:yyyy}/"],
        &["!{firehose:error-output-type}"],
    );
    let d = the_error(
        &direct_put("V", |d| d.error_output_prefix("")),
        "firehose-error-prefix",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.ErrorOutputPrefix"),
        &["empty"],
        &["whenever the prefix has expressions"],
    );
    let d = the_error(
        &partitioned(|d| {
            d.error_output_prefix(
                "errors/!{firehose:error-output-type}/!{partitionKeyFromLambda:table}/",
            )
        }),
        "firehose-error-prefix",
    );
    assert!(d.allowed.contains("no partition keys"), "{d}");
    // A literal error prefix is fine when the prefix is literal too, and with expressions.
    assert!(
        direct_put("V", |d| d.prefix("changes/").error_output_prefix(""))
            .synth()
            .is_ok()
    );
    assert!(direct_put("V", |d| d.error_output_prefix("errors/"))
        .synth()
        .is_ok());
}

#[test]
fn firehose_processor_buffer() {
    let d = the_error(
        &with_processor(|p| p.buffer_size_mb(3.5)),
        "firehose-processor-buffer",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{PC}.BufferSizeInMBs"),
        &["3.5"],
        &["0.2–3 MB"],
    );
    the_error(
        &with_processor(|p| p.buffer_size_mb(0.1)),
        "firehose-processor-buffer",
    );
    the_error(
        &with_processor(|p| p.buffer_size_mb(f64::NAN)),
        "firehose-processor-buffer",
    );
    for ok in [0.2, 1.0, 3.0] {
        assert!(
            with_processor(|p| p.buffer_size_mb(ok)).synth().is_ok(),
            "{ok}"
        );
    }
}

#[test]
fn firehose_processor_interval() {
    let d = the_error(
        &with_processor(|p| p.buffer_interval_seconds(901)),
        "firehose-processor-interval",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{PC}.BufferIntervalInSeconds"),
        &["901"],
        &["0–900"],
    );
    assert!(with_processor(|p| p.buffer_interval_seconds(0))
        .synth()
        .is_ok());
    assert!(with_processor(|p| p.buffer_interval_seconds(900))
        .synth()
        .is_ok());
}

#[test]
fn firehose_processor_retries() {
    let d = the_error(
        &with_processor(|p| p.retries(301)),
        "firehose-processor-retries",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{PC}.NumberOfRetries"),
        &["301"],
        &["0–300"],
    );
    assert!(with_processor(|p| p.retries(0)).synth().is_ok());
    assert!(with_processor(|p| p.retries(300)).synth().is_ok());
}

#[test]
fn firehose_processor_timeout() {
    let stack = with_function(own_code("Fn").timeout_seconds(301), |d, f| d.processor(f));
    let d = the_error(&stack, "firehose-processor-timeout");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{PC}.LambdaArn"),
        &["301-second"],
        &["at most 300", "5 minutes"],
    );
    assert!(
        with_function(own_code("Fn").timeout_seconds(300), |d, f| d.processor(f))
            .synth()
            .is_ok()
    );
}

// ---------------------------------------------------------------- IAM

#[test]
fn iam_wildcard() {
    let wild = Grant::new([Statement::allow(
        &["s3:*"],
        [Expr::from("arn:aws:s3:::b/*")],
    )]);
    let d = the_error(&transform(|f| f.grant(wild)), "iam-wildcard");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "PolicyDocument",
        &["\"s3:*\""],
        &["never wildcards"],
    );
    let any = Grant::new([Statement::allow(&["s3:GetObject"], [Expr::from("*")])]);
    let d = the_error(&transform(|f| f.grant(any)), "iam-wildcard");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "PolicyDocument",
        &["resource \"*\""],
        &["scoped to ARNs"],
    );
    let none = Grant::new([Statement::allow(&["s3:GetObject"], [])]);
    let d = the_error(&transform(|f| f.grant(none)), "iam-empty-statement");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "PolicyDocument",
        &["1 action(s) and 0 resource(s)"],
        &["at least one named action on at least one resource ARN"],
    );
    let scoped = Grant::new([Statement::allow(
        &["s3:GetObject"],
        [Expr::from("arn:aws:s3:::b/*")],
    )]);
    assert!(transform(|f| f.grant(scoped)).synth().is_ok());
}

// ---------------------------------------------------------------- Lambda

#[test]
fn lambda_memory() {
    let d = the_error(&transform(|f| f.memory_mb(127)), "lambda-memory");
    assert_diag(&d, E, "V/Fn", "MemorySize", &["127"], &["128–10240"]);
    the_error(&transform(|f| f.memory_mb(10_241)), "lambda-memory");
    for ok in [128, 10_240] {
        let t = template(&transform(|f| f.memory_mb(ok)));
        assert_eq!(resource(&t, "Fn")["Properties"]["MemorySize"], ok);
    }
    let mut stack = Stack::new("V");
    let mb = stack.parameter(Parameter::number("MemoryMb"));
    stack.add(own_code("Fn").memory_mb(mb));
    assert_eq!(
        resource(&template(&stack), "Fn")["Properties"]["MemorySize"],
        json!({"Ref": "MemoryMb"})
    );
}

#[test]
fn lambda_timeout() {
    // Lambda allows 900 s; Firehose waits 300 s at most for a transform.
    let d = the_error(&transform(|f| f.timeout_seconds(301)), "lambda-timeout");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "Timeout",
        &["301"],
        &["1–300", "Firehose waits at most 5 minutes"],
    );
    assert_eq!(
        the_error(&transform(|f| f.timeout_seconds(900)), "lambda-timeout").received,
        "900"
    );
    the_error(&transform(|f| f.timeout_seconds(0)), "lambda-timeout");
    for ok in [1, 300] {
        let t = template(&transform(|f| f.timeout_seconds(ok)));
        assert_eq!(resource(&t, "Fn")["Properties"]["Timeout"], ok);
    }
    let mut stack = Stack::new("V");
    let s = stack.parameter(Parameter::number("TimeoutSeconds"));
    stack.add(own_code("Fn").timeout_seconds(s));
    assert_eq!(
        resource(&template(&stack), "Fn")["Properties"]["Timeout"],
        json!({"Ref": "TimeoutSeconds"})
    );
}

#[test]
fn lambda_reserved_concurrency() {
    let d = the_error(
        &transform(|f| f.reserved_concurrency(0)),
        "lambda-reserved-concurrency",
    );
    assert_diag(
        &d,
        E,
        "V/Fn",
        "ReservedConcurrentExecutions",
        &["0"],
        &["1–", "would stop the function"],
    );
    let t = template(&transform(|f| f.reserved_concurrency(1)));
    assert_eq!(
        resource(&t, "Fn")["Properties"]["ReservedConcurrentExecutions"],
        1
    );
}

#[test]
fn lambda_env_key() {
    let d = the_error(&transform(|f| f.environment("1ST", "x")), "lambda-env-key");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "Environment.Variables",
        &["\"1ST\""],
        &["a letter, then letters, digits or '_'"],
    );
    the_error(&transform(|f| f.environment("A", "x")), "lambda-env-key");
    the_error(
        &transform(|f| f.environment("MY-VAR", "x")),
        "lambda-env-key",
    );
    let d = the_error(
        &transform(|f| f.environment("AWS_REGION", "x")),
        "lambda-env-key",
    );
    assert_diag(
        &d,
        E,
        "V/Fn",
        "Environment.Variables",
        &["\"AWS_REGION\""],
        &["does not reserve"],
    );
    let t = template(&transform(|f| f.environment("TABLE_NAME", "orders")));
    assert_eq!(
        resource(&t, "Fn")["Properties"]["Environment"]["Variables"]["TABLE_NAME"],
        "orders"
    );
}

#[test]
fn lambda_env_size() {
    // Key (2 bytes) + value: 4,096 bytes in all are accepted, 4,097 are not.
    assert!(transform(|f| f.environment("AB", "v".repeat(4094)))
        .synth()
        .is_ok());
    let d = the_error(
        &transform(|f| f.environment("AB", "v".repeat(4095))),
        "lambda-env-size",
    );
    assert_diag(
        &d,
        E,
        "V/Fn",
        "Environment.Variables",
        &["4097 bytes"],
        &["at most 4 KB"],
    );
}

// ---------------------------------------------------------------- CloudWatch Logs

#[test]
fn log_retention() {
    let d = the_error(&transform(|f| f.log_retention_days(2)), "log-retention");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "LoggingConfig.LogGroup",
        &["2"],
        &["one of [1, 3, 5, 7, 14, 30", "3653] days"],
    );
    let d = the_error(
        &direct_put("V", |d| d.log_retention_days(0)),
        "log-retention",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.CloudWatchLoggingOptions"),
        &["0"],
        &["one of ["],
    );
    the_error(&transform(|f| f.log_retention_days(3654)), "log-retention");
    for ok in [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
        2922, 3288, 3653,
    ] {
        let t = template(&transform(|f| f.log_retention_days(ok)));
        assert_eq!(
            resource(&t, "FnLogGroup")["Properties"]["RetentionInDays"],
            ok
        );
    }
    // No log group, nothing to check.
    assert!(direct_put("V", |d| d.logging(false).log_retention_days(2))
        .synth()
        .is_ok());
}

// ---------------------------------------------------------------- S3

#[test]
fn s3_bucket_name() {
    let d = the_error(&bucket(|b| b.bucket_name("Change_Log")), "s3-bucket-name");
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "BucketName",
        &["\"Change_Log\""],
        &["3–63", "[a-z0-9.-]"],
    );
    assert!(bucket(|b| b.bucket_name("abc")).synth().is_ok());
    assert!(bucket(|b| b.bucket_name("a".repeat(63))).synth().is_ok());
    the_error(&bucket(|b| b.bucket_name("a".repeat(64))), "s3-bucket-name");
    the_error(&bucket(|b| b.bucket_name("-abc")), "s3-bucket-name");
    // An existing bucket, where a delivery stream uses it.
    let mut stack = Stack::new("V");
    stack.add(DeliveryStream::new(
        "ToS3",
        S3Destination::new(&Bucket::from_name("ab")),
    ));
    let d = the_error(&stack, "s3-bucket-name");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.BucketARN"),
        &["\"ab\""],
        &["3–63"],
    );
}

#[test]
fn s3_lifecycle_id() {
    let d = the_error(
        &bucket(|b| b.lifecycle_rule(LifecycleRule::new("").expiration_days(30))),
        "s3-lifecycle-id",
    );
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "LifecycleConfiguration.Rules.0",
        &["\"\""],
        &["1–255 characters"],
    );
    assert!(
        bucket(|b| b.lifecycle_rule(LifecycleRule::new("r".repeat(255)).expiration_days(30)))
            .synth()
            .is_ok()
    );
    the_error(
        &bucket(|b| b.lifecycle_rule(LifecycleRule::new("r".repeat(256)).expiration_days(30))),
        "s3-lifecycle-id",
    );
}

#[test]
fn s3_lifecycle_empty() {
    let d = the_error(
        &bucket(|b| b.lifecycle_rule(LifecycleRule::new("Nothing").prefix("tmp/"))),
        "s3-lifecycle-empty",
    );
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "LifecycleConfiguration.Rules.0",
        &["no action"],
        &["expiration", "transition"],
    );
}

#[test]
fn s3_lifecycle_days() {
    let d = the_error(
        &bucket(|b| b.lifecycle_rule(LifecycleRule::new("Expire").expiration_days(0))),
        "s3-lifecycle-days",
    );
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "LifecycleConfiguration.Rules.0.ExpirationInDays",
        &["0"],
        &["at least 1 day"],
    );
    let d = the_error(
        &bucket(|b| {
            b.lifecycle_rule(
                LifecycleRule::new("ToIa").transition(StorageClass::InfrequentAccess, 29),
            )
        }),
        "s3-lifecycle-days",
    );
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "LifecycleConfiguration.Rules.0.Transitions",
        &["29 days to STANDARD_IA"],
        &["at least 30 days"],
    );
    assert!(bucket(|b| b.lifecycle_rule(
        LifecycleRule::new("ToIa").transition(StorageClass::InfrequentAccess, 30)
    ))
    .synth()
    .is_ok());
    let d = the_error(
        &bucket(|b| {
            b.lifecycle_rule(
                LifecycleRule::new("Late")
                    .transition(StorageClass::Glacier, 90)
                    .expiration_days(90),
            )
        }),
        "s3-lifecycle-days",
    );
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "LifecycleConfiguration.Rules.0.Transitions",
        &["after 90 days", "expiration after 90 days"],
        &["before the expiration"],
    );
    let d = the_error(
        &bucket(|b| {
            b.lifecycle_rule(LifecycleRule::new("Abort").abort_incomplete_multipart_days(0))
        }),
        "s3-lifecycle-days",
    );
    assert_eq!(
        d.property,
        "LifecycleConfiguration.Rules.0.AbortIncompleteMultipartUpload"
    );
}

// ---------------------------------------------------------------- DynamoDB Streams forwarder

fn forwarder(view: Option<StreamViewType>, f: impl FnOnce(Forwarder) -> Forwarder) -> Stack {
    let mut stack = Stack::new("V");
    let mut t = Table::new("Orders", Attribute::string("pk"));
    if let Some(v) = view {
        t = t.stream(v);
    }
    let table = stack.add(t);
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(f(Forwarder::dynamodb_changes("Forward", &table, &ds)));
    stack
}

fn fwd(f: impl FnOnce(Forwarder) -> Forwarder) -> Stack {
    forwarder(Some(StreamViewType::NewAndOldImages), f)
}

#[test]
fn forwarder_table_stream() {
    let d = the_error(&forwarder(None, |f| f), "forwarder-table-stream");
    assert_diag(
        &d,
        E,
        "V/Forward",
        "EventSourceArn",
        &["\"Orders\"", "without a stream"],
        &[".stream(StreamViewType::NewAndOldImages)"],
    );
    let s = fwd(|f| f).synth().expect("forwarder with a stream");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn forwarder_stream_view() {
    for view in [
        StreamViewType::KeysOnly,
        StreamViewType::NewImage,
        StreamViewType::OldImage,
    ] {
        let d = the_warning(&forwarder(Some(view), |f| f), "forwarder-stream-view");
        assert_diag(
            &d,
            W,
            "V/Forward",
            "EventSourceArn",
            &[view.as_str()],
            &["NEW_AND_OLD_IMAGES"],
        );
    }
}

#[test]
fn forwarder_error_prefix() {
    // The forwarder renders the error prefix of its delivery stream itself: a timestamp letter
    // it does not render is written as it is (the record is still kept), with a warning.
    let with_prefix = |p: &str| {
        let mut stack = Stack::new("V");
        let table = stack.add(
            Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages),
        );
        let bucket = stack.add(Bucket::new("ChangeLog"));
        let ds = stack.add(DeliveryStream::new(
            "ToS3",
            S3Destination::new(&bucket)
                .prefix("changes/") // no expressions: the error prefix may be empty
                .error_output_prefix(p),
        ));
        stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
        stack
    };
    let d = the_warning(
        &with_prefix("e/!{firehose:error-output-type}/!{timestamp:yyyy 'week' ww EEE}/"),
        "forwarder-error-prefix",
    );
    assert_diag(
        &d,
        W,
        "V/Forward",
        "Environment.Variables.FERROCDK_ERROR_PREFIX",
        &["\"ToS3\"", "timestamp letters w, E"],
        &["y, u, M, d, D, H, m, s", "as they are"],
    );
    // every letter it renders, quoted text, and a literal prefix (rendered with the default
    // type and hour): no warning
    for ok in [
        "e/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd'T'HH:mm:ss 'week' uu DDD MMMM}/",
        "literal/",
        "",
    ] {
        let s = with_prefix(ok).synth().expect(ok);
        assert!(s.warnings.is_empty(), "{ok}: {:?}", s.warnings);
    }
}

#[test]
fn esm_batch_size() {
    let d = the_error(&fwd(|f| f.batch_size(0)), "esm-batch-size");
    assert_diag(
        &d,
        E,
        "V/Forward",
        "Mapping.BatchSize",
        &["0"],
        &["1–10000"],
    );
    the_error(&fwd(|f| f.batch_size(10_001)), "esm-batch-size");
    for ok in [1, 10_000] {
        let t = template(&fwd(|f| f.batch_size(ok)));
        assert_eq!(
            resource(&t, "ForwardMapping")["Properties"]["BatchSize"],
            ok
        );
    }
    let mut stack = fwd(|f| f);
    let _ = stack.parameter(Parameter::number("Unused"));
    assert!(stack.synth().is_ok());
}

#[test]
fn esm_batching_window() {
    let d = the_error(
        &fwd(|f| f.batching_window_seconds(301)),
        "esm-batching-window",
    );
    assert_diag(
        &d,
        E,
        "V/Forward",
        "Mapping.MaximumBatchingWindowInSeconds",
        &["301"],
        &["0–300"],
    );
    assert!(fwd(|f| f.batching_window_seconds(0)).synth().is_ok());
    assert!(fwd(|f| f.batching_window_seconds(300)).synth().is_ok());
}

#[test]
fn esm_parallelization() {
    let d = the_error(
        &fwd(|f| f.parallelization_factor(11)),
        "esm-parallelization",
    );
    assert_diag(
        &d,
        E,
        "V/Forward",
        "Mapping.ParallelizationFactor",
        &["11"],
        &["1–10"],
    );
    the_error(&fwd(|f| f.parallelization_factor(0)), "esm-parallelization");
    assert!(fwd(|f| f.parallelization_factor(1)).synth().is_ok());
    assert!(fwd(|f| f.parallelization_factor(10)).synth().is_ok());
}

#[test]
fn esm_retry_attempts() {
    let d = the_error(&fwd(|f| f.max_retry_attempts(-2)), "esm-retry-attempts");
    assert_diag(
        &d,
        E,
        "V/Forward",
        "Mapping.MaximumRetryAttempts",
        &["-2"],
        &["-1", "0–10000"],
    );
    the_error(&fwd(|f| f.max_retry_attempts(10_001)), "esm-retry-attempts");
    for ok in [-1, 0, 10_000] {
        let t = template(&fwd(|f| f.max_retry_attempts(ok)));
        assert_eq!(
            resource(&t, "ForwardMapping")["Properties"]["MaximumRetryAttempts"],
            ok
        );
    }
}

#[test]
fn esm_record_age() {
    // 0–59 pass the schema but the service rejects them.
    let d = the_error(&fwd(|f| f.max_record_age_seconds(59)), "esm-record-age");
    assert_diag(
        &d,
        E,
        "V/Forward",
        "Mapping.MaximumRecordAgeInSeconds",
        &["59"],
        &["-1", "60–604800"],
    );
    the_error(&fwd(|f| f.max_record_age_seconds(0)), "esm-record-age");
    the_error(&fwd(|f| f.max_record_age_seconds(-2)), "esm-record-age");
    the_error(
        &fwd(|f| f.max_record_age_seconds(604_801)),
        "esm-record-age",
    );
    for ok in [-1, 60, 604_800] {
        let t = template(&fwd(|f| f.max_record_age_seconds(ok)));
        assert_eq!(
            resource(&t, "ForwardMapping")["Properties"]["MaximumRecordAgeInSeconds"],
            ok
        );
    }
    let mut stack = Stack::new("V");
    let table = stack
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    let age = stack.parameter(Parameter::number("MaxAge"));
    stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds).max_record_age_seconds(age));
    let t = template(&stack);
    assert_eq!(
        resource(&t, "ForwardMapping")["Properties"]["MaximumRecordAgeInSeconds"],
        json!({"Ref": "MaxAge"})
    );
}

#[test]
fn forwarder_timeout_is_lambdas_not_firehoses() {
    // A forwarder is invoked by Lambda's poller, not Firehose: 900 s is its ceiling.
    let t = template(&fwd(|f| f.timeout_seconds(900)));
    assert_eq!(resource(&t, "Forward")["Properties"]["Timeout"], 900);
    let d = the_error(&fwd(|f| f.timeout_seconds(901)), "lambda-timeout");
    assert_diag(&d, E, "V/Forward", "Timeout", &["901"], &["1–900"]);
}

// ---------------------------------------------------------------- CloudWatch alarms

#[test]
fn alarms_empty() {
    use ferrocdk::aws::cloudwatch::Alarms;
    let d = the_error(&one(Alarms::new("Alarms")), "alarms-empty");
    assert_diag(
        &d,
        E,
        "V/Alarms",
        "-",
        &["watching nothing"],
        &[".stream", ".delivery_stream", ".function"],
    );
    let mut stack = Stack::new("V");
    let s = stack.add(KinesisStream::new("Changes"));
    stack.add(Alarms::new("Alarms").stream(&s));
    assert!(stack.synth().is_ok());
}

// ---------------------------------------------------------------- IAM statements and table-stream readers

#[test]
fn statement_without_actions_is_rejected() {
    let none = Grant::new([Statement::allow(&[], [Expr::from("arn:aws:s3:::b")])]);
    let d = the_error(&transform(|f| f.grant(none)), "iam-empty-statement");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "PolicyDocument",
        &["0 action(s) and 1 resource(s)"],
        &["IAM rejects empty lists"],
    );
}

#[test]
fn more_than_two_readers_of_a_table_stream_are_reported() {
    let readers = |n: usize| {
        let mut stack = Stack::new("V");
        let table = stack.add(
            Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages),
        );
        let bucket = stack.add(Bucket::new("ChangeLog"));
        let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
        for i in 1..=n {
            stack.add(Forwarder::dynamodb_changes(format!("F{i}"), &table, &ds));
        }
        match stack.synth() {
            Ok(s) => s.warnings,
            Err(e) => panic!("a warning must not fail synth: {e}"),
        }
    };
    let code = "dynamodb-stream-readers";
    assert!(readers(2).iter().all(|d| d.code != code));
    let three = readers(3);
    let hits: Vec<_> = three.iter().filter(|d| d.code == code).collect();
    assert_eq!(hits.len(), 1, "{three:?}");
    assert_diag(
        hits[0],
        W,
        "V/F3",
        "EventSourceArn",
        &["reader number 3", "\"Orders\""],
        &["at most 2 readers per DynamoDB stream shard"],
    );
}

#[test]
fn output_unknown() {
    let mut stack = Stack::new("V");
    stack.output("Region", Expr::Pseudo(Pseudo::Region));
    stack.describe_output("Region", "where it runs");
    stack.describe_output("Nope", "no such output");
    let d = the_error(&stack, "output-unknown");
    assert_diag(
        &d,
        E,
        "V/Outputs/Nope",
        "Description",
        &["\"Nope\""],
        &["stack.output"],
    );
}

#[test]
fn condition_unknown() {
    let mut stack = Stack::new("V");
    stack.add(KinesisStream::new("Changes"));
    stack.condition(
        "IsProd",
        serde_json::json!({"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}),
    );
    stack.set_condition("Changes", "IsProd");
    assert!(stack.synth().is_ok());
    stack.set_condition("Changes", "IsTest");
    let d = the_error(&stack, "condition-unknown");
    assert_diag(
        &d,
        E,
        "V/Changes",
        "Condition",
        &["\"IsTest\""],
        &["stack.condition"],
    );
}

/// A stream of `shards` provisioned shards (or on-demand) with an optional declared load,
/// `external` outside consumers, and `delivery` delivery streams reading it.
fn consumers(
    shards: Option<u32>,
    load: Option<(f64, f64)>,
    external: u32,
    delivery: usize,
) -> Vec<ferrocdk::Diagnostic> {
    let mut stack = Stack::new("V");
    let mut s = KinesisStream::new("Changes").external_consumers(external);
    if let Some(n) = shards {
        s = s.mode(StreamMode::Provisioned(n.into()));
    }
    if let Some((w, b)) = load {
        s = s.expected_writes(w, b);
    }
    let stream = stack.add(s);
    let bucket = stack.add(Bucket::new("ChangeLog"));
    for i in 1..=delivery {
        stack
            .add(DeliveryStream::new(format!("D{i}"), S3Destination::new(&bucket)).source(&stream));
    }
    match stack.synth() {
        Ok(s) => s.warnings,
        Err(e) => e.diagnostics,
    }
}

fn with_code<'a>(all: &'a [ferrocdk::Diagnostic], code: &str) -> Vec<&'a ferrocdk::Diagnostic> {
    all.iter().filter(|d| d.code == code).collect()
}

#[test]
fn kinesis_shards_too_few() {
    // 2,500 writes/s: each write is one change record, and a shard takes 1,000 records/s,
    // so ceil(2,500 / 1,000) = 3 shards; 1 is too few (an error: the declared peak is above
    // the stream's capacity), 3 are enough.
    let all = consumers(Some(1), Some((2500.0, 100.0)), 0, 0);
    let hits = with_code(&all, "kinesis-shards-too-few");
    assert_eq!(hits.len(), 1, "{all:?}");
    assert_diag(
        hits[0],
        E,
        "V/Changes",
        "ShardCount",
        &[
            "1 shard(s) for a declared peak of 2,500 writes/s",
            "2,500 change records/s",
        ],
        &[
            "3 provisioned shards or more, or on-demand mode",
            "1,000 records/s",
        ],
    );
    assert!(with_code(
        &consumers(Some(3), Some((2500.0, 100.0)), 0, 0),
        "kinesis-shards-too-few"
    )
    .is_empty());
    // On-demand streams have no shard count to check.
    assert!(with_code(
        &consumers(None, Some((2500.0, 100.0)), 0, 0),
        "kinesis-shards-too-few"
    )
    .is_empty());
}

#[test]
fn kinesis_expected_load() {
    for (w, b) in [
        (f64::NAN, 100.0),
        (-1.0, 100.0),
        (10.0, 0.0),
        (10.0, 500_000.0),
    ] {
        let all = consumers(Some(1), Some((w, b)), 0, 0);
        let hits = with_code(&all, "kinesis-expected-load");
        assert_eq!(hits.len(), 1, "{w} {b}: {all:?}");
        assert_eq!(hits[0].severity, E);
        assert!(hits[0].allowed.contains("400 KB"), "{:?}", hits[0]);
    }
    assert!(
        with_code(
            &consumers(None, Some((10.0, -5.0)), 0, 0),
            "kinesis-expected-load"
        )
        .len()
            == 1
    );
}

#[test]
fn kinesis_read_budget() {
    let code = "kinesis-read-budget";
    // No declared load: every consumer reads everything, and a shard serves 2 MB/s of reads
    // against up to 1 MB/s of writes, so the third consumer is reported (once).
    assert!(with_code(&consumers(None, None, 0, 2), code).is_empty());
    let all = consumers(None, None, 0, 3);
    let hits = with_code(&all, code);
    assert_eq!(hits.len(), 1, "{all:?}");
    assert_diag(
        hits[0],
        W,
        "V/D3",
        "KinesisStreamSourceConfiguration.KinesisStreamARN",
        &["consumer number 3", "no declared load"],
        &["at most 2 consumers", "enhanced fan-out"],
    );
    // External consumers count too; past 5, GetRecords calls (5/s per shard) run out.
    let all = consumers(None, None, 5, 1);
    let hits = with_code(&all, code);
    assert_eq!(hits.len(), 1, "{all:?}");
    assert!(
        hits[0].received.contains("consumer number 6"),
        "{:?}",
        hits[0]
    );
    assert!(
        hits[0].allowed.contains("at most 5 polling consumers"),
        "{:?}",
        hits[0]
    );
    // A declared load decides exactly, with the planner's record (the 60/30/10 mix of
    // INSERT / MODIFY / REMOVE). 350 writes/s of 1,000-byte items (10 attributes, a 40-byte
    // key, a 24-character table name): an INSERT or REMOVE record is 262 (envelope) + 9
    // (region) + 24 (table) + 4 (SizeBytes digits of 1,040) + 53 (keys: 40 + 12 + 1) + 12 +
    // 1,121 = 1,485 bytes, a MODIFY 352 + 2 × 1,133 = 2,618; mean 0.7 × 1,485 + 0.3 × 2,618
    // = 1,824.9, plus the 32-byte partition key = 1,856.9; 350 × 1,856.9 = 649,915 B/s.
    // One shard serves 2 MiB/s = 2,097,152 B/s of reads: three consumers need 1,949,745
    // (fit), four 2,599,660 (do not: an error, kinesis-read-capacity, naming 2 shards).
    let read = "kinesis-read-capacity";
    assert!(with_code(&consumers(Some(1), Some((350.0, 1000.0)), 0, 3), read).is_empty());
    let all = consumers(Some(1), Some((350.0, 1000.0)), 0, 4);
    let hits = with_code(&all, read);
    assert_eq!(hits.len(), 1, "{all:?}");
    assert_eq!(hits[0].severity, E);
    assert!(
        hits[0].allowed.contains("2 provisioned shards or more"),
        "{:?}",
        hits[0]
    );
    assert!(hits[0].allowed.contains("2 MiB/s"), "{:?}", hits[0]);
    assert!(with_code(&all, code).is_empty(), "{all:?}");
    assert!(
        with_code(&all, "kinesis-shards-too-few").is_empty(),
        "{all:?}"
    );
    // ... and a small declared load lets more than two consumers share a stream.
    assert!(with_code(&consumers(Some(2), Some((100.0, 200.0)), 2, 2), code).is_empty());
    // An on-demand stream with a declared load is checked against that load, never as
    // "with no declared load": the audit's 2,000 writes/s of 3,072 B with 3 consumers reads
    // 3 × 9,101,000 B/s of 2 × 9,101,000 (kinesis-on-demand-capacity, a warning).
    let all = consumers(None, Some((2000.0, 3072.0)), 2, 1);
    assert!(with_code(&all, code).is_empty(), "{all:?}");
    let hits = with_code(&all, "kinesis-on-demand-capacity");
    assert_eq!(hits.len(), 2, "{all:?}");
    assert!(hits.iter().all(|d| d.severity == W));
    assert!(
        hits[1].allowed.contains("14 provisioned shards or more"),
        "{:?}",
        hits[1]
    );
}

#[test]
fn transform_change_options() {
    let opts = ChangeOptions {
        partition_keys: true,
        ..ChangeOptions::default()
    };
    let d = the_error(
        &transform(|f| f.change_options(opts)),
        "transform-change-options",
    );
    assert_diag(
        &d,
        E,
        "V/Fn",
        "Environment.Variables",
        &["own code"],
        &["TransformFunction::dynamodb_changes"],
    );
    let mut ok = Stack::new("V");
    ok.add(TransformFunction::dynamodb_changes("Fn").change_options(opts));
    assert!(ok.synth().is_ok());
}
