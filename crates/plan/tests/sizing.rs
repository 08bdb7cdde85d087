//! Known-answer tests for sizing: expected values computed by hand in the comments.

use ferrocdk_plan::sizing::{direct_put_sizing, on_demand_sizing};
use ferrocdk_plan::{kinesis_shards_needed, Limit};

const MIB: f64 = 1_048_576.0;

#[test]
fn aws_doc_example_needs_one_shard_not_two() {
    // DynamoDB guide: 40 writes/s, 1,285-byte records, 25 % updates (both images).
    // Mean record = 1,285 × 1.25 = 1,606.25 B. With the 32-byte partition key:
    // 40 × (1,606.25 + 32) = 65,530 B/s = 0.0625 of 1 MiB/s → 1 shard (the doc says 2).
    let s = kinesis_shards_needed(40.0, 1285.0 * 1.25, 1).unwrap();
    assert_eq!(s.shards, 1);
    assert!((s.for_write_bytes - 65_530.0 / MIB).abs() < 1e-12);
    // 40 records/s of 1,000/s.
    assert!((s.for_write_records - 0.04).abs() < 1e-12);
    assert_eq!(s.binding, Limit::KinesisShardWriteBytes);
    // (Even the doc's own formula without the key gives 40 × 1.25 × 1,285 = 64,250 B/s.)
}

#[test]
fn small_records_bind_on_the_record_limit() {
    // 2,500 records/s × (300 + 32) B = 830,000 B/s = 0.79 shard by bytes,
    // but 2,500 / 1,000 = 2.5 → 3 shards by records.
    let s = kinesis_shards_needed(2500.0, 300.0, 1).unwrap();
    assert_eq!(s.shards, 3);
    assert_eq!(s.binding, Limit::KinesisShardWriteRecords);
    assert!((s.for_write_bytes - 830_000.0 / MIB).abs() < 1e-12);
    // Utilisation of the binding limit at 3 shards: 2,500 / 3,000.
    let c = s.checks.iter().find(|c| c.limit == s.binding).unwrap();
    assert!((c.utilisation - 2500.0 / 3000.0).abs() < 1e-12);
}

#[test]
fn three_consumers_bind_on_shared_reads() {
    // 900 records/s × (1,000 + 32) B = 928,800 B/s: 0.886 shard by writes, 0.9 by records.
    // 3 consumers read 3 × 928,800 = 2,786,400 B/s ÷ 2 MiB/s = 1.33 → 2 shards.
    let s = kinesis_shards_needed(900.0, 1000.0, 3).unwrap();
    assert_eq!(s.shards, 2);
    assert_eq!(s.binding, Limit::KinesisShardReadBytes);
    assert!((s.for_read_bytes - 2_786_400.0 / (2.0 * MIB)).abs() < 1e-12);
    // With one consumer the same load fits one shard, bound by records (0.9 > 0.886).
    let one = kinesis_shards_needed(900.0, 1000.0, 1).unwrap();
    assert_eq!(
        (one.shards, one.binding),
        (1, Limit::KinesisShardWriteRecords)
    );
}

#[test]
fn six_consumers_bind_on_get_records_whatever_the_shards() {
    // 6 consumers poll 6 times a second per shard, over 5: no shard count fixes that.
    let s = kinesis_shards_needed(1.0, 100.0, 6).unwrap();
    assert_eq!(s.binding, Limit::KinesisShardReadTransactions);
    let c = s.checks.iter().find(|c| c.limit == s.binding).unwrap();
    assert!(!c.within());
    assert!((c.utilisation - 6.0 / 5.0).abs() < 1e-12);
}

#[test]
fn sizing_inputs_are_all_checked_at_once() {
    let e = kinesis_shards_needed(-1.0, 0.0, 0).unwrap_err();
    assert_eq!(e.problems.len(), 3, "{e}");
}

#[test]
fn on_demand_reads_are_twice_the_write_capacity() {
    // 5,000 records/s × (1,016 + 32) B = 5,240,000 B/s ≈ 5 MiB/s, above a new stream's 4 MB/s:
    // capacity settles at the peak; 3 consumers read 3 × 5,240,000 > 2 × 5,240,000.
    let s = on_demand_sizing(5000.0, 1016.0, 3).unwrap();
    assert_eq!(s.binding, Limit::OnDemandRead);
    let read = s
        .checks
        .iter()
        .find(|c| c.limit == Limit::OnDemandRead)
        .unwrap();
    assert!((read.utilisation - 1.5).abs() < 1e-12);
    // Equivalent provisioned shards: 5,240,000 / 1,048,576 = 4.997 → 5; records 5.
    assert_eq!(s.equivalent_shards, 5);
    // One consumer: 1 × w against 2 × w = 50 %; the peak is above a new stream's 4 MB/s.
    let s = on_demand_sizing(5000.0, 1016.0, 1).unwrap();
    assert_eq!(s.binding, Limit::OnDemandRead);
    assert!(s.above_initial_capacity);
    let read = s
        .checks
        .iter()
        .find(|c| c.limit == Limit::OnDemandRead)
        .unwrap();
    assert!((read.utilisation - 0.5).abs() < 1e-12);
    // 100 records/s: 104,800 B/s against 2 × 4 MiB of read: 1.25 %, no warning.
    let s = on_demand_sizing(100.0, 1016.0, 1).unwrap();
    assert!(!s.above_initial_capacity);
    let read = s
        .checks
        .iter()
        .find(|c| c.limit == Limit::OnDemandRead)
        .unwrap();
    assert!((read.utilisation - 104_800.0 / (8.0 * MIB)).abs() < 1e-12);
}

#[test]
fn direct_put_quotas() {
    // 6,000 lines/s of 500 B: 6,000 / 5,000 records = 120 %; 3,000,000 B/s / 5 MiB = 57 %.
    // 60 invocations/s of 100 lines: 1 PutRecordBatch each → 60 requests/s of 2,000.
    let d = direct_put_sizing(6000.0, 500.0, 60.0, 100.0).unwrap();
    assert_eq!(d.binding, Limit::DirectPutRecords);
    assert_eq!(d.delivery_streams_needed, 2);
    assert_eq!(d.calls_per_invocation, 1.0);
    // 1,000 lines of 5,000 B per invocation: 1,000 / 500 = 2 calls by records,
    // 5,000,000 / 4 MiB = 1.19 → 2 calls by bytes... take the larger, rounded up: 2.
    let d = direct_put_sizing(100.0, 5000.0, 0.1, 1000.0).unwrap();
    assert_eq!(d.calls_per_invocation, 2.0);
    // 2,000 lines of 4,000 B: 4 by records, 8,000,000 / 4,194,304 = 1.9 → 4.
    let d = direct_put_sizing(100.0, 4000.0, 0.05, 2000.0).unwrap();
    assert_eq!(d.calls_per_invocation, 4.0);
    // 1,100 lines/s of 5,000 B = 5,500,000 B/s: bytes bind (105 %), not records (22 %).
    let d = direct_put_sizing(1100.0, 5000.0, 11.0, 100.0).unwrap();
    assert_eq!(d.binding, Limit::DirectPutBytes);
    // The forwarder is DynamoDB Streams' only reader: 1 of 2, never named unless exceeded.
    assert!(d
        .checks
        .iter()
        .any(|c| c.limit == Limit::StreamsReadersPerShard && c.within()));
}
