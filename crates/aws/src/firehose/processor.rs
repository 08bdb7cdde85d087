//! The Lambda data-transformation processor.

use crate::lambda::FunctionRef;
use ferrocdk_core::rules;
use ferrocdk_core::{SynthContext, Val};
use serde_json::{json, Value};

/// Firehose invokes a function on buffered batches of records.
///
/// Defaults (CDK's): buffer 3 MB, interval 60 s, 3 retries. Parameter values are written as
/// strings, with the exact names Firehose accepts (`BufferIntervalInSeconds`, not the
/// developer guide's `IntervalInSeconds`).
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-processorparameter.html>
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct LambdaProcessor {
    pub(crate) function: FunctionRef,
    buffer_mb: f64,
    interval_s: u32,
    retries: u32,
}

impl LambdaProcessor {
    /// A processor invoking `function`.
    pub fn new(function: &FunctionRef) -> Self {
        LambdaProcessor {
            function: function.clone(),
            buffer_mb: 3.0,
            interval_s: 60,
            retries: 3,
        }
    }

    /// `BufferSizeInMBs`, 0.2–3 (the request must stay under Lambda's 6 MB after base64).
    /// Default: 3.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-processorparameter.html>
    pub fn buffer_size_mb(mut self, mb: f64) -> Self {
        self.buffer_mb = mb;
        self
    }

    /// `BufferIntervalInSeconds`, 0–900. Default: 60.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-processorparameter.html>
    pub fn buffer_interval_seconds(mut self, s: u32) -> Self {
        self.interval_s = s;
        self
    }

    /// `NumberOfRetries` (0–300; AWS documents only the default). Default: 3. After the
    /// retries, the batch is written under the error prefix (`processing-failed`).
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-processorparameter.html>
    pub fn retries(mut self, n: u32) -> Self {
        self.retries = n;
        self
    }

    pub(crate) fn render(&self, ctx: &mut SynthContext<'_>, role_arn: &Value) -> Value {
        let prop = "ExtendedS3DestinationConfiguration.ProcessingConfiguration";
        if !(0.2..=3.0).contains(&self.buffer_mb) || !self.buffer_mb.is_finite() {
            ctx.error(
                &rules::FIREHOSE_PROCESSOR_BUFFER,
                &format!("{prop}.BufferSizeInMBs"),
                format_mb(self.buffer_mb),
                "0.2–3 MB",
            );
        }
        if self.interval_s > 900 {
            ctx.error(
                &rules::FIREHOSE_PROCESSOR_INTERVAL,
                &format!("{prop}.BufferIntervalInSeconds"),
                self.interval_s.to_string(),
                "0–900 seconds",
            );
        }
        if self.retries > 300 {
            ctx.error(
                &rules::FIREHOSE_PROCESSOR_RETRIES,
                &format!("{prop}.NumberOfRetries"),
                self.retries.to_string(),
                "0–300",
            );
        }
        if let Val::Lit(t) = self.function.timeout_s {
            if t > crate::lambda::TransformFunction::MAX_TIMEOUT_S {
                ctx.error(
                    &rules::FIREHOSE_PROCESSOR_TIMEOUT,
                    &format!("{prop}.LambdaArn"),
                    format!("a function with a {t}-second timeout"),
                    "at most 300 seconds: Firehose waits 5 minutes",
                );
            }
        }
        let arn = ctx.value(&format!("{prop}.LambdaArn"), &self.function.arn());
        let param =
            |name: &str, value: Value| json!({ "ParameterName": name, "ParameterValue": value });
        json!({
            "Enabled": true,
            "Processors": [{
                "Type": "Lambda",
                "Parameters": [
                    param("LambdaArn", arn),
                    param("RoleArn", role_arn.clone()),
                    param("NumberOfRetries", json!(self.retries.to_string())),
                    param("BufferSizeInMBs", json!(format_mb(self.buffer_mb))),
                    param("BufferIntervalInSeconds", json!(self.interval_s.to_string())),
                ]
            }]
        })
    }
}

/// `3.0` → `"3"`, `0.2` → `"0.2"`: the shortest text that reads back as the same number.
fn format_mb(mb: f64) -> String {
    if mb.fract() == 0.0 && mb.abs() < 1e15 {
        format!("{}", mb as i64)
    } else {
        format!("{mb}")
    }
}
