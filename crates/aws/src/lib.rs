//! AWS constructs of ferrocdk: one module per service.
//!
//! Each construct is a builder: required values in `new(…)`, optional ones as chained
//! setters whose docs give the default and link the CloudFormation property. `Stack::add`
//! returns a typed handle (`StreamRef`, `BucketRef`, …) whose `.arn()` / `.name()` are
//! intrinsic expressions. Roles and least-privilege policies are derived from the wiring.
#![deny(missing_docs)]

pub mod athena;
pub mod cloudwatch;
pub mod dynamodb;
pub mod firehose;
pub mod glue;
pub mod iam;
pub mod kinesis;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod s3;
pub mod sqs;

mod private;
