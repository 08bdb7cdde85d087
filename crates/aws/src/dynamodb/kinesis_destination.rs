//! An existing table's Kinesis streaming destination, through a built-in custom resource.

use super::{TableRef, TimestampPrecision};
use crate::firehose::{DeliveryStreamRef, KinesisSource};
use crate::iam::Statement;
use crate::kinesis::StreamRef;
use crate::lambda::builtin::kinesis_destination_source;
use crate::lambda::custom_resource::define_custom_resource;
use ferrocdk_core::rules;
use ferrocdk_core::{Common, Construct, ConstructProps, Expr, SynthContext, Target};
use serde_json::json;

/// What the custom resource's handler may do on the table: read, enable, update and disable
/// its Kinesis streaming destination.
pub const DESTINATION_TABLE_ACTIONS: &[&str] = &[
    "dynamodb:DescribeKinesisStreamingDestination",
    "dynamodb:EnableKinesisStreamingDestination",
    "dynamodb:UpdateKinesisStreamingDestination",
    "dynamodb:DisableKinesisStreamingDestination",
];

/// What enabling and describing a destination needs on the stream (DynamoDB developer guide,
/// "IAM policies for Kinesis Data Streams and DynamoDB").
pub const DESTINATION_STREAM_ACTIONS: &[&str] = &[
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:PutRecords",
];

/// The service-linked role DynamoDB creates on the first enable in an account.
const SERVICE_LINKED_ROLE: &str = "role/aws-service-role/kinesisreplication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBKinesisDataStreamsReplication";
const REPLICATION_SERVICE: &str = "kinesisreplication.dynamodb.amazonaws.com";

/// Streams an existing table's changes to a Kinesis stream — the Kinesis route for a table
/// this stack does not own. CloudFormation has no resource for a table's Kinesis streaming
/// destination, so ferrocdk defines a built-in custom resource `<Id>`
/// (`Custom::KinesisStreamingDestination`) and its handler `<Id>Handler` (inline Python, standard
/// library and boto3 only; `<Id>HandlerRole`, `<Id>HandlerRolePolicy`, `<Id>HandlerLogGroup`).
///
/// The handler calls `EnableKinesisStreamingDestination` with the timestamp precision (or
/// `UpdateKinesisStreamingDestination` when only the precision changes) and waits for `ACTIVE`.
/// It is idempotent: a destination already active (or enabling) to this stream is adopted;
/// one to another stream fails the deployment with both ARNs in the message (it is never
/// replaced: someone else's consumer may depend on it). On delete it disables only a
/// destination it enabled itself, unless [`KinesisStreamingDestination::disable_on_delete`] is
/// off. It always answers CloudFormation, before its own 900-second timeout.
///
/// Its role may do exactly this: the destination actions on the table ARN; `DescribeStream`,
/// `DescribeStreamSummary`, `PutRecords` on the stream ARN (and `kms:GenerateDataKey` on the
/// stream's customer key); `iam:CreateServiceLinkedRole` for DynamoDB's replication role only;
/// and `kinesis:ListStreams`, which has no resource type, on `*`. The custom resource
/// `DependsOn` that policy.
///
/// ```
/// use ferrocdk_aws::dynamodb::{KinesisStreamingDestination, Table};
/// use ferrocdk_aws::kinesis::KinesisStream;
/// let mut stack = ferrocdk_core::Stack::new("Demo");
/// let stream = stack.add(KinesisStream::new("Changes"));
/// let orders = Table::from_name("Orders");
/// stack.add(KinesisStreamingDestination::new("OrdersToChanges", &orders, &stream).disable_on_delete(false));
/// let t = stack.synth()?.to_json_pretty();
/// assert!(t.contains("\"DisableOnDelete\": \"false\""));
/// # Ok::<(), ferrocdk_core::SynthError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct KinesisStreamingDestination {
    id: String,
    common: Common,
    table: TableRef,
    stream: StreamRef,
    precision: TimestampPrecision,
    disable_on_delete: bool,
    after: Vec<String>,
}

impl KinesisStreamingDestination {
    /// `table` (an existing one: [`Table::from_name`](super::Table::from_name),
    /// [`Table::from_arn`](super::Table::from_arn)) streams its changes to `stream`.
    pub fn new(id: impl Into<String>, table: &TableRef, stream: &StreamRef) -> Self {
        KinesisStreamingDestination {
            id: id.into(),
            common: Common::default(),
            table: table.clone(),
            stream: stream.clone(),
            precision: TimestampPrecision::Millisecond,
            disable_on_delete: true,
            after: Vec::new(),
        }
    }

    /// `ApproximateCreationDateTimePrecision` of the records. Default: milliseconds. A change
    /// is applied in place (`UpdateKinesisStreamingDestination`).
    /// <https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_EnableKinesisStreamingConfiguration.html>
    pub fn precision(mut self, precision: TimestampPrecision) -> Self {
        self.precision = precision;
        self
    }

    /// Whether deleting the resource disables the destination, when this resource enabled it
    /// (one found enabled is never disabled). Default: on. Off keeps the table streaming after
    /// the stack or the construct is gone.
    pub fn disable_on_delete(mut self, on: bool) -> Self {
        self.disable_on_delete = on;
        self
    }

    /// Enables the destination only once `delivery` exists (`DependsOn`): a delivery stream
    /// starts reading its Kinesis source at `LATEST`, so changes streamed before it exists are
    /// never delivered. Default: no ordering. Give every delivery stream that reads `stream`.
    ///
    /// Only a Kinesis-fed delivery stream reads the stream, so a DirectPut one does not compile:
    ///
    /// ```compile_fail
    /// use ferrocdk_aws::dynamodb::Table;
    /// use ferrocdk_aws::firehose::{DeliveryStream, S3Destination};
    /// use ferrocdk_aws::kinesis::KinesisStream;
    /// use ferrocdk_aws::s3::Bucket;
    /// let mut stack = ferrocdk_core::Stack::new("Demo");
    /// let stream = stack.add(KinesisStream::new("Changes"));
    /// let bucket = stack.add(Bucket::new("Log"));
    /// let direct = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    /// let _ = Table::from_name("Orders").kinesis_stream("OrdersToChanges", &stream).after(&direct); // expects DeliveryStreamRef<KinesisSource>
    /// ```
    ///
    /// Its twin, the same delivery stream with the stream as its source, compiles:
    ///
    /// ```
    /// use ferrocdk_aws::dynamodb::Table;
    /// use ferrocdk_aws::firehose::{DeliveryStream, S3Destination};
    /// use ferrocdk_aws::kinesis::KinesisStream;
    /// use ferrocdk_aws::s3::Bucket;
    /// let mut stack = ferrocdk_core::Stack::new("Demo");
    /// let stream = stack.add(KinesisStream::new("Changes"));
    /// let bucket = stack.add(Bucket::new("Log"));
    /// let fed = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&stream));
    /// let _ = Table::from_name("Orders").kinesis_stream("OrdersToChanges", &stream).after(&fed);
    /// ```
    pub fn after(mut self, delivery: &DeliveryStreamRef<KinesisSource>) -> Self {
        self.after.push(delivery.logical_id().to_owned());
        self
    }
}

impl ConstructProps for KinesisStreamingDestination {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }
}

/// A handle to a Kinesis streaming destination custom resource.
#[derive(Debug, Clone, PartialEq)]
pub struct KinesisStreamingDestinationRef {
    target: Target,
}

impl KinesisStreamingDestinationRef {
    /// The logical ID of the custom resource.
    #[must_use]
    pub fn logical_id(&self) -> &str {
        self.target.logical_id()
    }
}

impl Construct for KinesisStreamingDestination {
    type Handle = KinesisStreamingDestinationRef;

    fn id(&self) -> &str {
        &self.id
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn handle(&self, target: Target) -> KinesisStreamingDestinationRef {
        KinesisStreamingDestinationRef { target }
    }

    fn synth(&self, ctx: &mut SynthContext<'_>) {
        if let Some(id) = self.table.logical_id() {
            ctx.error(
                &rules::KINESIS_DESTINATION_TABLE,
                "TableArn",
                format!("table {id:?} of this stack"),
                "an existing table (Table::from_name / Table::from_arn); a table of this stack streams with Table::kinesis_stream",
            );
        }
        self.table.check(ctx, "TableArn");
        self.stream.check(ctx, "StreamArn");
        self.stream.require_reader(ctx, "StreamArn");
        let mut statements = vec![
            Statement::allow(DESTINATION_TABLE_ACTIONS, [self.table.arn()]),
            Statement::allow(DESTINATION_STREAM_ACTIONS, [self.stream.arn()]),
            Statement::allow_on_any_resource(
                &["kinesis:ListStreams"],
                "kinesis:ListStreams has no resource type in the Service Authorization Reference",
            ),
            Statement::allow(
                &["iam:CreateServiceLinkedRole"],
                [Expr::arn(
                    "iam",
                    false,
                    true,
                    [Expr::from(SERVICE_LINKED_ROLE)],
                )],
            )
            .condition(json!({ "StringEquals": { "iam:AWSServiceName": REPLICATION_SERVICE } })),
        ];
        if let Some(key) = self.stream.key() {
            statements.push(Statement::allow(&["kms:GenerateDataKey"], [key.arn()]));
        }
        let table = ctx.value("TableArn", &self.table.arn());
        let stream = ctx.value("StreamArn", &self.stream.arn());
        define_custom_resource(
            ctx,
            "Custom::KinesisStreamingDestination",
            kinesis_destination_source(),
            "ferrocdk built-in: enables an existing table's Kinesis streaming destination",
            statements,
            &self.after,
            vec![
                ("TableArn", table),
                ("StreamArn", stream),
                (
                    "ApproximateCreationDateTimePrecision",
                    json!(self.precision.as_str()),
                ),
                (
                    "DisableOnDelete",
                    json!(if self.disable_on_delete {
                        "true"
                    } else {
                        "false"
                    }),
                ),
            ],
        );
    }
}
