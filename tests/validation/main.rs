//! One test per diagnostic rule code synth can emit, through the public API: the smallest
//! stack that triggers it, with its code, severity, path, property, received and allowed
//! values; plus the boundaries that matter and the intrinsics that must not be range-checked.
//! `tests/rules.rs` triggers every rule of the registry; these files pin each one's details,
//! one file per subject; this one holds the helpers they share.

#[path = "../common/mod.rs"]
mod common;

use common::*;
use ferrocdk::aws::firehose::Encryption;
use ferrocdk::aws::iam::Statement;
use ferrocdk::aws::lambda::{ChangeOptions, FunctionRef};
use ferrocdk::core::Construct;
use ferrocdk::prelude::*;
use ferrocdk::{Resource, Severity};
use serde_json::json;

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;
const S3: &str = "ExtendedS3DestinationConfiguration";
const PC: &str = "ExtendedS3DestinationConfiguration.ProcessingConfiguration";
const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn one(construct: impl Construct) -> Stack {
    let mut stack = Stack::new("V");
    stack.add(construct);
    stack
}

fn stream(f: impl FnOnce(KinesisStream) -> KinesisStream) -> Stack {
    one(f(KinesisStream::new("Changes")))
}

fn table(f: impl FnOnce(Table) -> Table) -> Stack {
    one(f(Table::new("Orders", Attribute::string("pk"))))
}

fn transform(f: impl FnOnce(TransformFunction) -> TransformFunction) -> Stack {
    one(f(TransformFunction::new(
        "Fn",
        Code::inline_python("def handler(event, context):\n    return {'records': []}\n"),
    )))
}

fn bucket(f: impl FnOnce(Bucket) -> Bucket) -> Stack {
    one(f(Bucket::new("ChangeLog")))
}

/// A DirectPut delivery stream `ToS3` to bucket `ChangeLog` with transform function `function`.
fn with_function(
    function: TransformFunction,
    dest: impl FnOnce(S3Destination, &FunctionRef) -> S3Destination,
) -> Stack {
    let mut stack = Stack::new("V");
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let f = stack.add(function);
    stack.add(DeliveryStream::new(
        "ToS3",
        dest(S3Destination::new(&bucket), &f),
    ));
    stack
}

fn own_code(id: &str) -> TransformFunction {
    TransformFunction::new(
        id,
        Code::inline_python("def handler(event, context):\n    return {'records': []}\n"),
    )
}

fn builtin_with_keys() -> TransformFunction {
    TransformFunction::dynamodb_changes("Shape").change_options(ChangeOptions {
        partition_keys: true,
        ..ChangeOptions::default()
    })
}

/// The built-in transform with partition keys and dynamic partitioning (the default for it).
fn partitioned(dest: impl FnOnce(S3Destination) -> S3Destination) -> Stack {
    with_function(builtin_with_keys(), |d, f| dest(d.processor(f)))
}

fn with_processor(p: impl FnOnce(LambdaProcessor) -> LambdaProcessor) -> Stack {
    with_function(own_code("Fn"), |d, f| {
        d.lambda_processor(p(LambdaProcessor::new(f)))
    })
}

mod alarms;
mod audit;
mod dynamodb;
mod firehose;
mod forwarder;
mod iam;
mod kinesis;
mod lambda;
mod logs;
mod names_arns;
mod s3;
mod stack;
