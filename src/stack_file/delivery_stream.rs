//! `DeliveryStream`: a Firehose delivery stream to S3.

use super::build::Builder;
use super::construct::{common, construct_props};
use super::resolve::{Handle, BUCKET};
use super::*;
use ferrocdk_aws::firehose::{
    Compression, DeliveryStream, Encryption, LambdaProcessor, S3Destination,
};
use ferrocdk_aws::s3::Bucket;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

construct_props! {
    /// A Firehose delivery stream to S3, with its role, policy, and error log group and
    /// stream. DirectPut unless `source` is set.
    pub struct DeliveryStreamProps {
        required {
            /// The S3 destination (required).
            destination: S3DestinationProps,
        }
        optional {
            /// Reads this Kinesis stream (`KinesisStreamAsSource`) instead of taking PutRecord
            /// calls. Firehose reads from `LATEST`; changing the source replaces the delivery
            /// stream. Default: none (DirectPut).
            source: StreamReference,
            /// Server-side encryption of a DirectPut stream's buffer: `"awsOwned"` or
            /// `{"customerManaged": "<key>"}` (the id of a `Key` defined before, or a key ARN).
            /// Not allowed with `source` (Firehose stores no data at rest then; encrypt the
            /// Kinesis stream instead). Default: `"awsOwned"` for DirectPut.
            encryption: DeliveryEncryptionSpec,
            /// `DeliveryStreamName` (1–64 of `[a-zA-Z0-9._-]`). Default: generated (a changed
            /// name replaces the delivery stream).
            #[schemars(extend("pattern" = "^[a-zA-Z0-9._-]{1,64}$"))]
            delivery_stream_name: StringValue,
            /// `true`: producers outside ferrocdk (an application with a role of its own) put
            /// records into this DirectPut stream. Not with `source`. Default: `false`; a
            /// DirectPut stream that no forwarder feeds and no function of the file may write
            /// to (a function's `grants` with `putRecords`) is reported (`firehose-no-producer`).
            external_producers: bool,
        }
    }
}

/// Server-side encryption of a DirectPut delivery stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum DeliveryEncryptionSpec {
    /// `AWS_OWNED_CMK`.
    AwsOwned,
    /// `{"customerManaged": "<key>"}`: `CUSTOMER_MANAGED_CMK` with a symmetric key (the id of
    /// a `Key` defined before, or a key ARN).
    CustomerManaged(StringValue),
}

/// Delivery to an S3 bucket. Defaults: prefix `changes/!{timestamp:yyyy/MM/dd/HH}/`, error
/// prefix `errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/`, buffering
/// 300 s / 5 MB, GZIP, error logging on. With the built-in transform emitting partition keys,
/// dynamic partitioning is wired for you (prefix `changes/table=…/date=…/`, 300 s / 128 MB).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct S3DestinationProps {
    /// The bucket: the id of a `Bucket` defined before, or `{"existingName": "<name>"}`
    /// (required).
    pub bucket: BucketReference,
    /// Transforms records with a `TransformFunction` defined before: its id (default processor
    /// settings) or `{"function": "<id>", …settings}`. Default: no transformation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processor: Option<ProcessorReference>,
    /// `Prefix` (expressions `!{namespace:value}` allowed). Default: see the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `ErrorOutputPrefix`; must contain `!{firehose:error-output-type}` when it has
    /// expressions. Default: see the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_output_prefix: Option<String>,
    /// `BufferingHints`: flush after `intervalSeconds` or `sizeMb`, whichever comes first
    /// (both together, as Firehose requires). Default: 300 s and 5 MB (128 MB with dynamic
    /// partitioning, which needs ≥ 60 s and ≥ 64 MB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffering: Option<BufferingProps>,
    /// `CompressionFormat`. Default: `"GZIP"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<Compression>,
    /// `CloudWatchLoggingOptions` (delivery and transform errors). Default: `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging: Option<bool>,
    /// Retention of the error log group, in days. Default: 30.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ferrocdk_aws::logs::RETENTION_DAYS))]
    pub log_retention_days: Option<u32>,
    /// Encrypts the error log group with this customer-managed key (the id of a `Key` defined
    /// before, or a key ARN). Default: CloudWatch Logs' own encryption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_key: Option<StringValue>,
    /// `DynamicPartitioningConfiguration`: chosen when the delivery stream is created, never
    /// turned off. Default: on exactly when the processor is the built-in transform with
    /// `partitionKeys`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_partitioning: Option<bool>,
}

impl S3DestinationProps {
    /// Delivery to `bucket` with every option at its default.
    #[must_use]
    pub fn new(bucket: BucketReference) -> Self {
        S3DestinationProps {
            bucket,
            processor: None,
            prefix: None,
            error_output_prefix: None,
            buffering: None,
            compression: None,
            logging: None,
            log_retention_days: None,
            log_group_key: None,
            dynamic_partitioning: None,
        }
    }
}

/// Firehose buffering hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BufferingProps {
    /// `IntervalInSeconds`, 0–900.
    #[schemars(range(max = 900))]
    pub interval_seconds: u32,
    /// `SizeInMBs`, 1–128.
    #[schemars(range(min = 1, max = 128))]
    pub size_mb: u32,
}

/// The Lambda processor of a destination: a function id, or the id with settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ProcessorReference {
    /// The id of a `TransformFunction` defined before, with default processor settings.
    Id(String),
    /// A `TransformFunction` with processor settings.
    Configured(ProcessorProps),
}

/// A Lambda processor with settings. Defaults (CDK's): buffer 3 MB, interval 60 s, 3 retries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProcessorProps {
    /// The id of a `TransformFunction` defined before (a `Forwarder` is not a processor).
    pub function: String,
    /// `BufferSizeInMBs`, 0.2–3. Default: 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.2, max = 3))]
    pub buffer_size_mb: Option<f64>,
    /// `BufferIntervalInSeconds`, 0–900. Default: 60.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 900))]
    pub buffer_interval_seconds: Option<u32>,
    /// `NumberOfRetries`, 0–300; after them the batch is written under the error prefix.
    /// Default: 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 300))]
    pub retries: Option<u32>,
}

/// A bucket a delivery stream writes to: the id of a `Bucket` defined before (a string), or
/// an existing bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum BucketReference {
    /// The id of a `Bucket` construct defined earlier in the file.
    Id(String),
    /// An existing bucket, by name.
    Existing(ExistingBucket),
}

/// An existing bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExistingBucket {
    /// The bucket name (3–63 of `[a-z0-9.-]`); its ARN is built in the stack's partition.
    pub existing_name: StringValue,
    /// The customer-managed key of the bucket's default encryption (SSE-KMS), so that writers
    /// are granted `kms:Decrypt` and `kms:GenerateDataKey` on it: the id of a `Key` defined
    /// before, or a key ARN. Default: none (SSE-S3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<StringValue>,
}

impl DeliveryStreamProps {
    /// Where synth's findings on CloudFormation properties are placed in the file:
    /// `(property, member)`, `*` standing for a list index.
    pub(super) const PLACES: &'static [(&'static str, &'static str)] = &[
        ("DeliveryStreamName", "deliveryStreamName"),
        ("DeliveryStreamEncryptionConfigurationInput", "encryption"),
        ("KinesisStreamSourceConfiguration", "source"),
        ("ExtendedS3DestinationConfiguration", "destination"),
        (
            "ExtendedS3DestinationConfiguration.BucketARN",
            "destination.bucket",
        ),
        (
            "ExtendedS3DestinationConfiguration.Prefix",
            "destination.prefix",
        ),
        (
            "ExtendedS3DestinationConfiguration.ErrorOutputPrefix",
            "destination.errorOutputPrefix",
        ),
        (
            "ExtendedS3DestinationConfiguration.BufferingHints",
            "destination.buffering",
        ),
        (
            "ExtendedS3DestinationConfiguration.BufferingHints.IntervalInSeconds",
            "destination.buffering.intervalSeconds",
        ),
        (
            "ExtendedS3DestinationConfiguration.BufferingHints.SizeInMBs",
            "destination.buffering.sizeMb",
        ),
        (
            "ExtendedS3DestinationConfiguration.CompressionFormat",
            "destination.compression",
        ),
        (
            "ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions",
            "destination.logging",
        ),
        (
            "ExtendedS3DestinationConfiguration.DynamicPartitioningConfiguration",
            "destination.dynamicPartitioning",
        ),
        (
            "ExtendedS3DestinationConfiguration.ProcessingConfiguration",
            "destination.processor",
        ),
        (
            "ExtendedS3DestinationConfiguration.ProcessingConfiguration.BufferSizeInMBs",
            "destination.processor.bufferSizeMb",
        ),
        (
            "ExtendedS3DestinationConfiguration.ProcessingConfiguration.BufferIntervalInSeconds",
            "destination.processor.bufferIntervalSeconds",
        ),
        (
            "ExtendedS3DestinationConfiguration.ProcessingConfiguration.NumberOfRetries",
            "destination.processor.retries",
        ),
    ];

    /// Adds the construct through its builder; `None` when a reference or value could not
    /// be resolved (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        let p = self;
        let mut ok = true;
        let d = &p.destination;
        let bucket = match &d.bucket {
            BucketReference::Id(id) => {
                let at = b.at("destination.bucket");
                match b.lookup(
                    at,
                    id,
                    &BUCKET,
                    &|h| matches!(h, Handle::Bucket(_)),
                    &|_| None,
                ) {
                    Some(Handle::Bucket(b)) => Some(b.clone()),
                    _ => None,
                }
            }
            BucketReference::Existing(e) => {
                let at = b.at("destination.bucket.existingName");
                let bucket = b.expr(at, &e.existing_name).map(Bucket::from_name);
                match &e.key {
                    None => bucket,
                    Some(k) => {
                        let key = b.key(&mut ok, "destination.bucket.key", k);
                        bucket.zip(key).map(|(bucket, k)| bucket.with_key(&k))
                    }
                }
            }
        };
        let processor = match &d.processor {
            None => None,
            Some(ProcessorReference::Id(id)) => {
                let at = b.at("destination.processor");
                match b.function_ref(at, id) {
                    Some(f) => Some(LambdaProcessor::new(&f)),
                    None => {
                        ok = false;
                        None
                    }
                }
            }
            Some(ProcessorReference::Configured(c)) => {
                let at = b.at("destination.processor.function");
                match b.function_ref(at, &c.function) {
                    Some(f) => {
                        let mut lp = LambdaProcessor::new(&f);
                        if let Some(v) = c.buffer_size_mb {
                            lp = lp.buffer_size_mb(v);
                        }
                        if let Some(v) = c.buffer_interval_seconds {
                            lp = lp.buffer_interval_seconds(v);
                        }
                        if let Some(v) = c.retries {
                            lp = lp.retries(v);
                        }
                        Some(lp)
                    }
                    None => {
                        ok = false;
                        None
                    }
                }
            }
        };
        let source = match &p.source {
            None => None,
            Some(r) => {
                let at = b.at("source");
                let s = b.stream_ref(at, r);
                ok &= s.is_some();
                s
            }
        };
        let encryption = match &p.encryption {
            None => None,
            Some(DeliveryEncryptionSpec::AwsOwned) => Some(Encryption::AwsOwned),
            Some(DeliveryEncryptionSpec::CustomerManaged(k)) => b
                .key(&mut ok, "encryption.customerManaged", k)
                .map(Encryption::CustomerManaged),
        };
        let name = b.opt_string(&mut ok, "deliveryStreamName", &p.delivery_stream_name);
        let external_producers = p.external_producers == Some(true);
        if external_producers && p.source.is_some() {
            b.report(
                &ferrocdk_core::rules::FILE_VALUE,
                b.at("externalProducers"),
                "externalProducers with a source",
                "externalProducers only on a DirectPut stream (without \"source\"): a stream \
                 fed by Kinesis takes no PutRecord",
            );
            ok = false;
        }
        let log_key = match &d.log_group_key {
            None => None,
            Some(k) => b.key(&mut ok, "destination.logGroupKey", k),
        };
        let bucket = bucket?;
        if !ok {
            return None;
        }

        let mut dest = S3Destination::new(&bucket);
        if let Some(lp) = processor {
            dest = dest.lambda_processor(lp);
        }
        if let Some(v) = &d.prefix {
            dest = dest.prefix(v.clone());
        }
        if let Some(v) = &d.error_output_prefix {
            dest = dest.error_output_prefix(v.clone());
        }
        if let Some(b) = d.buffering {
            dest = dest.buffering(b.interval_seconds, b.size_mb);
        }
        if let Some(c) = d.compression {
            dest = dest.compression(c);
        }
        if let Some(v) = d.logging {
            dest = dest.logging(v);
        }
        if let Some(v) = d.log_retention_days {
            dest = dest.log_retention_days(v);
        }
        if let Some(k) = &log_key {
            dest = dest.log_group_key(k);
        }
        if let Some(v) = d.dynamic_partitioning {
            dest = dest.dynamic_partitioning(v);
        }

        let mut ds = DeliveryStream::new(&p.id, dest);
        if let Some(e) = encryption {
            // With a source too, synth reports it (firehose-sse-kinesis-source), as for Rust.
            ds = ds.encryption(e);
        }
        match source {
            None => {
                let mut ds = common(ds, &p.logical_id, &p.tags);
                if let Some(n) = name {
                    ds = ds.delivery_stream_name(n);
                }
                if external_producers {
                    ds = ds.external_producers();
                }
                Some(Handle::DirectPut(b.stack.add(ds)))
            }
            Some(s) => {
                let mut ds = common(ds.source(&s), &p.logical_id, &p.tags);
                if let Some(n) = name {
                    ds = ds.delivery_stream_name(n);
                }
                Some(Handle::KinesisFed(b.stack.add(ds)))
            }
        }
    }
}
