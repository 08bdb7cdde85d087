//! Synth-time capacity checks of a stream: the planner's model (`ferrocdk_plan::capacity`),
//! so that synth and `ferrocdk plan` give the same shard count for the same load.
//!
//! A declared load is the peak writes per second and the item size; the rest of the record's
//! shape is the planner's default ([`load_assumption`]), which every diagnostic states.
//! Exceeding a provisioned stream's limits is an error (its capacity is fixed by the
//! template); an on-demand stream's, a warning (its capacity follows the traffic, and the
//! model is conservative). Without a declared load only the number of consumers is checked.

use ferrocdk_core::rules;
use ferrocdk_core::SynthContext;
use ferrocdk_plan::capacity::{
    check_kinesis_stream, load_assumption, mib_per_s, Capacity, StreamCheck, MAX_POLLING_CONSUMERS,
};
use ferrocdk_plan::{thousands, Workload, MAX_ITEM_BYTES};

/// The region whose code the change records count: a stack's region is not known at synth, so
/// the planner's default (its price table's region), which makes synth and a default plan
/// agree to the byte. Region codes are 9–14 characters: elsewhere a record is at most 5 bytes
/// longer.
pub(crate) const REGION: &str = ferrocdk_plan::capacity::DEFAULT_REGION;

/// The load a stream is declared to carry: peak item writes per second on the table and the
/// average item size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExpectedLoad {
    pub(crate) writes_per_s: f64,
    pub(crate) item_bytes: f64,
}

/// What synth knows of a stream's capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeclaredCapacity {
    /// Provisioned with a literal shard count.
    Shards(u32),
    /// On-demand.
    OnDemand,
    /// Not known at synth: a shard count from a parameter, or an existing stream.
    Unknown,
}

impl ExpectedLoad {
    /// The planner's workload for this load: the peak as both rates, the default shape.
    fn workload(&self) -> Workload {
        Workload::new(self.writes_per_s, self.item_bytes)
    }

    /// The stream against this load, with the planner's model, in `region` (record sizes
    /// count the region code).
    fn check_stream(
        &self,
        region: &str,
        capacity: Capacity,
        consumers: u32,
    ) -> Option<StreamCheck> {
        check_kinesis_stream(&self.workload(), region, capacity, consumers).ok()
    }

    /// The load in words, with the assumption behind the record size.
    fn describe(&self, c: &StreamCheck) -> String {
        format!(
            "a declared peak of {} writes/s of {}-byte items: {} change records/s of {} bytes \
             on average ({}), {} with partition keys",
            thousands(self.writes_per_s, 0),
            thousands(self.item_bytes, 0),
            thousands(c.records_per_s, 0),
            thousands(c.record_bytes, 0),
            load_assumption(&self.workload()),
            mib_per_s(c.write_bytes_per_s),
        )
    }

    /// Reports bad numbers; returns whether the load is usable.
    pub(crate) fn check(&self, ctx: &mut SynthContext<'_>) -> bool {
        let ok_rate = self.writes_per_s.is_finite() && self.writes_per_s >= 0.0;
        let ok_size = self.item_bytes.is_finite()
            && self.item_bytes >= 1.0
            && self.item_bytes <= MAX_ITEM_BYTES;
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

    /// The stream's writes in `region`: a provisioned stream whose shards cannot take the
    /// peak is an error; an on-demand stream whose peak is above what a new stream starts
    /// with (or above its maximum), a warning. Each names the shard count or mode that passes.
    pub(crate) fn check_writes(
        &self,
        ctx: &mut SynthContext<'_>,
        capacity: DeclaredCapacity,
        region: &str,
    ) {
        match capacity {
            DeclaredCapacity::Shards(n) => {
                let Some(c) = self.check_stream(region, Capacity::Provisioned(n.into()), 1) else {
                    return;
                };
                let Some(worst) = c
                    .exceeded()
                    .filter(|l| l.limit.is_stream_write())
                    .max_by(|a, b| a.utilisation.total_cmp(&b.utilisation))
                else {
                    return;
                };
                ctx.error(
                    &rules::KINESIS_SHARDS_TOO_FEW,
                    "ShardCount",
                    format!("{n} shard(s) for {}", self.describe(&c)),
                    format!(
                        "{} binds ({}% used at {n} shard(s)): for the writes, {}; the \
                         consumers' reads may need more (kinesis-read-capacity)",
                        worst.limit,
                        thousands(worst.utilisation * 100.0, 1),
                        c.passes_with.describe(),
                    ),
                );
            }
            DeclaredCapacity::OnDemand => {
                let Some(c) = self.check_stream(region, Capacity::OnDemand, 1) else {
                    return;
                };
                let too_much = c.exceeded().any(|l| l.limit.is_stream_write());
                if too_much || c.passes_with.above_on_demand_start {
                    let shards = c.passes_with.shards.unwrap_or(1);
                    ctx.warn(
                        &rules::KINESIS_ON_DEMAND_CAPACITY,
                        "StreamModeDetails",
                        format!("on-demand mode for {}", self.describe(&c)),
                        format!(
                            "a peak within the 4 MB/s a new on-demand stream starts with (above \
                             it, DynamoDB's writes are throttled until the stream has scaled, \
                             about 15 minutes per doubling{}); for the writes, {shards} \
                             provisioned shard{} take the peak from the start",
                            if too_much {
                                "; and above 10 GB/s it never scales"
                            } else {
                                ""
                            },
                            if shards == 1 { "" } else { "s" },
                        ),
                    );
                }
            }
            DeclaredCapacity::Unknown => {}
        }
    }
}

/// Called by each standard consumer of a stream (`tally_key` counts it across the app,
/// `stream_key` names it in messages): counts it, and checks the consumers so far (plus the
/// stream's external ones) against the stream's shared reads.
pub(crate) fn check_consumers(
    ctx: &mut SynthContext<'_>,
    tally_key: &str,
    stream_key: &str,
    external: u32,
    capacity: DeclaredCapacity,
    load: Option<ExpectedLoad>,
    property: &str,
) {
    let consumers = ctx.tally(&format!("kinesis-consumers/{tally_key}")) + external;
    let mode = match capacity {
        DeclaredCapacity::Shards(n) if n > 0 => Some(Capacity::Provisioned(n.into())),
        DeclaredCapacity::OnDemand => Some(Capacity::OnDemand),
        _ => None,
    };
    // A bad load is reported by the stream (kinesis-expected-load) and checks nothing here.
    let load = load.filter(|l| l.check_stream(REGION, Capacity::OnDemand, 1).is_some());
    match (mode, load) {
        (Some(mode), Some(l)) => {
            if let Some(c) = l.check_stream(REGION, mode, consumers) {
                read_capacity(ctx, stream_key, property, l, &c);
            }
        }
        _ => read_budget(ctx, stream_key, property, capacity, consumers, load),
    }
}

/// With a declared load: reads beyond the stream's shared read limits.
fn read_capacity(
    ctx: &mut SynthContext<'_>,
    stream_key: &str,
    property: &str,
    load: ExpectedLoad,
    c: &StreamCheck,
) {
    let Some(worst) = c
        .exceeded()
        .filter(|l| l.limit.is_stream_read())
        .max_by(|a, b| a.utilisation.total_cmp(&b.utilisation))
    else {
        return;
    };
    let k = c.consumers;
    let mode = match c.capacity {
        Capacity::Provisioned(n) => format!("{n} shard(s)"),
        Capacity::OnDemand => "on-demand".to_string(),
    };
    let received = format!(
        "consumer number {k} of {stream_key:?} ({mode}): {k} polling consumers each read \
         everything, {}",
        load.describe(c)
    );
    let allowed = format!(
        "{} binds ({} of {} {}, {}% used): {}{}",
        worst.limit,
        thousands(worst.demand, 0),
        thousands(worst.capacity, 0),
        worst.unit,
        thousands(worst.utilisation * 100.0, 1),
        c.passes_with.describe(),
        if c.passes_with.shards.is_some() {
            "; or enhanced fan-out for some consumers"
        } else {
            ""
        },
    );
    match c.capacity {
        Capacity::Provisioned(_) => {
            ctx.error(&rules::KINESIS_READ_CAPACITY, property, received, allowed)
        }
        Capacity::OnDemand => ctx.warn(
            &rules::KINESIS_ON_DEMAND_CAPACITY,
            property,
            received,
            allowed,
        ),
    }
}

/// Without a declared load, or without a shard count known at synth: the number of polling
/// consumers alone. With a declared load the shard count they need is named, and nothing is
/// reported when any shard count serves them.
fn read_budget(
    ctx: &mut SynthContext<'_>,
    stream_key: &str,
    property: &str,
    capacity: DeclaredCapacity,
    consumers: u32,
    load: Option<ExpectedLoad>,
) {
    let fix = "enhanced fan-out for some consumers, or fewer consumers";
    let k = consumers;
    // With a declared load (and a shard count unknown at synth): the planner's count.
    let needed = load
        .and_then(|l| l.check_stream(REGION, Capacity::OnDemand, k))
        .and_then(|c| c.passes_with.shards);
    if k > MAX_POLLING_CONSUMERS {
        ctx.warn(
            &rules::KINESIS_READ_BUDGET,
            property,
            format!("consumer number {k} of {stream_key:?}"),
            format!(
                "at most {MAX_POLLING_CONSUMERS} polling consumers per shard (5 GetRecords/s \
                 each shard, one per consumer per second): no shard count and no mode passes; \
                 use {fix}"
            ),
        );
    } else if k > 2 && needed != Some(1) {
        let per_shard = 2.0 / f64::from(k);
        let what_passes = match capacity {
            _ if needed.is_some() => format!(
                "at the declared peak, {k} consumers need a ShardCount of at least {} (the \
                 planner's count for this load)",
                needed.unwrap_or(1)
            ),
            DeclaredCapacity::Shards(n) if n > 0 => format!(
                "its {n} shard(s) serve {k} consumers up to a peak of {} MiB/s of change records \
                 (each shard serves 2 MiB/s of reads; provisioned shards needed: {k} × the peak \
                 in MiB/s ÷ 2)",
                thousands(f64::from(n) * per_shard, 2)
            ),
            DeclaredCapacity::OnDemand => format!(
                "on-demand serves {k} consumers up to a peak of {} MiB/s of change records (reads \
                 are twice the write capacity, which starts at 4 MB/s); provisioned shards \
                 needed: {k} × the peak in MiB/s ÷ 2",
                thousands(8.0 / f64::from(k), 2)
            ),
            DeclaredCapacity::Shards(_) | DeclaredCapacity::Unknown => format!(
                "provisioned shards needed: {k} × the peak in MiB/s ÷ 2 (each shard serves 2 MiB/s \
                 of reads, so writes of at most {} MiB/s per shard)",
                thousands(per_shard, 2)
            ),
        };
        ctx.warn(
            &rules::KINESIS_READ_BUDGET,
            property,
            format!(
                "consumer number {k} of {stream_key:?}, {}",
                if load.is_some() {
                    "whose shard count is not known at synth (a parameter)"
                } else {
                    "with no declared load"
                }
            ),
            format!(
                "at most 2 consumers when the stream writes near its capacity, as each reads \
                 everything: {what_passes}; declare KinesisStream::expected_writes to check the \
                 exact count, or use {fix}"
            ),
        );
    }
}
