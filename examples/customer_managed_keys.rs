//! Both routes under one customer-managed key: the Kinesis stream, both tables, the bucket
//! (SSE-KMS with an S3 Bucket Key), every log group, the forwarder's failure queue and the
//! alarm topic are encrypted with `Key`, whose policy follows from what uses it.
//!
//! `cargo run --example customer_managed_keys > template.json`, then (the template carries two
//! inline functions and is over 51,200 bytes, so it goes through a bucket of yours)
//! `aws cloudformation deploy --template-file template.json --stack-name OrdersChangeLogKeys --capabilities CAPABILITY_IAM --s3-bucket <bucket>`.

use ferrocdk::aws::cloudwatch::{AlarmTopic, Alarms};
use ferrocdk::prelude::*;
use std::process::ExitCode;

/// The stack, also built by the snapshot tests.
pub fn stack() -> Stack {
    let mut stack = Stack::new("OrdersChangeLogKeys").description(
        "Orders and Customers change logs in S3 under one customer-managed key (ferrocdk)",
    );
    let key = stack.add(Key::new("Key"));
    let bucket = stack.add(Bucket::new("ChangeLog").encryption(BucketEncryption::Kms(key.clone())));

    // Kinesis route: Orders → Changes (encrypted with the key) → Firehose → the bucket.
    let stream = stack.add(
        KinesisStream::new("Changes").encryption(StreamEncryption::CustomerManaged(key.clone())),
    );
    let orders = stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .sort_key(Attribute::string("sk"))
            .encryption(TableEncryption::CustomerManaged(key.clone()))
            .kinesis_stream(&stream),
    );
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape").log_group_key(&key));
    let to_s3 = stack.add(
        DeliveryStream::new(
            "ToS3",
            S3Destination::new(&bucket)
                .processor(&shape)
                .prefix("orders/!{timestamp:yyyy/MM/dd/HH}/")
                .error_output_prefix(
                    "errors/orders/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/",
                )
                .log_group_key(&key),
        )
        .source(&stream),
    );

    // DynamoDB Streams route: Customers → forwarder (failure queue under the key) → Firehose.
    let customers = stack.add(
        Table::new("Customers", Attribute::string("id"))
            .encryption(TableEncryption::CustomerManaged(key.clone()))
            .stream(StreamViewType::NewAndOldImages),
    );
    let direct = stack.add(DeliveryStream::new(
        "CustomersToS3",
        S3Destination::new(&bucket)
            .prefix("customers/!{timestamp:yyyy/MM/dd/HH}/")
            .error_output_prefix(
                "errors/customers/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/",
            )
            .log_group_key(&key),
    ));
    let forward = stack.add(
        Forwarder::dynamodb_changes("Forward", &customers, &direct)
            .log_group_key(&key)
            .failure_queue_key(&key),
    );

    // Alarms notify a topic under the key; its policy lets CloudWatch publish.
    stack.add(
        Alarms::new("Alarms")
            .topic(AlarmTopic::CreateEncrypted(key.clone()))
            .table(&orders)
            .stream(&stream)
            .delivery_stream(&to_s3)
            .function(&shape)
            .delivery_stream(&direct)
            .forwarder(&forward),
    );

    stack.output("KeyArn", key.arn());
    stack.output("OrdersTableName", orders.name());
    stack.output("CustomersTableName", customers.name());
    stack.output("BucketName", bucket.name());
    stack
}

#[allow(dead_code)]
fn main() -> ExitCode {
    ferrocdk::cli::print_template(&stack())
}
