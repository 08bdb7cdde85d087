//! Where a delivery stream's records come from.

use crate::iam::Statement;
use crate::kinesis::StreamRef;
use ferrocdk_core::SynthContext;
use serde_json::{json, Value};

mod sealed {
    pub trait Sealed {}
}

/// The source of a delivery stream: [`DirectPut`] or [`KinesisSource`]. Sealed.
pub trait Source: sealed::Sealed + Clone + std::fmt::Debug + 'static {
    /// `DeliveryStreamType`: `DirectPut` or `KinesisStreamAsSource`.
    const DELIVERY_STREAM_TYPE: &'static str;
    #[doc(hidden)]
    fn statements(&self) -> Vec<Statement>;
    #[doc(hidden)]
    fn stream(&self) -> Option<&StreamRef>;
    #[doc(hidden)]
    fn configuration(
        &self,
        ctx: &mut SynthContext<'_>,
        role_arn: &Value,
    ) -> Option<(&'static str, Value)>;
}

/// Records are put by producers with `PutRecord` / `PutRecordBatch` (the DynamoDB Streams route).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DirectPut;

impl sealed::Sealed for DirectPut {}

impl Source for DirectPut {
    const DELIVERY_STREAM_TYPE: &'static str = "DirectPut";
    fn statements(&self) -> Vec<Statement> {
        Vec::new()
    }
    fn stream(&self) -> Option<&StreamRef> {
        None
    }
    fn configuration(&self, _: &mut SynthContext<'_>, _: &Value) -> Option<(&'static str, Value)> {
        None
    }
}

/// Records are read from a Kinesis data stream (the Kinesis route). Firehose starts at
/// `LATEST` and polls every shard once per second.
#[derive(Debug, Clone, PartialEq)]
pub struct KinesisSource {
    pub(crate) stream: StreamRef,
}

impl sealed::Sealed for KinesisSource {}

impl Source for KinesisSource {
    const DELIVERY_STREAM_TYPE: &'static str = "KinesisStreamAsSource";
    fn statements(&self) -> Vec<Statement> {
        self.stream.grant_read().statements
    }
    fn stream(&self) -> Option<&StreamRef> {
        Some(&self.stream)
    }
    fn configuration(
        &self,
        ctx: &mut SynthContext<'_>,
        role_arn: &Value,
    ) -> Option<(&'static str, Value)> {
        self.stream
            .register_consumer(ctx, "KinesisStreamSourceConfiguration.KinesisStreamARN");
        let arn = ctx.value(
            "KinesisStreamSourceConfiguration.KinesisStreamARN",
            &self.stream.arn(),
        );
        Some((
            "KinesisStreamSourceConfiguration",
            json!({ "KinesisStreamARN": arn, "RoleARN": role_arn }),
        ))
    }
}
