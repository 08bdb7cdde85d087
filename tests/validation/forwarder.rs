//! The DynamoDB Streams forwarder: its table's stream, the event source mapping's settings, readers per stream.

use super::*;

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
