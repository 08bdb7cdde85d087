//! # ferrocdk
//!
//! Typed CloudFormation constructs for keeping a DynamoDB table's change log in S3, by either
//! route:
//!
//! - **Kinesis route** (recommended): table → Kinesis Data Streams for DynamoDB → Firehose
//!   (Kinesis source, Lambda transform) → S3.
//! - **DynamoDB Streams route**: table stream → Lambda → Firehose (DirectPut) → S3.
//!
//! Write a stack with builders; ferrocdk wires every reference (ARNs, IAM roles and
//! least-privilege policies, `DependsOn`) and synthesizes a template that deploys as it is.
//!
//! ```
//! use ferrocdk::prelude::*;
//!
//! let mut stack = Stack::new("OrdersChangeLog").description("Orders table change log in S3");
//! let stream = stack.add(KinesisStream::new("Changes"));
//! let _table = stack.add(Table::new("Orders", Attribute::string("pk")).sort_key(Attribute::string("sk")).kinesis_stream(&stream));
//! let bucket = stack.add(Bucket::new("ChangeLog"));
//! let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
//! stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream));
//! stack.output("StreamArn", stream.arn());
//! let json = stack.synth()?.to_json_pretty();
//! assert!(json.contains("\"DeliveryStreamType\": \"KinesisStreamAsSource\""));
//! # Ok::<(), ferrocdk::SynthError>(())
//! ```
#![deny(missing_docs)]

// Inlined, so that `cargo doc --no-deps` (and docs.rs) give `ferrocdk::aws::…` and
// `ferrocdk::core::…` pages of their own instead of links to crates it does not document.
#[doc(inline)]
pub use ferrocdk_aws as aws;
#[doc(inline)]
pub use ferrocdk_core as core;
pub use ferrocdk_core::rules;
pub use ferrocdk_core::{
    App, AppStack, Diagnostic, Environment, Expr, Parameter, Pseudo, RemovalPolicy, Resource,
    Severity, Stack, SynthError, Synthesized, SynthesizedApp, Template, Val,
};

pub mod cli;
pub mod deploy;
pub mod plan;
pub mod stack_file;

/// Everything a stack definition usually needs.
pub mod prelude {
    pub use ferrocdk_aws::dynamodb::{
        Attribute, Billing, GlobalSecondaryIndex, KinesisStreamingDestination, Projection,
        StreamLookup, StreamViewType, Table, TableClass, TableEncryption, TimestampPrecision,
    };
    pub use ferrocdk_aws::firehose::{
        Compression, DeliveryStream, Encryption, LambdaProcessor, S3Destination,
    };
    pub use ferrocdk_aws::iam::Grant;
    pub use ferrocdk_aws::kinesis::{KinesisStream, StreamEncryption, StreamMode};
    pub use ferrocdk_aws::kms::{Key, KeyRef};
    pub use ferrocdk_aws::lambda::{
        Architecture, ChangeOptions, Code, Forwarder, Runtime, StartingPosition, TransformFunction,
    };
    pub use ferrocdk_aws::s3::{Bucket, BucketEncryption, LifecycleRule, StorageClass};
    pub use ferrocdk_core::{
        App, ConstructProps, Environment, Expr, Parameter, Pseudo, RemovalPolicy, Resource, Stack,
        SynthError, Val,
    };
}

/// The README's Rust examples, compiled and run as doctests so the README stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
