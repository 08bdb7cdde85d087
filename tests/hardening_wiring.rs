//! Wiring fixed by the hardening of issue 10: function environment variables take expressions,
//! and the forwarder's policy grants no action that cannot work where it is granted.

mod common;

use common::*;
use ferrocdk::aws::lambda::STREAM_READ_ACTIONS;
use ferrocdk::prelude::*;
use serde_json::{json, Value};

fn streams_route() -> (Stack, Value) {
    let mut stack = Stack::new("W");
    let table = stack
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
    let t = template(&stack);
    (stack, t)
}

#[test]
fn the_forwarder_is_not_granted_list_streams_on_the_stream_arn() {
    // dynamodb:ListStreams supports no resource-level permission: on the stream ARN it grants
    // nothing. It is not granted at all (ferrocdk grants nothing on "*").
    assert!(!STREAM_READ_ACTIONS.contains(&"dynamodb:ListStreams"));
    let (_, t) = streams_route();
    assert!(
        !all_actions(&t, "ForwardRolePolicy")
            .iter()
            .any(|a| a == "dynamodb:ListStreams"),
        "{:?}",
        all_actions(&t, "ForwardRolePolicy")
    );
    let s = statement_with(&t, "ForwardRolePolicy", "dynamodb:GetRecords");
    assert_eq!(
        actions(&s),
        [
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator"
        ]
    );
    assert_eq!(resources_of(&s), [get_att("Orders", "StreamArn")]);
}

#[test]
fn a_function_environment_variable_takes_an_expression() {
    let mut stack = Stack::new("W");
    let table = stack.add(Table::new("Orders", Attribute::string("pk")));
    let stream = stack.add(KinesisStream::new("Changes"));
    let env = stack.parameter(Parameter::string("Env"));
    stack.add(
        TransformFunction::new(
            "Fn",
            Code::inline_python("def handler(event, context):\n    return {'records': []}\n"),
        )
        .environment("TABLE", table.name())
        .environment("STREAM_ARN", stream.arn())
        .environment("ENV", env)
        .environment("MODE", "fast")
        .environment("OWNER", String::from("team")),
    );
    let t = template(&stack);
    assert_eq!(
        resource(&t, "Fn")["Properties"]["Environment"]["Variables"],
        json!({
            "TABLE": {"Ref": "Orders"},
            "STREAM_ARN": {"Fn::GetAtt": ["Changes", "Arn"]},
            "ENV": {"Ref": "Env"},
            "MODE": "fast",
            "OWNER": "team"
        })
    );
}

#[test]
fn an_environment_expression_is_wired_like_any_reference() {
    // A resource of another stack is reported, not written as a dangling Ref.
    let mut other = Stack::new("Other");
    let foreign = other.add(Table::new("Foreign", Attribute::string("pk")));
    let mut stack = Stack::new("W");
    stack.add(TransformFunction::dynamodb_changes("Shape").environment("FOREIGN", foreign.name()));
    let d = the_error(&stack, "cross-stack-reference");
    assert_eq!(
        (d.path.as_str(), d.property.as_str()),
        ("W/Shape", "Environment.Variables.FOREIGN")
    );
    // The forwarder takes expressions too, next to its own variables.
    let mut stack = Stack::new("W");
    let table = stack
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(
        Forwarder::dynamodb_changes("Forward", &table, &ds).environment("BUCKET", bucket.name()),
    );
    let t = template(&stack);
    let vars = &resource(&t, "Forward")["Properties"]["Environment"]["Variables"];
    assert_eq!(vars["BUCKET"], json!({"Ref": "ChangeLog"}));
    assert_eq!(vars["FERROCDK_DELIVERY_STREAM"], json!({"Ref": "ToS3"}));
}

#[test]
fn expression_values_count_towards_the_4_kb_environment_limit() {
    let mut stack = Stack::new("W");
    let table = stack.add(Table::new("Orders", Attribute::string("pk")));
    let mut f = TransformFunction::dynamodb_changes("Shape");
    // 60 references of at least 64 bytes each, with keys: over 4 KB.
    for i in 0..60 {
        f = f.environment(format!("TABLE_{i}"), table.name());
    }
    stack.add(f);
    the_error(&stack, "lambda-env-size");
}
