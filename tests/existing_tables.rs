//! Existing tables, both routes: the exact least-privilege policies of the two built-in custom
//! resources (and the one `*` resource, with its reason), their `DependsOn`, what the forwarder
//! reads on an existing table, and the diagnostics of the existing-table and
//! generated-name checks.

#[path = "../examples/existing_table.rs"]
#[allow(dead_code)]
mod existing_table;

#[path = "../examples/existing_table_streams.rs"]
#[allow(dead_code)]
mod existing_table_streams;

mod common;

use common::*;
use ferrocdk::prelude::*;
use ferrocdk::Severity;
use serde_json::{json, Value};

const ORDERS_ARN: &str =
    "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders";
const STREAM_ARN: &str =
    "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-11-18T10:09:15.370";
const KEY_ARN: &str = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn sub(s: &str) -> Value {
    json!({ "Fn::Sub": s })
}

/// Every statement of a policy as (actions, resources, condition).
fn policy(t: &Value, id: &str) -> Vec<(Vec<String>, Vec<Value>, Value)> {
    statements(t, id)
        .iter()
        .map(|s| {
            assert_eq!(s["Effect"], "Allow");
            (
                actions(s),
                resources_of(s),
                s.get("Condition").cloned().unwrap_or(Value::Null),
            )
        })
        .collect()
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The Kinesis route onto `table` (an existing one), with the destination `OrdersToChanges`.
fn destination_stack(table: ferrocdk::aws::dynamodb::TableRef, stream: KinesisStream) -> Stack {
    let mut stack = Stack::new("D");
    let s = stack.add(stream);
    stack.add(table.kinesis_stream("OrdersToChanges", &s));
    stack
}

// ---------------------------------------------------------------- the Kinesis route

#[test]
fn the_destination_handler_may_do_exactly_what_it_calls_and_nothing_else() {
    let t = template(&existing_table::stack());
    assert_eq!(
        policy(&t, "OrdersToChangesHandlerRolePolicy"),
        vec![
            (
                strs(&["logs:CreateLogStream", "logs:PutLogEvents"]),
                vec![get_att("OrdersToChangesHandlerLogGroup", "Arn")],
                Value::Null
            ),
            (
                strs(&[
                    "dynamodb:DescribeKinesisStreamingDestination",
                    "dynamodb:EnableKinesisStreamingDestination",
                    "dynamodb:UpdateKinesisStreamingDestination",
                    "dynamodb:DisableKinesisStreamingDestination",
                ]),
                vec![sub(ORDERS_ARN)],
                Value::Null
            ),
            (
                // What EnableKinesisStreamingDestination and Describe… need on the stream
                // (DynamoDB developer guide, "IAM policies for Kinesis Data Streams").
                strs(&[
                    "kinesis:DescribeStream",
                    "kinesis:DescribeStreamSummary",
                    "kinesis:PutRecords"
                ]),
                vec![get_att("Changes", "Arn")],
                Value::Null
            ),
            (
                // The one `*`: kinesis:ListStreams, which Enable needs, has no resource type
                // in the Service Authorization Reference (an account-level List action), so
                // IAM accepts it only on "*".
                strs(&["kinesis:ListStreams"]),
                vec![json!("*")],
                Value::Null
            ),
            (
                // Only DynamoDB's replication service-linked role, created on the first enable.
                strs(&["iam:CreateServiceLinkedRole"]),
                vec![sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/kinesisreplication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBKinesisDataStreamsReplication")],
                json!({ "StringEquals": { "iam:AWSServiceName": "kinesisreplication.dynamodb.amazonaws.com" } })
            ),
        ]
    );
}

#[test]
fn no_other_policy_of_the_existing_table_examples_has_a_wildcard() {
    for (name, stack) in [
        ("existing_table", existing_table::stack()),
        ("existing_table_streams", existing_table_streams::stack()),
    ] {
        let t = template(&stack);
        for id in ids_of_type(&t, "AWS::IAM::Policy") {
            for s in statements(&t, &id) {
                for a in actions(&s) {
                    assert!(!a.contains('*'), "{name} {id}: action {a}");
                }
                if resources_of(&s).contains(&json!("*")) {
                    assert_eq!(
                        (name, id.as_str(), actions(&s)),
                        (
                            "existing_table",
                            "OrdersToChangesHandlerRolePolicy",
                            strs(&["kinesis:ListStreams"])
                        ),
                        "the only `*` resource is kinesis:ListStreams (no resource type)"
                    );
                }
            }
        }
    }
}

#[test]
fn a_customer_key_on_the_stream_adds_generate_data_key_on_that_key_only() {
    let t = template(&destination_stack(
        Table::from_name("Orders"),
        KinesisStream::new("Changes")
            .encryption(StreamEncryption::CustomerManaged(KeyRef::from_arn(KEY_ARN))),
    ));
    let kms = statement_with(
        &t,
        "OrdersToChangesHandlerRolePolicy",
        "kms:GenerateDataKey",
    );
    assert_eq!(actions(&kms), strs(&["kms:GenerateDataKey"]));
    assert_eq!(resources_of(&kms), vec![json!(KEY_ARN)]);
}

#[test]
fn the_custom_resource_depends_on_its_policy_and_on_the_delivery_stream() {
    let t = template(&existing_table::stack());
    let cr = resource(&t, "OrdersToChanges");
    assert_eq!(cr["Type"], "Custom::KinesisStreamingDestination");
    assert_eq!(
        cr["DependsOn"],
        json!(["OrdersToChangesHandlerRolePolicy", "ToS3"])
    );
    assert_eq!(
        cr["Properties"],
        json!({
            "ServiceToken": get_att("OrdersToChangesHandler", "Arn"),
            "ServiceTimeout": 960,
            "TableArn": sub(ORDERS_ARN),
            "StreamArn": get_att("Changes", "Arn"),
            "ApproximateCreationDateTimePrecision": "MILLISECOND",
            "DisableOnDelete": "true"
        })
    );
    let handler = resource(&t, "OrdersToChangesHandler");
    assert_eq!(handler["Properties"]["Timeout"], 900);
    assert_eq!(
        handler["DependsOn"],
        json!(["OrdersToChangesHandlerRolePolicy"])
    );
    assert!(
        cr.get("DeletionPolicy").is_none(),
        "deleting it disables what it enabled"
    );
}

#[test]
fn precision_and_keeping_the_destination_are_properties() {
    let mut stack = Stack::new("D");
    let s = stack.add(KinesisStream::new("Changes"));
    stack.add(
        Table::from_name("Orders")
            .kinesis_stream("OrdersToChanges", &s)
            .precision(TimestampPrecision::Microsecond)
            .disable_on_delete(false),
    );
    let t = template(&stack);
    let p = &resource(&t, "OrdersToChanges")["Properties"];
    assert_eq!(p["ApproximateCreationDateTimePrecision"], "MICROSECOND");
    assert_eq!(p["DisableOnDelete"], "false");
}

#[test]
fn a_table_by_arn_from_an_import_is_used_as_given() {
    let arn = Expr::import_value("App-OrdersTableArn");
    let t = template(&destination_stack(
        Table::from_arn(arn),
        KinesisStream::new("Changes"),
    ));
    let imported = json!({ "Fn::ImportValue": "App-OrdersTableArn" });
    assert_eq!(
        resource(&t, "OrdersToChanges")["Properties"]["TableArn"],
        imported
    );
    let ddb = statement_with(
        &t,
        "OrdersToChangesHandlerRolePolicy",
        "dynamodb:EnableKinesisStreamingDestination",
    );
    assert_eq!(resources_of(&ddb), vec![imported]);
}

#[test]
fn a_table_of_this_stack_is_not_served_by_the_custom_resource() {
    let mut stack = Stack::new("D");
    let s = stack.add(KinesisStream::new("Changes"));
    let owned = stack.add(Table::new("Orders", Attribute::string("pk")));
    stack.add(owned.kinesis_stream("OrdersToChanges", &s));
    let d = the_error(&stack, "kinesis-destination-table");
    assert_diag(
        &d,
        Severity::Error,
        "D/OrdersToChanges",
        "TableArn",
        &["\"Orders\" of this stack"],
        &["Table::kinesis_stream"],
    );
}

#[test]
fn malformed_literal_table_names_and_arns_are_reported_where_used() {
    let bad_arn = destination_stack(
        Table::from_arn("arn:aws:dynamodb:us-east-1:123456789012:Orders"),
        KinesisStream::new("Changes"),
    );
    let d = the_error(&bad_arn, "dynamodb-table-arn");
    assert_diag(
        &d,
        Severity::Error,
        "D/OrdersToChanges",
        "TableArn",
        &["arn:aws:dynamodb:us-east-1:123456789012:Orders"],
        &["table/<name>"],
    );
    for arn in [
        "arn:aws:dynamodb:us-east-1:1234:table/Orders",
        "arn:aws:dynamodb::123456789012:table/Orders",
        "arn:aws:kinesis:us-east-1:123456789012:table/Orders",
        "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024",
        "arn:aws:dynamodb:us-east-1:123456789012:table/ab",
    ] {
        let stack = destination_stack(Table::from_arn(arn), KinesisStream::new("Changes"));
        assert_eq!(diags_of(&stack, "dynamodb-table-arn").len(), 1, "{arn}");
    }
    let bad_name = destination_stack(Table::from_name("Or ders"), KinesisStream::new("Changes"));
    let d = the_error(&bad_name, "dynamodb-table-name");
    assert_eq!(
        (d.property.as_str(), d.received.as_str()),
        ("TableArn", "\"Or ders\"")
    );
    for good in [
        Table::from_arn("arn:aws-cn:dynamodb:cn-north-1:123456789012:table/Orders.v2_x-y"),
        Table::from_name("Orders"),
    ] {
        let stack = destination_stack(good, KinesisStream::new("Changes"));
        assert!(stack.synth().is_ok());
    }
}

#[test]
fn the_literal_parts_of_joined_table_and_stream_arns_are_checked_like_every_arn() {
    let joined = |head: &str, tail: &str| {
        Expr::join([
            Expr::from(head),
            Expr::Pseudo(Pseudo::AccountId),
            Expr::from(tail),
        ])
    };
    let bad = destination_stack(
        Table::from_arn(joined("arn:aws:kinesis:us-east-1:", ":table/Orders")),
        KinesisStream::new("Changes"),
    );
    let d = the_error(&bad, "dynamodb-table-arn");
    assert!(d.allowed.contains("the service \"dynamodb\""), "{d}");
    let good = destination_stack(
        Table::from_arn(joined("arn:aws:dynamodb:us-east-1:", ":table/Orders")),
        KinesisStream::new("Changes"),
    );
    assert!(no_diag(&good, "dynamodb-table-arn"));
    let stream = |tail: &str| {
        forwarder_stack(Table::from_name("Orders").with_stream(
            joined("arn:aws:dynamodb:eu-west-1:", tail),
            StreamViewType::NewAndOldImages,
        ))
    };
    let d = the_error(
        &stream(":table/Orders/index/ByCustomer"),
        "dynamodb-stream-arn",
    );
    assert!(d.allowed.contains("table/Orders/stream/"), "{d}");
    assert!(no_diag(
        &stream(":table/Orders/stream/2024-11-18T10:09:15.370"),
        "dynamodb-stream-arn"
    ));
}

#[test]
fn a_condition_on_a_custom_resource_reaches_its_handler_role_policy_and_log_group() {
    let mut stack = destination_stack(Table::from_name("Orders"), KinesisStream::new("Changes"));
    stack.condition(
        "IsProd",
        json!({ "Fn::Equals": [{ "Ref": "AWS::AccountId" }, "123456789012"] }),
    );
    stack.set_condition("OrdersToChanges", "IsProd");
    let t = template(&stack);
    for id in [
        "OrdersToChanges",
        "OrdersToChangesHandler",
        "OrdersToChangesHandlerRole",
        "OrdersToChangesHandlerRolePolicy",
        "OrdersToChangesHandlerLogGroup",
    ] {
        assert_eq!(resource(&t, id)["Condition"], "IsProd", "{id}");
    }
    assert!(resource(&t, "Changes").get("Condition").is_none());
}

// ---------------------------------------------------------------- the DynamoDB Streams route

/// The forwarder `Forward` on `table`, to a new DirectPut delivery stream.
fn forwarder_stack(table: ferrocdk::aws::dynamodb::TableRef) -> Stack {
    let mut stack = Stack::new("S");
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
    stack
}

#[test]
fn the_lookup_handler_may_only_describe_the_table() {
    let t = template(&existing_table_streams::stack());
    assert_eq!(
        policy(&t, "OrdersStreamHandlerRolePolicy"),
        vec![
            (
                strs(&["logs:CreateLogStream", "logs:PutLogEvents"]),
                vec![get_att("OrdersStreamHandlerLogGroup", "Arn")],
                Value::Null
            ),
            (
                strs(&["dynamodb:DescribeTable"]),
                vec![sub(ORDERS_ARN)],
                Value::Null
            ),
        ]
    );
    let cr = resource(&t, "OrdersStream");
    assert_eq!(cr["Type"], "Custom::TableStream");
    assert_eq!(cr["DependsOn"], json!(["OrdersStreamHandlerRolePolicy"]));
    assert_eq!(cr["Properties"]["TableName"], "Orders");
    assert_eq!(cr["Properties"]["StreamViewType"], "NEW_AND_OLD_IMAGES");
}

#[test]
fn the_forwarder_reads_the_looked_up_stream_as_it_reads_an_owned_tables() {
    let t = template(&existing_table_streams::stack());
    let looked_up = get_att("OrdersStream", "StreamArn");
    let mapping = resource(&t, "ForwardMapping");
    assert_eq!(mapping["Properties"]["EventSourceArn"], looked_up);
    assert_eq!(mapping["DependsOn"], json!(["ForwardRolePolicy"]));
    let read = statement_with(&t, "ForwardRolePolicy", "dynamodb:GetRecords");
    assert_eq!(resources_of(&read), vec![looked_up]);

    // The same forwarder policy as on a table of the stack, but for the stream ARN.
    let mut owned = Stack::new("S");
    let table = owned
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket = owned.add(Bucket::new("ChangeLog"));
    let ds = owned.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    owned.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
    let o = template(&owned);
    let rename = |v: Value| {
        serde_json::from_str::<Value>(&v.to_string().replace(
            r#"["OrdersStream","StreamArn"]"#,
            r#"["Orders","StreamArn"]"#,
        ))
        .unwrap()
    };
    for id in [
        "ForwardRolePolicy",
        "ForwardMapping",
        "ForwardFailureQueue",
        "Forward",
    ] {
        assert_eq!(rename(resource(&t, id).clone()), *resource(&o, id), "{id}");
    }
}

#[test]
fn a_given_stream_arn_is_read_as_given() {
    let t = template(&forwarder_stack(
        Table::from_name("Orders").with_stream(STREAM_ARN, StreamViewType::NewAndOldImages),
    ));
    assert_eq!(
        resource(&t, "ForwardMapping")["Properties"]["EventSourceArn"],
        STREAM_ARN
    );
    let read = statement_with(&t, "ForwardRolePolicy", "dynamodb:GetRecords");
    assert_eq!(resources_of(&read), vec![json!(STREAM_ARN)]);
    assert!(ids_of_type(&t, "Custom::TableStream").is_empty());
}

#[test]
fn an_existing_table_without_a_stream_gives_the_command_that_turns_it_on() {
    let d = the_error(
        &forwarder_stack(Table::from_name("Orders")),
        "forwarder-table-stream",
    );
    assert_diag(
        &d,
        Severity::Error,
        "S/Forward",
        "EventSourceArn",
        &["table \"Orders\" without a stream"],
        &[
            "StreamLookup",
            "aws dynamodb update-table --table-name Orders --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES",
        ],
    );
}

#[test]
fn a_stream_arn_that_is_not_this_tables_is_an_error() {
    for (table, arn, want) in [
        (
            Table::from_name("Invoices"),
            STREAM_ARN,
            "a stream of table \"Invoices\"",
        ),
        (
            Table::from_name("Orders"),
            "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders",
            "table/Orders/stream/",
        ),
    ] {
        let stack = forwarder_stack(table.with_stream(arn, StreamViewType::NewAndOldImages));
        let d = the_error(&stack, "dynamodb-stream-arn");
        assert_diag(
            &d,
            Severity::Error,
            "S/Forward",
            "EventSourceArn",
            &[arn],
            &[want],
        );
    }
}

#[test]
fn a_lookup_of_a_table_of_this_stack_is_an_error() {
    let mut stack = Stack::new("S");
    let owned = stack.add(Table::new("Orders", Attribute::string("pk")));
    stack.add(StreamLookup::new("OrdersStream", &owned));
    let d = the_error(&stack, "dynamodb-stream-arn");
    assert_diag(
        &d,
        Severity::Error,
        "S/OrdersStream",
        "TableArn",
        &["of this stack"],
        &["Table::stream"],
    );
}

// ---------------------------------------------------------------- several tables, one stream

/// Tables `Orders` (named `name` or generated) and `Invoices` (named) write to one stream that
/// `ToS3` partitions by table; `delivery_first` adds the delivery stream before the tables.
fn partitioned(orders_name: Option<&str>, delivery_first: bool) -> Stack {
    let mut stack = Stack::new("Shop");
    let s = stack.add(KinesisStream::new("Changes"));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape").change_options(
        ChangeOptions {
            partition_keys: true,
            ..ChangeOptions::default()
        },
    ));
    let add_delivery = |stack: &mut Stack| {
        stack.add(
            DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&s),
        );
    };
    if delivery_first {
        add_delivery(&mut stack);
    }
    let mut orders = Table::new("Orders", Attribute::string("pk")).kinesis_stream(&s);
    if let Some(n) = orders_name {
        orders = orders.table_name(n);
    }
    stack.add(orders);
    stack.add(
        Table::new("Invoices", Attribute::string("pk"))
            .table_name("Invoices")
            .kinesis_stream(&s),
    );
    stack.add(KinesisStreamingDestination::new(
        "Legacy",
        &Table::from_name("Legacy"),
        &s,
    ));
    if !delivery_first {
        add_delivery(&mut stack);
    }
    stack
}

#[test]
fn partitioning_by_table_warns_about_a_generated_table_name_in_either_order() {
    let d = the_warning(
        &partitioned(None, false),
        "firehose-partition-generated-name",
    );
    assert_diag(
        &d,
        Severity::Warning,
        "Shop/ToS3",
        "ExtendedS3DestinationConfiguration.Prefix",
        &["1 table(s) with a generated name"],
        &["\"Shop-<TableId>-<random>\"", ".table_name("],
    );
    let d = the_warning(
        &partitioned(None, true),
        "firehose-partition-generated-name",
    );
    assert_diag(
        &d,
        Severity::Warning,
        "Shop/Orders",
        "TableName",
        &["generated name for table \"Orders\""],
        &["\"Shop-Orders-<random>\""],
    );
}

#[test]
fn named_and_existing_tables_give_no_generated_name_warning() {
    for first in [false, true] {
        assert!(no_diag(
            &partitioned(Some("Orders"), first),
            "firehose-partition-generated-name"
        ));
    }
    // Without partitioning by table, a generated name is only a name.
    let mut stack = Stack::new("Shop");
    let s = stack.add(KinesisStream::new("Changes"));
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&s));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    stack
        .add(DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&s));
    assert!(no_diag(&stack, "firehose-partition-generated-name"));
}
