//! `Forwarder`: the built-in DynamoDB Streams forwarder.

use super::build::Builder;
use super::construct::{common, construct_props};
use super::resolve::{Handle, TABLE};
use super::*;
use ferrocdk_aws::lambda::{Architecture, Forwarder, Runtime, StartingPosition};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

construct_props! {
    /// The built-in DynamoDB Streams forwarder: the function, its role and policy, log group,
    /// an encrypted SQS failure queue and the event source mapping. Mapping defaults: batch
    /// 100, no batching window, `TRIM_HORIZON`, 500 retries, bisect on error, maximum record
    /// age 24 h, parallelization 1. A change Firehose cannot take (over 1,000 KiB, or not
    /// shapeable) is kept as received in the delivery stream's bucket, under its error prefix.
    pub struct ForwarderProps {
        required {
            /// The id of a `Table` defined before, with `"stream": "NEW_AND_OLD_IMAGES"` (required).
            table: String,
            /// The id of a DirectPut `DeliveryStream` (one without `source`) defined before
            /// (required).
            delivery_stream: String,
        }
        optional {
            /// `BatchSize`, 1–10,000 records per invocation. Default: 100.
            #[schemars(extend("minimum" = 1, "maximum" = 10_000))]
            batch_size: NumberValue<u32>,
            /// `MaximumBatchingWindowInSeconds`, 0–300. Default: 0.
            #[schemars(extend("minimum" = 0, "maximum" = 300))]
            batching_window_seconds: NumberValue<u32>,
            /// `StartingPosition`. Default: `"TRIM_HORIZON"`. Changing it replaces the mapping.
            starting_position: StartingPosition,
            /// `MaximumRetryAttempts`: -1 (until the record expires) or 0–10,000. Default: 500.
            #[schemars(extend("minimum" = -1, "maximum" = 10_000))]
            max_retry_attempts: NumberValue<i64>,
            /// `BisectBatchOnFunctionError`. Default: `true`.
            bisect_on_error: bool,
            /// `MaximumRecordAgeInSeconds`: -1 (no limit) or 60–604,800. Default: 86,400.
            #[schemars(extend("minimum" = -1, "maximum" = 604_800, "not" = {"type": "integer", "exclusiveMinimum": -1, "exclusiveMaximum": 60}))]
            max_record_age_seconds: NumberValue<i64>,
            /// `ParallelizationFactor`, 1–10 concurrent batches per shard. Default: 1.
            #[schemars(extend("minimum" = 1, "maximum" = 10))]
            parallelization_factor: NumberValue<u32>,
            /// `MemorySize` in MB (128–10,240). Default: 256.
            #[schemars(extend("minimum" = 128, "maximum" = 10_240))]
            memory_mb: NumberValue<u32>,
            /// `Timeout` in seconds (1–900). Default: 60.
            #[schemars(extend("minimum" = 1, "maximum" = 900))]
            timeout_seconds: NumberValue<u32>,
            /// `Runtime`. Default: `"python3.14"`.
            runtime: Runtime,
            /// `Architectures`. Default: `"arm64"`.
            architecture: Architecture,
            /// Environment variables, set in this order. Default: only the built-in code's own.
            environment: IndexMap<String, String>,
            /// `ReservedConcurrentExecutions` (≥ 1). Default: unreserved.
            #[schemars(extend("minimum" = 1, "maximum" = 100_000))]
            reserved_concurrency: NumberValue<u32>,
            /// Omit `oldImage` from every line. Default: `false`.
            drop_old_image: bool,
            /// Do not forward deletes made by TTL. Default: `false` (forwarded with
            /// `isTtlDelete: true`).
            drop_ttl_deletes: bool,
            /// Retention of the function's log group, in days. Default: 30.
            #[schemars(extend("enum" = ferrocdk_aws::logs::RETENTION_DAYS))]
            log_retention_days: u32,
            /// Encrypts the function's log group with this customer-managed key (the id of a
            /// `Key` defined before, or a key ARN). Default: CloudWatch Logs' own encryption.
            log_group_key: StringValue,
            /// Encrypts the failure queue with this customer-managed key (the id of a `Key`
            /// defined before, or a key ARN); the function's role gets `kms:Decrypt` and
            /// `kms:GenerateDataKey` on it. Default: SQS-managed encryption.
            failure_queue_key: StringValue,
        }
    }
}

impl ForwarderProps {
    /// Where synth's findings on CloudFormation properties are placed in the file:
    /// `(property, member)`, `*` standing for a list index.
    pub(super) const PLACES: &'static [(&'static str, &'static str)] = &[
        ("EventSourceArn", "table"),
        ("Mapping.BatchSize", "batchSize"),
        (
            "Mapping.MaximumBatchingWindowInSeconds",
            "batchingWindowSeconds",
        ),
        ("Mapping.StartingPosition", "startingPosition"),
        ("Mapping.MaximumRetryAttempts", "maxRetryAttempts"),
        ("Mapping.BisectBatchOnFunctionError", "bisectOnError"),
        ("Mapping.MaximumRecordAgeInSeconds", "maxRecordAgeSeconds"),
        ("Mapping.ParallelizationFactor", "parallelizationFactor"),
        ("Runtime", "runtime"),
        ("MemorySize", "memoryMb"),
        ("Timeout", "timeoutSeconds"),
        ("Architectures", "architecture"),
        ("Environment", "environment"),
        ("ReservedConcurrentExecutions", "reservedConcurrency"),
        ("LoggingConfig", "logRetentionDays"),
    ];

    /// Adds the construct through its builder; `None` when a reference or value could not
    /// be resolved (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        let p = self;
        let mut ok = true;
        let at = b.at("table");
        let table = match b.lookup(
            at,
            &p.table,
            &TABLE,
            &|h| matches!(h, Handle::Table(_)),
            &|_| None,
        ) {
            Some(Handle::Table(t)) => Some(t.clone()),
            _ => None,
        };
        let at = b.at("deliveryStream");
        let delivery = b.direct_put_ref(
            at,
            &p.delivery_stream,
            ": a Kinesis-fed delivery stream takes no PutRecordBatch, which the forwarder sends",
        );
        let batch = b.opt_number(&mut ok, "batchSize", &p.batch_size);
        let window = b.opt_number(&mut ok, "batchingWindowSeconds", &p.batching_window_seconds);
        let retries = b.opt_number(&mut ok, "maxRetryAttempts", &p.max_retry_attempts);
        let age = b.opt_number(&mut ok, "maxRecordAgeSeconds", &p.max_record_age_seconds);
        let parallel = b.opt_number(&mut ok, "parallelizationFactor", &p.parallelization_factor);
        let memory = b.opt_number(&mut ok, "memoryMb", &p.memory_mb);
        let timeout = b.opt_number(&mut ok, "timeoutSeconds", &p.timeout_seconds);
        let reserved = b.opt_number(&mut ok, "reservedConcurrency", &p.reserved_concurrency);
        let log_key = match &p.log_group_key {
            None => None,
            Some(k) => b.key(&mut ok, "logGroupKey", k),
        };
        let queue_key = match &p.failure_queue_key {
            None => None,
            Some(k) => b.key(&mut ok, "failureQueueKey", k),
        };
        let (Some(table), Some(delivery), true) = (table, delivery, ok) else {
            return None;
        };
        let mut f = common(
            Forwarder::dynamodb_changes(&p.id, &table, &delivery),
            &p.logical_id,
            &p.tags,
        );
        if let Some(v) = batch {
            f = f.batch_size(v);
        }
        if let Some(v) = window {
            f = f.batching_window_seconds(v);
        }
        if let Some(v) = p.starting_position {
            f = f.starting_position(v);
        }
        if let Some(v) = retries {
            f = f.max_retry_attempts(v);
        }
        if let Some(v) = p.bisect_on_error {
            f = f.bisect_on_error(v);
        }
        if let Some(v) = age {
            f = f.max_record_age_seconds(v);
        }
        if let Some(v) = parallel {
            f = f.parallelization_factor(v);
        }
        if let Some(v) = memory {
            f = f.memory_mb(v);
        }
        if let Some(v) = timeout {
            f = f.timeout_seconds(v);
        }
        if let Some(r) = p.runtime {
            f = f.runtime(r);
        }
        for (k, v) in p.environment.iter().flatten() {
            f = f.environment(k.clone(), v.clone());
        }
        if let Some(v) = reserved {
            f = f.reserved_concurrency(v);
        }
        if let Some(a) = p.architecture {
            f = f.architecture(a);
        }
        if let Some(v) = p.drop_old_image {
            f = f.drop_old_image(v);
        }
        if let Some(v) = p.drop_ttl_deletes {
            f = f.drop_ttl_deletes(v);
        }
        if let Some(d) = p.log_retention_days {
            f = f.log_retention_days(d);
        }
        if let Some(k) = &log_key {
            f = f.log_group_key(k);
        }
        if let Some(k) = &queue_key {
            f = f.failure_queue_key(k);
        }
        Some(Handle::Forwarder(b.stack.add(f)))
    }
}
