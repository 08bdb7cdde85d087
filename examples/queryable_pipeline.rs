//! The Kinesis route made queryable: two DynamoDB tables → one Kinesis stream → Firehose
//! (built-in transform) → S3, plus a Glue catalog table over the log (partitions projected from
//! the delivery stream's prefix) and an Athena workgroup with named queries per table: the
//! table as of a time, the history of one item, the changes between two times, TTL deletes.
//!
//! `cargo run --example queryable_pipeline > template.json`, then
//! `aws cloudformation deploy --template-file template.json --stack-name OrdersChangeLog --capabilities CAPABILITY_IAM`.
//! README, "Querying the change log", shows how to run the queries.

use ferrocdk::prelude::*;
use std::process::ExitCode;

/// The stack, also built by the snapshot tests.
pub fn stack() -> Stack {
    let mut stack = Stack::new("OrdersChangeLog")
        .description("Orders change log in S3, queryable with Athena (ferrocdk Kinesis route)");
    let stream = stack.add(KinesisStream::new("Changes"));
    let orders = stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .sort_key(Attribute::string("sk"))
            .time_to_live_attribute("expiresAt")
            .kinesis_stream(&stream),
    );
    let customers =
        stack.add(Table::new("Customers", Attribute::number("id")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    let delivery = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    let catalog = stack.add(
        ChangeLogTable::new(
            "Catalog",
            &delivery,
            SourceTable::new(&orders)
                .attribute("status", ColumnType::String)
                .attribute(
                    "total",
                    ColumnType::Decimal {
                        precision: 12,
                        scale: 2,
                    },
                ),
        )
        .source_table(SourceTable::new(&customers).attribute("name", ColumnType::String))
        .table_name("changes"),
    );
    let queries = stack.add(QueryWorkgroup::new("Queries", &catalog));
    stack.output("BucketName", bucket.name());
    stack.output("TableName", catalog.name());
    stack.output("WorkGroupName", queries.name());
    stack
}

#[allow(dead_code)]
fn main() -> ExitCode {
    ferrocdk::cli::print_template(&stack())
}
