//! The query layer: the Glue catalog follows the delivery stream's prefix, Athena partition
//! projection addresses the very paths the prefix renderer produces, and every diagnostic of
//! `glue/` and `athena/` is triggered by the smallest stack that has the problem.
//! (The SQL itself runs in tests/python/test_query_sql.py.)

mod common;

use common::*;
use ferrocdk::aws::athena::{QueryWorkgroup, ResultsEncryption};
use ferrocdk::aws::dynamodb::TableRef;
use ferrocdk::aws::firehose::render_prefix;
use ferrocdk::aws::glue::{ChangeLogTable, ColumnType, SourceTable};
use ferrocdk::prelude::*;
use serde_json::Value;

/// A Kinesis-route stack: table `Orders`, bucket `ChangeLog`, built-in transform `Shape` with
/// `options`, delivery stream `ToS3` shaped by `dest`, and catalog `Catalog` (shaped by `cat`)
/// with workgroup `Queries` (shaped by `wg`).
fn stack_with(
    options: ChangeOptions,
    dest: impl FnOnce(S3Destination) -> S3Destination,
    cat: impl FnOnce(ChangeLogTable) -> ChangeLogTable,
    wg: impl FnOnce(QueryWorkgroup) -> QueryWorkgroup,
) -> Stack {
    let mut stack = Stack::new("QueryTest");
    let stream = stack.add(KinesisStream::new("Changes"));
    let orders = stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .sort_key(Attribute::number("sk"))
            .kinesis_stream(&stream),
    );
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape").change_options(options));
    let ds = stack.add(
        DeliveryStream::new("ToS3", dest(S3Destination::new(&bucket).processor(&shape)))
            .source(&stream),
    );
    let catalog = stack.add(cat(ChangeLogTable::new(
        "Catalog",
        &ds,
        SourceTable::new(&orders).attribute("total", ColumnType::BigInt),
    )));
    stack.add(wg(QueryWorkgroup::new("Queries", &catalog)));
    stack
}

fn default_stack() -> Stack {
    stack_with(ChangeOptions::default(), |d| d, |c| c, |w| w)
}

fn params(t: &Value) -> &Value {
    &t["Resources"]["Catalog"]["Properties"]["TableInput"]["Parameters"]
}

fn sub_text(v: &Value) -> &str {
    v["Fn::Sub"].as_str().expect("a Fn::Sub string")
}

#[test]
fn the_catalog_projects_the_arrival_hour_of_the_default_prefix() {
    let t = template(&default_stack());
    let p = params(&t);
    assert_eq!(p["projection.dt.type"], "date");
    assert_eq!(p["projection.dt.format"], "yyyy/MM/dd/HH");
    assert_eq!(p["projection.dt.range"], "2025/01/01/00,NOW");
    assert_eq!(p["projection.dt.interval.unit"], "HOURS");
    assert_eq!(
        sub_text(&p["storage.location.template"]),
        "s3://${ChangeLog}/changes/${!dt}/"
    );
    let sd = &t["Resources"]["Catalog"]["Properties"]["TableInput"]["StorageDescriptor"];
    assert_eq!(sub_text(&sd["Location"]), "s3://${ChangeLog}/changes/");
    let names: Vec<&str> = sd["Columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["Name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "eventid",
            "eventname",
            "tablename",
            "awsregion",
            "approximatecreationdatetime",
            "isttldelete",
            "keys",
            "newimage",
            "oldimage"
        ]
    );
    assert_eq!(
        t["Resources"]["CatalogDatabase"]["Properties"]["DatabaseInput"]["Name"],
        "query_test"
    );
    assert_eq!(
        t["Resources"]["Catalog"]["Properties"]["TableInput"]["Name"],
        "catalog"
    );
}

#[test]
fn changing_the_prefix_changes_the_catalog() {
    let t = template(&stack_with(
        ChangeOptions::default(),
        |d| d.prefix("log/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/"),
        |c| c.projection_start("2025-06-15"),
        |w| w,
    ));
    let p = params(&t);
    assert_eq!(p["projection.dt.format"], "yyyy'/month='MM'/day='dd");
    assert_eq!(p["projection.dt.range"], "2025/month=06/day=15,NOW");
    assert_eq!(p["projection.dt.interval.unit"], "DAYS");
    assert_eq!(
        sub_text(&p["storage.location.template"]),
        "s3://${ChangeLog}/log/year=${!dt}/"
    );
    // The window queries prune with the same format in Trino's date_format.
    let sql = sub_text(&t["Resources"]["QueriesOrdersChangesBetween"]["Properties"]["QueryString"])
        .to_owned();
    assert!(
        sql.contains("date_format(p.start_time - INTERVAL '1' HOUR, '%Y/month=%m/day=%d')"),
        "{sql}"
    );
}

#[test]
fn dynamic_partitioning_projects_the_table_and_the_change_date() {
    let t = template(&stack_with(
        ChangeOptions {
            partition_keys: true,
            drop_old_image: true,
            ..ChangeOptions::default()
        },
        |d| d,
        |c| c,
        |w| w,
    ));
    let p = params(&t);
    assert_eq!(p["projection.tbl.type"], "injected");
    assert_eq!(p["projection.dt.format"], "yyyy-MM-dd");
    assert_eq!(
        sub_text(&p["storage.location.template"]),
        "s3://${ChangeLog}/changes/table=${!tbl}/date=${!dt}/"
    );
    let sd = &t["Resources"]["Catalog"]["Properties"]["TableInput"]["StorageDescriptor"];
    assert!(
        !sd["Columns"].to_string().contains("oldimage"),
        "no old image column when it is dropped"
    );
    let sql =
        sub_text(&t["Resources"]["QueriesOrdersStateAsOf"]["Properties"]["QueryString"]).to_owned();
    assert!(
        sql.contains("AND c.tbl = '${Orders}'"),
        "injected tbl is filtered with =: {sql}"
    );
    assert!(!sql.contains("old_image"));
}

/// The location Athena projects for `dt` = `value` (the template's `${dt}` replaced).
fn projected(template: &str, column: &str, value: &str) -> String {
    template
        .replace("s3://${ChangeLog}/", "")
        .replace(&format!("${{!{column}}}"), value)
}

#[test]
fn projection_addresses_the_paths_the_prefix_renderer_produces_at_the_edges() {
    let t = template(&default_stack());
    let tpl = sub_text(&params(&t)["storage.location.template"]).to_owned();
    let prefix = t["Resources"]["ToS3"]["Properties"]["ExtendedS3DestinationConfiguration"]
        ["Prefix"]
        .as_str()
        .unwrap()
        .to_owned();
    // (arrival time in ms, the dt value Athena generates from projection.dt.format for it)
    for (ms, dt) in [
        (1_767_225_599_999, "2025/12/31/23"), // 2025-12-31T23:59:59.999Z
        (1_767_225_600_000, "2026/01/01/00"), // the next millisecond: new year, day and hour
        (1_767_221_999_999, "2025/12/31/22"), // 22:59:59.999
        (1_767_222_000_000, "2025/12/31/23"), // 23:00:00.000
        (1_709_251_199_999, "2024/02/29/23"), // the end of a leap day
        (1_709_251_200_000, "2024/03/01/00"),
    ] {
        assert_eq!(
            render_prefix(&prefix, ms, &[]).unwrap(),
            projected(&tpl, "dt", dt),
            "{ms}"
        );
    }

    let t = template(&stack_with(
        ChangeOptions {
            partition_keys: true,
            ..ChangeOptions::default()
        },
        |d| d,
        |c| c,
        |w| w,
    ));
    let tpl = sub_text(&params(&t)["storage.location.template"]).to_owned();
    let prefix = t["Resources"]["ToS3"]["Properties"]["ExtendedS3DestinationConfiguration"]
        ["Prefix"]
        .as_str()
        .unwrap()
        .to_owned();
    for (table, date) in [
        ("Orders", "2025-12-31"),
        ("Orders", "2026-01-01"),
        ("my.table-1", "2024-02-29"),
    ] {
        let rendered = render_prefix(
            &prefix,
            1_767_225_600_000,
            &[
                ("table", table),
                ("eventDate", date),
                ("eventName", "MODIFY"),
            ],
        )
        .unwrap();
        let location = projected(&projected(&tpl, "tbl", table), "dt", date);
        // Firehose appends the arrival hour below a prefix without a timestamp; Athena reads
        // the partition's location with everything under it.
        assert_eq!(rendered, format!("{location}2026/01/01/00/"));
    }
}

#[test]
fn the_workgroup_encrypts_enforces_and_caps_its_queries() {
    let t = template(&default_stack());
    let wg = &t["Resources"]["Queries"]["Properties"];
    assert_eq!(wg["Name"], "QueryTest-Queries");
    let c = &wg["WorkGroupConfiguration"];
    assert_eq!(c["EnforceWorkGroupConfiguration"], true);
    assert_eq!(c["BytesScannedCutoffPerQuery"], 100_000_000_000u64);
    assert_eq!(
        c["EngineVersion"]["SelectedEngineVersion"],
        "Athena engine version 3"
    );
    assert_eq!(
        c["ResultConfiguration"]["EncryptionConfiguration"]["EncryptionOption"],
        "SSE_S3"
    );
    assert_eq!(
        sub_text(&c["ResultConfiguration"]["OutputLocation"]),
        "s3://${ChangeLog}/athena-results/"
    );
    let queries: Vec<&String> = t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Athena::NamedQuery")
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        queries,
        [
            "QueriesOrdersStateAsOf",
            "QueriesOrdersHistory",
            "QueriesOrdersChangesBetween",
            "QueriesOrdersTtlDeletes"
        ]
    );
    let q = &t["Resources"]["QueriesOrdersStateAsOf"]["Properties"];
    assert_eq!(q["WorkGroup"], serde_json::json!({"Ref": "Queries"}));
    assert_eq!(q["Database"], serde_json::json!({"Ref": "CatalogDatabase"}));

    let key = KeyRef::from_arn(
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    let t = template(&stack_with(
        ChangeOptions::default(),
        |d| d,
        |c| c,
        |w| w.results_encryption(ResultsEncryption::Kms(key)),
    ));
    let e = &t["Resources"]["Queries"]["Properties"]["WorkGroupConfiguration"]
        ["ResultConfiguration"]["EncryptionConfiguration"];
    assert_eq!(e["EncryptionOption"], "SSE_KMS");
}

// -- diagnostics ---------------------------------------------------------------------------

#[test]
fn a_name_glue_would_fold_or_athena_would_need_quoted_is_glue_name() {
    let d = the_error(
        &stack_with(
            ChangeOptions::default(),
            |d| d,
            |c| c.table_name("Change-Log"),
            |w| w,
        ),
        "glue-name",
    );
    assert_eq!(
        (d.property.as_str(), d.received.as_str()),
        ("TableInput.Name", "\"Change-Log\"")
    );
    let d = the_error(
        &stack_with(
            ChangeOptions::default(),
            |d| d,
            |c| c.database_name(""),
            |w| w,
        ),
        "glue-name",
    );
    assert_eq!(d.property, "DatabaseInput.Name");
}

#[test]
fn a_prefix_athena_cannot_project_is_glue_projection() {
    let d = the_error(
        &stack_with(
            ChangeOptions::default(),
            |d| d.prefix("changes/!{firehose:random-string}/!{timestamp:yyyy}/"),
            |c| c,
            |w| w,
        ),
        "glue-projection",
    );
    assert!(d.allowed.contains("random-string"), "{}", d.allowed);
    let d = the_error(
        &stack_with(
            ChangeOptions::default(),
            |d| d.prefix("changes/!{timestamp:yyyy/MMM}/"),
            |c| c,
            |w| w,
        ),
        "glue-projection",
    );
    assert!(d.allowed.contains("\"MMM\""), "{}", d.allowed);
    let d = the_error(
        &stack_with(
            ChangeOptions::default(),
            |d| d.prefix("changes/!{timestamp:yyyy/MM/dd}"),
            |c| c,
            |w| w,
        ),
        "glue-projection",
    );
    assert!(d.allowed.contains("does not end with '/'"), "{}", d.allowed);
}

#[test]
fn a_bad_first_day_is_glue_projection_start() {
    let d = the_error(
        &stack_with(
            ChangeOptions::default(),
            |d| d,
            |c| c.projection_start("2025-02-30"),
            |w| w,
        ),
        "glue-projection-start",
    );
    assert_eq!(d.received, "\"2025-02-30\"");
}

#[test]
fn a_catalog_over_records_that_are_not_change_lines_is_glue_record_contract() {
    let mut stack = Stack::new("Raw");
    let stream = stack.add(KinesisStream::new("Changes"));
    let orders = stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&stream));
    stack.add(ChangeLogTable::new(
        "Catalog",
        &ds,
        SourceTable::new(&orders),
    ));
    let d = the_error(&stack, "glue-record-contract");
    assert!(d.received.contains("no processor"), "{}", d.received);

    let mut stack = Stack::new("Custom");
    let stream = stack.add(KinesisStream::new("Changes"));
    let orders = stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let f = stack.add(TransformFunction::new(
        "Fn",
        Code::inline_python("def handler(e, c):\n    return e\n"),
    ));
    let ds = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&f)).source(&stream),
    );
    stack.add(ChangeLogTable::new(
        "Catalog",
        &ds,
        SourceTable::new(&orders),
    ));
    let d = the_error(&stack, "glue-record-contract");
    assert!(d.received.contains("its own code"), "{}", d.received);
}

#[test]
fn objects_athena_cannot_decompress_are_glue_compression() {
    let d = the_error(
        &stack_with(
            ChangeOptions::default(),
            |d| d.compression(Compression::Zip),
            |c| c,
            |w| w,
        ),
        "glue-compression",
    );
    assert!(d.received.contains("ZIP"), "{}", d.received);
}

#[test]
fn a_bad_declared_attribute_is_glue_attribute() {
    let mut stack = Stack::new("Attrs");
    let stream = stack.add(KinesisStream::new("Changes"));
    let orders = stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    let ds = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    stack.add(ChangeLogTable::new(
        "Catalog",
        &ds,
        SourceTable::new(&orders)
            .attribute("pk", ColumnType::String)
            .attribute("a\"b", ColumnType::String)
            .attribute(
                "amount",
                ColumnType::Decimal {
                    precision: 39,
                    scale: 2,
                },
            ),
    ));
    let found = diags_of(&stack, "glue-attribute");
    let received: Vec<&str> = found.iter().map(|d| d.received.as_str()).collect();
    assert_eq!(
        received,
        [
            "\"pk\", already a column of the query results",
            "\"a\\\"b\"",
            "decimal(39,2)"
        ]
    );
}

#[test]
fn a_key_named_like_a_result_column_is_glue_attribute() {
    let mut stack = Stack::new("Keys");
    let stream = stack.add(KinesisStream::new("Changes"));
    let t = stack.add(Table::new("T", Attribute::string("pos")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    let ds = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    stack.add(ChangeLogTable::new("Catalog", &ds, SourceTable::new(&t)));
    let d = the_error(&stack, "glue-attribute");
    assert_eq!(d.property, "T key attribute");
}

#[test]
fn an_existing_table_needs_its_key_given_to_the_catalog() {
    // Table::from_name knows no key schema: SourceTable::new of it is glue-attribute, and
    // SourceTable::existing with the same name and its key builds the queries.
    let with = |source: fn(&TableRef) -> SourceTable| {
        let mut stack = Stack::new("Existing");
        let stream = stack.add(KinesisStream::new("Changes"));
        let orders = Table::from_name("Orders");
        stack.add(orders.kinesis_stream("OrdersToChanges", &stream));
        let bucket = stack.add(Bucket::new("ChangeLog"));
        let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
        let ds = stack.add(
            DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape))
                .source(&stream),
        );
        let catalog = stack.add(ChangeLogTable::new("Catalog", &ds, source(&orders)));
        stack.add(QueryWorkgroup::new("Queries", &catalog));
        stack
    };
    let d = the_error(&with(SourceTable::new), "glue-attribute");
    assert_eq!(d.property, "Orders key attribute");
    assert!(d.allowed.contains("SourceTable::existing"), "{}", d.allowed);
    let t = template(&with(|t| {
        SourceTable::existing("Orders", t.name(), Attribute::string("pk"), None)
    }));
    let q = sub_text(&t["Resources"]["QueriesOrdersHistory"]["Properties"]["QueryString"]);
    assert!(q.contains("WHERE c.tablename = 'Orders'"), "{q}");
    assert!(
        q.contains(r#"json_extract_scalar(c.keys, '$["pk"]') = p.key_1"#),
        "{q}"
    );
}

#[test]
fn a_named_query_name_over_128_characters_is_athena_named_query() {
    let mut stack = Stack::new("Long");
    let stream = stack.add(KinesisStream::new("Changes"));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    let ds = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    let label = "T".repeat(100);
    let source = SourceTable::existing(label, "Orders", Attribute::string("pk"), None);
    let catalog = stack.add(ChangeLogTable::new("Catalog", &ds, source));
    stack.add(QueryWorkgroup::new("Queries", &catalog));
    let found = diags_of(&stack, "athena-named-query");
    // "<label>: TTL deletes between two times" is 131 characters, the other titles fit (≤ 127).
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].received.starts_with("a name of 131 characters"),
        "{}",
        found[0].received
    );
    assert!(found[0].property.ends_with("TtlDeletes.Name"));
}

#[test]
fn a_bad_workgroup_name_is_athena_workgroup_name() {
    let d = the_error(
        &stack_with(
            ChangeOptions::default(),
            |d| d,
            |c| c,
            |w| w.workgroup_name("my queries"),
        ),
        "athena-workgroup-name",
    );
    assert_eq!(d.property, "Name");
}

#[test]
fn a_cutoff_below_ten_million_bytes_is_athena_bytes_scanned_cutoff() {
    let d = the_error(
        &stack_with(
            ChangeOptions::default(),
            |d| d,
            |c| c,
            |w| w.bytes_scanned_cutoff(9_999_999),
        ),
        "athena-bytes-scanned-cutoff",
    );
    assert_eq!(d.received, "9999999");
    template(&stack_with(
        ChangeOptions::default(),
        |d| d,
        |c| c,
        |w| w.bytes_scanned_cutoff(10_000_000),
    ));
}

#[test]
fn results_inside_the_change_log_are_athena_results_location() {
    let mut stack = Stack::new("Results");
    let stream = stack.add(KinesisStream::new("Changes"));
    let orders = stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    let ds = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    let catalog = stack.add(ChangeLogTable::new(
        "Catalog",
        &ds,
        SourceTable::new(&orders),
    ));
    stack.add(
        QueryWorkgroup::new("Queries", &catalog).results_location(&bucket, "changes/results/"),
    );
    let d = the_error(&stack, "athena-results-location");
    assert!(
        d.allowed.contains("outside the change log"),
        "{}",
        d.allowed
    );
    let d = the_error(
        &stack_with(
            ChangeOptions::default(),
            |d| d,
            |c| c,
            |w| w.results_location(&Bucket::from_name("acme-results"), "no-slash"),
        ),
        "athena-results-location",
    );
    assert!(d.received.contains("no-slash"));
}

// -- Parquet output ------------------------------------------------------------------------

fn parquet(options: ChangeOptions, dest: impl FnOnce(S3Destination) -> S3Destination) -> Stack {
    use ferrocdk::aws::firehose::ParquetConversion;
    stack_with(
        options,
        |d| dest(d.parquet(ParquetConversion::new().attribute("total", ColumnType::BigInt))),
        |c| c,
        |w| w,
    )
}

#[test]
fn parquet_output_converts_with_a_derived_schema_and_keeps_the_source_records() {
    let t = template(&parquet(ChangeOptions::default(), |d| d));
    let d = &t["Resources"]["ToS3"]["Properties"]["ExtendedS3DestinationConfiguration"];
    assert_eq!(d["CompressionFormat"], "UNCOMPRESSED");
    assert_eq!(d["BufferingHints"]["SizeInMBs"], 128);
    assert_eq!(d["S3BackupMode"], "Enabled");
    let conv = &d["DataFormatConversionConfiguration"];
    assert_eq!(
        conv["SchemaConfiguration"]["TableName"],
        serde_json::json!({"Ref": "ToS3Schema"})
    );
    assert_eq!(
        conv["OutputFormatConfiguration"]["Serializer"]["ParquetSerDe"]["Compression"],
        "SNAPPY"
    );
    let schema =
        &t["Resources"]["ToS3Schema"]["Properties"]["TableInput"]["StorageDescriptor"]["Columns"];
    assert_eq!(
        schema.as_array().unwrap().last().unwrap()["Type"],
        "struct<total:bigint>"
    );
    // The catalog reads Parquet, with the same columns.
    let sd = &t["Resources"]["Catalog"]["Properties"]["TableInput"]["StorageDescriptor"];
    assert_eq!(
        sd["SerdeInfo"]["SerializationLibrary"],
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    );
    assert_eq!(&sd["Columns"], schema);
    // The role may read the schema table, and only it.
    let policy = t["Resources"]["ToS3RolePolicy"]["Properties"]["PolicyDocument"].to_string();
    assert!(
        policy.contains("table/query_test_to_s3_schema/changes"),
        "{policy}"
    );
}

#[test]
fn conversion_with_small_buffers_is_firehose_conversion_buffering() {
    let d = the_error(
        &parquet(ChangeOptions::default(), |d| d.buffering(300, 32)),
        "firehose-conversion-buffering",
    );
    assert_eq!(d.received, "32");
    template(&parquet(ChangeOptions::default(), |d| d.buffering(300, 64)));
}

#[test]
fn conversion_with_object_compression_is_firehose_conversion_compression() {
    let d = the_error(
        &parquet(ChangeOptions::default(), |d| {
            d.compression(Compression::Gzip)
        }),
        "firehose-conversion-compression",
    );
    assert_eq!(d.received, "GZIP");
    template(&parquet(ChangeOptions::default(), |d| {
        d.compression(Compression::Uncompressed)
    }));
}

#[test]
fn conversion_without_the_built_in_transform_is_firehose_conversion_processor() {
    use ferrocdk::aws::firehose::ParquetConversion;
    let mut stack = Stack::new("NoShape");
    let stream = stack.add(KinesisStream::new("Changes"));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    stack.add(
        DeliveryStream::new(
            "ToS3",
            S3Destination::new(&bucket).parquet(ParquetConversion::new()),
        )
        .source(&stream),
    );
    let d = the_error(&stack, "firehose-conversion-processor");
    assert!(d.received.contains("without a processor"), "{}", d.received);
}

#[test]
fn conversion_with_dynamic_partitioning_keeps_both_layouts_rules() {
    // Both need ≥ 64 MB; with both on, the catalog projects tbl/dt over Parquet objects.
    let t = template(&parquet(
        ChangeOptions {
            partition_keys: true,
            ..ChangeOptions::default()
        },
        |d| d,
    ));
    let p = params(&t);
    assert_eq!(p["projection.tbl.type"], "injected");
    assert_eq!(p["classification"], "parquet");
    let found = diags_of(
        &parquet(
            ChangeOptions {
                partition_keys: true,
                ..ChangeOptions::default()
            },
            |d| d.buffering(300, 10),
        ),
        "firehose-conversion-buffering",
    );
    assert_eq!(found.len(), 1);
}

#[test]
fn a_bad_parquet_attribute_is_firehose_conversion_attribute() {
    use ferrocdk::aws::firehose::ParquetConversion;
    let stack = stack_with(
        ChangeOptions::default(),
        |d| {
            d.parquet(
                ParquetConversion::new()
                    .attribute("a b", ColumnType::String)
                    .attribute(
                        "x",
                        ColumnType::Decimal {
                            precision: 0,
                            scale: 0,
                        },
                    ),
            )
        },
        |c| c,
        |w| w,
    );
    let found = diags_of(&stack, "firehose-conversion-attribute");
    let received: Vec<&str> = found.iter().map(|d| d.received.as_str()).collect();
    assert_eq!(received, ["attribute \"a b\"", "decimal(0,0)"]);
}

// -- stack files ----------------------------------------------------------------------------

const FILE: &str = r#"{
  "name": "Q",
  "constructs": [
    {"type": "KinesisStream", "id": "Changes"},
    {"type": "Table", "id": "Orders", "partitionKey": {"name": "pk", "type": "S"}, "kinesisStream": "Changes"},
    {"type": "Bucket", "id": "ChangeLog"},
    {"type": "TransformFunction", "id": "Shape"},
    {"type": "DeliveryStream", "id": "ToS3", "source": "Changes", "destination": {"bucket": "ChangeLog", "processor": "Shape"}},
    {"type": "ChangeLogTable", "id": "Catalog", "deliveryStream": "ToS3", "sourceTables": [{"table": "Orders"}]},
    {"type": "QueryWorkgroup", "id": "Queries", "catalog": "Catalog", "resultsLocation": {"bucket": {"existingName": "acme-results"}, "prefix": "q/"}}
  ]
}"#;

#[test]
fn a_stack_file_builds_the_catalog_and_the_workgroup() {
    let s = ferrocdk::stack_file::synth_text("q.json", FILE).unwrap();
    let t = s.template.to_value();
    assert_eq!(t["Resources"]["Catalog"]["Type"], "AWS::Glue::Table");
    let out = &t["Resources"]["Queries"]["Properties"]["WorkGroupConfiguration"]
        ["ResultConfiguration"]["OutputLocation"];
    assert_eq!(out, "s3://acme-results/q/");
    // resultsKey takes a Key of the file (or a key ARN).
    let keyed = FILE
        .replace(
            r#"{"type": "Bucket", "id": "ChangeLog"},"#,
            r#"{"type": "Bucket", "id": "ChangeLog"}, {"type": "Key", "id": "ResultsKey"},"#,
        )
        .replace(
            r#""catalog": "Catalog","#,
            r#""catalog": "Catalog", "resultsKey": "ResultsKey","#,
        );
    let t = ferrocdk::stack_file::synth_text("q.json", &keyed)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .template
        .to_value();
    let encryption = &t["Resources"]["Queries"]["Properties"]["WorkGroupConfiguration"]
        ["ResultConfiguration"]["EncryptionConfiguration"];
    assert_eq!(
        encryption,
        &serde_json::json!({"EncryptionOption": "SSE_KMS", "KmsKey": {"Fn::GetAtt": ["ResultsKey", "Arn"]}})
    );
}

#[test]
fn a_stack_file_with_wrong_query_references_reports_each() {
    let bad = FILE
        .replace(
            r#""deliveryStream": "ToS3""#,
            r#""deliveryStream": "ChangeLog""#,
        )
        .replace(r#""catalog": "Catalog""#, r#""catalog": "Orders""#);
    let problems = ferrocdk::stack_file::synth_text("q.json", &bad).unwrap_err();
    let at: Vec<(&str, &str)> = problems
        .iter()
        .map(|d| (d.code, d.property.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            ("file-reference", "constructs[5].deliveryStream"),
            ("file-reference", "constructs[6].catalog")
        ],
        "{problems:?}"
    );
    let bad = FILE.replace(
        r#""sourceTables": [{"table": "Orders"}]"#,
        r#""sourceTables": []"#,
    );
    let problems = ferrocdk::stack_file::synth_text("q.json", &bad).unwrap_err();
    assert_eq!(problems[0].code, "file-value");
    assert_eq!(problems[0].property, "constructs[5].sourceTables");
    let bad = FILE.replace(r#""catalog": "Catalog""#, r#""catalog": "Orders""#);
    let problems = ferrocdk::stack_file::synth_text("q.json", &bad).unwrap_err();
    assert_eq!(problems[0].code, "file-reference");
    assert_eq!(problems[0].property, "constructs[6].catalog");
    // An ExistingTable has no key attributes for the queries.
    let bad = FILE
        .replace(
            r#"{"type": "Bucket", "id": "ChangeLog"},"#,
            r#"{"type": "Bucket", "id": "ChangeLog"}, {"type": "ExistingTable", "id": "Legacy", "tableName": "Legacy"},"#,
        )
        .replace(
            r#""sourceTables": [{"table": "Orders"}]"#,
            r#""sourceTables": [{"table": "Orders"}, {"table": "Legacy"}]"#,
        );
    let problems = ferrocdk::stack_file::synth_text("q.json", &bad).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].code, "file-reference");
    assert_eq!(problems[0].property, "constructs[6].sourceTables[1].table");
    assert!(
        problems[0].received.contains("key attributes"),
        "{}",
        problems[0].received
    );
}

#[test]
fn synth_findings_on_the_query_constructs_are_placed_at_their_members() {
    let bad = FILE
        .replace(
            r#""sourceTables": [{"table": "Orders"}]"#,
            r#""sourceTables": [{"table": "Orders", "attributes": {"total": {"decimal": {"precision": 12, "scale": 13}}}}], "tableName": "Change-Log""#,
        )
        .replace(
            r#""catalog": "Catalog","#,
            r#""catalog": "Catalog", "workgroupName": "my queries", "bytesScannedCutoff": 1,"#,
        )
        .replace(
            r#""processor": "Shape"}"#,
            r#""processor": "Shape", "buffering": {"intervalSeconds": 300, "sizeMb": 32}, "parquet": {}}"#,
        );
    let problems = ferrocdk::stack_file::synth_text("q.json", &bad).unwrap_err();
    let at: Vec<(&str, &str)> = problems
        .iter()
        .map(|d| (d.code, d.property.as_str()))
        .collect();
    for want in [
        (
            "firehose-conversion-buffering",
            "constructs[4].destination.buffering.sizeMb",
        ),
        ("glue-name", "constructs[5].tableName"),
        ("glue-attribute", "constructs[5].sourceTables"),
        ("athena-workgroup-name", "constructs[6].workgroupName"),
        (
            "athena-bytes-scanned-cutoff",
            "constructs[6].bytesScannedCutoff",
        ),
    ] {
        assert!(at.contains(&want), "{want:?} not in {at:#?}");
    }
    // Placed in the text at its member: the "sizeMb" of line 8, the delivery stream's.
    let column = bad
        .lines()
        .nth(7)
        .and_then(|l| l.find(r#""sizeMb""#))
        .unwrap_or(0)
        + 1;
    let buffering = problems
        .iter()
        .find(|d| d.code == "firehose-conversion-buffering")
        .map(|d| d.path.clone())
        .unwrap_or_default();
    assert_eq!(buffering, format!("q.json:8:{column}"));
}

#[test]
fn a_stack_file_cannot_alarm_on_or_output_the_arn_of_a_catalog_or_a_workgroup() {
    // Neither has an ARN or alarms: each is a reference error, never a silently missing
    // construct or output.
    let with = |extra_construct: &str, outputs: &str| {
        let text = FILE.replace(
            "\n  ]\n}",
            &format!("{extra_construct}\n  ],\n  \"outputs\": {{{outputs}}}\n}}"),
        );
        ferrocdk::stack_file::synth_text("q.json", &text)
    };
    let problems = with(
        r#",
    {"type": "Alarms", "id": "Alarms", "watch": ["ToS3", "Catalog", "Queries"]}"#,
        "",
    )
    .unwrap_err();
    let at: Vec<(&str, &str)> = problems
        .iter()
        .map(|d| (d.code, d.property.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            ("file-reference", "constructs[7].watch[1]"),
            ("file-reference", "constructs[7].watch[2]")
        ],
        "{problems:?}"
    );
    assert!(
        problems[0].received.contains("a ChangeLogTable"),
        "{problems:?}"
    );
    let problems = with(
        "",
        r#""CatalogArn": {"arn": "Catalog"}, "QueriesArn": {"arn": "Queries"}"#,
    )
    .unwrap_err();
    let at: Vec<(&str, &str)> = problems
        .iter()
        .map(|d| (d.code, d.property.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            ("file-reference", "outputs.CatalogArn.arn"),
            ("file-reference", "outputs.QueriesArn.arn")
        ],
        "{problems:?}"
    );
    // Their names are outputs.
    let s = with(
        "",
        r#""TableName": {"name": "Catalog"}, "WorkGroupName": {"name": "Queries"}"#,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let t = s.template.to_value();
    assert_eq!(
        t["Outputs"]["TableName"]["Value"],
        serde_json::json!({"Ref": "Catalog"})
    );
    assert_eq!(
        t["Outputs"]["WorkGroupName"]["Value"],
        serde_json::json!({"Ref": "Queries"})
    );
}

#[test]
fn the_query_grant_is_scoped_to_the_workgroup_the_catalog_and_the_two_prefixes() {
    let mut stack = Stack::new("Grant");
    let stream = stack.add(KinesisStream::new("Changes"));
    let orders = stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    let ds = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    let catalog = stack.add(ChangeLogTable::new(
        "Catalog",
        &ds,
        SourceTable::new(&orders),
    ));
    let key = KeyRef::from_arn(
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    let queries = stack.add(
        QueryWorkgroup::new("Queries", &catalog).results_encryption(ResultsEncryption::Kms(key)),
    );
    let grant = queries.grant_run_queries();
    let resources: Vec<String> = grant
        .statements()
        .iter()
        .map(|s| {
            let r: Vec<Value> = s.resources().iter().map(|e| e.to_json()).collect();
            format!("{} {}", s.actions()[0], serde_json::to_string(&r).unwrap())
        })
        .collect();
    assert_eq!(
        resources,
        [
            r#"athena:BatchGetNamedQuery [{"Fn::Sub":"arn:${AWS::Partition}:athena:${AWS::Region}:${AWS::AccountId}:workgroup/${Queries}"}]"#,
            r#"glue:GetDatabase [{"Fn::Sub":"arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:catalog"},{"Fn::Sub":"arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:database/${CatalogDatabase}"},{"Fn::Sub":"arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:table/${CatalogDatabase}/${Catalog}"}]"#,
            r#"s3:GetObject [{"Fn::Sub":"${ChangeLog.Arn}/*"}]"#,
            r#"s3:GetBucketLocation [{"Fn::GetAtt":["ChangeLog","Arn"]}]"#,
            r#"s3:AbortMultipartUpload [{"Fn::Sub":"${ChangeLog.Arn}/athena-results/*"}]"#,
            r#"kms:Decrypt ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]"#,
        ]
    );
    // A function granted it synthesizes (the grant renders into its policy).
    stack.add(
        TransformFunction::new(
            "Reporter",
            Code::inline_python("def handler(e, c):\n    return e\n"),
        )
        .grant(grant),
    );
    let t = template(&stack);
    assert!(t["Resources"]["ReporterRolePolicy"]
        .to_string()
        .contains("workgroup/${Queries}"));
}

#[test]
fn the_query_grant_reads_a_log_under_a_customer_managed_key_through_s3_only() {
    use ferrocdk::aws::kms::Key;
    use ferrocdk::aws::s3::BucketEncryption;
    // The kms: statements of the policy of a function granted the queries.
    let kms = |with_key: bool| -> Vec<Value> {
        let mut stack = Stack::new("Keyed");
        let orders = stack.add(Table::new("Orders", Attribute::string("pk")));
        let mut bucket = Bucket::new("ChangeLog");
        if with_key {
            let key = stack.add(Key::new("LogKey"));
            bucket = bucket.encryption(BucketEncryption::Kms(key));
        }
        let bucket = stack.add(bucket);
        let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
        let catalog = stack.add(ChangeLogTable::new(
            "Catalog",
            &ds,
            SourceTable::new(&orders),
        ));
        let queries = stack.add(QueryWorkgroup::new("Queries", &catalog));
        stack.add(
            TransformFunction::new(
                "Reporter",
                Code::inline_python("def handler(e, c):\n    return e\n"),
            )
            .grant(queries.grant_run_queries()),
        );
        let t = template(&stack);
        t["Resources"]["ReporterRolePolicy"]["Properties"]["PolicyDocument"]["Statement"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["Action"].to_string().contains("kms:"))
            .cloned()
            .collect()
    };
    assert_eq!(kms(false), Vec::<Value>::new());
    assert_eq!(
        kms(true),
        [serde_json::json!({
            "Effect": "Allow",
            "Action": ["kms:Decrypt"],
            "Resource": [{"Fn::GetAtt": ["LogKey", "Arn"]}],
            "Condition": {"StringEquals": {
                "kms:ViaService": {"Fn::Sub": "s3.${AWS::Region}.amazonaws.com"},
                "kms:EncryptionContext:aws:s3:arn": {"Fn::GetAtt": ["ChangeLog", "Arn"]}
            }}
        })]
    );
}

#[test]
fn a_stack_file_grants_running_the_queries() {
    let with_grant = FILE.replace(
        "\n  ]\n}",
        r#",
    {"type": "TransformFunction", "id": "Reporter", "code": {"inlinePython": "def handler(e, c):\n    return e\n"}, "grants": [{"runQueries": "Queries"}]}
  ]
}"#,
    );
    let t = ferrocdk::stack_file::synth_text("q.json", &with_grant)
        .unwrap()
        .template
        .to_value();
    assert!(t["Resources"]["ReporterRolePolicy"]
        .to_string()
        .contains("workgroup/${Queries}"));
    let wrong = with_grant.replace(
        r#"{"runQueries": "Queries"}"#,
        r#"{"runQueries": "Catalog"}"#,
    );
    let problems = ferrocdk::stack_file::synth_text("q.json", &wrong).unwrap_err();
    assert_eq!(problems[0].property, "constructs[7].grants[0].runQueries");
}
