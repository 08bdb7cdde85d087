//! The Firehose data-transformation function (Kinesis route).

use super::function::{FunctionProps, FunctionRef};
use super::{ChangeOptions, Code};
use ferrocdk_core::rules;
use ferrocdk_core::{Common, Construct, ConstructProps, SynthContext, Target};

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

    super::function::function_setters!("`Timeout` in seconds (1–300: Firehose waits at most 5 minutes for a transform). Default: 60.");

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
                &rules::TRANSFORM_CHANGE_OPTIONS,
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
