//! Synth-time capacity checks of a stream, with the planner's arithmetic.

use ferrocdk_core::rules;
use ferrocdk_core::SynthContext;
use ferrocdk_plan::record::{kinesis_change_record_bytes, EventKind, RecordShape};
use ferrocdk_plan::{kinesis_shards_needed, read_budget, Workload};

/// The load a stream is declared to carry: peak item writes per second on the table and the
/// average item size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExpectedLoad {
    pub(crate) writes_per_s: f64,
    pub(crate) item_bytes: f64,
}

impl ExpectedLoad {
    /// Bytes of one change record, counted as a MODIFY (both images, the largest kind).
    pub(crate) fn record_bytes(&self) -> f64 {
        let shape = RecordShape::of(
            &Workload::new(self.writes_per_s, self.item_bytes),
            "us-east-1",
        );
        kinesis_change_record_bytes(&shape, EventKind::Modify)
    }

    /// Reports bad numbers; returns whether the load is usable.
    pub(crate) fn check(&self, ctx: &mut SynthContext<'_>) -> bool {
        let ok_rate = self.writes_per_s.is_finite() && self.writes_per_s >= 0.0;
        let ok_size =
            self.item_bytes.is_finite() && self.item_bytes > 0.0 && self.item_bytes <= 409_600.0;
        if !ok_rate || !ok_size {
            ctx.error(
                &rules::KINESIS_EXPECTED_LOAD,
                "-",
                format!(
                    "{} writes/s of {}-byte items",
                    self.writes_per_s, self.item_bytes
                ),
                "a finite rate ≥ 0 and an item size of 1 byte to 400 KB (DynamoDB's item limit)",
            );
        }
        ok_rate && ok_size
    }

    /// With `shards` provisioned: a warning when they cannot take the writes.
    pub(crate) fn check_shards(&self, ctx: &mut SynthContext<'_>, shards: u32) {
        let Ok(sizing) = kinesis_shards_needed(self.writes_per_s, self.record_bytes(), 1) else {
            return;
        };
        if sizing.shards > u64::from(shards) {
            ctx.warn(
                &rules::KINESIS_SHARDS_TOO_FEW,
                "ShardCount",
                format!(
                    "{shards} shard(s) for {} change records/s of about {:.0} bytes",
                    self.writes_per_s,
                    self.record_bytes()
                ),
                format!(
                    "at least {} shards: {} binds first (or use on-demand mode)",
                    sizing.shards,
                    sizing.binding.describe()
                ),
            );
        }
    }
}

/// Called by each standard consumer of `stream_key`: counts it, and warns when the consumers
/// so far (plus the stream's external ones) exceed the shards' shared read budget.
pub(crate) fn check_consumers(
    ctx: &mut SynthContext<'_>,
    stream_key: &str,
    external: u32,
    shards: Option<u32>,
    load: Option<ExpectedLoad>,
    property: &str,
) {
    let consumers = ctx.tally(&format!("kinesis-consumers/{stream_key}")) + external;
    let fix = "enhanced fan-out for some consumers, fewer consumers, or more shards";
    match (shards, load) {
        (Some(shards), Some(load)) if shards > 0 => {
            let Ok(budget) = read_budget(u64::from(shards), load.writes_per_s, load.record_bytes(), consumers) else {
                return;
            };
            if !budget.within {
                ctx.warn(
                    &rules::KINESIS_READ_BUDGET,
                    property,
                    format!("consumer number {consumers} of {stream_key:?} ({shards} shard(s), {} records/s)", load.writes_per_s),
                    format!("reads within the shards' shared budget: {} binds first; use {fix}", budget.binding.describe()),
                );
            }
        }
        _ if consumers > 5 => ctx.warn(
            &rules::KINESIS_READ_BUDGET,
            property,
            format!("consumer number {consumers} of {stream_key:?}"),
            format!("at most 5 polling consumers per shard (5 GetRecords/s each shard, one per consumer per second); use {fix}"),
        ),
        _ if consumers > 2 => ctx.warn(
            &rules::KINESIS_READ_BUDGET,
            property,
            format!("consumer number {consumers} of {stream_key:?}, with no declared load"),
            format!(
                "at most 2 consumers when the stream writes near its capacity (each reads everything; \
                 2 MB/s of reads per shard): declare KinesisStream::expected_writes to check exactly, or use {fix}"
            ),
        ),
        _ => {}
    }
}
