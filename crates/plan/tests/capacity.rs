//! Known answers for the stream check synth shares with the planner (`capacity`): worked out
//! by hand in the comments.
//!
//! Records of the default shape (key 40 B / 1 attribute, 10 attributes, table name 24,
//! region "us-east-1" = 9) for an item of `b` bytes:
//! INSERT and REMOVE = 262 (envelope) + 9 + 24 + digits(40 + b) + 53 (Keys) + 12 + (b + 121);
//! MODIFY = the same with two images and digits(40 + 2b). The mix is 60/30/10.

use ferrocdk_plan::capacity::{
    check_kinesis_stream, kinesis_record_bytes, Capacity, StreamCheck, DEFAULT_REGION,
};
use ferrocdk_plan::{plan, Limit, PriceTable, Route, Workload};

const MIB: f64 = 1_048_576.0;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn check(writes: f64, item: f64, capacity: Capacity, consumers: u32) -> StreamCheck {
    check_kinesis_stream(
        &Workload::new(writes, item),
        DEFAULT_REGION,
        capacity,
        consumers,
    )
    .unwrap()
}

fn exceeded(c: &StreamCheck) -> Vec<Limit> {
    c.exceeded().map(|l| l.limit).collect()
}

/// The audit's case: 2,000 writes/s of 3,072-byte items, Firehose and 2 more consumers.
/// INSERT/REMOVE = 262 + 9 + 24 + 4 (3,112) + 53 + 12 + 3,193 = 3,557 B; MODIFY = 352 + 2 ×
/// 3,205 = 6,762 B (digits of 6,184: 4). Mean = 0.7 × 3,557 + 0.3 × 6,762 = 4,518.5 B.
/// Writes 2,000 × (4,518.5 + 32) = 9,101,000 B/s; 3 consumers read 27,303,000 B/s, and
/// 27,303,000 / 2,097,152 = 13.02 → 14 shards (writes alone: 9,101,000 / 1,048,576 = 8.68 → 9).
/// Counting every change as a MODIFY, as synth did, gave 3 × 2,000 × 6,794 / 2 MiB = 19.4 → 20.
#[test]
fn the_audits_load_needs_14_shards_in_synth_and_in_the_planner() {
    let w = Workload::new(2000.0, 3072.0);
    assert!(close(kinesis_record_bytes(&w, DEFAULT_REGION), 4518.5));
    let at_13 = check(2000.0, 3072.0, Capacity::Provisioned(13), 3);
    assert!(close(at_13.write_bytes_per_s, 9_101_000.0));
    assert_eq!(exceeded(&at_13), [Limit::KinesisShardReadBytes]);
    let read = at_13.exceeded().next().unwrap();
    assert!(close(read.demand, 27_303_000.0));
    assert!(close(read.capacity, 13.0 * 2.0 * MIB));
    assert_eq!(at_13.passes_with.shards, Some(14));
    // On-demand reads twice its write capacity (the peak, above 4 MiB/s): 3 × w > 2 × w.
    assert!(!at_13.passes_with.on_demand);
    assert_eq!(
        at_13.passes_with.describe(),
        "14 provisioned shards or more"
    );
    assert!(check(2000.0, 3072.0, Capacity::Provisioned(14), 3).within());
    // The planner, asked about the same load with 3 consumers, sizes 14 shards.
    let mut pw = w.clone();
    pw.kinesis_consumers = 3;
    let p = plan(&pw, &PriceTable::us_east_1()).unwrap();
    let provisioned = p
        .routes
        .iter()
        .find(|r| r.route == Route::KinesisProvisioned)
        .unwrap();
    assert_eq!(provisioned.sizing.shards, Some(14));
    assert!(close(provisioned.sizing.source_record_bytes, 4518.5));
}

#[test]
fn writes_alone_name_the_shards_for_the_writes_and_on_demand() {
    // Same load, 8 shards, Firehose alone: 9,101,000 B/s > 8 × 1,048,576 = 8,388,608.
    let c = check(2000.0, 3072.0, Capacity::Provisioned(8), 1);
    assert_eq!(exceeded(&c), [Limit::KinesisShardWriteBytes]);
    // 8.68 → 9 shards; on-demand takes it (1 consumer reads w of 2 × w) once it has scaled
    // from 4 MiB/s, which 9,101,000 B/s is above.
    assert_eq!(c.passes_with.shards, Some(9));
    assert!(c.passes_with.on_demand && c.passes_with.above_on_demand_start);
    assert_eq!(
        c.passes_with.describe(),
        "9 provisioned shards or more, or on-demand mode (it starts at 4 MB/s and throttles \
         until it has scaled, about 15 minutes per doubling)"
    );
    assert!(check(2000.0, 3072.0, Capacity::Provisioned(9), 1).within());
}

#[test]
fn small_records_bind_on_the_record_limit() {
    // 2,500 writes/s of 100-byte items: INSERT 262 + 9 + 24 + 3 (140) + 53 + 12 + 221 = 584,
    // MODIFY 351 + 2 × 233 = 817 (digits of 240: 3); mean 0.7 × 584 + 0.3 × 817 = 653.9.
    // 2,500 × 685.9 = 1,714,750 B/s (1.64 shards) but 2,500 records/s (2.5): 3 shards.
    let c = check(2500.0, 100.0, Capacity::Provisioned(1), 1);
    assert!(close(c.record_bytes, 653.9));
    assert_eq!(
        exceeded(&c),
        [
            Limit::KinesisShardWriteBytes,
            Limit::KinesisShardWriteRecords
        ]
    );
    assert_eq!(c.passes_with.shards, Some(3));
    // Below a new on-demand stream's 4 MiB/s: no throttling while it scales.
    assert_eq!(
        c.passes_with.describe(),
        "3 provisioned shards or more, or on-demand mode"
    );
}

#[test]
fn on_demand_serves_four_small_consumers_that_one_shard_cannot() {
    // 350 writes/s of 1,000-byte items: INSERT 352 + 1,133 = 1,485, MODIFY 352 + 2,266 =
    // 2,618; mean 0.7 × 1,485 + 0.3 × 2,618 = 1,824.9; writes 350 × 1,856.9 = 649,915 B/s.
    // 3 consumers read 1,949,745 ≤ 2,097,152: one shard serves them.
    assert!(check(350.0, 1000.0, Capacity::Provisioned(1), 3).within());
    // 4 read 2,599,660: 1.24 shards → 2. On-demand starts at 4 MiB/s of writes, 8 MiB/s of
    // reads: within.
    let c = check(350.0, 1000.0, Capacity::Provisioned(1), 4);
    assert_eq!(exceeded(&c), [Limit::KinesisShardReadBytes]);
    assert_eq!(
        c.passes_with.describe(),
        "2 provisioned shards or more, or on-demand mode"
    );
    assert!(check(350.0, 1000.0, Capacity::OnDemand, 4).within());
}

#[test]
fn on_demand_reads_bind_with_three_consumers_of_a_big_peak() {
    // The audit's load on an on-demand stream: capacity settles at the peak, 9,101,000 B/s;
    // 3 consumers read 27,303,000 of 2 × 9,101,000 = 18,202,000: 150 %.
    let c = check(2000.0, 3072.0, Capacity::OnDemand, 3);
    assert_eq!(exceeded(&c), [Limit::OnDemandRead]);
    let read = c.exceeded().next().unwrap();
    assert!(close(read.utilisation, 1.5));
    assert_eq!(c.passes_with.shards, Some(14));
}

#[test]
fn six_consumers_pass_with_no_shard_count_and_no_mode() {
    // 6 GetRecords/s per shard of 5, whatever the shards or the mode.
    let c = check(1.0, 100.0, Capacity::Provisioned(100), 6);
    assert_eq!(exceeded(&c), [Limit::KinesisShardReadTransactions]);
    assert_eq!(c.passes_with.shards, None);
    assert!(!c.passes_with.on_demand);
    assert!(c
        .passes_with
        .describe()
        .starts_with("no shard count and no mode: more than 5 polling consumers"));
    assert!(!check(1.0, 100.0, Capacity::OnDemand, 6).within());
}

#[test]
fn bad_inputs_are_all_reported_at_once() {
    let mut w = Workload::new(f64::NAN, 0.0);
    w.peak_writes_per_second = -1.0;
    let e = check_kinesis_stream(&w, DEFAULT_REGION, Capacity::Provisioned(0), 0).unwrap_err();
    let fields: Vec<&str> = e.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "peak_writes_per_second",
            "item_bytes",
            "consumers",
            "shards"
        ]
    );
}

#[test]
fn the_region_is_a_parameter_counted_in_every_record() {
    // "ap-southeast-1" is 5 characters longer than "us-east-1": 5 bytes more per record.
    let w = Workload::new(1.0, 1000.0);
    let here = kinesis_record_bytes(&w, "us-east-1");
    assert!(close(
        kinesis_record_bytes(&w, "ap-southeast-1"),
        here + 5.0
    ));
    assert_eq!(DEFAULT_REGION, PriceTable::us_east_1().region);
}
