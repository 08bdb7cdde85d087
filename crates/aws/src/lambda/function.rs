//! What every function ferrocdk defines has in common: role, policy, log group, settings.

use super::{Architecture, Code, Runtime};
use crate::iam::{define_role, Grant, Statement};
use crate::logs::{define_log_group, DEFAULT_RETENTION_DAYS};
use crate::private::validate;
use ferrocdk_core::rules;
use ferrocdk_core::{Expr, Resource, SynthContext, Target, Val};
use serde_json::{json, Map, Value};

/// Environment variable names Lambda reserves (cfn-lint `environment_variable_keys.json`).
const RESERVED_ENV: &[&str] = &[
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
];

/// The setters every function construct has (its struct has a `props: FunctionProps` field),
/// written once; `$timeout_doc` says the construct's timeout range.
macro_rules! function_setters {
    ($timeout_doc:literal) => {
        /// `Runtime`. Default: [`Runtime::Python314`](crate::lambda::Runtime::Python314).
        /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-runtime>
        pub fn runtime(mut self, runtime: crate::lambda::Runtime) -> Self {
            self.props.runtime = runtime;
            self
        }

        /// `MemorySize` in MB (128–10,240). Default: 256.
        /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-memorysize>
        pub fn memory_mb(mut self, mb: impl Into<ferrocdk_core::Val<u32>>) -> Self {
            self.props.memory_mb = mb.into();
            self
        }

        #[doc = $timeout_doc]
        /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-timeout>
        pub fn timeout_seconds(mut self, seconds: impl Into<ferrocdk_core::Val<u32>>) -> Self {
            self.props.timeout_s = seconds.into();
            self
        }

        /// `Architectures`. Default: [`Architecture::Arm64`](crate::lambda::Architecture::Arm64).
        /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-architectures>
        pub fn architecture(mut self, architecture: crate::lambda::Architecture) -> Self {
            self.props.architecture = architecture;
            self
        }

        /// Sets one environment variable to a literal (`"fast"`) or a value known at deploy
        /// time (`table.name()`, `stream.arn()`, a parameter: an
        /// [`Expr`](ferrocdk_core::Expr)); a reference makes the function wait for what it
        /// names. Default: none besides the built-in code's own.
        /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-environment>
        pub fn environment(
            mut self,
            key: impl Into<String>,
            value: impl Into<ferrocdk_core::Expr>,
        ) -> Self {
            self.props.set_env_expr(key.into(), value.into());
            self
        }

        /// `ReservedConcurrentExecutions` (≥ 1). Default: unreserved.
        /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-reservedconcurrentexecutions>
        pub fn reserved_concurrency(mut self, n: impl Into<ferrocdk_core::Val<u32>>) -> Self {
            self.props.reserved_concurrency = Some(n.into());
            self
        }

        /// Retention of the function's log group, in days (a CloudWatch Logs value). Default: 30.
        /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html#cfn-logs-loggroup-retentionindays>
        pub fn log_retention_days(mut self, days: u32) -> Self {
            self.props.log_retention_days = days;
            self
        }

        /// Encrypts the function's log group with this customer-managed key (`KmsKeyId`; a
        /// [`Key`](crate::kms::Key) of the stack gets the CloudWatch Logs statement in its
        /// policy). Default: CloudWatch Logs' own encryption.
        /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html#cfn-logs-loggroup-kmskeyid>
        pub fn log_group_key(mut self, key: &crate::kms::KeyRef) -> Self {
            self.props.log_key = Some(key.clone());
            self
        }
    };
}
pub(crate) use function_setters;

/// Settings shared by the function constructs.
#[derive(Debug, Clone)]
pub(crate) struct FunctionProps {
    pub code: Code,
    pub runtime: Runtime,
    pub memory_mb: Val<u32>,
    pub timeout_s: Val<u32>,
    pub architecture: Architecture,
    pub environment: Vec<(String, Expr)>,
    pub reserved_concurrency: Option<Val<u32>>,
    pub log_retention_days: u32,
    pub log_key: Option<crate::kms::KeyRef>,
    pub grants: Vec<Grant>,
    pub description: Option<String>,
}

impl FunctionProps {
    pub fn new(code: Code, memory_mb: u32, timeout_s: u32) -> Self {
        FunctionProps {
            code,
            runtime: Runtime::Python314,
            memory_mb: Val::Lit(memory_mb),
            timeout_s: Val::Lit(timeout_s),
            architecture: Architecture::Arm64,
            environment: Vec::new(),
            reserved_concurrency: None,
            log_retention_days: DEFAULT_RETENTION_DAYS,
            log_key: None,
            grants: Vec::new(),
            description: None,
        }
    }

    pub fn set_env(&mut self, key: String, value: String) {
        self.set_env_expr(key, Expr::Str(value));
    }

    pub fn set_env_expr(&mut self, key: String, value: Expr) {
        self.environment.retain(|(k, _)| *k != key);
        self.environment.push((key, value));
    }

    /// Defines the function, `<Id>Role`, `<Id>RolePolicy` and `<Id>LogGroup`; returns the
    /// policy's logical ID (what a resource that triggers the function should depend on).
    /// `max_timeout` is the ceiling of the caller (300 s for Firehose, 900 s for Lambda);
    /// `extra_env` are variables whose values are template values (e.g. a `Ref`).
    pub fn synth(
        &self,
        ctx: &mut SynthContext<'_>,
        max_timeout: u32,
        timeout_note: &str,
        extra_env: Vec<(String, Value)>,
    ) -> String {
        validate::range(
            ctx,
            &rules::LAMBDA_MEMORY,
            "MemorySize",
            &self.memory_mb,
            128,
            10_240,
            "MB",
        );
        validate::range(
            ctx,
            &rules::LAMBDA_TIMEOUT,
            "Timeout",
            &self.timeout_s,
            1,
            max_timeout,
            timeout_note,
        );
        if let Some(rc) = &self.reserved_concurrency {
            validate::range(
                ctx,
                &rules::LAMBDA_RESERVED_CONCURRENCY,
                "ReservedConcurrentExecutions",
                rc,
                1,
                100_000,
                "0 would stop the function",
            );
        }
        let mut env_bytes = 0usize;
        for (k, v) in &self.environment {
            env_bytes += k.len() + value_bytes(v);
            let valid = k.len() >= 2
                && k.starts_with(|c: char| c.is_ascii_alphabetic())
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                ctx.error(
                    &rules::LAMBDA_ENV_KEY,
                    "Environment.Variables",
                    format!("{k:?}"),
                    "a letter, then letters, digits or '_' (at least 2 characters)",
                );
            } else if RESERVED_ENV.contains(&k.as_str()) {
                ctx.error(
                    &rules::LAMBDA_ENV_KEY,
                    "Environment.Variables",
                    format!("{k:?}"),
                    "a name Lambda does not reserve",
                );
            }
        }
        // Variables whose values are template values (a Ref to a name): count the key and the
        // longest value the reference can have (resource names are at most 64 characters).
        env_bytes += extra_env.iter().map(|(k, _)| k.len() + 64).sum::<usize>();
        if env_bytes > 4096 {
            ctx.error(
                &rules::LAMBDA_ENV_SIZE,
                "Environment.Variables",
                format!("{env_bytes} bytes"),
                "at most 4 KB of environment variables",
            );
        }

        let log_group = define_log_group(
            ctx,
            self.log_retention_days,
            "LoggingConfig.LogGroup",
            self.log_key.as_ref(),
        );
        let log_arn = ctx.get_att(&log_group, "Arn");
        let mut statements = vec![Statement::allow(
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            [log_arn],
        )];
        for g in &self.grants {
            statements.extend(g.statements().iter().cloned());
        }
        let role = define_role(ctx, "lambda.amazonaws.com", false, &statements);

        let Code::InlinePython(source) = &self.code;
        let role_arn = ctx.value("Role", &ctx.get_att(&role.role, "Arn"));
        let log_group_name = ctx.value("LoggingConfig.LogGroup", &ctx.ref_(&log_group));
        let mut r = Resource::new("AWS::Lambda::Function")
            .opt_prop("Description", self.description.clone())
            .prop("Runtime", self.runtime.as_str())
            .prop("Handler", "index.handler")
            .prop("Code", json!({ "ZipFile": source }))
            .prop("Role", role_arn)
            .prop("Architectures", json!([self.architecture.as_str()]))
            .prop("MemorySize", ctx.value("MemorySize", &self.memory_mb))
            .prop("Timeout", ctx.value("Timeout", &self.timeout_s))
            .prop(
                "LoggingConfig",
                json!({ "LogGroup": log_group_name, "LogFormat": "Text" }),
            );
        let has_environment = !self.environment.is_empty() || !extra_env.is_empty();
        if has_environment {
            let mut vars: Map<String, Value> = Map::new();
            for (k, v) in &self.environment {
                let value = ctx.value(&format!("Environment.Variables.{k}"), v);
                vars.insert(k.clone(), value);
            }
            vars.extend(extra_env);
            r = r.prop("Environment", json!({ "Variables": vars }));
        }
        if let Some(rc) = &self.reserved_concurrency {
            r = r.prop(
                "ReservedConcurrentExecutions",
                ctx.value("ReservedConcurrentExecutions", rc),
            );
        }
        r = r
            .checkov_skip(
                "CKV_AWS_116",
                "invoked synchronously (by Firehose, an event source mapping or CloudFormation), \
                 where a dead-letter queue is never used; the caller keeps what fails",
            )
            .checkov_skip(
                "CKV_AWS_117",
                "calls AWS APIs only; a VPC would need NAT or endpoints and protect nothing more",
            );
        if self.reserved_concurrency.is_none() {
            r = r.checkov_skip(
                "CKV_AWS_115",
                "reserved concurrency is opt-in (.reserved_concurrency): a cap would throttle \
                 the invocations of the stream or delivery stream it serves",
            );
        }
        if has_environment {
            r = r.checkov_skip(
                "CKV_AWS_173",
                "the variables hold resource names and options, no secrets; Lambda encrypts them \
                 at rest with its AWS-managed key",
            );
        }
        // The function must not run before its policy (logs, grants) exists.
        let r = r.depends_on(role.policy.clone()).taggable();
        let id = ctx.logical_id().to_owned();
        ctx.define(id, r);
        role.policy
    }
}

/// The bytes a variable's value takes at most as far as synth can tell: a literal's length, and
/// 64 for each part known only at deploy time (a resource name; the same estimate as for the
/// built-in code's own references).
fn value_bytes(v: &Expr) -> usize {
    match v {
        Expr::Str(s) => s.len(),
        Expr::Join(sep, parts) => {
            parts.iter().map(value_bytes).sum::<usize>() + sep.len() * parts.len().saturating_sub(1)
        }
        _ => 64,
    }
}

/// A handle to a function of this stack.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionRef {
    pub(crate) target: Target,
    pub(crate) timeout_s: Val<u32>,
    pub(crate) builtin: Option<super::ChangeOptions>,
    /// For a stream-fed function: the logical ID of its failure queue.
    pub(crate) failure_queue: Option<String>,
}

impl FunctionRef {
    /// The function ARN, `{"Fn::GetAtt": [id, "Arn"]}`.
    #[must_use]
    pub fn arn(&self) -> Expr {
        Expr::GetAtt(self.target.clone(), "Arn".into())
    }

    /// The function name, `{"Ref": id}`.
    #[must_use]
    pub fn name(&self) -> Expr {
        Expr::Ref(self.target.clone())
    }

    /// The logical ID.
    #[must_use]
    pub fn logical_id(&self) -> &str {
        self.target.logical_id()
    }

    /// The options of the built-in change-record code, when the function runs it.
    #[must_use]
    pub fn change_options(&self) -> Option<&super::ChangeOptions> {
        self.builtin.as_ref()
    }

    /// `lambda:InvokeFunction` (and `GetFunctionConfiguration`) on this function and its versions.
    pub fn grant_invoke(&self) -> Grant {
        Grant::new([Statement::allow(
            &["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"],
            [self.arn(), Expr::join([self.arn(), Expr::from(":*")])],
        )])
    }
}
