//! The Kinesis route onto a table that already exists (given by name): a built-in custom
//! resource enables the table's Kinesis streaming destination once the delivery stream reads
//! the stream; Firehose (built-in transform) → S3 as in `pipeline.rs`.
//!
//! `cargo run --example existing_table > template.json`, then
//! `aws cloudformation deploy --template-file template.json --stack-name OrdersChangeLogExisting --capabilities CAPABILITY_IAM`.

use ferrocdk::prelude::*;
use std::process::ExitCode;

/// The stack, also built by the snapshot tests.
pub fn stack() -> Stack {
    let mut stack = Stack::new("OrdersChangeLogExisting")
        .description("Change log of the existing Orders table in S3 (ferrocdk Kinesis route)");
    let orders = Table::from_name("Orders");
    let stream = stack.add(KinesisStream::new("Changes"));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    let delivery = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    // Enabled once the delivery stream reads the stream (Firehose starts at LATEST).
    stack.add(
        orders
            .kinesis_stream("OrdersToChanges", &stream)
            .after(&delivery),
    );
    stack.output("StreamArn", stream.arn());
    stack.output("BucketName", bucket.name());
    stack.output("DeliveryStreamName", delivery.name());
    stack
}

#[allow(dead_code)]
fn main() -> ExitCode {
    ferrocdk::cli::print_template(&stack())
}
