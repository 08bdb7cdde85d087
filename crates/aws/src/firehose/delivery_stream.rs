//! `AWS::KinesisFirehose::DeliveryStream`.

use super::{DirectPut, ErrorOutput, KinesisSource, S3Destination, Source};
use crate::iam::{define_role, Grant, Statement};
use crate::kinesis::StreamRef;
use crate::kms::KeyRef;
use crate::logs::define_log_group;
use crate::logs::log_stream_arn;
use crate::private::{generated_name, validate};
use ferrocdk_core::rules;
use ferrocdk_core::{
    Common, Construct, ConstructProps, Expr, RemovalPolicy, Resource, SynthContext, Target, Val,
};
use serde_json::json;
use std::marker::PhantomData;

/// Actions a producer needs to put records into a DirectPut delivery stream.
pub const PUT_RECORD_ACTIONS: &[&str] = &["firehose:PutRecord", "firehose:PutRecordBatch"];

/// The need a DirectPut delivery stream registers and a producer meets
/// (`firehose-no-producer`): a policy statement allowing `firehose:PutRecord` or
/// `firehose:PutRecordBatch` on its ARN, rendered anywhere in the stack or app.
pub(crate) const PRODUCER: &str = "firehose-producer";

/// Name of the log stream ferrocdk creates for S3 delivery errors.
const LOG_STREAM_NAME: &str = "S3Delivery";

/// Server-side encryption of a DirectPut delivery stream's buffer.
#[derive(Debug, Clone, PartialEq)]
pub enum Encryption {
    /// `AWS_OWNED_CMK` (the default for DirectPut).
    AwsOwned,
    /// `CUSTOMER_MANAGED_CMK` with a symmetric key.
    CustomerManaged(KeyRef),
}

/// A Firehose delivery stream to S3.
///
/// `new` gives a DirectPut stream; `.source(&stream)` turns it into one that reads a Kinesis
/// stream. ferrocdk defines `<Id>Role` (assumable by Firehose, with `sts:ExternalId` = the
/// account) and `<Id>RolePolicy` holding exactly what the wiring needs — Kinesis read actions
/// on the source stream (and `kms:Decrypt` on its customer key), S3 actions on the bucket and
/// its objects, `lambda:InvokeFunction` on the processor, `logs:PutLogEvents` on its own log
/// stream — and the delivery stream `DependsOn` that policy.
///
/// ```
/// use ferrocdk_aws::firehose::{DeliveryStream, S3Destination};
/// use ferrocdk_aws::kinesis::KinesisStream;
/// use ferrocdk_aws::s3::Bucket;
/// use ferrocdk_core::Stack;
/// let mut stack = Stack::new("Demo");
/// let stream = stack.add(KinesisStream::new("Changes"));
/// let bucket = stack.add(Bucket::new("Log"));
/// let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&stream));
/// stack.output("DeliveryStreamArn", ds.arn());
/// let t = stack.synth()?.template;
/// assert_eq!(t.resources["ToS3"].depends_on, ["ToS3RolePolicy"]);
/// # Ok::<(), ferrocdk_core::SynthError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct DeliveryStream<S: Source = DirectPut> {
    id: String,
    common: Common,
    destination: S3Destination,
    source: S,
    encryption: Option<Encryption>,
    explicit_encryption: bool,
    name: Option<Val<String>>,
    external_producers: bool,
}

impl DeliveryStream<DirectPut> {
    /// A DirectPut delivery stream (producers call `PutRecordBatch`) to `destination`.
    pub fn new(id: impl Into<String>, destination: S3Destination) -> Self {
        DeliveryStream {
            id: id.into(),
            common: Common::default(),
            destination,
            source: DirectPut,
            encryption: Some(Encryption::AwsOwned),
            explicit_encryption: false,
            name: None,
            external_producers: false,
        }
    }

    /// Declares that producers outside ferrocdk put records into this stream (an application
    /// with a role of its own). Default: no; a DirectPut stream that no forwarder feeds and
    /// no role of the stack (or app) may write to — through
    /// [`DeliveryStreamRef::grant_put_records`] — is reported (`firehose-no-producer`).
    pub fn external_producers(mut self) -> Self {
        self.external_producers = true;
        self
    }

    /// `DeliveryStreamEncryptionConfigurationInput`. Default: [`Encryption::AwsOwned`].
    /// Only DirectPut streams have it: with a Kinesis source, Firehose stores no data at rest.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesisfirehose-deliverystream.html#cfn-kinesisfirehose-deliverystream-deliverystreamencryptionconfigurationinput>
    pub fn encryption(mut self, encryption: Encryption) -> Self {
        self.encryption = Some(encryption);
        self.explicit_encryption = true;
        self
    }

    /// Reads `stream` instead (`KinesisStreamAsSource`). Firehose reads from `LATEST`: records
    /// written before the delivery stream exists are not delivered. Changing the source
    /// replaces the delivery stream.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesisfirehose-deliverystream.html#cfn-kinesisfirehose-deliverystream-kinesisstreamsourceconfiguration>
    pub fn source(self, stream: &StreamRef) -> DeliveryStream<KinesisSource> {
        DeliveryStream {
            id: self.id,
            common: self.common,
            destination: self.destination,
            source: KinesisSource {
                stream: stream.clone(),
            },
            // An encryption chosen before `.source` is reported at synth, with the reason.
            encryption: if self.explicit_encryption {
                self.encryption
            } else {
                None
            },
            explicit_encryption: self.explicit_encryption,
            name: self.name,
            external_producers: self.external_producers,
        }
    }
}

impl<S: Source> DeliveryStream<S> {
    /// `DeliveryStreamName` (1–64 of `[a-zA-Z0-9._-]`). Default: generated (a changed name
    /// replaces the delivery stream).
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesisfirehose-deliverystream.html#cfn-kinesisfirehose-deliverystream-deliverystreamname>
    pub fn delivery_stream_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl<S: Source> ConstructProps for DeliveryStream<S> {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }
}

/// A handle to a delivery stream; `S` is its source kind.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryStreamRef<S: Source = DirectPut> {
    target: Target,
    source: PhantomData<S>,
    pub(crate) buffer_interval_s: u32,
    pub(crate) has_processor: bool,
    pub(crate) kinesis_source: Option<StreamRef>,
    /// Where the destination keeps what it cannot deliver (the forwarder keeps records there).
    pub(crate) error_output: ErrorOutput,
}

impl<S: Source> DeliveryStreamRef<S> {
    /// The delivery stream ARN, `{"Fn::GetAtt": [id, "Arn"]}`.
    #[must_use]
    pub fn arn(&self) -> Expr {
        Expr::GetAtt(self.target.clone(), "Arn".into())
    }

    /// The delivery stream name, `{"Ref": id}`.
    #[must_use]
    pub fn name(&self) -> Expr {
        Expr::Ref(self.target.clone())
    }

    /// The logical ID.
    #[must_use]
    pub fn logical_id(&self) -> &str {
        self.target.logical_id()
    }

    pub(crate) fn target(&self) -> &Target {
        &self.target
    }
}

impl DeliveryStreamRef<DirectPut> {
    /// `firehose:PutRecord` and `firehose:PutRecordBatch` on this delivery stream. Only
    /// DirectPut streams have it: a Kinesis-fed stream rejects PutRecord.
    pub fn grant_put_records(&self) -> Grant {
        Grant::new([Statement::allow(PUT_RECORD_ACTIONS, [self.arn()])])
    }
}

impl<S: Source> Construct for DeliveryStream<S> {
    type Handle = DeliveryStreamRef<S>;

    fn id(&self) -> &str {
        &self.id
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn handle(&self, target: Target) -> DeliveryStreamRef<S> {
        DeliveryStreamRef {
            target,
            source: PhantomData,
            buffer_interval_s: self.destination.effective_buffering().0,
            has_processor: self.destination.has_processor(),
            kinesis_source: self.source.stream().cloned(),
            error_output: self.destination.error_output(),
        }
    }

    fn synth(&self, ctx: &mut SynthContext<'_>) {
        let kinesis = S::DELIVERY_STREAM_TYPE == KinesisSource::DELIVERY_STREAM_TYPE;
        let (logging, retention, log_key) = self.destination.wants_logging();
        if !logging && log_key.is_some() {
            ctx.warn(
                &rules::FIREHOSE_LOG_KEY_UNUSED,
                "ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions",
                "a log-group key with error logging off",
                "error logging on (the default), or no log-group key: with logging off there is \
                 no log group to encrypt",
            );
        }
        let mut statements = self.source.statements();
        statements.extend(self.destination.statements());
        let log_ids = if logging {
            let group = define_log_group(
                ctx,
                retention,
                "ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions",
                log_key,
            );
            let stream = ctx.child_id("LogStream");
            let group_name = ctx.value("LogGroupName", &ctx.ref_(&group));
            ctx.define(
                stream.clone(),
                Resource::new("AWS::Logs::LogStream")
                    .prop("LogGroupName", group_name)
                    .prop("LogStreamName", LOG_STREAM_NAME)
                    .removal(RemovalPolicy::Retain),
            );
            statements.push(Statement::allow(
                &["logs:PutLogEvents"],
                [log_stream_arn(ctx, &group, LOG_STREAM_NAME)],
            ));
            Some((group, stream))
        } else {
            None
        };
        let role = define_role(ctx, "firehose.amazonaws.com", true, &statements);
        let role_arn = ctx.value("RoleARN", &ctx.get_att(&role.role, "Arn"));

        let mut r = Resource::new("AWS::KinesisFirehose::DeliveryStream");
        if let Some(name) = &self.name {
            validate::name(
                ctx,
                &rules::FIREHOSE_NAME,
                "DeliveryStreamName",
                name,
                (1, 64),
                validate::name_char,
                "[a-zA-Z0-9._-]",
            );
            r = r.prop("DeliveryStreamName", ctx.value("DeliveryStreamName", name));
        }
        r = r.prop("DeliveryStreamType", S::DELIVERY_STREAM_TYPE);
        if !kinesis && !self.external_producers {
            let me = ctx.target(ctx.logical_id());
            ctx.require(
                &me,
                PRODUCER,
                &rules::FIREHOSE_NO_PRODUCER,
                "DeliveryStreamType",
                "a DirectPut delivery stream that nothing in the stack or app may put records \
                 into: no forwarder feeds it and no role has firehose:PutRecordBatch on it",
                "a producer: a Forwarder (Forwarder::dynamodb_changes), a function given \
                 delivery.grant_put_records(), or .external_producers() for producers outside \
                 ferrocdk; or a Kinesis source (.source(&stream))",
            );
        }
        if let Some((key, config)) = self.source.configuration(ctx, &role_arn) {
            r = r.prop(key, config);
        }
        if let (Some(stream), true) = (self.source.stream(), self.destination.partitions_by_table())
        {
            generated_name::partitions_by_table(
                ctx,
                &stream.key_for_tally(ctx),
                "ExtendedS3DestinationConfiguration.Prefix",
            );
        }
        match (&self.encryption, kinesis) {
            (Some(_), true) => ctx.error(
                &rules::FIREHOSE_SSE_KINESIS_SOURCE,
                "DeliveryStreamEncryptionConfigurationInput",
                "server-side encryption on a delivery stream whose source is a Kinesis stream",
                "no delivery-stream encryption with a Kinesis source: Firehose stores no data at rest then; \
                 encrypt the Kinesis stream instead (KinesisStream::encryption)",
            ),
            (Some(Encryption::AwsOwned), false) => {
                r = r.prop("DeliveryStreamEncryptionConfigurationInput", json!({ "KeyType": "AWS_OWNED_CMK" }));
            }
            (Some(Encryption::CustomerManaged(key)), false) => {
                key.check(ctx, "DeliveryStreamEncryptionConfigurationInput.KeyARN");
                let arn = ctx.value("DeliveryStreamEncryptionConfigurationInput.KeyARN", &key.arn());
                r = r.prop("DeliveryStreamEncryptionConfigurationInput", json!({ "KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": arn }));
            }
            (None, _) => {}
        }
        r = r.prop(
            "ExtendedS3DestinationConfiguration",
            self.destination.render(ctx, &role_arn, log_ids),
        );
        ctx.define(
            ctx.logical_id().to_owned(),
            r.depends_on(role.policy).taggable(),
        );
    }
}
