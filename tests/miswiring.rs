//! Wirings that deploy but do nothing, or that name the wrong thing, are reported: a stream a
//! table writes to and nothing reads, a DirectPut delivery stream nothing puts records into,
//! an existing-resource handle given another kind of value (a stream's name for its ARN, a
//! delivery stream's ARN for a stream's).

mod common;

use common::*;
use ferrocdk::aws::dynamodb::TableRef;
use ferrocdk::prelude::*;
use ferrocdk::Severity;

const STREAM_ARN: &str = "arn:aws:kinesis:us-east-1:111122223333:stream/changes";

fn own_code(id: &str) -> TransformFunction {
    TransformFunction::new(
        id,
        Code::inline_python("def handler(event, context):\n    return {'records': []}\n"),
    )
}

// kinesis-stream-unread

#[test]
fn a_stream_a_table_writes_to_and_nothing_reads_is_reported_at_the_table() {
    let mut stack = Stack::new("V");
    let s = stack.add(KinesisStream::new("Changes"));
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&s));
    let w = the_warning(&stack, "kinesis-stream-unread");
    assert_diag(
        &w,
        Severity::Warning,
        "V/Orders",
        "KinesisStreamSpecification.StreamArn",
        &["the stream \"Changes\"", "expires unread"],
        &[".source(&stream)", "KinesisStream::external_consumers(n)"],
    );
}

#[test]
fn a_delivery_stream_reading_the_stream_before_or_after_the_table_is_its_reader() {
    // Reader added after the table.
    let mut after = Stack::new("V");
    let s = after.add(KinesisStream::new("Changes"));
    after.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&s));
    let bucket = after.add(Bucket::new("ChangeLog"));
    after.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&s));
    assert!(no_diag(&after, "kinesis-stream-unread"));
    // Reader added before the table.
    let mut before = Stack::new("V");
    let s = before.add(KinesisStream::new("Changes"));
    let bucket = before.add(Bucket::new("ChangeLog"));
    before.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&s));
    before.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&s));
    assert!(no_diag(&before, "kinesis-stream-unread"));
}

#[test]
fn declared_external_consumers_read_the_stream_and_an_existing_stream_is_not_checked() {
    let mut stack = Stack::new("V");
    let s = stack.add(KinesisStream::new("Changes").external_consumers(1));
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&s));
    assert!(no_diag(&stack, "kinesis-stream-unread"));

    let mut stack = Stack::new("V");
    let existing = KinesisStream::from_arn(STREAM_ARN);
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&existing));
    assert!(no_diag(&stack, "kinesis-stream-unread"));
}

#[test]
fn a_reader_of_another_stream_does_not_read_this_one() {
    let mut stack = Stack::new("V");
    let read = stack.add(KinesisStream::new("Read"));
    let unread = stack.add(KinesisStream::new("Unread"));
    stack.add(Table::new("A", Attribute::string("pk")).kinesis_stream(&read));
    stack.add(Table::new("B", Attribute::string("pk")).kinesis_stream(&unread));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&read));
    let w = the_warning(&stack, "kinesis-stream-unread");
    assert_eq!(w.path, "V/B");
    assert!(w.received.contains("\"Unread\""), "{w}");
}

// firehose-no-producer

/// A DirectPut delivery stream `ToS3` to a new bucket, its handle given to `wire`.
fn direct_put(
    ds: impl FnOnce(DeliveryStream) -> DeliveryStream,
    wire: impl FnOnce(&mut Stack, &ferrocdk::aws::firehose::DeliveryStreamRef),
) -> Stack {
    let mut stack = Stack::new("V");
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let d = stack.add(ds(DeliveryStream::new("ToS3", S3Destination::new(&bucket))));
    wire(&mut stack, &d);
    stack
}

fn streamed_table(stack: &mut Stack) -> TableRef {
    stack.add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages))
}

#[test]
fn a_direct_put_delivery_stream_nothing_writes_to_is_reported() {
    let w = the_warning(&direct_put(|d| d, |_, _| {}), "firehose-no-producer");
    assert_diag(
        &w,
        Severity::Warning,
        "V/ToS3",
        "DeliveryStreamType",
        &["a DirectPut delivery stream", "no forwarder"],
        &["Forwarder", "grant_put_records()", ".external_producers()"],
    );
}

#[test]
fn a_forwarder_a_put_grant_or_a_declared_external_producer_is_a_producer() {
    let forwarder = direct_put(
        |d| d,
        |stack, d| {
            let table = streamed_table(stack);
            stack.add(Forwarder::dynamodb_changes("Forward", &table, d));
        },
    );
    assert!(no_diag(&forwarder, "firehose-no-producer"));
    let grant = direct_put(
        |d| d,
        |stack, d| {
            stack.add(own_code("Producer").grant(d.grant_put_records()));
        },
    );
    assert!(no_diag(&grant, "firehose-no-producer"));
    let external = direct_put(DeliveryStream::external_producers, |_, _| {});
    assert!(no_diag(&external, "firehose-no-producer"));
}

#[test]
fn a_grant_on_another_delivery_stream_or_a_read_grant_is_no_producer() {
    let stack = direct_put(
        |d| d,
        |stack, d| {
            let bucket = stack.add(Bucket::new("OtherLog"));
            let other = stack.add(DeliveryStream::new("Other", S3Destination::new(&bucket)));
            stack.add(own_code("Producer").grant(other.grant_put_records()));
            // Describing the delivery stream is not putting records into it.
            stack.add(own_code("Reader").grant(Grant::new([
                ferrocdk::aws::iam::Statement::allow(
                    &["firehose:DescribeDeliveryStream"],
                    [d.arn()],
                ),
            ])));
        },
    );
    template(&stack);
    let found = diags_of(&stack, "firehose-no-producer");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "V/ToS3");
}

#[test]
fn a_kinesis_fed_delivery_stream_needs_no_producer() {
    let mut stack = Stack::new("V");
    let s = stack.add(KinesisStream::new("Changes").external_consumers(1));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&s));
    assert!(no_diag(&stack, "firehose-no-producer"));
}

// from_arn / from_name given another kind of value

/// A table writing to `KinesisStream::from_arn(arn(stack))`, with a stream `Changes`, a table
/// `Legacy` (with a DynamoDB stream) and a DirectPut delivery stream `ToS3` in the stack.
fn existing_stream(arn: impl FnOnce(&mut Stack, &Parts) -> Expr) -> Stack {
    let mut stack = Stack::new("V");
    let stream = stack.add(KinesisStream::new("Changes").external_consumers(1));
    let legacy = streamed_table(&mut stack);
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds =
        stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).external_producers());
    let parts = Parts { stream, legacy, ds };
    let e = arn(&mut stack, &parts);
    stack.add(
        Table::new("Target", Attribute::string("pk")).kinesis_stream(&KinesisStream::from_arn(e)),
    );
    stack
}

/// Which value of the parts is given as the ARN.
type ArnOf = fn(&Parts) -> Expr;

struct Parts {
    stream: ferrocdk::aws::kinesis::StreamRef,
    legacy: TableRef,
    ds: ferrocdk::aws::firehose::DeliveryStreamRef,
}

#[test]
fn a_streams_name_given_as_its_arn_is_reported() {
    let d = the_error(
        &existing_stream(|_, p| p.stream.name()),
        "kinesis-stream-arn",
    );
    assert_diag(
        &d,
        Severity::Error,
        "V/Target",
        "KinesisStreamSpecification.StreamArn",
        &[
            "{\"Ref\":\"Changes\"}",
            "a Ref to \"Changes\", an AWS::Kinesis::Stream",
        ],
        &["the Arn of an AWS::Kinesis::Stream"],
    );
}

#[test]
fn another_resources_arn_given_as_a_streams_arn_is_reported() {
    let cases: [(&str, ArnOf); 3] = [
        (
            "the Arn attribute of \"ToS3\", an AWS::KinesisFirehose::DeliveryStream",
            |p| p.ds.arn(),
        ),
        (
            "the Arn attribute of \"Orders\", an AWS::DynamoDB::Table",
            |p| p.legacy.arn(),
        ),
        (
            "the StreamArn attribute of \"Orders\", an AWS::DynamoDB::Table",
            |p| p.legacy.stream_arn().expect("a stream"),
        ),
    ];
    for (what, arn) in cases {
        let d = the_error(&existing_stream(|_, p| arn(p)), "kinesis-stream-arn");
        assert!(d.received.contains(what), "{d}");
        assert_eq!(d.path, "V/Target");
    }
}

#[test]
fn a_stream_arn_a_parameter_an_import_or_a_literal_passes() {
    let ok: [fn(&mut Stack, &Parts) -> Expr; 5] = [
        |_, p| p.stream.arn(),
        |stack, _| stack.parameter(Parameter::string("StreamArn")),
        |_, _| Expr::import_value("Shared-StreamArn"),
        |_, _| Expr::from(STREAM_ARN),
        |stack, p| {
            let _ = stack.parameter(Parameter::string("Env"));
            stack.condition(
                "IsProd",
                serde_json::json!({"Fn::Equals": [{"Ref": "Env"}, "prod"]}),
            );
            Expr::if_("IsProd", p.stream.arn(), Expr::from(STREAM_ARN))
        },
    ];
    for arn in ok {
        let stack = existing_stream(arn);
        assert!(
            no_diag(&stack, "kinesis-stream-arn"),
            "{:?}",
            diags_of(&stack, "kinesis-stream-arn")
        );
        template(&stack);
    }
}

#[test]
fn either_branch_of_a_condition_is_checked() {
    let stack = existing_stream(|stack, p| {
        stack.condition("Always", serde_json::json!({"Fn::Equals": ["a", "a"]}));
        Expr::if_("Always", p.stream.arn(), p.stream.name())
    });
    let d = the_error(&stack, "kinesis-stream-arn");
    assert!(d.received.contains("a Ref to \"Changes\""), "{d}");
}

#[test]
fn a_key_arn_and_a_bucket_name_are_checked_the_same_way() {
    let mut stack = Stack::new("V");
    let stream = stack.add(KinesisStream::new("Changes").external_consumers(1));
    stack.add(
        KinesisStream::new("Encrypted").encryption(StreamEncryption::CustomerManaged(
            KeyRef::from_arn(stream.arn()),
        )),
    );
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let existing = ferrocdk::aws::s3::Bucket::from_name(bucket.arn());
    stack.add(DeliveryStream::new("ToS3", S3Destination::new(&existing)).external_producers());
    let key = the_error(&stack, "kms-key-arn");
    assert_eq!(
        (key.path.as_str(), key.property.as_str()),
        ("V/Encrypted", "StreamEncryption.KeyId")
    );
    assert!(
        key.received
            .contains("the Arn attribute of \"Changes\", an AWS::Kinesis::Stream"),
        "{key}"
    );
    let name = the_error(&stack, "s3-bucket-name");
    assert_eq!(name.path, "V/ToS3");
    assert!(
        name.received
            .contains("the Arn attribute of \"ChangeLog\", an AWS::S3::Bucket"),
        "{name}"
    );
}

#[test]
fn in_an_app_a_handle_of_another_stack_is_checked_against_that_stack() {
    let env = Environment::new("111122223333", "us-east-1");
    let build = |wrong: bool| {
        let mut a = Stack::new("A");
        let stream = a.add(KinesisStream::new("Changes").external_consumers(1));
        let bucket = a.add(Bucket::new("ChangeLog"));
        let ds =
            a.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).external_producers());
        let arn = if wrong { ds.arn() } else { stream.arn() };
        let mut b = Stack::new("B");
        b.add(
            Table::new("Orders", Attribute::string("pk"))
                .kinesis_stream(&KinesisStream::from_arn(arn)),
        );
        let mut app = App::new();
        app.add(a, env.clone()).add(b, env.clone());
        app
    };
    let out = build(false).synth().expect("a stream's ARN, imported");
    let b = &out.stack("B").expect("B").template;
    assert_eq!(
        b.resources["Orders"].properties["KinesisStreamSpecification"]["StreamArn"],
        serde_json::json!({"Fn::ImportValue": "A:Changes:Arn"})
    );
    let e = build(true).synth().expect_err("a delivery stream's ARN");
    let d: Vec<_> = e.errors().collect();
    assert_eq!(d.len(), 1, "{e}");
    assert_eq!(
        (d[0].code, d[0].path.as_str()),
        ("kinesis-stream-arn", "B/Orders")
    );
    assert!(
        d[0].received
            .contains("an AWS::KinesisFirehose::DeliveryStream"),
        "{e}"
    );
}

#[test]
fn a_join_whose_literal_parts_cannot_make_a_stream_arn_is_reported() {
    let partition = || Expr::Pseudo(Pseudo::Partition);
    let region = || Expr::Pseudo(Pseudo::Region);
    let account = || Expr::Pseudo(Pseudo::AccountId);
    // A delivery stream's ARN built by hand, and a stream's name in an ARN's place.
    let firehose = Expr::join([
        Expr::from("arn:"),
        partition(),
        Expr::from(":firehose:"),
        region(),
        Expr::from(":"),
        account(),
        Expr::from(":deliverystream/changes"),
    ]);
    let d = the_error(&existing_stream(|_, _| firehose), "kinesis-stream-arn");
    assert!(d.allowed.contains("the service \"kinesis\""), "{d}");
    let name_only = Expr::join([Expr::from("stream/"), Expr::Pseudo(Pseudo::StackName)]);
    the_error(&existing_stream(|_, _| name_only), "kinesis-stream-arn");
    // The same join with the right service and resource type passes.
    let good = Expr::join([
        Expr::from("arn:"),
        partition(),
        Expr::from(":kinesis:"),
        region(),
        Expr::from(":"),
        account(),
        Expr::from(":stream/changes"),
    ]);
    assert!(no_diag(&existing_stream(|_, _| good), "kinesis-stream-arn"));
}

#[test]
fn an_existing_tables_streaming_destination_writes_to_the_stream_too() {
    let mut stack = Stack::new("V");
    let s = stack.add(KinesisStream::new("Changes"));
    stack.add(Table::from_name("Orders").kinesis_stream("OrdersToChanges", &s));
    let w = the_warning(&stack, "kinesis-stream-unread");
    assert_eq!(
        (w.path.as_str(), w.property.as_str()),
        ("V/OrdersToChanges", "StreamArn")
    );
    let bucket = stack.add(Bucket::new("ChangeLog"));
    stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&s));
    assert!(no_diag(&stack, "kinesis-stream-unread"));
}

#[test]
fn an_existing_tables_name_arn_and_stream_arn_are_checked_for_what_they_name() {
    let mut stack = Stack::new("V");
    let stream = stack.add(KinesisStream::new("Changes").external_consumers(1));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    let cases = [
        (
            Table::from_name(bucket.name()),
            "dynamodb-table-name",
            "a Ref to \"ChangeLog\", an AWS::S3::Bucket",
        ),
        (
            Table::from_arn(stream.arn()),
            "dynamodb-table-arn",
            "the Arn attribute of \"Changes\", an AWS::Kinesis::Stream",
        ),
        (
            Table::from_name("Orders").with_stream(stream.arn(), StreamViewType::NewAndOldImages),
            "dynamodb-stream-arn",
            "the Arn attribute of \"Changes\", an AWS::Kinesis::Stream",
        ),
    ];
    for (i, (table, code, what)) in cases.into_iter().enumerate() {
        let table = if code == "dynamodb-stream-arn" {
            table
        } else {
            table.with_stream(
                "arn:aws:dynamodb:us-east-1:111122223333:table/Orders/stream/2024-11-18T10:09:15.370",
                StreamViewType::NewAndOldImages,
            )
        };
        stack.add(Forwarder::dynamodb_changes(format!("F{i}"), &table, &ds));
        let found = diags_of(&stack, code);
        assert!(
            found
                .iter()
                .any(|d| d.path == format!("V/F{i}") && d.received.contains(what)),
            "{code}: {found:#?}"
        );
    }
}
