//! The DynamoDB Streams forwarder: table stream → Lambda → Firehose (DirectPut).

use super::function::{FunctionProps, FunctionRef};
use super::Code;
use crate::dynamodb::{StreamViewType, TableRef};
use crate::firehose::{DeliveryStreamRef, DirectPut, FORWARDER_TIMESTAMP_LETTERS};
use crate::iam::{Grant, Statement};
use crate::kms::KeyRef;
use crate::private::validate;
use crate::sqs::define_failure_queue;
use ferrocdk_core::rules;
use ferrocdk_core::{Common, Construct, ConstructProps, Resource, SynthContext, Target, Val};
use serde_json::{json, Map};

/// Actions an event source mapping needs to read a DynamoDB stream, granted on the stream ARN.
///
/// `dynamodb:ListStreams` is not among them: it supports no resource-level permission (IAM
/// matches it against `"*"` only, so a statement scoped to the stream ARN never grants it), and
/// neither the mapping, which is given the stream ARN, nor the forwarder's code lists streams.
/// Granting it on `"*"` would be the only working form; ferrocdk grants nothing on `"*"`.
pub const STREAM_READ_ACTIONS: &[&str] = &[
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
];

/// CloudWatch namespace of the metric the forwarder emits (Embedded Metric Format, in its log)
/// for the records it keeps under the error prefix.
pub const KEPT_METRIC_NAMESPACE: &str = "ferrocdk";

/// Name of that metric: records kept under the error prefix per invocation (a `Count`, with
/// dimension `FunctionName`). It has data only when a record was kept.
pub const KEPT_METRIC_NAME: &str = "RecordsKept";

/// What a sender to an SQS queue encrypted with a customer-managed key needs on the key (the
/// event source mapping sends failed batches' records with the function's role).
/// <https://docs.aws.amazon.com/lambda/latest/dg/with-msk-on-failure.html>
pub const QUEUE_KEY_ACTIONS: &[&str] = &["kms:Decrypt", "kms:GenerateDataKey"];

/// What a reader of the stream of a table encrypted with a customer-managed key needs on the
/// key: DynamoDB may call KMS on the caller's behalf (the KMS guide's DynamoDB key policy
/// allows callers through `dynamodb.<region>`), and a stream reader without them was denied
/// (aws/aws-cdk#22796; CDK grants these two since).
pub const STREAM_KEY_ACTIONS: &[&str] = &["kms:Decrypt", "kms:DescribeKey"];

/// Where a new event source mapping starts reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)
)]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum StartingPosition {
    /// The oldest record still in the stream (up to 24 hours back). The default: nothing
    /// written before the mapping exists is skipped.
    TrimHorizon,
    /// Only records written after the mapping exists.
    Latest,
}

/// A handle to a forwarder: its function's ARN and name. It is not a [`FunctionRef`], so a
/// forwarder cannot be wired as a Firehose processor (it would fail on every record):
///
/// ```compile_fail
/// use ferrocdk_aws::dynamodb::{Attribute, StreamViewType, Table};
/// use ferrocdk_aws::firehose::{DeliveryStream, S3Destination};
/// use ferrocdk_aws::lambda::Forwarder;
/// use ferrocdk_aws::s3::Bucket;
/// let mut stack = ferrocdk_core::Stack::new("Demo");
/// let table = stack.add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
/// let bucket = stack.add(Bucket::new("Log"));
/// let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
/// let forward = stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
/// let _ = S3Destination::new(&bucket).processor(&forward); // expects a FunctionRef
/// ```
///
/// Its twin, with a transform function's handle in the same place, compiles:
///
/// ```
/// use ferrocdk_aws::dynamodb::{Attribute, StreamViewType, Table};
/// use ferrocdk_aws::firehose::{DeliveryStream, S3Destination};
/// use ferrocdk_aws::lambda::{Forwarder, TransformFunction};
/// use ferrocdk_aws::s3::Bucket;
/// let mut stack = ferrocdk_core::Stack::new("Demo");
/// let table = stack.add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
/// let bucket = stack.add(Bucket::new("Log"));
/// let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
/// let _forward = stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
/// let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
/// let _ = S3Destination::new(&bucket).processor(&shape);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ForwarderRef(pub(crate) FunctionRef);

impl ForwarderRef {
    /// The function ARN, `{"Fn::GetAtt": [id, "Arn"]}`.
    #[must_use]
    pub fn arn(&self) -> ferrocdk_core::Expr {
        self.0.arn()
    }

    /// The function name, `{"Ref": id}`.
    #[must_use]
    pub fn name(&self) -> ferrocdk_core::Expr {
        self.0.name()
    }

    /// The logical ID of the function.
    #[must_use]
    pub fn logical_id(&self) -> &str {
        self.0.logical_id()
    }
}

/// A Lambda function fed by a table's DynamoDB stream (`AWS::Lambda::EventSourceMapping`)
/// that shapes each change into the same JSON line as the Kinesis-route transform and sends
/// them to a DirectPut delivery stream with `PutRecordBatch`.
///
/// A record that cannot go through Firehose — over its 1,000 KiB record limit, or refused by
/// the shaping code — is kept as received, as a JSON object in the delivery stream's bucket
/// under its error prefix (`errors/oversize/…` or `errors/processing-failed/…` by default;
/// see `docs/record-contract.md`), and the batch goes on. Only a record that cannot be kept
/// either (S3 failing) is reported in `batchItemFailures`. Each invocation that keeps records
/// emits the metric [`KEPT_METRIC_NAME`] (namespace [`KEPT_METRIC_NAMESPACE`]);
/// [`Alarms::forwarder`](crate::cloudwatch::Alarms::forwarder) alarms on it.
///
/// ferrocdk defines with it `<Id>Role` / `<Id>RolePolicy` (stream read actions on the stream
/// ARN, `firehose:PutRecordBatch` on the delivery stream, `s3:PutObject` on the error prefix's
/// folders for those two error types, `sqs:SendMessage` on the failure queue, logs on its own
/// log group), `<Id>LogGroup`, `<Id>FailureQueue` (+ its TLS-only policy) and `<Id>Mapping`,
/// which `DependsOn` the policy. Defaults (those of AWS Solutions
/// Constructs' `aws-dynamodbstreams-lambda`): batch size 100, no batching window, start at
/// `TRIM_HORIZON`, 500 retries, bisect on error, maximum record age 24 hours (the stream's
/// retention), parallelization 1, `ReportBatchItemFailures` on, and an encrypted SQS queue as the
/// on-failure destination: batches that exhaust their retries are recorded there (shard and
/// sequence numbers), never dropped silently.
///
/// Only a DirectPut delivery stream can be the target: a Kinesis-fed one takes no PutRecord,
/// so this does not compile:
///
/// ```compile_fail
/// use ferrocdk_aws::dynamodb::{Attribute, StreamViewType, Table};
/// use ferrocdk_aws::firehose::{DeliveryStream, S3Destination};
/// use ferrocdk_aws::kinesis::KinesisStream;
/// use ferrocdk_aws::lambda::Forwarder;
/// use ferrocdk_aws::s3::Bucket;
/// let mut stack = ferrocdk_core::Stack::new("Demo");
/// let stream = stack.add(KinesisStream::new("Changes"));
/// let table = stack.add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
/// let bucket = stack.add(Bucket::new("Log"));
/// let fed = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&stream));
/// stack.add(Forwarder::dynamodb_changes("Forward", &table, &fed)); // expects DeliveryStreamRef<DirectPut>
/// ```
///
/// Its twin, the same delivery stream without the Kinesis source, compiles and synthesizes:
///
/// ```
/// use ferrocdk_aws::dynamodb::{Attribute, StreamViewType, Table};
/// use ferrocdk_aws::firehose::{DeliveryStream, S3Destination};
/// use ferrocdk_aws::kinesis::KinesisStream;
/// use ferrocdk_aws::lambda::Forwarder;
/// use ferrocdk_aws::s3::Bucket;
/// let mut stack = ferrocdk_core::Stack::new("Demo");
/// let _stream = stack.add(KinesisStream::new("Changes"));
/// let table = stack.add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
/// let bucket = stack.add(Bucket::new("Log"));
/// let direct = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
/// stack.add(Forwarder::dynamodb_changes("Forward", &table, &direct));
/// stack.synth()?;
/// # Ok::<(), ferrocdk_core::SynthError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Forwarder {
    id: String,
    common: Common,
    props: FunctionProps,
    table: TableRef,
    delivery: DeliveryStreamRef<DirectPut>,
    batch_size: Val<u32>,
    batching_window_s: Val<u32>,
    starting_position: StartingPosition,
    max_retries: Val<i64>,
    bisect: bool,
    max_record_age_s: Val<i64>,
    parallelization: Val<u32>,
    queue_key: Option<KeyRef>,
}

impl Forwarder {
    /// The built-in forwarder from `table`'s stream (see [`crate::dynamodb::Table::stream`]) to
    /// the DirectPut delivery stream `delivery`.
    pub fn dynamodb_changes(
        id: impl Into<String>,
        table: &TableRef,
        delivery: &DeliveryStreamRef<DirectPut>,
    ) -> Self {
        let mut props = FunctionProps::new(
            Code::InlinePython(super::builtin::forwarder_source()),
            256,
            60,
        );
        props.description =
            Some("ferrocdk built-in: DynamoDB stream records to Firehose as JSON lines".into());
        // Only what the code calls: PutRecordBatch, on this delivery stream; PutObject, under
        // the folders of its error prefix where the code keeps what Firehose cannot take.
        props.grants.push(Grant::new([
            Statement::allow(&["firehose:PutRecordBatch"], [delivery.arn()]),
            delivery.error_output.put_statement(),
        ]));
        // And, when the bucket is under a customer-managed key, what S3 needs on it for that
        // PutObject (the writer's grant of the bucket's handle; empty otherwise).
        props
            .grants
            .push(delivery.error_output.bucket.grant_key_for_writers());
        Forwarder {
            id: id.into(),
            common: Common::default(),
            props,
            table: table.clone(),
            delivery: delivery.clone(),
            batch_size: Val::Lit(100),
            batching_window_s: Val::Lit(0),
            starting_position: StartingPosition::TrimHorizon,
            max_retries: Val::Lit(500),
            bisect: true,
            max_record_age_s: Val::Lit(86_400),
            parallelization: Val::Lit(1),
            queue_key: None,
        }
    }

    /// `BatchSize`, 1–10,000 records per invocation (and at most 6 MB). Default: 100.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#cfn-lambda-eventsourcemapping-batchsize>
    pub fn batch_size(mut self, n: impl Into<Val<u32>>) -> Self {
        self.batch_size = n.into();
        self
    }

    /// `MaximumBatchingWindowInSeconds`, 0–300. Default: 0 (invoke as soon as records arrive).
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#cfn-lambda-eventsourcemapping-maximumbatchingwindowinseconds>
    pub fn batching_window_seconds(mut self, s: impl Into<Val<u32>>) -> Self {
        self.batching_window_s = s.into();
        self
    }

    /// `StartingPosition`. Default: [`StartingPosition::TrimHorizon`]. Changing it replaces
    /// the mapping.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#cfn-lambda-eventsourcemapping-startingposition>
    pub fn starting_position(mut self, position: StartingPosition) -> Self {
        self.starting_position = position;
        self
    }

    /// `MaximumRetryAttempts`: -1 (until the record expires) or 0–10,000. Default: 500.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#cfn-lambda-eventsourcemapping-maximumretryattempts>
    pub fn max_retry_attempts(mut self, n: impl Into<Val<i64>>) -> Self {
        self.max_retries = n.into();
        self
    }

    /// `BisectBatchOnFunctionError`. Default: on.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#cfn-lambda-eventsourcemapping-bisectbatchonfunctionerror>
    pub fn bisect_on_error(mut self, on: bool) -> Self {
        self.bisect = on;
        self
    }

    /// `MaximumRecordAgeInSeconds`: -1 (no limit) or 60–604,800 (values 0–59 pass the schema
    /// but the service rejects them). Default: 86,400 (the stream keeps records 24 hours).
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#cfn-lambda-eventsourcemapping-maximumrecordageinseconds>
    pub fn max_record_age_seconds(mut self, s: impl Into<Val<i64>>) -> Self {
        self.max_record_age_s = s.into();
        self
    }

    /// `ParallelizationFactor`, 1–10 concurrent batches per shard. Default: 1.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#cfn-lambda-eventsourcemapping-parallelizationfactor>
    pub fn parallelization_factor(mut self, n: impl Into<Val<u32>>) -> Self {
        self.parallelization = n.into();
        self
    }

    /// Encrypts the failure queue with this customer-managed key (`KmsMasterKeyId`); the
    /// function's role, which sends the failed batches' records there, gets `kms:Decrypt` and
    /// `kms:GenerateDataKey` on it. Default: SQS-managed encryption (`SqsManagedSseEnabled`).
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#cfn-sqs-queue-kmsmasterkeyid>
    pub fn failure_queue_key(mut self, key: &KeyRef) -> Self {
        self.queue_key = Some(key.clone());
        self
    }

    super::function::function_setters!("`Timeout` in seconds (1–900). Default: 60.");

    /// Omit `oldImage` from every line. Default: off.
    pub fn drop_old_image(mut self, on: bool) -> Self {
        self.set_flag("FERROCDK_DROP_OLD_IMAGE", on);
        self
    }

    /// Do not forward deletes made by TTL. Default: off (forwarded with `isTtlDelete: true`).
    pub fn drop_ttl_deletes(mut self, on: bool) -> Self {
        self.set_flag("FERROCDK_DROP_TTL_DELETES", on);
        self
    }

    fn set_flag(&mut self, key: &str, on: bool) {
        if on {
            self.props.set_env(key.to_owned(), "true".to_owned());
        } else {
            self.props.environment.retain(|(k, _)| k != key);
        }
    }
}

impl ConstructProps for Forwarder {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }
}

impl Construct for Forwarder {
    type Handle = ForwarderRef;

    fn id(&self) -> &str {
        &self.id
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn handle(&self, target: Target) -> ForwarderRef {
        ForwarderRef(FunctionRef {
            failure_queue: Some(format!("{}FailureQueue", target.logical_id())),
            target,
            timeout_s: self.props.timeout_s.clone(),
            builtin: None,
        })
    }

    fn synth(&self, ctx: &mut SynthContext<'_>) {
        const M: &str = "Mapping";
        // The delivery stream's producer, even when a problem below stops the forwarder.
        ctx.provide(self.delivery.target(), crate::firehose::PRODUCER);
        self.table.check(ctx, "EventSourceArn");
        let table = self.table.display_name();
        let Some(stream_arn) = self.table.stream_arn() else {
            let allowed = if self.table.logical_id().is_some() {
                "a table with .stream(StreamViewType::NewAndOldImages)".to_owned()
            } else {
                format!(
                    "an existing table's stream: its ARN and view type (TableRef::with_stream; \"stream\" in a stack file) or a StreamLookup; \
                     a table without a stream gets one with: aws dynamodb update-table --table-name {table} \
                     --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES"
                )
            };
            ctx.error(
                &rules::FORWARDER_TABLE_STREAM,
                "EventSourceArn",
                format!("table {table:?} without a stream"),
                allowed,
            );
            return;
        };
        let readers = ctx.tally(&format!(
            "dynamodb-stream-readers/{}",
            self.table.key_for_tally(ctx)
        ));
        if readers > 2 {
            ctx.warn(
                &rules::DYNAMODB_STREAM_READERS,
                "EventSourceArn",
                format!("reader number {readers} of the stream of table {table:?}"),
                "at most 2 readers per DynamoDB stream shard (more are throttled); \
                 use the Kinesis route for more consumers",
            );
        }
        let view = self
            .table
            .stream_view_type()
            .unwrap_or(StreamViewType::NewAndOldImages);
        if view != StreamViewType::NewAndOldImages {
            ctx.warn(
                &rules::FORWARDER_STREAM_VIEW,
                "EventSourceArn",
                format!("a {} stream", view.as_str()),
                "NEW_AND_OLD_IMAGES for a complete change log (other views give lines without some images)",
            );
        }
        validate::range(
            ctx,
            &rules::ESM_BATCH_SIZE,
            &format!("{M}.BatchSize"),
            &self.batch_size,
            1,
            10_000,
            "records",
        );
        validate::range(
            ctx,
            &rules::ESM_BATCHING_WINDOW,
            &format!("{M}.MaximumBatchingWindowInSeconds"),
            &self.batching_window_s,
            0,
            300,
            "seconds",
        );
        validate::range(
            ctx,
            &rules::ESM_PARALLELIZATION,
            &format!("{M}.ParallelizationFactor"),
            &self.parallelization,
            1,
            10,
            "",
        );
        if let Some(n) = self.max_retries.literal() {
            if *n < -1 || *n > 10_000 {
                ctx.error(
                    &rules::ESM_RETRY_ATTEMPTS,
                    &format!("{M}.MaximumRetryAttempts"),
                    n.to_string(),
                    "-1 (until the record expires) or 0–10000",
                );
            }
        }
        if let Some(n) = self.max_record_age_s.literal() {
            if *n != -1 && !(60..=604_800).contains(n) {
                ctx.error(
                    &rules::ESM_RECORD_AGE,
                    &format!("{M}.MaximumRecordAgeInSeconds"),
                    n.to_string(),
                    "-1 (no limit) or 60–604800 seconds (0–59 pass the schema but the service rejects them)",
                );
            }
        }

        let errors = &self.delivery.error_output;
        let error_prefix = errors.forwarder_prefix();
        let odd = errors.unrendered_letters();
        if !odd.is_empty() {
            ctx.warn(
                &rules::FORWARDER_ERROR_PREFIX,
                "Environment.Variables.FERROCDK_ERROR_PREFIX",
                format!(
                    "{error_prefix:?} (the error prefix of {:?}): timestamp letters {}",
                    self.delivery.logical_id(),
                    odd.iter()
                        .map(char::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!(
                    "timestamp letters {} or quoted text; the forwarder writes other letters as they are \
                     in the keys of the records it keeps",
                    FORWARDER_TIMESTAMP_LETTERS
                        .chars()
                        .map(String::from)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }

        let (_, queue_arn) = define_failure_queue(ctx, "FailureQueue", self.queue_key.as_ref());
        let mut props = self.props.clone();
        props.set_env("FERROCDK_STREAM_VIEW_TYPE".into(), view.as_str().into());
        props.set_env("FERROCDK_ERROR_PREFIX".into(), error_prefix);
        props.grants.push(Grant::new([
            Statement::allow(STREAM_READ_ACTIONS, [stream_arn.clone()]),
            Statement::allow(&["sqs:SendMessage"], [queue_arn.clone()]),
        ]));
        if let Some(key) = self.table.key() {
            props.grants.push(Grant::new([Statement::allow(
                STREAM_KEY_ACTIONS,
                [key.arn()],
            )]));
        }
        if let Some(key) = &self.queue_key {
            // Lambda sends to the on-failure destination with the function's role; SQS then
            // needs these two on the queue's key for that role.
            props.grants.push(Grant::new([Statement::allow(
                QUEUE_KEY_ACTIONS,
                [key.arn()],
            )]));
        }
        let name_expr = self.delivery.name();
        let delivery_name = ctx.value("Environment.Variables.FERROCDK_DELIVERY_STREAM", &name_expr);
        let bucket_name = ctx.value(
            "Environment.Variables.FERROCDK_ERROR_BUCKET",
            &errors.bucket.name(),
        );
        let policy = props.synth(
            ctx,
            900,
            "seconds",
            vec![
                ("FERROCDK_DELIVERY_STREAM".into(), delivery_name),
                ("FERROCDK_ERROR_BUCKET".into(), bucket_name),
            ],
        );

        let function = ctx.value(&format!("{M}.FunctionName"), &ctx.ref_(ctx.logical_id()));
        let source = ctx.value(&format!("{M}.EventSourceArn"), &stream_arn);
        let destination = ctx.value(&format!("{M}.DestinationConfig"), &queue_arn);
        let position = match self.starting_position {
            StartingPosition::TrimHorizon => "TRIM_HORIZON",
            StartingPosition::Latest => "LATEST",
        };
        let mut m = Map::new();
        m.insert("EventSourceArn".into(), source);
        m.insert("FunctionName".into(), function);
        m.insert("StartingPosition".into(), json!(position));
        m.insert(
            "BatchSize".into(),
            ctx.value(&format!("{M}.BatchSize"), &self.batch_size),
        );
        m.insert(
            "MaximumBatchingWindowInSeconds".into(),
            ctx.value(M, &self.batching_window_s),
        );
        m.insert(
            "MaximumRetryAttempts".into(),
            ctx.value(M, &self.max_retries),
        );
        m.insert("BisectBatchOnFunctionError".into(), json!(self.bisect));
        m.insert(
            "MaximumRecordAgeInSeconds".into(),
            ctx.value(M, &self.max_record_age_s),
        );
        m.insert(
            "ParallelizationFactor".into(),
            ctx.value(M, &self.parallelization),
        );
        m.insert(
            "FunctionResponseTypes".into(),
            json!(["ReportBatchItemFailures"]),
        );
        m.insert(
            "DestinationConfig".into(),
            json!({ "OnFailure": { "Destination": destination } }),
        );
        let mut r = Resource::new("AWS::Lambda::EventSourceMapping");
        r.properties = m;
        // Lambda checks the role's permissions when it creates the mapping.
        ctx.define(ctx.child_id(M), r.depends_on(policy));
    }
}

#[cfg(test)]
mod tests {
    use crate::firehose::FORWARDER_ERROR_TYPES;

    #[test]
    fn the_code_writes_the_error_types_the_policy_allows() {
        let code = super::super::builtin::forwarder_source();
        for kind in FORWARDER_ERROR_TYPES {
            assert!(code.contains(&format!("kind, why = {kind:?}")), "{kind}");
        }
        assert_eq!(
            code.matches("kind, why = ").count(),
            FORWARDER_ERROR_TYPES.len()
        );
    }
}
