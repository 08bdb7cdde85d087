//! The rule registry's own tests: every rule of `rules::ALL` is triggered here by the smallest
//! input that reports it, with the rule's severity; codes are unique; `docs/rules.md` is
//! generated from the registry. `tests/validation/` pins each rule's details.

mod common;

use common::*;
use ferrocdk::aws::cloudwatch::Alarms;
use ferrocdk::aws::firehose::{Encryption, ParquetConversion};
use ferrocdk::aws::iam::Statement;
use ferrocdk::aws::kinesis::StreamRef;
use ferrocdk::aws::lambda::ChangeOptions;
use ferrocdk::core::Construct;
use ferrocdk::core::{App, Environment};
use ferrocdk::prelude::*;
use ferrocdk::rules::{self, Rule};
use ferrocdk::{Diagnostic, Severity};
use std::collections::BTreeSet;

/// Every diagnostic synth reports for `stack`, errors and warnings.
fn diags(stack: &Stack) -> Vec<Diagnostic> {
    match stack.synth() {
        Ok(s) => s.warnings,
        Err(e) => e.diagnostics,
    }
}

/// Every diagnostic synth reports for `app`, errors and warnings.
fn app_diags(app: &App) -> Vec<Diagnostic> {
    match app.synth() {
        Ok(s) => s.warnings,
        Err(e) => e.diagnostics,
    }
}

/// An app of stacks `A` (with a stream `Changes`) and `B` (with a stream `Spare`), in
/// `env_a` and `env_b`; `wire` may make each use the other's stream.
fn two_stacks(
    env_a: Environment,
    env_b: Environment,
    wire: impl FnOnce(&mut Stack, &StreamRef, &mut Stack, &StreamRef),
) -> Vec<Diagnostic> {
    let mut a = Stack::new("A");
    let sa = a.add(KinesisStream::new("Changes"));
    let mut b = Stack::new("B");
    let sb = b.add(KinesisStream::new("Spare"));
    wire(&mut a, &sa, &mut b, &sb);
    let mut app = App::new();
    app.add(a, env_a).add(b, env_b);
    app_diags(&app)
}

fn env(region: &str) -> Environment {
    Environment::new("111122223333", region)
}

fn one(construct: impl Construct) -> Vec<Diagnostic> {
    let mut stack = Stack::new("V");
    stack.add(construct);
    diags(&stack)
}

fn own_code() -> TransformFunction {
    TransformFunction::new(
        "Fn",
        Code::inline_python("def handler(event, context):\n    return {'records': []}\n"),
    )
}

/// A delivery stream `ToS3` to a new bucket, with `function` as its processor when given.
fn delivery(
    function: Option<TransformFunction>,
    dest: impl FnOnce(S3Destination) -> S3Destination,
) -> Vec<Diagnostic> {
    let mut stack = Stack::new("V");
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let mut d = S3Destination::new(&bucket);
    if let Some(f) = function {
        let f = stack.add(f);
        d = d.processor(&f);
    }
    stack.add(DeliveryStream::new("ToS3", dest(d)));
    diags(&stack)
}

fn with_keys() -> TransformFunction {
    TransformFunction::dynamodb_changes("Shape").change_options(ChangeOptions {
        partition_keys: true,
        ..ChangeOptions::default()
    })
}

fn forwarder(
    view: Option<StreamViewType>,
    f: impl FnOnce(Forwarder) -> Forwarder,
) -> Vec<Diagnostic> {
    let mut stack = Stack::new("V");
    let mut t = Table::new("Orders", Attribute::string("pk"));
    if let Some(v) = view {
        t = t.stream(v);
    }
    let table = stack.add(t);
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(f(Forwarder::dynamodb_changes("Forward", &table, &ds)));
    diags(&stack)
}

fn esm(f: impl FnOnce(Forwarder) -> Forwarder) -> Vec<Diagnostic> {
    forwarder(Some(StreamViewType::NewAndOldImages), f)
}

/// A stream (provisioned with `shards`, or on-demand), its declared load, and `readers`
/// delivery streams reading it.
fn stream_load(shards: Option<u32>, load: Option<(f64, f64)>, readers: usize) -> Vec<Diagnostic> {
    let mut stack = Stack::new("V");
    let mut s = KinesisStream::new("Changes");
    if let Some(n) = shards {
        s = s.mode(StreamMode::Provisioned(n.into()));
    }
    if let Some((w, b)) = load {
        s = s.expected_writes(w, b);
    }
    let stream = stack.add(s);
    let bucket = stack.add(Bucket::new("ChangeLog"));
    for i in 1..=readers {
        stack
            .add(DeliveryStream::new(format!("D{i}"), S3Destination::new(&bucket)).source(&stream));
    }
    diags(&stack)
}

/// A DirectPut change log of table `Orders` (processor `processor`, destination shaped by
/// `dest`) with a catalog and a workgroup over it, shaped by `cat` and `wg`.
fn queryable(
    processor: Option<TransformFunction>,
    dest: impl FnOnce(S3Destination) -> S3Destination,
    cat: impl FnOnce(ChangeLogTable) -> ChangeLogTable,
    wg: impl FnOnce(QueryWorkgroup) -> QueryWorkgroup,
) -> Vec<Diagnostic> {
    let mut stack = Stack::new("V");
    let orders = stack.add(Table::new("Orders", Attribute::string("pk")));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let mut d = S3Destination::new(&bucket);
    if let Some(f) = processor {
        d = d.processor(&stack.add(f));
    }
    let ds = stack.add(DeliveryStream::new("ToS3", dest(d)));
    let catalog = stack.add(cat(ChangeLogTable::new(
        "Catalog",
        &ds,
        SourceTable::new(&orders),
    )));
    stack.add(wg(QueryWorkgroup::new("Queries", &catalog)));
    diags(&stack)
}

/// [`queryable`] with the built-in transform, shaped by `cat` and `wg` only.
fn query(
    cat: impl FnOnce(ChangeLogTable) -> ChangeLogTable,
    wg: impl FnOnce(QueryWorkgroup) -> QueryWorkgroup,
) -> Vec<Diagnostic> {
    queryable(Some(shape()), |d| d, cat, wg)
}

fn shape() -> TransformFunction {
    TransformFunction::dynamodb_changes("Shape")
}

fn raw(n: usize, bytes: usize) -> Stack {
    let mut stack = Stack::new("V");
    for i in 0..n {
        stack.add_raw_resource(
            format!("P{i}"),
            Resource::new("AWS::SSM::Parameter")
                .prop("Type", "String")
                .prop("Value", "x".repeat(bytes)),
        );
    }
    stack
}

/// The smallest input that reports `rule`, or `None` when this table has no entry for it.
fn trigger(rule: &Rule) -> Option<Vec<Diagnostic>> {
    let key_alias = || KeyRef::from_arn("arn:aws:kms:us-east-1:111122223333:alias/changes");
    let grant = |action: &'static str, resource: &'static str| {
        Grant::new([Statement::allow(&[action], [Expr::from(resource)])])
    };
    Some(match rule.code {
        // Stack and template.
        "stack-name" => diags(&Stack::new("1bad_name")),
        "logical-id" => one(KinesisStream::new("Changes").logical_id("Change_Stream")),
        "duplicate-logical-id" => {
            let mut stack = Stack::new("V");
            stack.add(Bucket::new("Log"));
            stack.add(KinesisStream::new("LogPolicy"));
            diags(&stack)
        }
        "parameter-name" => {
            let mut stack = Stack::new("V");
            let _ = stack.parameter(Parameter::number("shard-count"));
            diags(&stack)
        }
        "output-name" | "duplicate-output" | "output-unknown" => {
            let mut stack = Stack::new("V");
            let s = stack.add(KinesisStream::new("Changes"));
            match rule.code {
                "output-name" => {
                    stack.output("stream-arn", s.arn());
                }
                "duplicate-output" => {
                    stack.output("Stream", s.arn());
                    stack.output("Stream", s.name());
                }
                _ => {
                    stack.describe_output("Nope", "no such output");
                }
            }
            diags(&stack)
        }
        "condition-unknown" => {
            let mut stack = Stack::new("V");
            stack.add(KinesisStream::new("Changes"));
            stack.set_condition("Changes", "IsTest");
            diags(&stack)
        }
        "dangling-reference" => {
            let mut stack = Stack::new("V");
            let ghost = stack.add(Ghost::default());
            stack.output("GhostName", ghost);
            diags(&stack)
        }
        "cross-stack-reference" => {
            let mut other = Stack::new("Shared");
            let foreign = other.add(KinesisStream::new("Changes"));
            one(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&foreign))
        }
        "cross-environment-reference" => {
            two_stacks(env("us-east-1"), env("eu-west-1"), |_, sa, b, _| {
                b.output("ChangesArn", sa.arn());
            })
        }
        "stack-dependency-cycle" => {
            two_stacks(env("us-east-1"), env("us-east-1"), |a, sa, b, sb| {
                a.output("SpareArn", sb.arn());
                b.output("ChangesArn", sa.arn());
            })
        }
        "duplicate-stack" => {
            let mut app = App::new();
            app.add(Stack::new("V"), env("us-east-1"))
                .add(Stack::new("V"), env("us-east-1"));
            app_diags(&app)
        }
        "environment" => two_stacks(
            Environment::new("1111-2222-3333", "us-east-1"),
            env("useast1"),
            |_, _, _, _| {},
        ),
        "export-name" | "duplicate-export" => {
            let mut stack = Stack::new("V");
            let s = stack.add(KinesisStream::new("Changes"));
            if rule.code == "export-name" {
                stack.output_export("StreamArn", s.arn(), "V.StreamArn");
            } else {
                stack.output_export("StreamArn", s.arn(), "V-Stream");
                stack.output_export("StreamName", s.name(), "V-Stream");
            }
            diags(&stack)
        }
        "import-value-name" => {
            let mut stack = Stack::new("V");
            let bucket = stack.add(Bucket::new("Log"));
            stack.output("Shared", Expr::import_value(bucket.name()));
            diags(&stack)
        }
        "override-target" | "override-path" => {
            let mut stack = Stack::new("V");
            stack.add(Bucket::new("ChangeLog"));
            if rule.code == "override-target" {
                stack.override_property("ChangeLg", "VersioningConfiguration.Status", "Enabled");
            } else {
                stack.override_property(
                    "ChangeLog",
                    "PublicAccessBlockConfiguration.BlockPublicAcls.Extra",
                    true,
                );
            }
            diags(&stack)
        }
        "tag-key" => one(KinesisStream::new("Changes").tag("aws:owner", "me")),
        "tag-value" => one(KinesisStream::new("Changes").tag("team", "v".repeat(257))),
        "tag-count" => one((0..51).fold(KinesisStream::new("Changes"), |s, i| {
            s.tag(format!("k{i}"), "v")
        })),
        "template-resources" => diags(&raw(501, 1)),
        "template-parameters" | "template-outputs" => {
            let mut stack = Stack::new("V");
            let s = stack.add(KinesisStream::new("Changes"));
            for i in 0..201 {
                if rule.code == "template-outputs" {
                    stack.output(format!("O{i}"), s.arn());
                } else {
                    let _ = stack.parameter(Parameter::string(format!("P{i}")));
                }
            }
            diags(&stack)
        }
        "template-description" => diags(&Stack::new("V").description("d".repeat(1025))),
        "template-size" => diags(&raw(1, 1_100_000)),
        "template-size-s3" => diags(&raw(1, 60_000)),
        "template-empty" => diags(&Stack::new("V")),
        "template-depth" => {
            let mut stack = raw(1, 1);
            let deep = (0..200).fold(serde_json::json!(1), |v, _| serde_json::json!([v]));
            stack.override_property("P0", "Extra", deep);
            diags(&stack)
        }
        "condition-name" | "duplicate-condition" | "condition-conflict" => {
            let is_prod = serde_json::json!({"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]});
            let mut stack = Stack::new("V");
            stack.add(Bucket::new("ChangeLog"));
            match rule.code {
                "condition-name" => {
                    stack.condition("Bad-Name!", is_prod);
                }
                "duplicate-condition" => {
                    stack.condition("IsProd", is_prod.clone());
                    stack.condition("IsProd", is_prod);
                }
                _ => {
                    stack.condition("IsProd", is_prod.clone());
                    stack.condition(
                        "IsTest",
                        serde_json::json!({"Fn::Not": [{"Condition": "IsProd"}]}),
                    );
                    stack.set_condition("ChangeLog", "IsProd");
                    stack.set_condition("ChangeLogPolicy", "IsTest");
                }
            }
            diags(&stack)
        }
        "raw-resource-type" | "raw-resource-reference" | "raw-resource-depends-on" => {
            let mut stack = Stack::new("V");
            let r = match rule.code {
                "raw-resource-type" => Resource::new("Not::A::Type"),
                "raw-resource-reference" => Resource::new("AWS::SNS::Topic")
                    .prop("TopicName", serde_json::json!({"Ref": "Nope"})),
                _ => Resource::new("AWS::SNS::Topic").depends_on("Ghost"),
            };
            stack.add_raw_resource("Extra", r);
            diags(&stack)
        }
        // DynamoDB.
        "dynamodb-table-name" => {
            one(Table::new("Orders", Attribute::string("pk")).table_name("ab"))
        }
        "dynamodb-attribute-name" => one(Table::new("Orders", Attribute::string(""))),
        "dynamodb-attribute-type" => one(Table::new("Orders", Attribute::string("pk"))
            .global_secondary_index(GlobalSecondaryIndex::new("ByPk", Attribute::number("pk")))),
        "dynamodb-key-schema" => {
            one(Table::new("Orders", Attribute::string("pk")).sort_key(Attribute::number("pk")))
        }
        "dynamodb-capacity" => one(Table::new("Orders", Attribute::string("pk"))
            .billing(Billing::Provisioned { read: 0, write: 5 })),
        "dynamodb-gsi-count" => one((0..21).fold(
            Table::new("Orders", Attribute::string("pk")),
            |t, i| {
                t.global_secondary_index(GlobalSecondaryIndex::new(
                    format!("Index{i}"),
                    Attribute::string(format!("a{i}")),
                ))
            },
        )),
        "dynamodb-gsi-name" => one(Table::new("Orders", Attribute::string("pk"))
            .global_secondary_index(GlobalSecondaryIndex::new("By", Attribute::string("c")))),
        "dynamodb-gsi-projection" => one(Table::new("Orders", Attribute::string("pk"))
            .global_secondary_index(
                GlobalSecondaryIndex::new("ByC", Attribute::string("c"))
                    .projection(Projection::Include(vec![])),
            )),
        "dynamodb-gsi-capacity" => one(Table::new("Orders", Attribute::string("pk"))
            .billing(Billing::Provisioned { read: 5, write: 5 })
            .global_secondary_index(GlobalSecondaryIndex::new("ByC", Attribute::string("c")))),
        "dynamodb-stream-readers" => {
            let mut stack = Stack::new("V");
            let table = stack.add(
                Table::new("Orders", Attribute::string("pk"))
                    .stream(StreamViewType::NewAndOldImages),
            );
            let bucket = stack.add(Bucket::new("ChangeLog"));
            let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
            for i in 1..=3 {
                stack.add(Forwarder::dynamodb_changes(format!("F{i}"), &table, &ds));
            }
            diags(&stack)
        }
        "dynamodb-table-arn" => one(KinesisStreamingDestination::new(
            "OrdersToChanges",
            &Table::from_arn("arn:aws:dynamodb:us-east-1:123456789012:Orders"),
            &KinesisStream::from_arn("arn:aws:kinesis:us-east-1:123456789012:stream/changes"),
        )),
        "dynamodb-stream-arn" => {
            let mut stack = Stack::new("V");
            let bucket = stack.add(Bucket::new("ChangeLog"));
            let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
            let table = Table::from_name("Orders").with_stream(
                "arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
                StreamViewType::NewAndOldImages,
            );
            stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
            diags(&stack)
        }
        "kinesis-destination-table" => {
            let mut stack = Stack::new("V");
            let stream = stack.add(KinesisStream::new("Changes"));
            let table = stack.add(Table::new("Orders", Attribute::string("pk")));
            stack.add(table.kinesis_stream("OrdersToChanges", &stream));
            diags(&stack)
        }
        // Kinesis.
        "kinesis-stream-name" => one(KinesisStream::new("Changes").stream_name("order changes")),
        "kinesis-stream-arn" => one(
            Table::new("Orders", Attribute::string("pk")).kinesis_stream(&KinesisStream::from_arn(
                "arn:aws:kinesis:us-east-1:1234:stream/changes",
            )),
        ),
        "kinesis-retention" => one(KinesisStream::new("Changes").retention_hours(23)),
        "kinesis-shard-count" => {
            one(KinesisStream::new("Changes").mode(StreamMode::Provisioned(0.into())))
        }
        "kinesis-unencrypted" => {
            one(KinesisStream::new("Changes").encryption(StreamEncryption::Unencrypted))
        }
        "kinesis-expected-load" => stream_load(Some(1), Some((-1.0, 100.0)), 0),
        "kinesis-shards-too-few" => stream_load(Some(1), Some((2500.0, 100.0)), 0),
        "kinesis-read-budget" => stream_load(None, None, 3),
        "kinesis-stream-unread" => {
            let mut stack = Stack::new("V");
            let s = stack.add(KinesisStream::new("Changes"));
            stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&s));
            diags(&stack)
        }
        "kinesis-read-capacity" => stream_load(Some(13), Some((2000.0, 3072.0)), 3),
        "kinesis-on-demand-capacity" => stream_load(None, Some((2000.0, 3072.0)), 1),
        "kms-key-arn" => one(KinesisStream::new("Changes")
            .encryption(StreamEncryption::CustomerManaged(key_alias()))),
        "kms-pending-window" => one(Key::new("Key").pending_window_days(6)),
        "kms-key-other-stack" => {
            let mut a = Stack::new("A");
            let key = a.add(Key::new("Key"));
            let mut b = Stack::new("B");
            b.add(own_code().log_group_key(&key));
            let mut app = App::new();
            app.add(a, env("us-east-1")).add(b, env("us-east-1"));
            app_diags(&app)
        }
        "kms-existing-key-policy" => one(own_code().log_group_key(&KeyRef::from_arn(
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ))),
        // Firehose.
        "firehose-name" => delivery(None, |d| d)
            .into_iter()
            .chain({
                let mut stack = Stack::new("V");
                let b = stack.add(Bucket::new("ChangeLog"));
                stack.add(
                    DeliveryStream::new("ToS3", S3Destination::new(&b))
                        .delivery_stream_name("to s3"),
                );
                diags(&stack)
            })
            .collect(),
        "firehose-no-producer" => delivery(None, |d| d),
        "firehose-sse-kinesis-source" => {
            let (mut stack, s, b) = kinesis_base("V");
            stack.add(
                DeliveryStream::new("ToS3", S3Destination::new(&b))
                    .encryption(Encryption::AwsOwned)
                    .source(&s),
            );
            diags(&stack)
        }
        "firehose-buffering" => delivery(None, |d| d.buffering(901, 5)),
        "firehose-prefix-syntax" => delivery(None, |d| d.prefix("changes/!{timestamp:yyyy")),
        "firehose-prefix-length" => delivery(None, |d| d.prefix("p".repeat(513))),
        "firehose-prefix-error-type" => {
            delivery(None, |d| d.prefix("changes/!{firehose:error-output-type}/"))
        }
        "firehose-prefix-query-key" => delivery(Some(with_keys()), |d| {
            d.prefix("changes/!{partitionKeyFromQuery:table}/!{partitionKeyFromLambda:table}/")
        }),
        "firehose-prefix-lambda-key" => delivery(Some(with_keys()), |d| {
            d.prefix("changes/!{partitionKeyFromLambda:customer}/")
        }),
        "firehose-dynamic-partitioning" => delivery(Some(with_keys()), |d| {
            d.dynamic_partitioning(false)
                .prefix("changes/!{partitionKeyFromLambda:table}/")
        }),
        "firehose-error-prefix" => {
            delivery(None, |d| d.error_output_prefix("errors/!{timestamp:yyyy}/"))
        }
        "firehose-partition-generated-name" => {
            let (mut stack, s, b) = kinesis_base("V");
            let shape = stack.add(with_keys());
            stack.add(
                DeliveryStream::new("ToS3", S3Destination::new(&b).processor(&shape)).source(&s),
            );
            diags(&stack)
        }
        "firehose-unused-partition-keys" => {
            delivery(Some(with_keys()), |d| d.dynamic_partitioning(false))
        }
        "firehose-log-key-unused" => delivery(None, |d| {
            d.logging(false).log_group_key(&KeyRef::from_arn(
                "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            ))
        }),
        "firehose-processor-buffer"
        | "firehose-processor-interval"
        | "firehose-processor-retries" => {
            let mut stack = Stack::new("V");
            let bucket = stack.add(Bucket::new("ChangeLog"));
            let f = stack.add(own_code());
            let p = LambdaProcessor::new(&f);
            let p = match rule.code {
                "firehose-processor-buffer" => p.buffer_size_mb(3.5),
                "firehose-processor-interval" => p.buffer_interval_seconds(901),
                _ => p.retries(301),
            };
            stack.add(DeliveryStream::new(
                "ToS3",
                S3Destination::new(&bucket).lambda_processor(p),
            ));
            diags(&stack)
        }
        "firehose-processor-timeout" => delivery(Some(own_code().timeout_seconds(301)), |d| d),
        // Lambda and the forwarder.
        "lambda-memory" => one(own_code().memory_mb(127)),
        "lambda-timeout" => one(own_code().timeout_seconds(901)),
        "lambda-reserved-concurrency" => one(own_code().reserved_concurrency(0)),
        "lambda-env-key" => one(own_code().environment("1ST", "x")),
        "lambda-env-size" => one(own_code().environment("AB", "v".repeat(4095))),
        "transform-change-options" => one(own_code().change_options(ChangeOptions {
            partition_keys: true,
            ..ChangeOptions::default()
        })),
        "forwarder-table-stream" => forwarder(None, |f| f),
        "forwarder-stream-view" => forwarder(Some(StreamViewType::NewImage), |f| f),
        "forwarder-error-prefix" => {
            let mut stack = Stack::new("V");
            let table = stack.add(
                Table::new("Orders", Attribute::string("pk"))
                    .stream(StreamViewType::NewAndOldImages),
            );
            let bucket = stack.add(Bucket::new("ChangeLog"));
            let ds = stack.add(DeliveryStream::new(
                "ToS3",
                S3Destination::new(&bucket)
                    .prefix("changes/")
                    .error_output_prefix("e/!{firehose:error-output-type}/!{timestamp:ww}/"),
            ));
            stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
            diags(&stack)
        }
        "esm-batch-size" => esm(|f| f.batch_size(0)),
        "esm-batching-window" => esm(|f| f.batching_window_seconds(301)),
        "esm-parallelization" => esm(|f| f.parallelization_factor(11)),
        "esm-retry-attempts" => esm(|f| f.max_retry_attempts(-2)),
        "esm-record-age" => esm(|f| f.max_record_age_seconds(59)),
        // S3, IAM, KMS, logs and alarms.
        "s3-bucket-name" => one(Bucket::new("ChangeLog").bucket_name("Change_Log")),
        "s3-lifecycle-id" => {
            one(Bucket::new("ChangeLog").lifecycle_rule(LifecycleRule::new("").expiration_days(30)))
        }
        "s3-lifecycle-empty" => {
            one(Bucket::new("ChangeLog")
                .lifecycle_rule(LifecycleRule::new("Nothing").prefix("tmp/")))
        }
        "s3-lifecycle-days" => one(Bucket::new("ChangeLog")
            .lifecycle_rule(LifecycleRule::new("Expire").expiration_days(0))),
        "iam-wildcard" => one(own_code().grant(grant("s3:*", "arn:aws:s3:::b/*"))),
        "iam-empty-statement" => one(own_code().grant(Grant::new([Statement::allow(
            &[],
            [Expr::from("arn:aws:s3:::b")],
        )]))),
        "log-retention" => one(own_code().log_retention_days(2)),
        "alarms-empty" => one(Alarms::new("Alarms")),
        "alarms-table-kinesis" => {
            let mut stack = Stack::new("V");
            let table = stack.add(Table::new("Orders", Attribute::string("pk")));
            stack.add(Alarms::new("Alarms").table(&table));
            diags(&stack)
        }
        // The query layer.
        "glue-name" => query(|c| c.table_name("Change-Log"), |w| w),
        "glue-projection" => queryable(
            Some(shape()),
            |d| d.prefix("changes/!{firehose:random-string}/"),
            |c| c,
            |w| w,
        ),
        "glue-projection-start" => query(|c| c.projection_start("2025-02-30"), |w| w),
        "glue-record-contract" => queryable(Some(own_code()), |d| d, |c| c, |w| w),
        "glue-compression" => queryable(
            Some(shape()),
            |d| d.compression(Compression::Zip),
            |c| c,
            |w| w,
        ),
        "glue-attribute" => query(
            |c| {
                c.source_table(
                    SourceTable::existing("Items", "Items", Attribute::string("pk"), None)
                        .attribute("a\"b", ColumnType::String),
                )
            },
            |w| w,
        ),
        "athena-workgroup-name" => query(|c| c, |w| w.workgroup_name("my queries")),
        "athena-bytes-scanned-cutoff" => query(|c| c, |w| w.bytes_scanned_cutoff(9_999_999)),
        "athena-named-query" => query(
            |c| {
                c.source_table(SourceTable::existing(
                    "T".repeat(100),
                    "Items",
                    Attribute::string("pk"),
                    None,
                ))
            },
            |w| w,
        ),
        "athena-results-location" => query(
            |c| c,
            |w| w.results_location(&Bucket::from_name("acme-results"), "no-slash"),
        ),
        "firehose-conversion-buffering" => delivery(Some(shape()), |d| {
            d.parquet(ParquetConversion::new()).buffering(300, 32)
        }),
        "firehose-conversion-compression" => delivery(Some(shape()), |d| {
            d.parquet(ParquetConversion::new())
                .compression(Compression::Gzip)
        }),
        "firehose-conversion-processor" => delivery(None, |d| d.parquet(ParquetConversion::new())),
        "firehose-conversion-attribute" => delivery(Some(shape()), |d| {
            d.parquet(ParquetConversion::new().attribute("a\"b", ColumnType::String))
        }),
        _ => return None,
    })
}

/// What the stack-file parser reports for the bad-file corpus (`tests/stack_files/bad/`): the
/// file format's rules are triggered by those files.
fn bad_stack_files() -> Vec<(String, Severity)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/stack_files/bad");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/stack_files/bad") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).expect("a bad file");
            if let Err(diags) = ferrocdk::stack_file::synth_text("bad.json", &text) {
                out.extend(diags.into_iter().map(|d| (d.code.to_owned(), d.severity)));
            }
        }
    }
    out
}

/// What the stack-file parser reports for `text`.
fn stack_file_problems(text: &str) -> Vec<(String, Severity)> {
    match ferrocdk::stack_file::synth_text("x.json", text) {
        Ok(s) => s.warnings,
        Err(d) => d,
    }
    .into_iter()
    .map(|d| (d.code.to_owned(), d.severity))
    .collect()
}

/// What `ferrocdk validate` reports for a file that cannot be read.
fn file_read() -> Vec<(String, Severity)> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ferrocdk"))
        .args(["validate", "tests/stack_files/no-such-file.json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run ferrocdk");
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter_map(|l| {
            let code = l.strip_prefix("error[")?.split(']').next()?;
            Some((code.to_owned(), Severity::Error))
        })
        .collect()
}

#[test]
fn every_rule_in_the_registry_is_triggered_with_its_severity() {
    let mut missing = Vec::new();
    // `ferrocdk diff`'s rules compare two templates rather than synthesize one: each has its
    // known-answer pair in tests/diff_rules.rs (`every_diff_rule_has_a_pair` checks that).
    for rule in rules::ALL.iter().filter(|r| !r.code.starts_with("diff-")) {
        let found: Vec<(String, Severity)> = if rule.code == "file-read" {
            file_read()
        } else if rule.code == "file-too-large" {
            let text = format!(
                "{{\"name\": \"{}",
                "x".repeat(ferrocdk::stack_file::MAX_FILE_BYTES)
            );
            stack_file_problems(&text)
        } else if rule.code == "file-too-many-problems" {
            let members: String = (0..1001).map(|i| format!(", \"m{i}\": 0")).collect();
            stack_file_problems(&format!(
                r#"{{"name": "X", "constructs": [{{"type": "Bucket", "id": "B"{members}}}]}}"#
            ))
        } else if rule.code.starts_with("file-") {
            bad_stack_files()
        } else if let Some(found) = trigger(rule) {
            found
                .into_iter()
                .map(|d| (d.code.to_owned(), d.severity))
                .collect()
        } else {
            missing.push(rule.code);
            continue;
        };
        assert!(
            found
                .iter()
                .any(|(code, severity)| code == rule.code && *severity == rule.severity),
            "{} ({:?}) was not reported by its trigger; got {found:#?}",
            rule.code,
            rule.severity
        );
    }
    assert!(
        missing.is_empty(),
        "rules without a trigger in tests/rules.rs: {missing:?}"
    );
}

#[test]
fn rule_codes_are_unique_kebab_case_and_summarized() {
    let mut seen = BTreeSet::new();
    for rule in rules::ALL {
        assert!(seen.insert(rule.code), "{} is registered twice", rule.code);
        assert!(
            !rule.code.is_empty()
                && rule.code.split('-').all(|w| !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "{:?} is not kebab-case",
            rule.code
        );
        assert!(
            rule.summary.ends_with('.') && !rule.summary.contains('\n'),
            "{}: a summary is one sentence: {:?}",
            rule.code,
            rule.summary
        );
        assert_eq!(rules::by_code(rule.code), Some(*rule));
    }
    assert_eq!(rules::by_code("no-such-rule"), None);
}

#[test]
fn the_rule_reference_page_is_generated_from_the_registry() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("docs/rules.md");
    let want = rules::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).expect("write docs/rules.md");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test rules`"
    );
    for rule in rules::ALL {
        assert!(
            have.contains(&format!("| `{}` |", rule.code)),
            "{}",
            rule.code
        );
    }
}
