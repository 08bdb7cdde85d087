//! The S3 destination (`ExtendedS3DestinationConfiguration`).

use super::prefix::{self, Piece};
use super::{ErrorOutput, LambdaProcessor};
use crate::iam::Statement;
use crate::kms::KeyRef;
use crate::lambda::FunctionRef;
use crate::logs::DEFAULT_RETENTION_DAYS;
use crate::s3::BucketRef;
use ferrocdk_core::rules;
use ferrocdk_core::SynthContext;
use serde_json::{json, Map, Value};

/// Default prefix: one folder per hour of arrival.
pub const DEFAULT_PREFIX: &str = "changes/!{timestamp:yyyy/MM/dd/HH}/";
/// Default prefix with the built-in transform's partition keys (dynamic partitioning).
pub const DEFAULT_PARTITIONED_PREFIX: &str =
    "changes/table=!{partitionKeyFromLambda:table}/date=!{partitionKeyFromLambda:eventDate}/";
/// Default error prefix: failed records are kept, by failure type and hour.
pub const DEFAULT_ERROR_PREFIX: &str =
    "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/";
/// Partition keys the built-in transform emits.
pub const BUILTIN_PARTITION_KEYS: [&str; 3] = ["table", "eventName", "eventDate"];

/// Compression of the objects written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)
)]
pub enum Compression {
    /// `UNCOMPRESSED`.
    #[cfg_attr(feature = "serde", serde(rename = "UNCOMPRESSED"))]
    Uncompressed,
    /// `GZIP` (the default: JSON lines compress ~10×, and Athena and most tools read it).
    #[cfg_attr(feature = "serde", serde(rename = "GZIP"))]
    Gzip,
    /// `ZIP`.
    #[cfg_attr(feature = "serde", serde(rename = "ZIP"))]
    Zip,
    /// `Snappy`.
    #[cfg_attr(feature = "serde", serde(rename = "Snappy"))]
    Snappy,
    /// `HADOOP_SNAPPY`.
    #[cfg_attr(feature = "serde", serde(rename = "HADOOP_SNAPPY"))]
    HadoopSnappy,
}

impl Compression {
    fn as_str(self) -> &'static str {
        match self {
            Compression::Uncompressed => "UNCOMPRESSED",
            Compression::Gzip => "GZIP",
            Compression::Zip => "ZIP",
            Compression::Snappy => "Snappy",
            Compression::HadoopSnappy => "HADOOP_SNAPPY",
        }
    }
}

/// Delivery to an S3 bucket.
///
/// Defaults: prefix `changes/!{timestamp:yyyy/MM/dd/HH}/`, error prefix
/// `errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/` (records that fail the
/// transform are kept there, never dropped), buffering 300 s / 5 MB, GZIP, error logging to a
/// log group and stream of the delivery stream's own. With the built-in transform emitting
/// partition keys, dynamic partitioning is wired for you (prefix
/// `changes/table=…/date=…/`, buffering 300 s / 128 MB).
///
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-extendeds3destinationconfiguration.html>
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct S3Destination {
    bucket: BucketRef,
    processor: Option<LambdaProcessor>,
    prefix: Option<String>,
    error_prefix: Option<String>,
    buffering: Option<(u32, u32)>,
    compression: Compression,
    logging: bool,
    log_retention_days: u32,
    log_key: Option<KeyRef>,
    dynamic_partitioning: Option<bool>,
}

impl S3Destination {
    /// Delivery to `bucket`.
    pub fn new(bucket: &BucketRef) -> Self {
        S3Destination {
            bucket: bucket.clone(),
            processor: None,
            prefix: None,
            error_prefix: None,
            buffering: None,
            compression: Compression::Gzip,
            logging: true,
            log_retention_days: DEFAULT_RETENTION_DAYS,
            log_key: None,
            dynamic_partitioning: None,
        }
    }

    /// Transforms records with `function` (default processor settings; see
    /// [`S3Destination::lambda_processor`] to change them). Default: no transformation.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-extendeds3destinationconfiguration.html#cfn-kinesisfirehose-deliverystream-extendeds3destinationconfiguration-processingconfiguration>
    pub fn processor(self, function: &FunctionRef) -> Self {
        self.lambda_processor(LambdaProcessor::new(function))
    }

    /// Transforms records with a configured Lambda processor. Default: no transformation.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-extendeds3destinationconfiguration.html#cfn-kinesisfirehose-deliverystream-extendeds3destinationconfiguration-processingconfiguration>
    pub fn lambda_processor(mut self, processor: LambdaProcessor) -> Self {
        self.processor = Some(processor);
        self
    }

    /// `Prefix` (expressions `!{namespace:value}` allowed). Default: see the type's docs.
    /// <https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html>
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// `ErrorOutputPrefix`; must contain `!{firehose:error-output-type}` when it has expressions.
    /// Default: see the type's docs.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-extendeds3destinationconfiguration.html#cfn-kinesisfirehose-deliverystream-extendeds3destinationconfiguration-erroroutputprefix>
    pub fn error_output_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.error_prefix = Some(prefix.into());
        self
    }

    /// `BufferingHints`: flush after `interval_seconds` (0–900) or `size_mb` (1–128),
    /// whichever comes first. Both are set together, as Firehose requires. Default: 300 s and
    /// 5 MB (128 MB with dynamic partitioning, which needs ≥ 60 s and ≥ 64 MB).
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-extendeds3destinationconfiguration.html#cfn-kinesisfirehose-deliverystream-extendeds3destinationconfiguration-bufferinghints>
    pub fn buffering(mut self, interval_seconds: u32, size_mb: u32) -> Self {
        self.buffering = Some((interval_seconds, size_mb));
        self
    }

    /// `CompressionFormat`. Default: [`Compression::Gzip`].
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-extendeds3destinationconfiguration.html#cfn-kinesisfirehose-deliverystream-extendeds3destinationconfiguration-compressionformat>
    pub fn compression(mut self, compression: Compression) -> Self {
        self.compression = compression;
        self
    }

    /// `CloudWatchLoggingOptions` (delivery and transform errors). Default: on.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-extendeds3destinationconfiguration.html#cfn-kinesisfirehose-deliverystream-extendeds3destinationconfiguration-cloudwatchloggingoptions>
    pub fn logging(mut self, on: bool) -> Self {
        self.logging = on;
        self
    }

    /// Retention of the error log group, in days. Default: 30.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html#cfn-logs-loggroup-retentionindays>
    pub fn log_retention_days(mut self, days: u32) -> Self {
        self.log_retention_days = days;
        self
    }

    /// Encrypts the error log group with this customer-managed key (`KmsKeyId`; a
    /// [`Key`](crate::kms::Key) of the stack gets the CloudWatch Logs statement in its
    /// policy). Default: CloudWatch Logs' own encryption.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html#cfn-logs-loggroup-kmskeyid>
    pub fn log_group_key(mut self, key: &KeyRef) -> Self {
        self.log_key = Some(key.clone());
        self
    }

    /// `DynamicPartitioningConfiguration`: can only be chosen when the delivery stream is
    /// created, and never turned off. Default: on exactly when the processor is the built-in
    /// transform with partition keys.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-extendeds3destinationconfiguration.html#cfn-kinesisfirehose-deliverystream-extendeds3destinationconfiguration-dynamicpartitioningconfiguration>
    pub fn dynamic_partitioning(mut self, on: bool) -> Self {
        self.dynamic_partitioning = Some(on);
        self
    }

    fn builtin_partition_keys(&self) -> bool {
        self.processor
            .as_ref()
            .and_then(|p| p.function.change_options())
            .is_some_and(|o| o.partition_keys)
    }

    /// The statements the delivery stream's role needs for this destination (not logs).
    pub(crate) fn statements(&self) -> Vec<Statement> {
        let mut out = vec![Statement::allow(
            crate::s3::FIREHOSE_WRITE_ACTIONS,
            [self.bucket.arn(), self.bucket.objects_arn()],
        )];
        out.extend(
            self.bucket
                .grant_key_for_writers()
                .statements()
                .iter()
                .cloned(),
        );
        if let Some(p) = &self.processor {
            out.extend(p.function.grant_invoke().statements().iter().cloned());
        }
        out
    }

    /// Whether to log, the log group's retention and its key.
    pub(crate) fn wants_logging(&self) -> (bool, u32, Option<&KeyRef>) {
        (self.logging, self.log_retention_days, self.log_key.as_ref())
    }

    /// Whether dynamic partitioning is on: as set, else exactly when the built-in transform
    /// emits partition keys.
    pub(crate) fn dynamic_partitioning_on(&self) -> bool {
        self.dynamic_partitioning
            .unwrap_or_else(|| self.builtin_partition_keys())
    }

    /// The prefix: as set, else the default (partitioned when the built-in keys are used).
    fn effective_prefix(&self) -> String {
        self.prefix.clone().unwrap_or_else(|| {
            if self.dynamic_partitioning_on() && self.builtin_partition_keys() {
                DEFAULT_PARTITIONED_PREFIX
            } else {
                DEFAULT_PREFIX
            }
            .to_owned()
        })
    }

    /// Whether the S3 keys are partitioned by table (`!{partitionKeyFromLambda:table}`).
    pub(crate) fn partitions_by_table(&self) -> bool {
        self.dynamic_partitioning_on()
            && self
                .effective_prefix()
                .contains("!{partitionKeyFromLambda:table}")
    }

    /// `(IntervalInSeconds, SizeInMBs)`: as set, else the defaults.
    pub(crate) fn effective_buffering(&self) -> (u32, u32) {
        self.buffering.unwrap_or(if self.dynamic_partitioning_on() {
            (300, 128)
        } else {
            (300, 5)
        })
    }

    /// Whether a Lambda processor transforms the records.
    pub(crate) fn has_processor(&self) -> bool {
        self.processor.is_some()
    }

    /// `ErrorOutputPrefix`: as set, else [`DEFAULT_ERROR_PREFIX`].
    fn effective_error_prefix(&self) -> String {
        self.error_prefix
            .clone()
            .unwrap_or_else(|| DEFAULT_ERROR_PREFIX.to_owned())
    }

    /// The bucket and error prefix, for a producer that keeps records there itself (the
    /// DynamoDB Streams forwarder).
    pub(crate) fn error_output(&self) -> ErrorOutput {
        ErrorOutput {
            bucket: self.bucket.clone(),
            prefix: self.effective_error_prefix(),
        }
    }

    /// The configuration; `logging` = (log group id, log stream id) when logging is on.
    pub(crate) fn render(
        &self,
        ctx: &mut SynthContext<'_>,
        role_arn: &Value,
        logging: Option<(String, String)>,
    ) -> Value {
        const P: &str = "ExtendedS3DestinationConfiguration";
        let builtin_keys = self.builtin_partition_keys();
        let dp = self.dynamic_partitioning_on();
        let prefix = self.effective_prefix();
        let error_prefix = self.effective_error_prefix();
        let (interval, size) = self.effective_buffering();

        self.bucket.check(ctx, &format!("{P}.BucketARN"));
        self.check_prefixes(ctx, &prefix, &error_prefix, dp, builtin_keys);
        if interval > 900 {
            ctx.error(
                &rules::FIREHOSE_BUFFERING,
                &format!("{P}.BufferingHints.IntervalInSeconds"),
                interval.to_string(),
                "0–900 seconds",
            );
        }
        if !(1..=128).contains(&size) {
            ctx.error(
                &rules::FIREHOSE_BUFFERING,
                &format!("{P}.BufferingHints.SizeInMBs"),
                size.to_string(),
                "1–128 MB",
            );
        }
        if dp && interval < 60 {
            ctx.error(
                &rules::FIREHOSE_BUFFERING,
                &format!("{P}.BufferingHints.IntervalInSeconds"),
                interval.to_string(),
                "at least 60 seconds with dynamic partitioning",
            );
        }
        if dp && size < 64 {
            ctx.error(
                &rules::FIREHOSE_BUFFERING,
                &format!("{P}.BufferingHints.SizeInMBs"),
                size.to_string(),
                "at least 64 MB with dynamic partitioning",
            );
        }
        if !dp && builtin_keys && self.dynamic_partitioning == Some(false) {
            ctx.warn(
                &rules::FIREHOSE_UNUSED_PARTITION_KEYS,
                &format!("{P}.DynamicPartitioningConfiguration"),
                "dynamic partitioning off with a transform that emits partition keys",
                "turn partition keys off in the transform, or leave dynamic partitioning on",
            );
        }

        let mut m = Map::new();
        m.insert(
            "BucketARN".into(),
            ctx.value(&format!("{P}.BucketARN"), &self.bucket.arn()),
        );
        m.insert("RoleARN".into(), role_arn.clone());
        m.insert("Prefix".into(), json!(prefix));
        m.insert("ErrorOutputPrefix".into(), json!(error_prefix));
        m.insert(
            "BufferingHints".into(),
            json!({ "IntervalInSeconds": interval, "SizeInMBs": size }),
        );
        m.insert("CompressionFormat".into(), json!(self.compression.as_str()));
        if let Some((group, stream)) = logging {
            let g = ctx.value(&format!("{P}.CloudWatchLoggingOptions"), &ctx.ref_(&group));
            let s = ctx.value(&format!("{P}.CloudWatchLoggingOptions"), &ctx.ref_(&stream));
            m.insert(
                "CloudWatchLoggingOptions".into(),
                json!({ "Enabled": true, "LogGroupName": g, "LogStreamName": s }),
            );
        }
        if let Some(p) = &self.processor {
            m.insert("ProcessingConfiguration".into(), p.render(ctx, role_arn));
        }
        if dp {
            m.insert(
                "DynamicPartitioningConfiguration".into(),
                json!({ "Enabled": true, "RetryOptions": { "DurationInSeconds": 300 } }),
            );
        }
        Value::Object(m)
    }

    fn check_prefixes(
        &self,
        ctx: &mut SynthContext<'_>,
        prefix: &str,
        error_prefix: &str,
        dp: bool,
        builtin_keys: bool,
    ) {
        const P: &str = "ExtendedS3DestinationConfiguration.Prefix";
        const E: &str = "ExtendedS3DestinationConfiguration.ErrorOutputPrefix";
        for (prop, value) in [(P, prefix), (E, error_prefix)] {
            if prefix::min_evaluated_len(value) > 512 || value.chars().count() > 1024 {
                ctx.error(
                    &rules::FIREHOSE_PREFIX_LENGTH,
                    prop,
                    format!("{} characters", value.chars().count()),
                    "at most 512 characters after evaluation (1,024 as written)",
                );
            }
        }
        let pieces = match prefix::parse(prefix) {
            Ok(p) => p,
            Err(why) => {
                ctx.error(
                    &rules::FIREHOSE_PREFIX_SYNTAX,
                    P,
                    format!("{prefix:?}"),
                    format!("expressions of the form !{{namespace:value}}; {why}"),
                );
                Vec::new()
            }
        };
        let mut has_key = false;
        for piece in &pieces {
            match piece {
                Piece::Firehose("error-output-type") => ctx.error(
                    &rules::FIREHOSE_PREFIX_ERROR_TYPE,
                    P,
                    format!("{prefix:?}"),
                    "!{firehose:error-output-type} only in the error output prefix",
                ),
                Piece::KeyFromQuery(_) => ctx.error(
                    &rules::FIREHOSE_PREFIX_QUERY_KEY,
                    P,
                    format!("{prefix:?}"),
                    "partition keys from the Lambda processor (!{partitionKeyFromLambda:…}); ferrocdk does not configure JQ metadata extraction",
                ),
                Piece::KeyFromLambda(key) => {
                    has_key = true;
                    if self.processor.is_none() {
                        ctx.error(&rules::FIREHOSE_PREFIX_LAMBDA_KEY, P, format!("!{{partitionKeyFromLambda:{key}}}"), "a Lambda processor that emits the key");
                    } else if builtin_keys && !BUILTIN_PARTITION_KEYS.contains(key) {
                        ctx.error(
                            &rules::FIREHOSE_PREFIX_LAMBDA_KEY,
                            P,
                            format!("!{{partitionKeyFromLambda:{key}}}"),
                            format!("a key the built-in transform emits: {}", BUILTIN_PARTITION_KEYS.join(", ")),
                        );
                    }
                }
                _ => {}
            }
        }
        if has_key && !dp {
            ctx.error(
                &rules::FIREHOSE_DYNAMIC_PARTITIONING,
                P,
                format!("{prefix:?} with dynamic partitioning off"),
                "partition-key expressions only with dynamic partitioning on",
            );
        }
        if dp && !has_key {
            ctx.error(&rules::FIREHOSE_DYNAMIC_PARTITIONING, P, format!("{prefix:?}"), "with dynamic partitioning, a prefix that uses partition keys (!{partitionKeyFromLambda:…})");
        }
        if dp && self.processor.is_none() {
            ctx.error(
                &rules::FIREHOSE_DYNAMIC_PARTITIONING,
                "ExtendedS3DestinationConfiguration.DynamicPartitioningConfiguration",
                "dynamic partitioning without a processor",
                "a Lambda processor that emits partition keys",
            );
        }

        match prefix::parse(error_prefix) {
            Err(why) => ctx.error(
                &rules::FIREHOSE_PREFIX_SYNTAX,
                E,
                format!("{error_prefix:?}"),
                format!("expressions of the form !{{namespace:value}}; {why}"),
            ),
            Ok(ep) => {
                if ep
                    .iter()
                    .any(|p| matches!(p, Piece::KeyFromLambda(_) | Piece::KeyFromQuery(_)))
                {
                    ctx.error(
                        &rules::FIREHOSE_ERROR_PREFIX,
                        E,
                        format!("{error_prefix:?}"),
                        "no partition keys in the error output prefix",
                    );
                }
                if !ep.is_empty() && !ep.contains(&Piece::Firehose("error-output-type")) {
                    ctx.error(&rules::FIREHOSE_ERROR_PREFIX, E, format!("{error_prefix:?}"), "!{firehose:error-output-type} in an error output prefix that has expressions");
                }
                if error_prefix.is_empty() && !pieces.is_empty() {
                    ctx.error(
                        &rules::FIREHOSE_ERROR_PREFIX,
                        E,
                        "an empty error output prefix",
                        "an error output prefix whenever the prefix has expressions",
                    );
                }
            }
        }
    }
}
