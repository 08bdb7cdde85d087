//! Property tests: shards and cost never fall when the load rises; synth's stream check and the
//! planner agree on every load; nothing panics.

use ferrocdk_plan::capacity::{
    check_kinesis_stream, kinesis_record_bytes, Capacity, DEFAULT_REGION,
};
use ferrocdk_plan::{
    kinesis_shards_needed, plan, render_text, EventMix, PriceTable, Route, Workload,
};
use proptest::prelude::*;

fn workload(writes: f64, item: f64, peak_factor: f64, consumers: u32) -> Workload {
    let mut w = Workload::new(writes, item);
    w.peak_writes_per_second = writes * peak_factor;
    w.kinesis_consumers = consumers;
    w
}

fn totals(w: &Workload) -> Vec<(f64, Option<u64>, Option<u64>)> {
    plan(w, &PriceTable::us_east_1())
        .unwrap()
        .routes
        .iter()
        .map(|r| {
            (
                r.cost.total_usd_per_month,
                r.sizing.shards.or(r.sizing.equivalent_shards),
                r.sizing.delivery_streams_needed,
            )
        })
        .collect()
}

fn never_falls(lo: &Workload, hi: &Workload) -> Result<(), TestCaseError> {
    for ((a, sa, da), (b, sb, db)) in totals(lo).into_iter().zip(totals(hi)) {
        prop_assert!(b >= a, "cost fell: {a} -> {b}");
        prop_assert!(sb >= sa, "shards fell: {sa:?} -> {sb:?}");
        prop_assert!(db >= da, "delivery streams fell: {da:?} -> {db:?}");
    }
    Ok(())
}

proptest! {
    #[test]
    fn more_writes_never_cost_less(
        w in 0.0f64..200_000.0,
        extra in 0.0f64..50_000.0,
        item in 40.0f64..409_600.0,
        peak in 1.0f64..5.0,
        consumers in 1u32..8,
    ) {
        never_falls(&workload(w, item, peak, consumers), &workload(w + extra, item, peak, consumers))?;
    }

    #[test]
    fn bigger_items_never_cost_less(
        w in 0.0f64..50_000.0,
        item in 40.0f64..300_000.0,
        extra in 0.0f64..100_000.0,
        consumers in 1u32..8,
    ) {
        never_falls(&workload(w, item, 2.0, consumers), &workload(w, item + extra, 2.0, consumers))?;
    }

    #[test]
    fn shards_never_fall(
        r in 0.0f64..1e7, dr in 0.0f64..1e6,
        b in 1.0f64..1e6, db in 0.0f64..1e5,
        k in 1u32..10,
    ) {
        let a = kinesis_shards_needed(r, b, k).unwrap().shards;
        prop_assert!(kinesis_shards_needed(r + dr, b, k).unwrap().shards >= a);
        prop_assert!(kinesis_shards_needed(r, b + db, k).unwrap().shards >= a);
        prop_assert!(kinesis_shards_needed(r, b, k + 1).unwrap().shards >= a);
    }

    #[test]
    fn nothing_panics_on_any_input(
        f in proptest::collection::vec(proptest::num::f64::ANY, 18),
        n in proptest::collection::vec(any::<u32>(), 6),
        arm in any::<bool>(),
    ) {
        let w = Workload {
            avg_writes_per_second: f[0],
            peak_writes_per_second: f[1],
            item_bytes: f[2],
            key_bytes: f[3],
            attributes_per_item: n[0],
            key_attributes: n[1],
            table_name_bytes: n[2],
            mix: EventMix { insert: f[4], modify: f[5], remove: f[6] },
            kinesis_consumers: n[3],
            retention_hours: f[7],
            s3_buffer_interval_s: f[8],
            s3_buffer_mb: f[9],
            transform_buffer_interval_s: f[10],
            transform_buffer_mb: f[11],
            esm_batch_size: n[4],
            esm_batching_window_s: f[12],
            lambda_memory_mb: f[13],
            lambda_arm64: arm,
            lambda_base_ms: f[14],
            lambda_ms_per_mb: f[15],
            compression_ratio: f[16],
        };
        if let Ok(p) = plan(&w, &PriceTable::us_east_1()) {
            let _ = render_text(&p);
            let _ = serde_json::to_string(&p).unwrap();
        }
        let _ = kinesis_shards_needed(f[0], f[2], n[3]);
        for capacity in [Capacity::Provisioned(u64::from(n[5])), Capacity::OnDemand] {
            if let Ok(c) = check_kinesis_stream(&w, "us-east-1", capacity, n[3]) {
                let _ = c.passes_with.describe();
            }
        }
    }

    #[test]
    fn nothing_panics_on_valid_extremes(
        w in 0.0f64..1e15,
        item in 1.0f64..409_600.0,
        window in 0.0f64..300.0,
        batch in 1u32..10_000,
        interval in 0.0f64..900.0,
    ) {
        let mut wl = Workload::new(w, item);
        wl.key_bytes = item.min(40.0);
        wl.esm_batching_window_s = window;
        wl.esm_batch_size = batch;
        wl.s3_buffer_interval_s = interval;
        wl.transform_buffer_interval_s = interval;
        let p = plan(&wl, &PriceTable::us_east_1()).unwrap();
        for r in &p.routes {
            prop_assert!(r.cost.total_usd_per_month >= 0.0);
            prop_assert!(r.latency.max_s >= r.latency.avg_s);
        }
        let _ = render_text(&p);
    }

    /// Synth's check of a provisioned stream (`check_kinesis_stream`) passes exactly at the
    /// planner's shard count and above, for any load and up to 5 consumers, and names that
    /// count; the planner's provisioned option has it too.
    #[test]
    fn synth_check_and_planner_agree_on_shards(
        writes in 0.0f64..100_000.0,
        item in 1.0f64..409_600.0,
        consumers in 1u32..=5,
        delta in -2i64..=2,
    ) {
        let mut w = Workload::new(writes, item);
        w.key_bytes = item.min(40.0);
        w.kinesis_consumers = consumers;
        let p = plan(&w, &PriceTable::us_east_1()).unwrap();
        let planned = p.routes.iter().find(|r| r.route == Route::KinesisProvisioned).unwrap();
        let needed = planned.sizing.shards.unwrap();
        let bytes = kinesis_record_bytes(&w, DEFAULT_REGION);
        prop_assert_eq!(planned.sizing.source_record_bytes, bytes);
        prop_assert_eq!(kinesis_shards_needed(writes, bytes, consumers).unwrap().shards, needed);
        let n = (needed as i64 + delta).max(1) as u64;
        let c = check_kinesis_stream(&w, DEFAULT_REGION, Capacity::Provisioned(n), consumers).unwrap();
        prop_assert_eq!(c.within(), n >= needed, "{} shards, planner {}", n, needed);
        prop_assert_eq!(c.passes_with.shards, Some(needed));
    }
}
