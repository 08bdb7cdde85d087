//! Every example's template and the variants that matter, pinned as insta snapshots in
//! `snapshots/`. Review a changed snapshot like code (`cargo insta review`); under `CI=true`
//! a missing or different snapshot fails. `scripts/test` also runs cfn-lint over every
//! snapshot, so each of these templates must lint clean.

mod example_code;
use example_code::*;

use ferrocdk::prelude::*;

fn snapshot(name: &str, stack: &Stack) {
    let json = match stack.synth() {
        Ok(s) => s.to_json_pretty(),
        Err(e) => panic!("{name} did not synthesize:\n{e}"),
    };
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, json);
    });
}

/// One snapshot per stack of an app, `<name>-<StackName>`: what `--out DIR` writes as
/// `DIR/<StackName>.template.json`.
fn snapshot_app(name: &str, app: &App) {
    let out = match app.synth() {
        Ok(s) => s,
        Err(e) => panic!("{name} did not synthesize:\n{e}"),
    };
    for s in &out.stacks {
        let json = s.template.to_json_pretty();
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(format!("{name}-{}", s.name), json);
        });
    }
}

/// Table + stream + bucket, the common base of the Kinesis-route variants.
fn base(
    name: &str,
    stream: KinesisStream,
) -> (
    Stack,
    ferrocdk::aws::kinesis::StreamRef,
    ferrocdk::aws::s3::BucketRef,
) {
    let mut stack = Stack::new(name);
    let stream = stack.add(stream);
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    (stack, stream, bucket)
}

#[test]
fn example_pipeline() {
    snapshot("pipeline", &pipeline::stack());
}

#[test]
fn example_dynamodb_streams_pipeline() {
    snapshot(
        "dynamodb_streams_pipeline",
        &dynamodb_streams_pipeline::stack(),
    );
}

#[test]
fn example_app() {
    snapshot_app("app", &app::app());
}

#[test]
fn example_customer_managed_keys() {
    snapshot("customer_managed_keys", &customer_managed_keys::stack());
}

#[test]
fn example_existing_table() {
    snapshot("existing_table", &existing_table::stack());
}

#[test]
fn example_existing_table_streams() {
    snapshot("existing_table_streams", &existing_table_streams::stack());
}

/// The DynamoDB Streams route onto an existing table (by ARN, from a parameter) whose stream ARN
/// is given, not looked up: no custom resource, the forwarder reads the given ARN.
#[test]
fn variant_existing_table_given_stream() {
    let mut stack = Stack::new("ExistingTableGivenStream");
    let table_arn = stack.parameter(Parameter::string("OrdersTableArn"));
    let orders = Table::from_arn(table_arn).with_stream(
        "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-11-18T10:09:15.370",
        StreamViewType::NewAndOldImages,
    );
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let delivery = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(Forwarder::dynamodb_changes("Forward", &orders, &delivery));
    stack.output("TableName", orders.name());
    snapshot("existing_table_given_stream", &stack);
}

#[test]
fn example_queryable_pipeline() {
    snapshot("queryable_pipeline", &queryable_pipeline::stack());
}

#[test]
fn variant_queryable_partitioned() {
    // The catalog over the dynamic-partitioning layout (table=…/date=…/), old images dropped.
    let mut stack = Stack::new("QueryablePartitioned");
    let stream = stack.add(KinesisStream::new("Changes"));
    let orders = stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .sort_key(Attribute::string("sk"))
            .kinesis_stream(&stream),
    );
    let customers =
        stack.add(Table::new("Customers", Attribute::number("id")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape").change_options(
        ChangeOptions {
            partition_keys: true,
            drop_old_image: true,
            ..ChangeOptions::default()
        },
    ));
    let delivery = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    let catalog = stack.add(
        ChangeLogTable::new(
            "Catalog",
            &delivery,
            SourceTable::new(&orders)
                .attribute("status", ColumnType::String)
                .attribute(
                    "total",
                    ColumnType::Decimal {
                        precision: 12,
                        scale: 2,
                    },
                ),
        )
        .source_table(SourceTable::new(&customers).attribute("name", ColumnType::String))
        .projection_start("2025-06-01"),
    );
    stack.add(QueryWorkgroup::new("Queries", &catalog).bytes_scanned_cutoff(10_000_000_000));
    snapshot("queryable_partitioned", &stack);
}

#[test]
fn variant_queryable_parquet() {
    // Parquet output (typed newitem struct), queried through the same catalog and queries.
    use ferrocdk::aws::firehose::ParquetConversion;
    let mut stack = Stack::new("QueryableParquet");
    let stream = stack.add(KinesisStream::new("Changes"));
    let orders = stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .sort_key(Attribute::string("sk"))
            .kinesis_stream(&stream),
    );
    let customers =
        stack.add(Table::new("Customers", Attribute::number("id")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    let delivery = stack.add(
        DeliveryStream::new(
            "ToS3",
            S3Destination::new(&bucket).processor(&shape).parquet(
                ParquetConversion::new()
                    .attribute("status", ColumnType::String)
                    .attribute(
                        "total",
                        ColumnType::Decimal {
                            precision: 12,
                            scale: 2,
                        },
                    )
                    .attribute("name", ColumnType::String)
                    // Attributes of tests/vectors, so that every type meets real lines.
                    .attribute("qty", ColumnType::BigInt)
                    .attribute("paid", ColumnType::Boolean)
                    .attribute(
                        "d38",
                        ColumnType::Decimal {
                            precision: 38,
                            scale: 0,
                        },
                    )
                    .attribute(
                        "exp",
                        ColumnType::Decimal {
                            precision: 12,
                            scale: 2,
                        },
                    )
                    .attribute("big", ColumnType::Double)
                    .attribute("tiny", ColumnType::Double)
                    .attribute("a", ColumnType::String)
                    .attribute("m", ColumnType::Json),
            ),
        )
        .source(&stream),
    );
    let catalog = stack.add(
        ChangeLogTable::new(
            "Catalog",
            &delivery,
            SourceTable::new(&orders)
                .attribute("status", ColumnType::String)
                .attribute(
                    "total",
                    ColumnType::Decimal {
                        precision: 12,
                        scale: 2,
                    },
                ),
        )
        .source_table(SourceTable::new(&customers).attribute("name", ColumnType::String)),
    );
    stack.add(QueryWorkgroup::new("Queries", &catalog));
    snapshot("queryable_parquet", &stack);
}

#[test]
fn variant_provisioned_stream() {
    let mut stack = Stack::new("ProvisionedStream");
    let shards = stack.parameter(
        Parameter::number("ShardCount")
            .default_value(4)
            .min_value(1)
            .max_value(64)
            .description("Shards of the change stream"),
    );
    let stream = stack.add(
        KinesisStream::new("Changes")
            .mode(StreamMode::Provisioned(shards.into()))
            .retention_hours(168),
    );
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    snapshot("provisioned_stream", &stack);
}

#[test]
fn variant_customer_managed_key() {
    let key = KeyRef::from_arn(
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    let (mut stack, stream, bucket) = base(
        "CustomerKey",
        KinesisStream::new("Changes").encryption(StreamEncryption::CustomerManaged(key)),
    );
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    snapshot("customer_managed_key", &stack);
}

#[test]
fn variant_provisioned_table_with_gsi() {
    let mut stack = Stack::new("ProvisionedTable");
    let stream = stack.add(KinesisStream::new("Changes"));
    stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .sort_key(Attribute::number("sk"))
            .billing(Billing::Provisioned { read: 5, write: 10 })
            .global_secondary_index(
                GlobalSecondaryIndex::new("ByCustomer", Attribute::string("customerId"))
                    .sort_key(Attribute::number("sk"))
                    .projection(Projection::Include(vec!["status".into(), "total".into()]))
                    .capacity(5, 10),
            )
            .global_secondary_index(
                GlobalSecondaryIndex::new("ByStatus", Attribute::string("status"))
                    .projection(Projection::KeysOnly)
                    .capacity(1, 1),
            )
            .kinesis_stream(&stream)
            .kinesis_precision(TimestampPrecision::Microsecond)
            .deletion_protection(true),
    );
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    snapshot("provisioned_table_with_gsi", &stack);
}

#[test]
fn variant_existing_bucket() {
    let mut stack = Stack::new("ExistingBucket");
    let stream = stack.add(KinesisStream::new("Changes"));
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let bucket = ferrocdk::aws::s3::Bucket::from_name("acme-change-log");
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    snapshot("existing_bucket", &stack);
}

#[test]
fn variant_no_processor() {
    let (mut stack, stream, bucket) = base("NoProcessor", KinesisStream::new("Changes"));
    stack.add(
        DeliveryStream::new(
            "ToS3",
            S3Destination::new(&bucket)
                .compression(Compression::Uncompressed)
                .buffering(60, 1),
        )
        .source(&stream),
    );
    snapshot("no_processor", &stack);
}

#[test]
fn variant_dynamic_partitioning() {
    let (mut stack, stream, bucket) = base("DynamicPartitioning", KinesisStream::new("Changes"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape").change_options(
        ChangeOptions {
            partition_keys: true,
            drop_ttl_deletes: true,
            ..ChangeOptions::default()
        },
    ));
    stack.add(
        DeliveryStream::new(
            "ToS3",
            S3Destination::new(&bucket)
                .lambda_processor(
                    LambdaProcessor::new(&shape)
                        .buffer_size_mb(1.0)
                        .buffer_interval_seconds(120),
                )
                .prefix(
                    "changes/!{partitionKeyFromLambda:table}/!{partitionKeyFromLambda:eventDate}/",
                )
                .buffering(900, 64),
        )
        .source(&stream),
    );
    snapshot("dynamic_partitioning", &stack);
}

#[test]
fn variant_tags_and_overrides() {
    let (mut stack, stream, bucket) = base(
        "TagsAndOverrides",
        KinesisStream::new("Changes").tag("DataClass", "internal"),
    );
    stack.tag("Project", "orders").tag("Owner", "data-platform");
    let bucket_lifecycle = stack.add(
        Bucket::new("Archive")
            .versioned(true)
            .lifecycle_rule(
                LifecycleRule::new("TierDown")
                    .prefix("changes/")
                    .transition(StorageClass::InfrequentAccess, 30)
                    .transition(StorageClass::Glacier, 90)
                    .expiration_days(730)
                    .abort_incomplete_multipart_days(7),
            )
            .tag("Owner", "archive-team"),
    );
    let shape = stack.add(
        TransformFunction::dynamodb_changes("Shape")
            .memory_mb(512)
            .logical_id("ShapeFn"),
    );
    stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    stack.override_property(
        "ToS3",
        "ExtendedS3DestinationConfiguration.FileExtension",
        ".jsonl.gz",
    );
    stack.add_raw_resource(
        "ChangesDashboard",
        Resource::new("AWS::CloudWatch::Dashboard").prop(
            "DashboardBody",
            serde_json::json!({ "Fn::Sub": "{\"widgets\":[{\"type\":\"text\",\"x\":0,\"y\":0,\"width\":6,\"height\":2,\"properties\":{\"markdown\":\"${AWS::StackName} change log\"}}]}" }),
        ),
    );
    stack.output("ArchiveBucket", bucket_lifecycle.name());
    stack.describe_output("ArchiveBucket", "Where old change logs are kept");
    stack.condition(
        "InMainRegion",
        serde_json::json!({ "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] }),
    );
    stack.set_condition("ChangesDashboard", "InMainRegion");
    snapshot("tags_and_overrides", &stack);
}

#[test]
fn variant_direct_put_with_parameters() {
    let mut stack = Stack::new("DirectPut")
        .description("DirectPut delivery stream with a customer key and parameters");
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let key = KeyRef::from_arn(
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    let ds = stack.add(
        DeliveryStream::new("Ingest", S3Destination::new(&bucket).logging(false))
            .encryption(Encryption::CustomerManaged(key))
            // Another stack's application puts the records, through the export below.
            .external_producers(),
    );
    stack.output_export(
        "IngestArn",
        ds.arn(),
        Expr::join([Expr::Pseudo(Pseudo::StackName), Expr::from("-IngestArn")]),
    );
    snapshot("direct_put", &stack);
}

#[test]
fn variant_alarms_on_both_routes() {
    use ferrocdk::aws::cloudwatch::{AlarmTopic, Alarms};
    let mut stack = Stack::new("Alarms");
    let stream = stack.add(
        KinesisStream::new("Changes")
            .mode(StreamMode::Provisioned(2.into()))
            .retention_hours(48),
    );
    let orders = stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    let kinesis_fed = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    let legacy = stack
        .add(Table::new("Legacy", Attribute::string("id")).stream(StreamViewType::NewAndOldImages));
    let direct = stack.add(DeliveryStream::new(
        "LegacyToS3",
        S3Destination::new(&bucket).buffering(60, 5),
    ));
    let forward = stack.add(Forwarder::dynamodb_changes("Forward", &legacy, &direct));
    stack.add(
        Alarms::new("Alarms")
            .table(&orders)
            .stream(&stream)
            .delivery_stream(&kinesis_fed)
            .function(&shape)
            .delivery_stream(&direct)
            .forwarder(&forward),
    );
    stack.add(
        Alarms::new("Paging")
            .topic(AlarmTopic::Existing(Expr::from(
                "arn:aws:sns:us-east-1:111122223333:oncall",
            )))
            .delivery_stream(&kinesis_fed),
    );
    snapshot("alarms", &stack);
}
