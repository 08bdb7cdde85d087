//! The alarms AWS recommends for each part of a change-log pipeline, with thresholds derived
//! from the configuration.

use crate::dynamodb::TableRef;
use crate::firehose::{DeliveryStreamRef, Source};
use crate::kinesis::{StreamMode, StreamRef};
use crate::kms::{KeyRef, KeyUser};
use crate::lambda::{ForwarderRef, FunctionRef, KEPT_METRIC_NAME, KEPT_METRIC_NAMESPACE};
use ferrocdk_core::rules;
use ferrocdk_core::{Common, Construct, ConstructProps, Expr, Resource, SynthContext, Target};
use serde_json::{json, Value};

/// Where alarms notify.
#[derive(Debug, Clone, PartialEq)]
pub enum AlarmTopic {
    /// A new SNS topic, `<Id>Topic` (the default), not encrypted at rest: CloudWatch cannot
    /// publish to a topic under the AWS-managed `aws/sns` key, and alarm messages carry alarm
    /// and resource names, no item data. Subscribe to it after deploying.
    Create,
    /// A new SNS topic, `<Id>Topic`, encrypted with this customer-managed key
    /// (`KmsMasterKeyId`); a [`Key`](crate::kms::Key) of the stack gets the statement that
    /// lets CloudWatch publish (`cloudwatch.amazonaws.com`: `kms:Decrypt`,
    /// `kms:GenerateDataKey*`).
    /// <https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services>
    CreateEncrypted(KeyRef),
    /// An existing SNS topic, by ARN.
    Existing(Expr),
}

#[derive(Debug, Clone)]
struct DeliveryInfo {
    target: Target,
    buffer_interval_s: u32,
    has_processor: bool,
    kinesis: bool,
}

/// Opt-in alarms on a pipeline (`AWS::CloudWatch::Alarm`, notifying an SNS topic).
///
/// | watched | alarms (threshold) |
/// |---|---|
/// | table streaming to Kinesis | `FailedToReplicateRecordCount` max > 0: DynamoDB skipped a change record over Kinesis's 1 MB record limit, which nothing downstream can keep |
/// | Kinesis stream | `GetRecords.IteratorAgeMilliseconds` max > a quarter of the retention, capped at 1 h; `WriteProvisionedThroughputExceeded` and `ReadProvisionedThroughputExceeded` sum ≥ 1 |
/// | delivery stream | `DeliveryToS3.DataFreshness` max > 2 × buffer interval + 300 s; `DeliveryToS3.Success` min < 1; with a processor `ExecuteProcessing.Success` min < 1; with a Kinesis source `ThrottledGetRecords` sum ≥ 1 |
/// | function (transform or forwarder) | `Errors` and `Throttles` sum ≥ 1; forwarder: `IteratorAge` max > 1 h (a quarter of the stream's 24 h would be 6 h, capped at 1 h), failure-queue depth ≥ 1, and `ferrocdk` `RecordsKept` sum ≥ 1 (records it kept under the error prefix) |
///
/// Periods are 5 minutes, one period to alarm; missing data does not alarm (an idle pipeline
/// is healthy). The created topic is not KMS-encrypted unless given a key
/// ([`AlarmTopic::CreateEncrypted`]): CloudWatch cannot publish to a topic encrypted with the
/// AWS-managed `aws/sns` key, and alarm messages carry no item data.
///
/// ```
/// use ferrocdk_aws::cloudwatch::Alarms;
/// use ferrocdk_aws::kinesis::KinesisStream;
/// use ferrocdk_core::Stack;
/// let mut stack = Stack::new("Demo");
/// let stream = stack.add(KinesisStream::new("Changes"));
/// stack.add(Alarms::new("Alarms").stream(&stream));
/// let t = stack.synth()?.template;
/// assert!(t.resources.contains_key("AlarmsChangesIteratorAge"));
/// # Ok::<(), ferrocdk_core::SynthError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Alarms {
    id: String,
    common: Common,
    topic: AlarmTopic,
    tables: Vec<TableRef>,
    streams: Vec<StreamRef>,
    deliveries: Vec<DeliveryInfo>,
    functions: Vec<FunctionRef>,
}

impl Alarms {
    /// Alarms with construct id `id`, notifying a new topic `<id>Topic` by default.
    pub fn new(id: impl Into<String>) -> Self {
        Alarms {
            id: id.into(),
            common: Common::default(),
            topic: AlarmTopic::Create,
            tables: Vec::new(),
            streams: Vec::new(),
            deliveries: Vec::new(),
            functions: Vec::new(),
        }
    }

    /// The topic to notify. Default: [`AlarmTopic::Create`].
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html#cfn-cloudwatch-alarm-alarmactions>
    pub fn topic(mut self, topic: AlarmTopic) -> Self {
        self.topic = topic;
        self
    }

    /// Watches a table's changes on their way to Kinesis (the Kinesis route): a table of this
    /// stack with [`Table::kinesis_stream`](crate::dynamodb::Table::kinesis_stream)
    /// (`alarms-table-kinesis` otherwise), or an existing table whose streaming destination is
    /// enabled ([`TableRef::kinesis_stream`], or outside the stack).
    ///
    /// DynamoDB skips a change whose record would exceed Kinesis's 1 MB record limit (an item
    /// over 34 KB with many Boolean or empty attributes can expand past it) and counts it in
    /// `FailedToReplicateRecordCount`; the record never reaches the stream, so this alarm is
    /// the only trace of it. The metric's second dimension, `DelegatedOperation`, has no
    /// documented value, so the alarm reads it with a CloudWatch Metrics Insights query over
    /// `SCHEMA("AWS/DynamoDB", DelegatedOperation, TableName)`, filtered on the table name.
    ///
    /// <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/kds_using-shards-and-metrics.html>
    /// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html#DynamoDB>
    pub fn table(mut self, table: &TableRef) -> Self {
        self.tables.push(table.clone());
        self
    }

    /// Watches a Kinesis stream of this stack.
    pub fn stream(mut self, stream: &StreamRef) -> Self {
        self.streams.push(stream.clone());
        self
    }

    /// Watches a delivery stream.
    pub fn delivery_stream<S: Source>(mut self, delivery: &DeliveryStreamRef<S>) -> Self {
        self.deliveries.push(DeliveryInfo {
            target: delivery.target().clone(),
            buffer_interval_s: delivery.buffer_interval_s,
            has_processor: delivery.has_processor,
            kinesis: delivery.kinesis_source.is_some(),
        });
        self
    }

    /// Watches a DynamoDB Streams forwarder (adds its iterator age, its failure queue and the
    /// records it kept under the error prefix).
    pub fn forwarder(mut self, forwarder: &ForwarderRef) -> Self {
        self.functions.push(forwarder.0.clone());
        self
    }

    /// Watches a function (a Firehose transform).
    pub fn function(mut self, function: &FunctionRef) -> Self {
        self.functions.push(function.clone());
        self
    }
}

impl ConstructProps for Alarms {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }
}

/// One alarm's variable parts.
struct Spec<'a> {
    suffix: String,
    description: String,
    namespace: &'a str,
    metric: &'a str,
    dimension: (&'a str, Value),
    statistic: &'a str,
    comparison: &'a str,
    threshold: f64,
}

fn alarm(ctx: &mut SynthContext<'_>, topic: &Value, s: Spec<'_>) {
    let (dim_name, dim_value) = s.dimension;
    ctx.define(
        ctx.child_id(&s.suffix),
        Resource::new("AWS::CloudWatch::Alarm")
            .prop("AlarmDescription", s.description)
            .prop("Namespace", s.namespace)
            .prop("MetricName", s.metric)
            .prop(
                "Dimensions",
                json!([{ "Name": dim_name, "Value": dim_value }]),
            )
            .prop("Statistic", s.statistic)
            .prop("Period", 300)
            .prop("EvaluationPeriods", 1)
            .prop("Threshold", number(s.threshold))
            .prop("ComparisonOperator", s.comparison)
            .prop("TreatMissingData", "notBreaching")
            .prop("AlarmActions", json!([topic])),
    );
}

/// `<Id><Table>SkippedChanges`: the changes DynamoDB skipped on the way to Kinesis, read
/// with a Metrics Insights query (the metric's `DelegatedOperation` dimension has no
/// documented value to name in `Dimensions`).
fn skipped_changes_alarm(ctx: &mut SynthContext<'_>, topic: &Value, name: &str, table: &Expr) {
    let query = Expr::join([
        Expr::from(
            "SELECT MAX(FailedToReplicateRecordCount) FROM SCHEMA(\"AWS/DynamoDB\", \
             DelegatedOperation, TableName) WHERE TableName = '",
        ),
        table.clone(),
        Expr::from("'"),
    ]);
    let query = ctx.value("Metrics", &query);
    ctx.define(
        ctx.child_id(&format!("{name}SkippedChanges")),
        Resource::new("AWS::CloudWatch::Alarm")
            .prop(
                "AlarmDescription",
                format!(
                    "DynamoDB skipped changes of {name} on the way to Kinesis (a change record \
                     over Kinesis's 1 MB limit): they are neither in the stream nor in S3; read \
                     the items again from the table"
                ),
            )
            .prop(
                "Metrics",
                json!([{
                    "Id": "skipped",
                    "Expression": query,
                    "Period": 300,
                    "ReturnData": true,
                }]),
            )
            .prop("EvaluationPeriods", 1)
            .prop("Threshold", 0)
            .prop("ComparisonOperator", GT)
            .prop("TreatMissingData", "notBreaching")
            .prop("AlarmActions", json!([topic])),
    );
}

/// `3600000.0` → `3600000`: whole thresholds read better as integers.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

const GT: &str = "GreaterThanThreshold";
const GE: &str = "GreaterThanOrEqualToThreshold";
const LT: &str = "LessThanThreshold";
const HOUR_MS: f64 = 3_600_000.0;

impl Construct for Alarms {
    type Handle = ();

    fn id(&self) -> &str {
        &self.id
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn handle(&self, _: Target) {}

    fn synth(&self, ctx: &mut SynthContext<'_>) {
        if self.tables.is_empty()
            && self.streams.is_empty()
            && self.deliveries.is_empty()
            && self.functions.is_empty()
        {
            ctx.error(
                &rules::ALARMS_EMPTY,
                "-",
                "alarms watching nothing",
                "at least one .table, .stream, .delivery_stream or .function",
            );
            return;
        }
        let topic_expr = match &self.topic {
            AlarmTopic::Create => {
                let id = ctx.child_id("Topic");
                let topic = Resource::new("AWS::SNS::Topic").taggable().checkov_skip(
                    "CKV_AWS_26",
                    "CloudWatch cannot publish to a topic under the AWS-managed SNS key; alarm \
                     notifications carry no item data",
                );
                ctx.define(id.clone(), topic);
                ctx.ref_(&id)
            }
            AlarmTopic::CreateEncrypted(key) => {
                const K: &str = "Topic.KmsMasterKeyId";
                key.check(ctx, K);
                key.allow(ctx, K, KeyUser::CloudWatchAlarms);
                let id = ctx.child_id("Topic");
                let arn = ctx.value(K, &key.arn());
                ctx.define(
                    id.clone(),
                    Resource::new("AWS::SNS::Topic")
                        .prop("KmsMasterKeyId", arn)
                        .taggable(),
                );
                ctx.ref_(&id)
            }
            AlarmTopic::Existing(arn) => arn.clone(),
        };
        let topic = ctx.value("AlarmActions", &topic_expr);

        for (i, table) in self.tables.iter().enumerate() {
            let name = table
                .logical_id()
                .map_or_else(|| format!("Table{i}"), str::to_owned);
            if !table.may_stream_to_kinesis() {
                ctx.error(
                    &rules::ALARMS_TABLE_KINESIS,
                    "Metrics",
                    format!("table {name:?}, which does not stream to Kinesis"),
                    "a table with .kinesis_stream(&stream), or an existing table",
                );
                continue;
            }
            skipped_changes_alarm(ctx, &topic, &name, &table.name());
        }

        for (i, stream) in self.streams.iter().enumerate() {
            let name = stream
                .logical_id()
                .map_or_else(|| format!("Stream{i}"), str::to_owned);
            let dim = ("StreamName", ctx.value("Dimensions", &stream.name()));
            let retention_ms = f64::from(stream.retention_hours.unwrap_or(24)) * HOUR_MS;
            let age = (retention_ms / 4.0).min(HOUR_MS);
            alarm(ctx, &topic, Spec {
                suffix: format!("{name}IteratorAge"),
                description: format!("Kinesis consumers of {name} are more than {} s behind: records expire after the stream's retention", age / 1000.0),
                namespace: "AWS/Kinesis",
                metric: "GetRecords.IteratorAgeMilliseconds",
                dimension: dim.clone(),
                statistic: "Maximum",
                comparison: GT,
                threshold: age,
            });
            let provisioned = matches!(stream.mode, Some(StreamMode::Provisioned(_)));
            let hint = if provisioned {
                "add shards"
            } else {
                "on-demand capacity is still scaling"
            };
            alarm(ctx, &topic, Spec {
                suffix: format!("{name}WriteThrottled"),
                description: format!("Writes to {name} were throttled ({hint}); DynamoDB retries them, but changes are delayed"),
                namespace: "AWS/Kinesis",
                metric: "WriteProvisionedThroughputExceeded",
                dimension: dim.clone(),
                statistic: "Sum",
                comparison: GE,
                threshold: 1.0,
            });
            alarm(ctx, &topic, Spec {
                suffix: format!("{name}ReadThrottled"),
                description: format!("Reads from {name} were throttled: its consumers share 2 MB/s and 5 reads/s per shard"),
                namespace: "AWS/Kinesis",
                metric: "ReadProvisionedThroughputExceeded",
                dimension: dim,
                statistic: "Sum",
                comparison: GE,
                threshold: 1.0,
            });
        }

        for d in &self.deliveries {
            let name = d.target.logical_id().to_owned();
            let dim = (
                "DeliveryStreamName",
                ctx.value("Dimensions", &Expr::Ref(d.target.clone())),
            );
            let freshness = f64::from(2 * d.buffer_interval_s + 300);
            alarm(ctx, &topic, Spec {
                suffix: format!("{name}DataFreshness"),
                description: format!("The oldest record in {name} is more than {freshness} s old (2 × the {} s buffer interval + 300 s)", d.buffer_interval_s),
                namespace: "AWS/Firehose",
                metric: "DeliveryToS3.DataFreshness",
                dimension: dim.clone(),
                statistic: "Maximum",
                comparison: GT,
                threshold: freshness,
            });
            alarm(ctx, &topic, Spec {
                suffix: format!("{name}DeliveryFailed"),
                description: format!("{name} failed to write to S3 (Firehose retries; check the error log stream)"),
                namespace: "AWS/Firehose",
                metric: "DeliveryToS3.Success",
                dimension: dim.clone(),
                statistic: "Minimum",
                comparison: LT,
                threshold: 1.0,
            });
            if d.has_processor {
                alarm(ctx, &topic, Spec {
                    suffix: format!("{name}ProcessingFailed"),
                    description: format!("The transform of {name} failed; the records are kept under the error prefix"),
                    namespace: "AWS/Firehose",
                    metric: "ExecuteProcessing.Success",
                    dimension: dim.clone(),
                    statistic: "Minimum",
                    comparison: LT,
                    threshold: 1.0,
                });
            }
            if d.kinesis {
                alarm(ctx, &topic, Spec {
                    suffix: format!("{name}ThrottledGetRecords"),
                    description: format!("{name} was throttled reading its Kinesis stream: too many consumers share the shards"),
                    namespace: "AWS/Firehose",
                    metric: "ThrottledGetRecords",
                    dimension: dim,
                    statistic: "Sum",
                    comparison: GE,
                    threshold: 1.0,
                });
            }
        }

        for f in &self.functions {
            let name = f.logical_id().to_owned();
            let dim = ("FunctionName", ctx.value("Dimensions", &f.name()));
            for (metric, what) in [("Errors", "failed"), ("Throttles", "was throttled")] {
                alarm(
                    ctx,
                    &topic,
                    Spec {
                        suffix: format!("{name}{metric}"),
                        description: format!("{name} {what}"),
                        namespace: "AWS/Lambda",
                        metric,
                        dimension: dim.clone(),
                        statistic: "Sum",
                        comparison: GE,
                        threshold: 1.0,
                    },
                );
            }
            if let Some(queue) = &f.failure_queue {
                alarm(ctx, &topic, Spec {
                    suffix: format!("{name}IteratorAge"),
                    description: format!("{name} is more than 1 h behind its DynamoDB stream, which keeps records 24 h"),
                    namespace: "AWS/Lambda",
                    metric: "IteratorAge",
                    dimension: dim,
                    statistic: "Maximum",
                    comparison: GT,
                    threshold: HOUR_MS,
                });
                let queue_name = ctx.value("Dimensions", &ctx.get_att(queue, "QueueName"));
                alarm(ctx, &topic, Spec {
                    suffix: format!("{name}FailedBatches"),
                    description: format!("Batches {name} gave up on are waiting in {queue}: replay them within 24 h"),
                    namespace: "AWS/SQS",
                    metric: "ApproximateNumberOfMessagesVisible",
                    dimension: ("QueueName", queue_name),
                    statistic: "Maximum",
                    comparison: GE,
                    threshold: 1.0,
                });
                // The forwarder's own metric (Embedded Metric Format in its log), the
                // counterpart of Firehose's ExecuteProcessing.Success on the Kinesis route.
                let dim = ("FunctionName", ctx.value("Dimensions", &f.name()));
                alarm(ctx, &topic, Spec {
                    suffix: format!("{name}RecordsKept"),
                    description: format!("{name} kept records it could not send through Firehose (over 1,000 KiB, or not shapeable) under the error prefix: find and replay them as docs/record-contract.md explains"),
                    namespace: KEPT_METRIC_NAMESPACE,
                    metric: KEPT_METRIC_NAME,
                    dimension: dim,
                    statistic: "Sum",
                    comparison: GE,
                    threshold: 1.0,
                });
            }
        }
    }
}
