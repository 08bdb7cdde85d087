//! The Kinesis route: DynamoDB table → Kinesis Data Streams for DynamoDB → Firehose (Lambda
//! transform with the built-in DynamoDB change shaping) → S3.
//!
//! `cargo run --example pipeline > template.json`, then
//! `aws cloudformation deploy --template-file template.json --stack-name OrdersChangeLog --capabilities CAPABILITY_IAM`.

use ferrocdk::prelude::*;
use std::process::ExitCode;

/// The stack, also built by the snapshot tests.
pub fn stack() -> Stack {
    let mut stack = Stack::new("OrdersChangeLog")
        .description("Orders table change log in S3 (ferrocdk Kinesis route)");
    let stream = stack.add(KinesisStream::new("Changes"));
    let table = stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .sort_key(Attribute::string("sk"))
            .time_to_live_attribute("expiresAt")
            .kinesis_stream(&stream),
    );
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    let delivery = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    stack.output("TableName", table.name());
    stack.output("StreamArn", stream.arn());
    stack.output("BucketName", bucket.name());
    stack.output("DeliveryStreamName", delivery.name());
    stack
}

#[allow(dead_code)]
fn main() -> ExitCode {
    ferrocdk::cli::print_template(&stack())
}
