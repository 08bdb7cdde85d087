//! The Firehose data-transformation function (Kinesis route).

use super::function::{FunctionProps, FunctionRef};
use super::{Architecture, ChangeOptions, Code, Runtime};
use ferrocdk_core::{Common, Construct, ConstructProps, SynthContext, Target, Val};

/// A Lambda function that Firehose invokes to transform records (`AWS::Lambda::Function`).
///
/// ferrocdk defines with it `<Id>Role` (assumable by Lambda), `<Id>RolePolicy` (logs on its own
/// log group only, plus any grants) and `<Id>LogGroup` (30-day retention, retained). Defaults:
/// Python 3.14 on arm64, 256 MB, 60 s timeout (Firehose's ceiling is 300 s).
///
/// [`TransformFunction::dynamodb_changes`] is the built-in code that turns DynamoDB change
/// records into JSON lines (`docs/record-contract.md`): no code to write.
#[derive(Debug, Clone)]
#[must_use]
pub struct TransformFunction {
    id: String,
    common: Common,
    props: FunctionProps,
    builtin: Option<ChangeOptions>,
    misplaced_options: bool,
}

impl TransformFunction {
    /// The longest timeout: Firehose stops waiting for a transform after 5 minutes, not Lambda's 15.
    pub const MAX_TIMEOUT_S: u32 = 300;

    /// A transform function with your own code (a `handler(event, context)` answering
    /// Firehose's transformation contract).
    pub fn new(id: impl Into<String>, code: Code) -> Self {
        TransformFunction {
            id: id.into(),
            common: Common::default(),
            props: FunctionProps::new(code, 256, 60),
            builtin: None,
            misplaced_options: false,
        }
    }

    /// The built-in transform: DynamoDB change records (Kinesis Data Streams for DynamoDB)
    /// → one JSON line each, lossless (every digit of every number), failures kept under the
    /// error prefix. Its options are set with [`TransformFunction::change_options`].
    pub fn dynamodb_changes(id: impl Into<String>) -> Self {
        let mut f = Self::new(id, Code::InlinePython(super::builtin::transform_source()));
        f.props.description =
            Some("ferrocdk built-in: DynamoDB change records to JSON lines".into());
        f.builtin = Some(ChangeOptions::default());
        f
    }

    /// Options of the built-in code (only for [`TransformFunction::dynamodb_changes`]: with
    /// your own code they are reported at synth, since nothing would read them). Default: all off.
    pub fn change_options(mut self, options: ChangeOptions) -> Self {
        if self.builtin.is_some() {
            self.builtin = Some(options);
        } else {
            self.misplaced_options = true;
        }
        self
    }

    /// `Runtime`. Default: [`Runtime::Python314`].
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-runtime>
    pub fn runtime(mut self, runtime: Runtime) -> Self {
        self.props.runtime = runtime;
        self
    }

    /// `MemorySize` in MB (128–10,240). Default: 256.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-memorysize>
    pub fn memory_mb(mut self, mb: impl Into<Val<u32>>) -> Self {
        self.props.memory_mb = mb.into();
        self
    }

    /// `Timeout` in seconds (1–300: Firehose waits at most 5 minutes). Default: 60.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-timeout>
    pub fn timeout_seconds(mut self, seconds: impl Into<Val<u32>>) -> Self {
        self.props.timeout_s = seconds.into();
        self
    }

    /// `Architectures`. Default: [`Architecture::Arm64`].
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-architectures>
    pub fn architecture(mut self, architecture: Architecture) -> Self {
        self.props.architecture = architecture;
        self
    }

    /// Sets one environment variable. Default: none (the built-in code's options add theirs).
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-environment>
    pub fn environment(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.props.set_env(key.into(), value.into());
        self
    }

    /// `ReservedConcurrentExecutions` (≥ 1). Default: unreserved.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-reservedconcurrentexecutions>
    pub fn reserved_concurrency(mut self, n: impl Into<Val<u32>>) -> Self {
        self.props.reserved_concurrency = Some(n.into());
        self
    }

    /// Retention of the function's log group, in days (a CloudWatch Logs value). Default: 30.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html#cfn-logs-loggroup-retentionindays>
    pub fn log_retention_days(mut self, days: u32) -> Self {
        self.props.log_retention_days = days;
        self
    }

    /// Adds a grant's statements to the function's policy. Default: logs only.
    pub fn grant(mut self, grant: crate::iam::Grant) -> Self {
        self.props.grants.push(grant);
        self
    }
}

impl ConstructProps for TransformFunction {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }
}

impl Construct for TransformFunction {
    type Handle = FunctionRef;

    fn id(&self) -> &str {
        &self.id
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn handle(&self, target: Target) -> FunctionRef {
        FunctionRef {
            target,
            timeout_s: self.props.timeout_s.clone(),
            builtin: self.builtin,
            failure_queue: None,
        }
    }

    fn synth(&self, ctx: &mut SynthContext<'_>) {
        if self.misplaced_options {
            ctx.error(
                "transform-change-options",
                "Environment.Variables",
                "change options on a function with its own code",
                "change options only with TransformFunction::dynamodb_changes (the built-in code reads them)",
            );
        }
        let mut props = self.props.clone();
        if let Some(opts) = &self.builtin {
            for (k, v) in opts.environment() {
                props.set_env(k, v);
            }
        }
        props.synth(
            ctx,
            Self::MAX_TIMEOUT_S,
            "seconds; Firehose waits at most 5 minutes for a transform",
            Vec::new(),
        );
    }
}
