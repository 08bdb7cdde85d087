//! One capacity model of a Kinesis stream for a declared load, shared by the planner and by
//! synth's checks (`KinesisStream::expected_writes` in `ferrocdk-aws`): the same average
//! record, the same limits, the same answer to "how many shards would pass".
//!
//! When only the peak rate and the item size are known, everything else about the load is
//! [`Workload::new`]'s default: that is the one assumption, put in words by
//! [`load_assumption`], which the planner's report and every synth diagnostic print.
//!
//! ```
//! use ferrocdk_plan::capacity::{check_kinesis_stream, Capacity, DEFAULT_REGION};
//! use ferrocdk_plan::{kinesis_shards_needed, Workload};
//! // 2,000 writes/s of 3,072-byte items, Firehose and 2 more polling consumers.
//! let w = Workload::new(2000.0, 3072.0);
//! let at_13 = check_kinesis_stream(&w, DEFAULT_REGION, Capacity::Provisioned(13), 3)?;
//! assert!(!at_13.within());
//! assert_eq!(at_13.passes_with.shards, Some(14));
//! assert!(check_kinesis_stream(&w, DEFAULT_REGION, Capacity::Provisioned(14), 3)?.within());
//! // The planner sizes the same stream with the same record: 14 shards.
//! let bytes = ferrocdk_plan::capacity::kinesis_record_bytes(&w, DEFAULT_REGION);
//! assert_eq!(kinesis_shards_needed(2000.0, bytes, 3)?.shards, 14);
//! # Ok::<(), ferrocdk_plan::PlanError>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::error::{PlanError, Problems};
use crate::limits::{LimitCheck, MIB, ON_DEMAND_INITIAL_WRITE_BYTES_PER_S, PARTITION_KEY_BYTES};
use crate::plan::mixed;
use crate::record::{kinesis_change_record_bytes, RecordShape};
use crate::report::thousands;
use crate::sizing::{
    check_stream_inputs, kinesis_shards_needed, on_demand_sizing, provisioned_checks,
};
use crate::workload::Workload;

/// The region whose code the records count when the stack's region is not known, as at
/// synth: the default price table's, so that synth and a default plan agree to the byte.
/// Region codes are 9 to 14 characters, so elsewhere a record differs by at most 5 bytes.
pub const DEFAULT_REGION: &str = crate::us_east_1::REGION;

/// Most polling consumers any shard serves: 5 GetRecords/s per shard, one per consumer per
/// second.
pub const MAX_POLLING_CONSUMERS: u32 = 5;

/// Average bytes of one change record on the stream (its data, without the 32-byte
/// partition key), weighted by the workload's mix of INSERT, MODIFY and REMOVE: the record
/// the planner sizes and prices the Kinesis route with, and synth checks a stream with.
pub fn kinesis_record_bytes(w: &Workload, region: &str) -> f64 {
    let shape = RecordShape::of(w, region);
    mixed(&w.mix, |k| kinesis_change_record_bytes(&shape, k))
}

/// What the record size assumes besides the rate and the item size, in words: the change
/// mix and the item's shape.
///
/// ```
/// let w = ferrocdk_plan::Workload::new(1.0, 1000.0);
/// assert_eq!(
///     ferrocdk_plan::capacity::load_assumption(&w),
///     "60% INSERT / 30% MODIFY / 10% REMOVE; 10 string attributes, a 40-byte key, \
///      a 24-character table name"
/// );
/// ```
pub fn load_assumption(w: &Workload) -> String {
    format!(
        "{}% INSERT / {}% MODIFY / {}% REMOVE; {} string attributes, a {}-byte key, \
         a {}-character table name",
        thousands(w.mix.insert * 100.0, 0),
        thousands(w.mix.modify * 100.0, 0),
        thousands(w.mix.remove * 100.0, 0),
        w.attributes_per_item,
        thousands(w.key_bytes, 0),
        w.table_name_bytes,
    )
}

/// A stream's capacity mode, as declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    /// Provisioned with this many shards.
    Provisioned(u64),
    /// On-demand: capacity follows the traffic.
    OnDemand,
}

/// What would carry a load: the fewest provisioned shards, and whether on-demand mode does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedy {
    /// The fewest provisioned shards within every limit (the planner's shard count); `None`
    /// when no count is, with more than 5 polling consumers (5 GetRecords/s per shard).
    pub shards: Option<u64>,
    /// Whether an on-demand stream is within every limit: reads twice its write capacity
    /// shared by the consumers, at most 5 polling consumers, at most 10 GB/s of writes.
    pub on_demand: bool,
    /// Whether the peak is above the 4 MB/s a new on-demand stream starts with: on-demand
    /// then throttles until it has scaled (about 15 minutes per doubling).
    pub above_on_demand_start: bool,
}

impl Remedy {
    /// The shard count or mode that passes, in words.
    ///
    /// ```
    /// use ferrocdk_plan::capacity::Remedy;
    /// let r = Remedy { shards: Some(14), on_demand: false, above_on_demand_start: true };
    /// assert_eq!(r.describe(), "14 provisioned shards or more");
    /// ```
    pub fn describe(&self) -> String {
        let on_demand = if self.above_on_demand_start {
            "on-demand mode (it starts at 4 MB/s and throttles until it has scaled, about 15 \
             minutes per doubling)"
        } else {
            "on-demand mode"
        };
        match (self.shards, self.on_demand) {
            (Some(n), true) => format!("{n} provisioned shard{} or more, or {on_demand}", s(n)),
            (Some(n), false) => format!("{n} provisioned shard{} or more", s(n)),
            (None, true) => on_demand.to_string(),
            (None, false) => format!(
                "no shard count and no mode: more than {MAX_POLLING_CONSUMERS} polling consumers \
                 share 5 GetRecords/s per shard; use enhanced fan-out for some of them, or fewer \
                 consumers"
            ),
        }
    }
}

fn s(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A stream checked against a load at its peak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StreamCheck {
    /// The mode checked.
    pub capacity: Capacity,
    /// Polling consumers (Firehose counts as one).
    pub consumers: u32,
    /// The average change record, bytes ([`kinesis_record_bytes`]).
    pub record_bytes: f64,
    /// The peak's change records per second (one per item write).
    pub records_per_s: f64,
    /// The peak's write throughput, bytes/s, partition keys included.
    pub write_bytes_per_s: f64,
    /// Every load limit of the mode at the peak: writes, and reads shared by the consumers.
    pub checks: Vec<LimitCheck>,
    /// What would pass every limit.
    pub passes_with: Remedy,
}

impl StreamCheck {
    /// The limits the peak exceeds.
    pub fn exceeded(&self) -> impl Iterator<Item = &LimitCheck> {
        self.checks.iter().filter(|c| !c.within())
    }

    /// Whether the peak is within every limit.
    pub fn within(&self) -> bool {
        self.checks.iter().all(LimitCheck::within)
    }
}

/// Checks a stream of `capacity`, read by `consumers` polling consumers, against the peak of
/// `w` (`peak_writes_per_second`, one change record per write, records of
/// [`kinesis_record_bytes`]), and names the shard count or mode that would pass.
///
/// A provisioned stream passes exactly when it has at least the shards the planner sizes
/// ([`kinesis_shards_needed`] with the same record), for up to 5 consumers.
///
/// # Errors
/// A [`PlanError`] for a negative or non-finite peak, an item size outside 1 byte to 400 KB,
/// no consumer, or 0 shards.
pub fn check_kinesis_stream(
    w: &Workload,
    region: &str,
    capacity: Capacity,
    consumers: u32,
) -> Result<StreamCheck, PlanError> {
    let mut p = Problems::default();
    p.non_negative("peak_writes_per_second", w.peak_writes_per_second);
    p.range(
        "item_bytes",
        w.item_bytes,
        1.0,
        crate::workload::MAX_ITEM_BYTES,
    );
    if consumers == 0 {
        p.push(
            "consumers",
            "must be at least 1 (Firehose itself is a consumer)",
        );
    }
    if capacity == Capacity::Provisioned(0) {
        p.push("shards", "must be at least 1");
    }
    p.into_result()?;
    let peak = w.peak_writes_per_second;
    let record_bytes = kinesis_record_bytes(w, region);
    check_stream_inputs(peak, record_bytes, consumers)?;
    let checks = match capacity {
        Capacity::Provisioned(n) => provisioned_checks(n, peak, record_bytes, consumers),
        Capacity::OnDemand => on_demand_sizing(peak, record_bytes, consumers)?.checks,
    };
    let write_bytes_per_s = peak * (record_bytes + PARTITION_KEY_BYTES);
    let shards = (consumers <= MAX_POLLING_CONSUMERS)
        .then(|| kinesis_shards_needed(peak, record_bytes, consumers).map(|s| s.shards))
        .transpose()?;
    let on_demand = on_demand_sizing(peak, record_bytes, consumers)?
        .checks
        .iter()
        .all(LimitCheck::within);
    Ok(StreamCheck {
        capacity,
        consumers,
        record_bytes,
        records_per_s: peak,
        write_bytes_per_s,
        checks,
        passes_with: Remedy {
            shards,
            on_demand,
            above_on_demand_start: write_bytes_per_s > ON_DEMAND_INITIAL_WRITE_BYTES_PER_S,
        },
    })
}

/// `bytes` per second in MiB/s with 2 decimals, e.g. `8.68 MiB/s`.
pub fn mib_per_s(bytes: f64) -> String {
    format!("{} MiB/s", thousands(bytes / MIB, 2))
}
