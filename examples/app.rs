//! Two stacks in one app: the application's stack owns the table (and the Kinesis stream its
//! changes go to); the pipeline's stack reads that stream into S3. The pipeline uses the
//! application's stream handle as if it were its own: ferrocdk exports the stream's ARN from
//! the application stack and imports it in the pipeline stack, and deploys them in that order.
//!
//! `cargo run --example app -- --out cdk.out` writes `cdk.out/OrdersApplication.template.json`
//! and `cdk.out/OrdersPipeline.template.json` and prints the deploy order; deploy each with
//! `aws cloudformation deploy --template-file cdk.out/<Stack>.template.json --stack-name <Stack> --capabilities CAPABILITY_IAM`,
//! in that order.

use ferrocdk::prelude::*;
use std::process::ExitCode;

/// The app, also built by the snapshot and app tests.
pub fn app() -> App {
    let env = Environment::new("111122223333", "us-east-1");

    let mut application = Stack::new("OrdersApplication")
        .description("Orders service: the table and the stream of its changes");
    let stream = application.add(KinesisStream::new("Changes"));
    let table = application.add(
        Table::new("Orders", Attribute::string("pk"))
            .sort_key(Attribute::string("sk"))
            .kinesis_stream(&stream),
    );
    application.output("TableName", table.name());

    let mut pipeline = Stack::new("OrdersPipeline")
        .description("Orders change log in S3, read from the application's change stream");
    let bucket = pipeline.add(Bucket::new("ChangeLog"));
    let shape = pipeline.add(TransformFunction::dynamodb_changes("Shape"));
    // `stream` belongs to the application stack: used here, it becomes an import.
    let delivery = pipeline.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    pipeline.output("BucketName", bucket.name());
    pipeline.output("DeliveryStreamName", delivery.name());

    let mut app = App::new();
    app.add(application, env.clone()).add(pipeline, env);
    app
}

#[allow(dead_code)]
fn main() -> ExitCode {
    ferrocdk::cli::write_app(&app())
}
