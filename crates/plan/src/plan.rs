//! The plan: the three options side by side.

use serde::{Deserialize, Serialize};

use crate::capacity;
use crate::cost::{self, billing_units, RouteCost};
use crate::error::PlanError;
use crate::flow::{self, billed_ms, lambda_duration_ms};
use crate::latency::{Latency, Stage};
use crate::limits::{binding, Limit, LimitCheck, MAX_SHARD_COUNT, MIB, PARTITION_KEY_BYTES};
use crate::prices::PriceTable;
use crate::recommend::{recommend, Recommendation};
use crate::record::{self, EventKind, RecordShape};
use crate::report::thousands;
use crate::sizing;
use crate::workload::{EventMix, Workload};

/// Kinesis' maximum record size (1 MiB by default), also Firehose's (1,000 KiB) is close.
const KINESIS_MAX_RECORD_BYTES: f64 = MIB;
/// Firehose's maximum record size, 1,000 KiB.
const FIREHOSE_MAX_RECORD_BYTES: f64 = 1000.0 * 1024.0;

/// The three options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// Kinesis route with a provisioned stream.
    KinesisProvisioned,
    /// Kinesis route with an on-demand stream.
    KinesisOnDemand,
    /// DynamoDB Streams route (Lambda forwarder, Firehose Direct PUT).
    DynamoDbStreams,
}

impl Route {
    /// A short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Route::KinesisProvisioned => "Kinesis (provisioned)",
            Route::KinesisOnDemand => "Kinesis (on-demand)",
            Route::DynamoDbStreams => "DynamoDB Streams",
        }
    }
}

/// Sizes and counts of one option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteSizing {
    /// Average bytes of the record the source stream carries (Kinesis change record, or the
    /// DynamoDB Streams record in the forwarder's event), mix-weighted.
    pub source_record_bytes: f64,
    /// Average bytes of the record Firehose ingests (the Kinesis record, or the shaped line
    /// the forwarder sends).
    pub firehose_record_bytes: f64,
    /// Average bytes of a shaped line in S3.
    pub s3_line_bytes: f64,
    /// Provisioned shards (provisioned stream only).
    pub shards: Option<u64>,
    /// Shards an equal provisioned stream would need (on-demand only).
    pub equivalent_shards: Option<u64>,
    /// Firehose delivery streams needed for Direct PUT (DynamoDB Streams route only).
    pub delivery_streams_needed: Option<u64>,
    /// Lambda invocations per day at the average rate (transform or forwarder).
    pub lambda_invocations_per_day: f64,
    /// Records per Lambda invocation at the average rate.
    pub records_per_invocation: f64,
    /// Every limit checked at the peak.
    pub checks: Vec<LimitCheck>,
}

/// One option, fully planned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoutePlan {
    /// Which option.
    pub route: Route,
    /// Sizes and limit checks (at the peak).
    pub sizing: RouteSizing,
    /// The limit that binds first, named.
    pub binding_limit: Limit,
    /// Its utilisation at the peak (above 1: exceeded).
    pub binding_utilisation: f64,
    /// Monthly cost at the average rate.
    pub cost: RouteCost,
    /// Change-to-S3 latency at the average rate.
    pub latency: Latency,
    /// S3 objects written per day at the average rate.
    pub objects_per_day: f64,
    /// What needs attention (exceeded limits, oversize records).
    pub warnings: Vec<String>,
    /// Why ferrocdk cannot build this option as sized; `None` when it can.
    pub unbuildable: Option<String>,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The workload planned for.
    pub workload: Workload,
    /// The price table's region.
    pub region: String,
    /// The price table's date.
    pub prices_as_of: String,
    /// Price and model assumptions.
    pub assumptions: Vec<String>,
    /// The three options.
    pub routes: Vec<RoutePlan>,
    /// The option to build, with its reasons.
    pub recommendation: Recommendation,
}

/// Model assumptions that hold whatever the prices (printed with every plan).
pub const MODEL_ASSUMPTIONS: [&str; 5] = [
    "peak rate sizes shards and quotas; average rate prices the month (730 h)",
    "every item has the average size, string attributes, old and new image of equal size",
    "Lambda duration = base ms + ms per MiB of batch (set for your function), billed up to 1 ms",
    "table-to-stream delay not included (undocumented, near-real time)",
    "DynamoDB Streams view type NEW_AND_OLD_IMAGES; forwarder stream treated as one shard",
];

/// The mix-weighted average of `f` over the three kinds of change.
pub fn mixed(mix: &EventMix, f: impl Fn(EventKind) -> f64) -> f64 {
    mix.insert * f(EventKind::Insert)
        + mix.modify * f(EventKind::Modify)
        + mix.remove * f(EventKind::Remove)
}

/// Plans the three options for a workload with a price table.
///
/// ```
/// use ferrocdk_plan::{plan, PriceTable, Workload};
/// let p = plan(&Workload::new(500.0, 1200.0), &PriceTable::us_east_1())?;
/// assert_eq!(p.routes.len(), 3);
/// assert!(p.routes.iter().all(|r| r.cost.total_usd_per_month > 0.0));
/// # Ok::<(), ferrocdk_plan::PlanError>(())
/// ```
///
/// # Errors
/// A [`PlanError`] listing every problem of the workload and of the price table.
pub fn plan(w: &Workload, prices: &PriceTable) -> Result<Plan, PlanError> {
    let mut problems = Vec::new();
    if let Err(e) = w.validate() {
        problems.extend(e.problems);
    }
    if let Err(e) = prices.validate() {
        problems.extend(e.problems);
    }
    if !problems.is_empty() {
        return Err(PlanError { problems });
    }
    let shape = RecordShape::of(w, &prices.region);
    let routes = vec![
        kinesis_route(w, prices, &shape, Route::KinesisProvisioned)?,
        kinesis_route(w, prices, &shape, Route::KinesisOnDemand)?,
        streams_route(w, prices, &shape)?,
    ];
    let mut assumptions: Vec<String> = prices.assumptions.clone();
    assumptions.extend(MODEL_ASSUMPTIONS.iter().map(|s| s.to_string()));
    assumptions.push(format!(
        "synth's capacity checks of a stream's declared load (KinesisStream::expected_writes) \
         use this model with the defaults: {}",
        capacity::load_assumption(&Workload::new(0.0, 1.0))
    ));
    let recommendation = recommend(w, &routes)
        .ok_or_else(|| PlanError::single("routes", "no option was planned"))?;
    Ok(Plan {
        workload: w.clone(),
        region: prices.region.clone(),
        prices_as_of: prices.as_of.clone(),
        assumptions,
        routes,
        recommendation,
    })
}

fn finish(
    route: Route,
    sizing: RouteSizing,
    cost: RouteCost,
    latency: Latency,
    objects_per_day: f64,
    mut warnings: Vec<String>,
) -> RoutePlan {
    let b = binding(&sizing.checks);
    let (binding_limit, binding_utilisation) = b
        .map_or((Limit::KinesisShardWriteBytes, 0.0), |c| {
            (c.limit, c.utilisation)
        });
    for c in sizing.checks.iter().filter(|c| !c.within()) {
        warnings.push(format!(
            "{} exceeded at the peak ({:.0}% used)",
            c.limit,
            c.utilisation * 100.0
        ));
    }
    let unbuildable = unbuildable(&sizing);
    RoutePlan {
        route,
        sizing,
        binding_limit,
        binding_utilisation,
        cost,
        latency,
        objects_per_day,
        warnings,
        unbuildable,
    }
}

/// Why ferrocdk cannot build an option as sized: a shard count above what CloudFormation
/// takes, or more than one delivery stream (one `Forwarder` feeds one delivery stream, and
/// every forwarder of a table reads all of its changes, so two cannot split them).
fn unbuildable(sizing: &RouteSizing) -> Option<String> {
    if let Some(n) = sizing.shards.filter(|n| *n > MAX_SHARD_COUNT) {
        return Some(format!(
            "needs {} shards; AWS::Kinesis::Stream takes at most {}",
            thousands(n as f64, 0),
            thousands(MAX_SHARD_COUNT as f64, 0)
        ));
    }
    let n = sizing.delivery_streams_needed.filter(|n| *n > 1)?;
    let quota = sizing
        .checks
        .iter()
        .filter(|c| c.scales_with_load && !c.within())
        .max_by(|a, b| a.utilisation.total_cmp(&b.utilisation))
        .map_or_else(String::new, |c| {
            format!(
                " ({} at {}% of one)",
                c.limit,
                thousands(c.utilisation * 100.0, 0)
            )
        });
    Some(format!(
        "needs {n} delivery streams{quota}, but one Forwarder feeds one delivery stream (a \
         second forwarder would send every change again, not split them); raise the delivery \
         stream's Direct PUT quota with AWS, or take a Kinesis option"
    ))
}

/// The S3 side, shared by both routes: (cost lines, S3 buffering, objects/day).
fn s3_side(
    w: &Workload,
    p: &PriceTable,
    line_bytes: f64,
) -> (Vec<cost::CostLine>, flow::Buffering, f64) {
    let out_bytes_per_s = w.avg_writes_per_second * line_bytes;
    let s3 = flow::buffer(
        out_bytes_per_s,
        w.s3_buffer_mb * MIB,
        w.s3_buffer_interval_s,
    );
    let lines = cost::s3(s3.flushes_per_s, out_bytes_per_s * w.compression_ratio, p);
    (lines, s3, s3.flushes_per_s * 86_400.0)
}

fn kinesis_route(
    w: &Workload,
    p: &PriceTable,
    shape: &RecordShape,
    route: Route,
) -> Result<RoutePlan, PlanError> {
    let kds = |k| record::kinesis_change_record_bytes(shape, k);
    let line = |k| record::shaped_line_bytes(shape, k, record::KINESIS_EVENT_ID_BYTES);
    let kds_bytes = capacity::kinesis_record_bytes(w, &p.region);
    let line_bytes = mixed(&w.mix, line);
    let largest = kds(EventKind::Modify);
    let mut warnings = Vec::new();
    if largest + PARTITION_KEY_BYTES > KINESIS_MAX_RECORD_BYTES {
        warnings.push(format!(
            "MODIFY records of {largest:.0} bytes exceed Kinesis' 1 MiB record: DynamoDB skips them"
        ));
    } else if largest > FIREHOSE_MAX_RECORD_BYTES {
        warnings.push(format!(
            "MODIFY records of {largest:.0} bytes exceed Firehose's 1,000 KiB record"
        ));
    }

    // Transform: Firehose buffers the Kinesis records and invokes the function per flush.
    let in_bytes_per_s = w.avg_writes_per_second * kds_bytes;
    let t = flow::buffer(
        in_bytes_per_s,
        w.transform_buffer_mb * MIB,
        w.transform_buffer_interval_s,
    );
    let t_ms = lambda_duration_ms(w.lambda_base_ms, w.lambda_ms_per_mb, t.bytes_per_flush);
    let (s3_lines, s3, objects_per_day) = s3_side(w, p, line_bytes);

    let consumers = w.kinesis_consumers;
    let peak = w.peak_writes_per_second;
    let mut lines;
    let (shards, equivalent_shards, checks);
    if route == Route::KinesisProvisioned {
        let s = sizing::kinesis_shards_needed(peak, kds_bytes, consumers)?;
        let put_units = mixed(&w.mix, |k| {
            billing_units(kds(k) + PARTITION_KEY_BYTES, cost::PUT_PAYLOAD_UNIT_BYTES)
        });
        lines = cost::kinesis_provisioned(
            s.shards as f64,
            w.avg_writes_per_second,
            put_units,
            w.retention_hours,
            w.avg_writes_per_second * (kds_bytes + PARTITION_KEY_BYTES),
            p,
        );
        (shards, equivalent_shards, checks) = (Some(s.shards), None, s.checks);
    } else {
        let s = sizing::on_demand_sizing(peak, kds_bytes, consumers)?;
        if s.above_initial_capacity {
            warnings.push(format!(
                "peak {:.1} MiB/s is above a new on-demand stream's 4 MB/s: it throttles until it \
                 has scaled (about 15 min per doubling)",
                s.write_bytes_per_s / MIB
            ));
        }
        let ingest = mixed(&w.mix, |k| {
            billing_units(
                kds(k) + PARTITION_KEY_BYTES,
                cost::ON_DEMAND_INGEST_UNIT_BYTES,
            ) * cost::ON_DEMAND_INGEST_UNIT_BYTES
        });
        lines = cost::kinesis_on_demand(
            w.avg_writes_per_second,
            ingest,
            kds_bytes + PARTITION_KEY_BYTES,
            f64::from(consumers),
            w.retention_hours,
            p,
        );
        (shards, equivalent_shards, checks) = (None, Some(s.equivalent_shards), s.checks);
    }
    let cdc_units = mixed(&w.mix, |k| {
        billing_units(record::cdc_item_bytes(shape, k), cost::CDC_UNIT_BYTES)
    });
    lines.push(cost::dynamodb_cdc(w.avg_writes_per_second, cdc_units, p));
    let fh_billed = mixed(&w.mix, |k| {
        billing_units(kds(k), cost::FIREHOSE_INGEST_UNIT_BYTES) * cost::FIREHOSE_INGEST_UNIT_BYTES
    });
    lines.push(cost::firehose_ingest(
        w.avg_writes_per_second,
        fh_billed,
        "Kinesis source",
        p,
    ));
    lines.extend(cost::lambda(
        "transform",
        t.flushes_per_s,
        billed_ms(t_ms),
        w.lambda_memory_mb,
        w.lambda_arm64,
        p,
    ));
    lines.extend(s3_lines);

    let latency = Latency::new(vec![
        Stage::wait("Firehose GetRecords poll (1/s per shard)", 1.0),
        Stage::wait("transform buffer", t.period_s),
        Stage::work("transform Lambda", t_ms / 1000.0),
        Stage::wait("S3 buffer", s3.period_s),
    ]);
    let records_per_invocation = if kds_bytes > 0.0 {
        t.bytes_per_flush / kds_bytes
    } else {
        0.0
    };
    let sizing = RouteSizing {
        source_record_bytes: kds_bytes,
        firehose_record_bytes: kds_bytes,
        s3_line_bytes: line_bytes,
        shards,
        equivalent_shards,
        delivery_streams_needed: None,
        lambda_invocations_per_day: t.flushes_per_s * 86_400.0,
        records_per_invocation,
        checks,
    };
    Ok(finish(
        route,
        sizing,
        RouteCost::new(lines),
        latency,
        objects_per_day,
        warnings,
    ))
}

fn streams_route(
    w: &Workload,
    p: &PriceTable,
    shape: &RecordShape,
) -> Result<RoutePlan, PlanError> {
    let event = |k| record::streams_record_bytes(shape, k);
    let line = |k| record::shaped_line_bytes(shape, k, record::STREAMS_EVENT_ID_BYTES);
    let event_bytes = mixed(&w.mix, event);
    let line_bytes = mixed(&w.mix, line);
    let mut warnings = Vec::new();
    if line(EventKind::Modify) > FIREHOSE_MAX_RECORD_BYTES {
        warnings.push(format!(
            "MODIFY lines of {:.0} bytes exceed Firehose's 1,000 KiB record",
            line(EventKind::Modify)
        ));
    }
    let batch_size = f64::from(w.esm_batch_size);
    let avg = flow::esm_batching(
        w.avg_writes_per_second,
        event_bytes,
        batch_size,
        w.esm_batching_window_s,
    );
    let peak = flow::esm_batching(
        w.peak_writes_per_second,
        event_bytes,
        batch_size,
        w.esm_batching_window_s,
    );
    let f_ms = lambda_duration_ms(
        w.lambda_base_ms,
        w.lambda_ms_per_mb,
        avg.records_per_batch * event_bytes,
    );
    let dp = sizing::direct_put_sizing(
        w.peak_writes_per_second,
        line_bytes,
        peak.invocations_per_s,
        peak.records_per_batch,
    )?;
    let (s3_lines, s3, objects_per_day) = s3_side(w, p, line_bytes);
    let fh_billed = mixed(&w.mix, |k| {
        billing_units(line(k), cost::FIREHOSE_INGEST_UNIT_BYTES) * cost::FIREHOSE_INGEST_UNIT_BYTES
    });
    let mut lines = vec![
        cost::dynamodb_streams_lambda_reads(w.avg_writes_per_second),
        cost::firehose_ingest(w.avg_writes_per_second, fh_billed, "Direct PUT", p),
    ];
    lines.extend(cost::lambda(
        "forwarder",
        avg.invocations_per_s,
        billed_ms(f_ms),
        w.lambda_memory_mb,
        w.lambda_arm64,
        p,
    ));
    lines.extend(s3_lines);
    let latency = Latency::new(vec![
        Stage::wait("event source mapping poll/batch", avg.max_wait_s),
        Stage::work("forwarder Lambda + PutRecordBatch", f_ms / 1000.0),
        Stage::wait("S3 buffer", s3.period_s),
    ]);
    let sizing = RouteSizing {
        source_record_bytes: event_bytes,
        firehose_record_bytes: line_bytes,
        s3_line_bytes: line_bytes,
        shards: None,
        equivalent_shards: None,
        delivery_streams_needed: Some(dp.delivery_streams_needed),
        lambda_invocations_per_day: avg.invocations_per_s * 86_400.0,
        records_per_invocation: avg.records_per_batch,
        checks: dp.checks,
    };
    Ok(finish(
        Route::DynamoDbStreams,
        sizing,
        RouteCost::new(lines),
        latency,
        objects_per_day,
        warnings,
    ))
}
