//! Firehose delivery streams: names, encryption, buffering, prefixes, dynamic partitioning and the Lambda processor.

use super::*;

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
