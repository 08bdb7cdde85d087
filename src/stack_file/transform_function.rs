//! `TransformFunction`: a Lambda function Firehose invokes to transform records.

use super::build::Builder;
use super::construct::{common, construct_props};
use super::resolve::Handle;
use super::*;
use ferrocdk_aws::iam::Grant;
use ferrocdk_aws::lambda::{Architecture, ChangeOptions, Code, Runtime, TransformFunction};
use ferrocdk_core::rules;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

construct_props! {
    /// A Lambda function that Firehose invokes to transform records, with its role, policy
    /// and log group. Defaults: the built-in DynamoDB change shaping, Python 3.14 on arm64,
    /// 256 MB, 60 s.
    pub struct TransformFunctionProps {
        required {
        }
        optional {
            /// The code: `"dynamodbChanges"` (built in: DynamoDB change records → one JSON line
            /// each, see docs/record-contract.md) or `{"inlinePython": "<source>"}` (a
            /// `handler(event, context)` answering Firehose's transformation contract).
            /// Default: `"dynamodbChanges"`.
            code: CodeSpec,
            /// Options of the built-in code (only with `"code": "dynamodbChanges"`). Default: all
            /// off.
            change_options: ChangeOptionsProps,
            /// `Runtime`. Default: `"python3.14"`.
            runtime: Runtime,
            /// `MemorySize` in MB (128–10,240). Default: 256.
            #[schemars(extend("minimum" = 128, "maximum" = 10_240))]
            memory_mb: NumberValue<u32>,
            /// `Timeout` in seconds (1–300: Firehose waits at most 5 minutes). Default: 60.
            #[schemars(extend("minimum" = 1, "maximum" = 300))]
            timeout_seconds: NumberValue<u32>,
            /// `Architectures`. Default: `"arm64"` (about 20% cheaper per GB-second).
            architecture: Architecture,
            /// Environment variables, set in this order. Default: none (the built-in code's
            /// options add theirs).
            environment: IndexMap<String, String>,
            /// `ReservedConcurrentExecutions` (≥ 1). Default: unreserved.
            #[schemars(extend("minimum" = 1, "maximum" = 100_000))]
            reserved_concurrency: NumberValue<u32>,
            /// Retention of the function's log group, in days (a CloudWatch Logs value).
            /// Default: 30.
            #[schemars(extend("enum" = ferrocdk_aws::logs::RETENTION_DAYS))]
            log_retention_days: u32,
            /// Encrypts the function's log group with this customer-managed key (the id of a
            /// `Key` defined before, or a key ARN). Default: CloudWatch Logs' own encryption.
            log_group_key: StringValue,
            /// Extra permissions for the function's policy. Default: none (logs only).
            grants: Vec<GrantSpec>,
        }
    }
}

/// The code of a transform function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum CodeSpec {
    /// The built-in DynamoDB change shaping (Kinesis Data Streams for DynamoDB records).
    DynamodbChanges,
    /// `{"inlinePython": "<source>"}`: your own Python with a `handler(event, context)`,
    /// placed in the template as `Code.ZipFile` (it counts against the 51,200-byte limit).
    InlinePython(String),
}

/// Options of the built-in change-record code, passed as environment variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeOptionsProps {
    /// Omit `oldImage` from every line. Default: `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_old_image: Option<bool>,
    /// Drop deletes made by TTL. Default: `false` (kept, marked `isTtlDelete: true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_ttl_deletes: Option<bool>,
    /// Emit `table`, `eventName`, `eventDate` partition keys; the delivery stream then turns
    /// on dynamic partitioning by itself. Default: `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_keys: Option<bool>,
}

/// Extra permissions for a function's policy. Exactly one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum GrantSpec {
    /// `{"putRecords": "<id>"}`: `firehose:PutRecord` and `PutRecordBatch` on a DirectPut
    /// `DeliveryStream` defined before (a Kinesis-fed one takes no PutRecord).
    PutRecords(String),
    /// `{"invoke": "<id>"}`: `lambda:InvokeFunction` on a `TransformFunction` defined before.
    Invoke(String),
    /// `{"readStream": …}`: what a consumer needs to read a Kinesis stream (and `kms:Decrypt`
    /// on its customer-managed key).
    ReadStream(StreamReference),
}

impl TransformFunctionProps {
    /// Where synth's findings on CloudFormation properties are placed in the file:
    /// `(property, member)`, `*` standing for a list index.
    pub(super) const PLACES: &'static [(&'static str, &'static str)] = &[
        ("Code", "code"),
        ("Runtime", "runtime"),
        ("MemorySize", "memoryMb"),
        ("Timeout", "timeoutSeconds"),
        ("Architectures", "architecture"),
        ("Environment", "environment"),
        ("ReservedConcurrentExecutions", "reservedConcurrency"),
        ("LoggingConfig", "logRetentionDays"),
        ("Policies", "grants"),
        ("PolicyDocument", "grants"),
    ];

    /// Adds the construct through its builder; `None` when a reference or value could not
    /// be resolved (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        let p = self;
        let mut ok = true;
        let mut f = match &p.code {
            None | Some(CodeSpec::DynamodbChanges) => TransformFunction::dynamodb_changes(&p.id),
            Some(CodeSpec::InlinePython(source)) => {
                if p.change_options.is_some() {
                    let at = b.at("changeOptions");
                    b.report(
                        &rules::FILE_VALUE,
                        at,
                        "change options with your own code",
                        "changeOptions only with \"code\": \"dynamodbChanges\" (the built-in \
                         code reads them)",
                    );
                    ok = false;
                }
                TransformFunction::new(&p.id, Code::inline_python(source.clone()))
            }
        };
        f = common(f, &p.logical_id, &p.tags);
        if let Some(o) = &p.change_options {
            f = f.change_options(ChangeOptions {
                drop_old_image: o.drop_old_image.unwrap_or(false),
                drop_ttl_deletes: o.drop_ttl_deletes.unwrap_or(false),
                partition_keys: o.partition_keys.unwrap_or(false),
            });
        }
        if let Some(r) = p.runtime {
            f = f.runtime(r);
        }
        if let Some(v) = b.opt_number(&mut ok, "memoryMb", &p.memory_mb) {
            f = f.memory_mb(v);
        }
        if let Some(v) = b.opt_number(&mut ok, "timeoutSeconds", &p.timeout_seconds) {
            f = f.timeout_seconds(v);
        }
        if let Some(a) = p.architecture {
            f = f.architecture(a);
        }
        for (k, v) in p.environment.iter().flatten() {
            f = f.environment(k.clone(), v.clone());
        }
        if let Some(v) = b.opt_number(&mut ok, "reservedConcurrency", &p.reserved_concurrency) {
            f = f.reserved_concurrency(v);
        }
        if let Some(d) = p.log_retention_days {
            f = f.log_retention_days(d);
        }
        if let Some(k) = &p.log_group_key {
            if let Some(key) = b.key(&mut ok, "logGroupKey", k) {
                f = f.log_group_key(&key);
            }
        }
        for (i, g) in p.grants.iter().flatten().enumerate() {
            match g.lower(b, format!("constructs[{}].grants[{i}]", b.current)) {
                Some(g) => f = f.grant(g),
                None => ok = false,
            }
        }
        ok.then(|| Handle::Function(b.stack.add(f)))
    }
}

impl GrantSpec {
    fn lower(&self, b: &mut Builder, at: String) -> Option<Grant> {
        match self {
            GrantSpec::PutRecords(id) => b
                .direct_put_ref(
                    format!("{at}.putRecords"),
                    id,
                    ": a Kinesis-fed delivery stream takes no PutRecord",
                )
                .map(|d| d.grant_put_records()),
            GrantSpec::Invoke(id) => b
                .function_ref(format!("{at}.invoke"), id)
                .map(|f| f.grant_invoke()),
            GrantSpec::ReadStream(r) => b
                .stream_ref(format!("{at}.readStream"), r)
                .map(|s| s.grant_read()),
        }
    }
}
