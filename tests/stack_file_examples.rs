//! Stack files give the same templates as the Rust builders, byte for byte: the examples
//! against their Rust programs, every snapshot variant against its snapshot, and round trips
//! through JSON text.

mod example_code;
use example_code::*;

use ferrocdk::aws::dynamodb::{AttributeType, StreamViewType, TableClass, TimestampPrecision};
use ferrocdk::aws::firehose::Compression;
use ferrocdk::aws::lambda::{Architecture, Runtime, StartingPosition};
use ferrocdk::aws::s3::StorageClass;
use ferrocdk::stack_file::*;
use ferrocdk::{RemovalPolicy, Stack};
use indexmap::IndexMap;
use serde_json::json;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The template of a stack file, or a panic listing every problem.
fn synth_file(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    match synth_text(&name, &read(path)) {
        Ok(s) => s.to_json_pretty(),
        Err(d) => panic!(
            "{name} did not synthesize:\n{}",
            d.iter().map(|d| format!("  {d}\n")).collect::<String>()
        ),
    }
}

fn synth_stack(stack: &Stack) -> String {
    match stack.synth() {
        Ok(s) => s.to_json_pretty(),
        Err(e) => panic!("{e}"),
    }
}

/// Every stack file of the project: the examples and the good corpus.
fn good_files() -> Vec<PathBuf> {
    let mut files = vec![
        root().join("examples/pipeline.json"),
        root().join("examples/dynamodb_streams_pipeline.json"),
        root().join("examples/customer_managed_keys.json"),
        root().join("examples/existing_table.json"),
        root().join("examples/existing_table_streams.json"),
        root().join("examples/queryable_pipeline.json"),
    ];
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(root().join("tests/stack_files/good"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    corpus.sort();
    files.extend(corpus);
    files
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(got: &str, want: &str) -> Option<String> {
    if got == want {
        return None;
    }
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    let at = (0..g.len().max(w.len()))
        .find(|&i| g.get(i) != w.get(i))
        .unwrap_or(0);
    let cut = |s: Option<&&str>| s.map_or("<end>".to_owned(), |s| s.chars().take(160).collect());
    Some(format!(
        "line {}:\n  file:     {}\n  expected: {}",
        at + 1,
        cut(g.get(at)),
        cut(w.get(at))
    ))
}

#[test]
fn pipeline_json_is_the_pipeline_example_byte_for_byte() {
    assert_eq!(
        synth_file(&root().join("examples/pipeline.json")),
        synth_stack(&pipeline::stack())
    );
}

#[test]
fn queryable_pipeline_json_is_its_example_byte_for_byte() {
    assert_eq!(
        synth_file(&root().join("examples/queryable_pipeline.json")),
        synth_stack(&queryable_pipeline::stack())
    );
}

#[test]
fn dynamodb_streams_pipeline_json_is_its_example_byte_for_byte() {
    assert_eq!(
        synth_file(&root().join("examples/dynamodb_streams_pipeline.json")),
        synth_stack(&dynamodb_streams_pipeline::stack())
    );
}

#[test]
fn app_json_is_the_app_example_byte_for_byte_and_its_snapshots() {
    let path = root().join("examples/app.json");
    let from_file = match synth_app_text("app.json", &read(&path)) {
        Ok(a) => a,
        Err(d) => panic!(
            "app.json did not synthesize:\n{}",
            d.iter().map(|d| format!("  {d}\n")).collect::<String>()
        ),
    };
    let from_rust = app::app().synth().expect("the app example synthesizes");
    assert_eq!(from_file.deploy_order(), from_rust.deploy_order());
    for (f, r) in from_file.stacks.iter().zip(&from_rust.stacks) {
        let text = f.template.to_json_pretty();
        assert_eq!(text, r.template.to_json_pretty(), "{}", f.name);
        assert_eq!(
            (&f.environment, &f.depends_on),
            (&r.environment, &r.depends_on)
        );
        let want = snapshot_body(&format!("app-{}", f.name));
        if let Some(diff) = first_difference(text.trim_end(), want.trim_end()) {
            panic!(
                "app.json's {} differs from snapshots/app-{}.snap: {diff}",
                f.name, f.name
            );
        }
    }
    assert!(from_file.warnings.is_empty(), "{:?}", from_file.warnings);
}

#[test]
fn customer_managed_keys_json_is_its_example_byte_for_byte() {
    assert_eq!(
        synth_file(&root().join("examples/customer_managed_keys.json")),
        synth_stack(&customer_managed_keys::stack())
    );
}

#[test]
fn existing_table_json_is_its_example_byte_for_byte() {
    assert_eq!(
        synth_file(&root().join("examples/existing_table.json")),
        synth_stack(&existing_table::stack())
    );
}

#[test]
fn existing_table_streams_json_is_its_example_byte_for_byte() {
    assert_eq!(
        synth_file(&root().join("examples/existing_table_streams.json")),
        synth_stack(&existing_table_streams::stack())
    );
}

/// The body of an insta snapshot (after the `---` front matter).
fn snapshot_body(name: &str) -> String {
    let text = read(&root().join("snapshots").join(format!("{name}.snap")));
    let end = text[4..].find("\n---\n").expect("insta front matter") + 4;
    text[end + 5..].to_owned()
}

#[test]
fn every_snapshot_variant_as_a_stack_file_gives_the_snapshot() {
    // tests/stack_files/good/<name>.json describes the stack of the variant <name> of
    // tests/snapshots.rs; every snapshot but the examples' has one (theirs are in examples/).
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("snapshots")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        // The examples' snapshots (the app's, one per stack) are compared with their
        // examples' stack files above.
        if [
            "pipeline",
            "dynamodb_streams_pipeline",
            "customer_managed_keys",
            "existing_table",
            "existing_table_streams",
            "queryable_pipeline",
        ]
        .contains(&name.as_str())
            || name.starts_with("app-")
        {
            continue;
        }
        let file = root()
            .join("tests/stack_files/good")
            .join(format!("{name}.json"));
        assert!(
            file.exists(),
            "snapshot {name} has no stack file {}",
            file.display()
        );
        let (got, want) = (synth_file(&file), snapshot_body(&name));
        if let Some(diff) = first_difference(got.trim_end(), want.trim_end()) {
            panic!("{name}.json differs from snapshots/{name}.snap: {diff}");
        }
        checked += 1;
    }
    assert!(checked >= 9, "{checked} variants");
}

#[test]
fn every_file_parses_serializes_and_parses_to_the_same_value_and_template() {
    for path in good_files() {
        let name = path.display().to_string();
        let first =
            StackFile::parse(&name, &read(&path)).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        let text = first.to_json_pretty();
        let second =
            StackFile::parse("again.json", &text).unwrap_or_else(|d| panic!("{name} again: {d:?}"));
        assert_eq!(first, second, "{name}");
        assert_eq!(text, second.to_json_pretty(), "{name}");
        let direct = synth_stack(&first.build().unwrap_or_else(|d| panic!("{name}: {d:?}")));
        assert_eq!(direct, synth_file(&path), "{name}");
    }
}

fn tags(pairs: &[(&str, &str)]) -> Option<IndexMap<String, String>> {
    Some(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn sub(text: &str) -> StringValue {
    StringValue::Expr(Expression::Sub(text.into()))
}

fn param(name: &str) -> Expression {
    Expression::Ref(name.into())
}

/// `tests/stack_files/good/every_option.json`, written with the Rust types.
fn every_option() -> StackFile {
    let mut f = StackFile::new("EveryOption");
    f.schema = Some("../../../schemas/stack.schema.json".into());
    f.description = Some("Every member of the stack file format, set".into());
    f.tags = tags(&[("Project", "orders")]);
    let mut shards = ParameterProps::new(ParameterType::Number);
    shards.default = Some(json!(2));
    shards.min_value = Some(1);
    shards.max_value = Some(8);
    shards.description = Some("Shards".into());
    let mut env = ParameterProps::new(ParameterType::String);
    env.default = Some(json!("dev"));
    env.allowed_values = Some(vec![json!("dev"), json!("prod")]);
    f.parameters = Some(
        [("Shards".to_string(), shards), ("Env".to_string(), env)]
            .into_iter()
            .collect(),
    );
    f.conditions = Some(
        [(
            "IsProd".to_string(),
            json!({"Fn::Equals": [{"Ref": "Env"}, "prod"]}),
        )]
        .into_iter()
        .collect(),
    );

    let mut cmk = KeyProps::new("Cmk");
    cmk.pending_window_days = Some(7.into());
    cmk.removal_policy = Some(RemovalPolicy::Delete);
    cmk.logical_id = Some("ChangeLogKey".into());
    cmk.tags = tags(&[("Purpose", "change-log")]);

    let mut changes = KinesisStreamProps::new("Changes");
    changes.stream_name = Some(sub("${AWS::StackName}-changes"));
    changes.mode = Some(StreamModeSpec::Provisioned(NumberValue::Expr(param(
        "Shards",
    ))));
    changes.retention_hours = Some(48.into());
    changes.encryption = Some(StreamEncryptionSpec::CustomerManaged(KEY.into()));
    changes.removal_policy = Some(RemovalPolicy::Delete);
    changes.expected_writes = Some(ExpectedWritesProps {
        peak_writes_per_second: 100.0,
        item_bytes: 500.0,
    });
    changes.external_consumers = Some(1);
    changes.logical_id = Some("ChangeStream".into());
    changes.tags = tags(&[("DataClass", "internal")]);
    let mut spare = KinesisStreamProps::new("Spare");
    spare.mode = Some(StreamModeSpec::OnDemand);
    spare.encryption = Some(StreamEncryptionSpec::Unencrypted);

    let mut orders = TableProps::new("Orders", KeyAttribute::new("pk", AttributeType::String));
    orders.sort_key = Some(KeyAttribute::new("sk", AttributeType::Number));
    orders.table_name = Some("orders".into());
    orders.billing = Some(BillingSpec::Provisioned(Capacity { read: 5, write: 5 }));
    orders.global_secondary_indexes = Some(vec![IndexProps {
        name: "ByCustomer".into(),
        partition_key: KeyAttribute::new("customerId", AttributeType::Binary),
        sort_key: None,
        projection: Some(ProjectionSpec::All),
        capacity: Some(Capacity { read: 1, write: 1 }),
    }]);
    orders.stream = Some(StreamViewType::NewAndOldImages);
    orders.kinesis_stream = Some(StreamReference::Id("Changes".into()));
    orders.kinesis_precision = Some(TimestampPrecision::Microsecond);
    orders.point_in_time_recovery = Some(false);
    orders.encryption = Some(TableEncryptionSpec::AwsManaged);
    orders.time_to_live_attribute = Some("expiresAt".into());
    orders.deletion_protection = Some(true);
    orders.table_class = Some(TableClass::StandardInfrequentAccess);
    orders.removal_policy = Some(RemovalPolicy::Delete);

    let mut archive = TableProps::new("Archive", KeyAttribute::new("id", AttributeType::String));
    archive.billing = Some(BillingSpec::OnDemand);
    archive.kinesis_stream = Some(StreamReference::Existing(ExistingStream {
        existing_arn: "arn:aws:kinesis:us-east-1:111122223333:stream/shared".into(),
        key_arn: Some(KEY.into()),
    }));
    archive.encryption = Some(TableEncryptionSpec::CustomerManaged("Cmk".into()));
    archive.table_class = Some(TableClass::Standard);

    let mut bucket = BucketProps::new("ChangeLog");
    bucket.bucket_name = Some("acme-orders-change-log".into());
    bucket.versioned = Some(true);
    let transition = |storage_class, days| TransitionProps {
        storage_class,
        days,
    };
    bucket.lifecycle_rules = Some(vec![LifecycleRuleProps {
        id: "TierDown".into(),
        prefix: Some("changes/".into()),
        expiration_days: Some(400),
        transitions: Some(vec![
            transition(StorageClass::InfrequentAccess, 30),
            transition(StorageClass::IntelligentTiering, 60),
            transition(StorageClass::GlacierInstantRetrieval, 90),
            transition(StorageClass::Glacier, 180),
            transition(StorageClass::DeepArchive, 365),
        ]),
        abort_incomplete_multipart_days: Some(3),
    }]);
    bucket.encryption = Some(BucketEncryptionSpec::Kms("Cmk".into()));
    bucket.removal_policy = Some(RemovalPolicy::Delete);

    let mut shape = TransformFunctionProps::new("Shape");
    shape.code = Some(CodeSpec::DynamodbChanges);
    shape.change_options = Some(ChangeOptionsProps {
        drop_old_image: Some(true),
        drop_ttl_deletes: Some(true),
        partition_keys: Some(true),
    });
    shape.runtime = Some(Runtime::Python313);
    shape.memory_mb = Some(512.into());
    shape.timeout_seconds = Some(120.into());
    shape.architecture = Some(Architecture::X86_64);
    shape.environment = tags(&[("LOG_LEVEL", "debug")]);
    shape.reserved_concurrency = Some(5.into());
    shape.log_retention_days = Some(14);
    shape.log_group_key = Some("Cmk".into());
    shape.grants = Some(vec![GrantSpec::ReadStream(StreamReference::Id(
        "Spare".into(),
    ))]);

    let mut custom = TransformFunctionProps::new("Custom");
    custom.code = Some(CodeSpec::InlinePython(
        "def handler(event, context):\n    return {'records': []}\n".into(),
    ));
    custom.runtime = Some(Runtime::Python312);

    let mut to_s3 = DeliveryStreamProps::new(
        "ToS3",
        S3DestinationProps {
            processor: Some(ProcessorReference::Configured(ProcessorProps {
                function: "Shape".into(),
                buffer_size_mb: Some(0.5),
                buffer_interval_seconds: Some(30),
                retries: Some(5),
            })),
            prefix: Some(
                "changes/!{partitionKeyFromLambda:table}/!{partitionKeyFromLambda:eventName}/"
                    .into(),
            ),
            error_output_prefix: Some("failed/!{firehose:error-output-type}/".into()),
            buffering: Some(BufferingProps {
                interval_seconds: 120,
                size_mb: 64,
            }),
            compression: Some(Compression::Gzip),
            logging: Some(true),
            log_retention_days: Some(7),
            log_group_key: Some("Cmk".into()),
            dynamic_partitioning: Some(true),
            ..S3DestinationProps::new(BucketReference::Id("ChangeLog".into()))
        },
    );
    to_s3.source = Some(StreamReference::Id("Changes".into()));
    to_s3.delivery_stream_name = Some("orders-to-s3".into());

    let mut direct = DeliveryStreamProps::new(
        "Direct",
        S3DestinationProps {
            processor: Some(ProcessorReference::Id("Custom".into())),
            compression: Some(Compression::Zip),
            dynamic_partitioning: Some(false),
            ..S3DestinationProps::new(BucketReference::Existing(ExistingBucket {
                existing_name: StringValue::Expr(Expression::ImportValue(Box::new(
                    "SharedBucketName".into(),
                ))),
                key: Some(KEY.into()),
            }))
        },
    );
    direct.encryption = Some(DeliveryEncryptionSpec::AwsOwned);

    let mut forward = ForwarderProps::new("Forward", "Orders".into(), "Direct".into());
    forward.batch_size = Some(200.into());
    forward.batching_window_seconds = Some(5.into());
    forward.starting_position = Some(StartingPosition::Latest);
    forward.max_retry_attempts = Some((-1).into());
    forward.bisect_on_error = Some(false);
    forward.max_record_age_seconds = Some((-1).into());
    forward.parallelization_factor = Some(2.into());
    forward.memory_mb = Some(1024.into());
    forward.timeout_seconds = Some(600.into());
    forward.runtime = Some(Runtime::Python313);
    forward.architecture = Some(Architecture::Arm64);
    forward.environment = Some(
        [("LOG_LEVEL".to_owned(), "INFO".to_owned())]
            .into_iter()
            .collect(),
    );
    forward.reserved_concurrency = Some(2.into());
    forward.drop_old_image = Some(true);
    forward.drop_ttl_deletes = Some(false);
    forward.log_retention_days = Some(90);
    forward.log_group_key = Some("Cmk".into());
    forward.failure_queue_key = Some("Cmk".into());
    forward.logical_id = Some("Forwarder".into());
    forward.tags = tags(&[("Route", "streams")]);

    let mut pusher = TransformFunctionProps::new("Pusher");
    pusher.code = Some(CodeSpec::InlinePython(
        "def handler(event, context):\n    return event\n".into(),
    ));
    pusher.grants = Some(vec![
        GrantSpec::PutRecords("Direct".into()),
        GrantSpec::Invoke("Custom".into()),
        GrantSpec::ReadStream(StreamReference::Existing(ExistingStream {
            existing_arn: "arn:aws:kinesis:us-east-1:111122223333:stream/other".into(),
            key_arn: None,
        })),
    ]);

    let mut alarms = AlarmsProps::new("Alarms");
    alarms.topic = Some(AlarmTopicSpec::ExistingArn(StringValue::Expr(
        Expression::ImportValue(Box::new("OnCallTopicArn".into())),
    )));
    alarms.watch = Some(
        ["Changes", "ToS3", "Shape", "Direct", "Forward"]
            .map(String::from)
            .to_vec(),
    );
    let mut paging = AlarmsProps::new("Paging");
    paging.topic = Some(AlarmTopicSpec::CreateEncrypted("Cmk".into()));
    paging.watch = Some(vec!["Spare".into()]);

    f.constructs = vec![
        ConstructSpec::Key(cmk),
        ConstructSpec::KinesisStream(changes),
        ConstructSpec::KinesisStream(spare),
        ConstructSpec::Table(orders),
        ConstructSpec::Table(archive),
        ConstructSpec::Bucket(bucket),
        ConstructSpec::TransformFunction(shape),
        ConstructSpec::TransformFunction(custom),
        ConstructSpec::DeliveryStream(to_s3),
        ConstructSpec::DeliveryStream(direct),
        ConstructSpec::Forwarder(forward),
        ConstructSpec::TransformFunction(pusher),
        ConstructSpec::Alarms(alarms),
        ConstructSpec::Alarms(paging),
    ];

    let properties = json!({"Type": "String", "Value": {"Ref": "Env"}});
    f.raw_resources = Some(
        [(
            "Marker".to_string(),
            RawResourceProps {
                resource_type: "AWS::SSM::Parameter".into(),
                properties: properties.as_object().cloned(),
                depends_on: Some(vec!["ChangeStream".into()]),
                removal_policy: Some(RemovalPolicy::Retain),
                metadata: Some(json!({"Purpose": "test"})),
                condition: Some("IsProd".into()),
            },
        )]
        .into_iter()
        .collect(),
    );
    f.overrides = Some(
        [(
            "ToS3".to_string(),
            [
                (
                    "ExtendedS3DestinationConfiguration.FileExtension".to_string(),
                    json!(".jsonl.gz"),
                ),
                (
                    "ExtendedS3DestinationConfiguration.CompressionFormat".to_string(),
                    json!(null),
                ),
            ]
            .into_iter()
            .collect(),
        )]
        .into_iter()
        .collect(),
    );
    let out = |o: OutputProps| o;
    f.outputs = Some(
        [
            (
                "StreamArn",
                out(OutputProps {
                    arn: Some("Changes".into()),
                    description: Some("The change stream".into()),
                    export: Some(sub("${AWS::StackName}-StreamArn")),
                    ..OutputProps::default()
                }),
            ),
            (
                "TableName",
                OutputProps {
                    name: Some("Orders".into()),
                    ..OutputProps::default()
                },
            ),
            (
                "TableStreamArn",
                OutputProps {
                    stream_arn: Some("Orders".into()),
                    ..OutputProps::default()
                },
            ),
            (
                "Environment",
                OutputProps {
                    value: Some(StringValue::Expr(param("Env"))),
                    ..OutputProps::default()
                },
            ),
            (
                "Region",
                OutputProps {
                    value: Some(sub("${AWS::Region}/${Env}/${!literal}")),
                    ..OutputProps::default()
                },
            ),
            (
                "Fixed",
                OutputProps {
                    value: Some("fixed".into()),
                    ..OutputProps::default()
                },
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect(),
    );
    f
}

#[test]
fn a_value_built_in_rust_round_trips_through_json_text_to_the_same_template() {
    let value = every_option();
    let direct = synth_stack(&value.build().unwrap_or_else(|d| panic!("{d:#?}")));
    let text = value.to_json_pretty();
    let parsed = StackFile::parse("every_option.json", &text).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(parsed, value);
    assert_eq!(synth_stack(&parsed.build().unwrap()), direct);
    // The committed file is this value: the schema test validates it, so every member of the
    // format is covered by the schema too.
    let file = root().join("tests/stack_files/good/every_option.json");
    assert_eq!(
        StackFile::parse("every_option.json", &read(&file)).unwrap(),
        value
    );
}

#[test]
fn a_parameter_used_through_ref_is_not_range_checked_but_a_literal_is() {
    let mut f = StackFile::new("Params");
    let mut p = ParameterProps::new(ParameterType::Number);
    p.default = Some(json!(12));
    f.parameters = Some([("Hours".to_string(), p)].into_iter().collect());
    let mut s = KinesisStreamProps::new("Changes");
    s.retention_hours = Some(NumberValue::Expr(param("Hours")));
    f.constructs.push(ConstructSpec::KinesisStream(s.clone()));
    assert!(f.build().unwrap().synth().is_ok());
    s.retention_hours = Some(12.into());
    f.constructs[0] = ConstructSpec::KinesisStream(s);
    let e = f.build().unwrap().synth().unwrap_err();
    assert!(e.has("kinesis-retention"), "{e}");
}

#[test]
fn resources_follow_the_file_order() {
    let text = r#"{"name": "Order", "constructs": [
        {"type": "Bucket", "id": "B"},
        {"type": "KinesisStream", "id": "A"},
        {"type": "Table", "id": "C", "partitionKey": {"name": "pk", "type": "S"}}
    ]}"#;
    let t = synth_text("order.json", text).unwrap().template;
    let ids: Vec<&str> = t.resources.keys().map(String::as_str).collect();
    assert_eq!(ids, ["B", "BPolicy", "A", "C"]);
}

/// The values of the enum `name` of the schema (its `const`s, or its `enum`).
fn schema_values(name: &str) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
    let def = &schema["$defs"][name];
    let consts: Vec<String> = def["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["const"].as_str().map(str::to_owned))
        .chain(
            def["enum"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned)),
        )
        .collect();
    assert!(consts.len() >= 2, "{name}: {def}");
    consts
}

#[test]
fn every_enum_value_of_the_file_reaches_the_template_spelled_as_cloudformation_spells_it() {
    // Each value a file may write for these members (every one the schema lists) is the value
    // CloudFormation gets: the aws crate's enums carry the spelling for both.
    let table = |member: &str, v: &str| {
        format!(
            r#"{{"type": "Table", "id": "T", "partitionKey": {{"name": "pk", "type": "S"}}, {member}: "{v}"}}"#
        )
    };
    type Case = (&'static str, &'static str, &'static str);
    let cases: &[Case] = &[
        ("AttributeType", r#"{"type": "Table", "id": "T", "partitionKey": {"name": "pk", "type": "VALUE"}}"#, "/Resources/T/Properties/AttributeDefinitions/0/AttributeType"),
        ("StreamViewType", "TABLE:\"stream\"", "/Resources/T/Properties/StreamSpecification/StreamViewType"),
        ("TableClass", "TABLE:\"tableClass\"", "/Resources/T/Properties/TableClass"),
        ("TimestampPrecision", r#"{"type": "KinesisStream", "id": "S"}, {"type": "Table", "id": "T", "partitionKey": {"name": "pk", "type": "S"}, "kinesisStream": "S", "kinesisPrecision": "VALUE"}"#, "/Resources/T/Properties/KinesisStreamSpecification/ApproximateCreationDateTimePrecision"),
        ("RemovalPolicy", r#"{"type": "Bucket", "id": "B", "removalPolicy": "VALUE"}"#, "/Resources/B/DeletionPolicy"),
        ("StorageClass", r#"{"type": "Bucket", "id": "B", "lifecycleRules": [{"id": "R", "transitions": [{"storageClass": "VALUE", "days": 90}]}]}"#, "/Resources/B/Properties/LifecycleConfiguration/Rules/0/Transitions/0/StorageClass"),
        ("Runtime", r#"{"type": "TransformFunction", "id": "F", "runtime": "VALUE"}"#, "/Resources/F/Properties/Runtime"),
        ("Architecture", r#"{"type": "TransformFunction", "id": "F", "architecture": "VALUE"}"#, "/Resources/F/Properties/Architectures/0"),
        ("Compression", r#"{"type": "Bucket", "id": "B"}, {"type": "DeliveryStream", "id": "D", "destination": {"bucket": "B", "compression": "VALUE"}}"#, "/Resources/D/Properties/ExtendedS3DestinationConfiguration/CompressionFormat"),
        ("StartingPosition", r#"{"type": "Table", "id": "T", "partitionKey": {"name": "pk", "type": "S"}, "stream": "NEW_AND_OLD_IMAGES"}, {"type": "Bucket", "id": "B"}, {"type": "DeliveryStream", "id": "D", "destination": {"bucket": "B"}}, {"type": "Forwarder", "id": "F", "table": "T", "deliveryStream": "D", "startingPosition": "VALUE"}"#, "/Resources/FMapping/Properties/StartingPosition"),
        ("StreamViewType", r#"{"type": "ExistingTable", "id": "E", "tableName": "Orders"}, {"type": "StreamLookup", "id": "L", "table": "E", "viewType": "VALUE"}"#, "/Resources/L/Properties/StreamViewType"),
        ("TimestampPrecision", r#"{"type": "KinesisStream", "id": "S"}, {"type": "ExistingTable", "id": "E", "tableName": "Orders"}, {"type": "KinesisStreamingDestination", "id": "D", "table": "E", "stream": "S", "precision": "VALUE"}"#, "/Resources/D/Properties/ApproximateCreationDateTimePrecision"),
    ];
    const DEFAULTS_LEFT_OUT: &[(&str, &str)] = &[("TableClass", "STANDARD")];
    let mut checked = 0;
    for (name, constructs, pointer) in cases {
        for value in schema_values(name) {
            let constructs = match constructs.strip_prefix("TABLE:") {
                Some(member) => table(member, &value),
                None => constructs.replace("VALUE", &value),
            };
            let text = format!(r#"{{"name": "Spelling", "constructs": [{constructs}]}}"#);
            let template = match synth_text("spelling.json", &text) {
                Ok(s) => serde_json::to_value(&s.template).unwrap(),
                Err(d) => panic!("{name} {value}: {d:#?}"),
            };
            match template.pointer(pointer) {
                // The builder's default is left out of the template.
                None => assert!(
                    DEFAULTS_LEFT_OUT.contains(&(*name, value.as_str())),
                    "{name} {value}: nothing at {pointer}"
                ),
                Some(got) => assert_eq!(got, value.as_str(), "{name} {value} at {pointer}"),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 36);
    // And the Rust values are those (the file's spelling is the aws crate's serde form).
    let spelled = |v: serde_json::Value| v.as_str().unwrap().to_owned();
    assert_eq!(spelled(json!(AttributeType::Binary)), "B");
    assert_eq!(
        spelled(json!(StreamViewType::NewAndOldImages)),
        "NEW_AND_OLD_IMAGES"
    );
    assert_eq!(
        spelled(json!(TableClass::StandardInfrequentAccess)),
        "STANDARD_INFREQUENT_ACCESS"
    );
    assert_eq!(
        spelled(json!(TimestampPrecision::Microsecond)),
        "MICROSECOND"
    );
    assert_eq!(spelled(json!(RemovalPolicy::Retain)), "Retain");
    assert_eq!(
        spelled(json!(StorageClass::GlacierInstantRetrieval)),
        "GLACIER_IR"
    );
    assert_eq!(spelled(json!(Runtime::Python313)), "python3.13");
    assert_eq!(spelled(json!(Architecture::X86_64)), "x86_64");
    assert_eq!(spelled(json!(Compression::HadoopSnappy)), "HADOOP_SNAPPY");
    assert_eq!(
        spelled(json!(StartingPosition::TrimHorizon)),
        "TRIM_HORIZON"
    );
}
