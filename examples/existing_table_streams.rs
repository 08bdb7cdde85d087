//! The DynamoDB Streams route onto a table that already exists and has its stream on: a
//! built-in custom resource reads the stream's ARN at deploy time (it changes nothing, and fails
//! with the command that turns the stream on when there is none); the forwarder, its mapping,
//! failure queue and IAM are those of `dynamodb_streams_pipeline.rs`.
//!
//! `cargo run --example existing_table_streams > template.json`, then
//! `aws cloudformation deploy --template-file template.json --stack-name OrdersChangeLogExistingStreams --capabilities CAPABILITY_IAM`.

use ferrocdk::prelude::*;
use std::process::ExitCode;

/// The stack, also built by the snapshot tests.
pub fn stack() -> Stack {
    let mut stack = Stack::new("OrdersChangeLogExistingStreams").description(
        "Change log of the existing Orders table in S3 (ferrocdk DynamoDB Streams route)",
    );
    let orders = stack.add(StreamLookup::new(
        "OrdersStream",
        &Table::from_name("Orders"),
    ));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let delivery = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(Forwarder::dynamodb_changes("Forward", &orders, &delivery));
    stack.output("BucketName", bucket.name());
    stack.output("DeliveryStreamName", delivery.name());
    stack
}

#[allow(dead_code)]
fn main() -> ExitCode {
    ferrocdk::cli::print_template(&stack())
}
