//! Kinesis streams: names, ARNs, retention, shards, encryption, keys, and the capacity checks against a declared load.

use super::*;

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
