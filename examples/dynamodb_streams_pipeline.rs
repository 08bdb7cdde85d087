//! The DynamoDB Streams route: table stream → forwarder Lambda (event source mapping, built-in
//! code) → Firehose (DirectPut, PutRecordBatch) → S3. Same JSON lines as the Kinesis route.
//!
//! `cargo run --example dynamodb_streams_pipeline > template.json`, then
//! `aws cloudformation deploy --template-file template.json --stack-name OrdersChangeLogStreams --capabilities CAPABILITY_IAM`.

use ferrocdk::prelude::*;
use std::process::ExitCode;

/// The stack, also built by the snapshot tests.
pub fn stack() -> Stack {
    let mut stack = Stack::new("OrdersChangeLogStreams")
        .description("Orders table change log in S3 (ferrocdk DynamoDB Streams route)");
    let table = stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .sort_key(Attribute::string("sk"))
            .time_to_live_attribute("expiresAt")
            .stream(StreamViewType::NewAndOldImages),
    );
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let delivery = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(Forwarder::dynamodb_changes("Forward", &table, &delivery));
    stack.output("TableName", table.name());
    stack.output("BucketName", bucket.name());
    stack.output("DeliveryStreamName", delivery.name());
    stack
}

#[allow(dead_code)]
fn main() -> ExitCode {
    ferrocdk::cli::print_template(&stack())
}
