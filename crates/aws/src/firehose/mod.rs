//! Amazon Data Firehose delivery streams to S3.
//!
//! The source is part of the type: [`DeliveryStream<DirectPut>`] accepts records through
//! `PutRecordBatch` (and so has [`DeliveryStreamRef::grant_put_records`] and server-side
//! encryption), while [`DeliveryStream<KinesisSource>`] reads a Kinesis stream, where AWS
//! disables `PutRecord`/`PutRecordBatch` and Firehose does not store data at rest. A wrong
//! wiring does not compile:
//!
//! ```compile_fail
//! use ferrocdk_aws::firehose::{DeliveryStream, S3Destination};
//! use ferrocdk_aws::kinesis::KinesisStream;
//! use ferrocdk_aws::s3::Bucket;
//! let mut stack = ferrocdk_core::Stack::new("Demo");
//! let stream = stack.add(KinesisStream::new("Changes"));
//! let bucket = stack.add(Bucket::new("Log"));
//! let fed = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&stream));
//! let _ = fed.grant_put_records(); // no such method: Kinesis-fed streams take no PutRecord
//! ```
//!
//! ```compile_fail
//! use ferrocdk_aws::firehose::{DeliveryStream, Encryption, S3Destination};
//! use ferrocdk_aws::kinesis::KinesisStream;
//! use ferrocdk_aws::s3::Bucket;
//! let mut stack = ferrocdk_core::Stack::new("Demo");
//! let stream = stack.add(KinesisStream::new("Changes"));
//! let bucket = stack.add(Bucket::new("Log"));
//! // no such method: encrypt the Kinesis stream instead
//! let _ = DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&stream).encryption(Encryption::AwsOwned);
//! ```
//!
//! The same program with a DirectPut stream compiles:
//!
//! ```
//! use ferrocdk_aws::firehose::{DeliveryStream, Encryption, S3Destination};
//! use ferrocdk_aws::s3::Bucket;
//! let mut stack = ferrocdk_core::Stack::new("Demo");
//! let bucket = stack.add(Bucket::new("Log"));
//! let direct = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).encryption(Encryption::AwsOwned));
//! let grant = direct.grant_put_records();
//! assert_eq!(grant.statements()[0].actions(), ["firehose:PutRecord", "firehose:PutRecordBatch"]);
//! # stack.synth()?;
//! # Ok::<(), ferrocdk_core::SynthError>(())
//! ```

mod delivery_stream;
mod error_output;
mod prefix;
mod processor;
mod s3_destination;
mod source;

pub(crate) use delivery_stream::PRODUCER;
pub use delivery_stream::{DeliveryStream, DeliveryStreamRef, Encryption, PUT_RECORD_ACTIONS};
#[cfg(test)]
pub(crate) use error_output::FORWARDER_ERROR_TYPES;
pub(crate) use error_output::{ErrorOutput, FORWARDER_TIMESTAMP_LETTERS};
pub use processor::LambdaProcessor;
pub use s3_destination::{Compression, S3Destination};
pub use source::{DirectPut, KinesisSource, Source};
