//! Wiring fixed by the hardening of issue 10: the forwarder's policy grants no action that
//! cannot work where it is granted.

mod common;

use common::*;
use ferrocdk::aws::lambda::STREAM_READ_ACTIONS;
use ferrocdk::prelude::*;
use serde_json::Value;

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
