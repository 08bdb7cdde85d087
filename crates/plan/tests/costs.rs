//! Known-answer tests for the billing rounding rules and a full small workload. Expected
//! values are worked out by hand in the comments.
//!
//! Record sizes used below, for the default shape (key 40 B / 1 attribute, 10 attributes,
//! table name 24, region "us-east-1" = 9) and an INSERT of an item of `b` bytes:
//! 262 (envelope) + 9 + 24 + digits(40 + b) + (40 + 12 + 1 = 53, Keys) + 12 (,"NewImage":) +
//! (b + 120 + 1, image) = 481 + b + digits(40 + b).

use ferrocdk_plan::cost::Service;
use ferrocdk_plan::{plan, EventMix, PriceTable, Route, RoutePlan, Workload};

const MONTH_S: f64 = 730.0 * 3600.0; // 2,628,000
const GB: f64 = 1_073_741_824.0;

fn inserts_only(writes: f64, item: f64) -> Workload {
    let mut w = Workload::new(writes, item);
    w.mix = EventMix {
        insert: 1.0,
        modify: 0.0,
        remove: 0.0,
    };
    w
}

fn route(w: &Workload, r: Route) -> RoutePlan {
    let p = plan(w, &PriceTable::us_east_1()).unwrap();
    p.routes.into_iter().find(|x| x.route == r).unwrap()
}

fn quantity(r: &RoutePlan, item: &str) -> f64 {
    r.cost
        .lines
        .iter()
        .find(|l| l.item.contains(item))
        .unwrap_or_else(|| panic!("no cost line {item:?}"))
        .quantity
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn put_payload_units_round_up_per_25_kb_record() {
    // b = 25,082: 481 + 25,082 + 5 digits (25,122) = 25,568 + 32 (partition key) = 25,600
    // = exactly 25 KB → 1 unit per record; 1 write/s → 2,628,000 units.
    let r = route(&inserts_only(1.0, 25_082.0), Route::KinesisProvisioned);
    assert_eq!(quantity(&r, "PUT payload units"), MONTH_S);
    // One byte more: 25,601 B → 2 units.
    let r = route(&inserts_only(1.0, 25_083.0), Route::KinesisProvisioned);
    assert_eq!(quantity(&r, "PUT payload units"), 2.0 * MONTH_S);
}

#[test]
fn on_demand_ingest_rounds_each_record_up_to_1_kb() {
    // b = 508: 481 + 508 + 3 digits (548) = 992 + 32 = 1,024 B → billed 1,024 B.
    let r = route(&inserts_only(1.0, 508.0), Route::KinesisOnDemand);
    assert!(close(quantity(&r, "data ingested"), MONTH_S * 1024.0 / GB));
    // b = 509: 1,025 B → billed 2,048 B; retrieval is not rounded: 1,025 B per consumer.
    let r = route(&inserts_only(1.0, 509.0), Route::KinesisOnDemand);
    assert!(close(quantity(&r, "data ingested"), MONTH_S * 2048.0 / GB));
    assert!(close(quantity(&r, "data retrieved"), MONTH_S * 1025.0 / GB));
}

#[test]
fn firehose_rounds_each_record_up_to_5_kb() {
    // Kinesis route, Firehose ingests the record without the partition key.
    // b = 4,635: 481 + 4,635 + 4 digits (4,675) = 5,120 → billed 5,120.
    let r = route(&inserts_only(1.0, 4635.0), Route::KinesisProvisioned);
    assert!(close(quantity(&r, "ingestion"), MONTH_S * 5120.0 / GB));
    // b = 4,636: 5,121 → billed 10,240.
    let r = route(&inserts_only(1.0, 4636.0), Route::KinesisProvisioned);
    assert!(close(quantity(&r, "ingestion"), MONTH_S * 10240.0 / GB));
    // Small records still pay 5 KB each: b = 100 → 585-byte record billed 5,120.
    let r = route(&inserts_only(1.0, 100.0), Route::KinesisProvisioned);
    assert!(close(quantity(&r, "ingestion"), MONTH_S * 5120.0 / GB));
}

#[test]
fn cdc_units_are_1_kb_of_the_larger_image_rounded_up_per_item() {
    // 1,024-byte items: 1 unit per change, whatever the kind (MODIFY bills the larger image,
    // not both): 2,628,000 units a month at 1 write/s.
    let mut w = Workload::new(1.0, 1024.0);
    w.mix = EventMix {
        insert: 0.0,
        modify: 1.0,
        remove: 0.0,
    };
    let r = route(&w, Route::KinesisProvisioned);
    assert_eq!(quantity(&r, "change data capture"), MONTH_S);
    // 1,025 bytes: 2 units.
    w.item_bytes = 1025.0;
    let r = route(&w, Route::KinesisOnDemand);
    assert_eq!(quantity(&r, "change data capture"), 2.0 * MONTH_S);
    // Dollars: 5,256,000 units × $0.10 per million = $0.5256.
    assert!(close(r.cost.service_total(Service::DynamoDb), 0.5256));
}

/// Small workload: 10 writes/s, 1,024-byte items, default mix (60 % INSERT, 30 % MODIFY,
/// 10 % REMOVE) and pipeline defaults, which are ferrocdk's: arm64 functions ($0.0000133334
/// per GB-s) and GZIP objects (0.3 of the lines' size).
///
/// Kinesis records: INSERT/REMOVE = 481 + 1,024 + 4 (1,064) = 1,509 B; MODIFY = 262 + 9 +
/// 24 + 4 (2,088) + 53 + 2 × (12 + 1,145) = 2,666 B. Mean = 0.7 × 1,509 + 0.3 × 2,666 =
/// 1,856.1. Shaped lines (envelope 175 B + eventID 36 + 24 + 9 + keys 47): INSERT/REMOVE =
/// 291 + 1,085 + 4 (null) = 1,380; MODIFY = 291 + 2 × 1,085 = 2,461; mean 0.7 × 1,380 +
/// 0.3 × 2,461 = 1,704.3. Writes a month: 10 × 2,628,000 = 26,280,000.
#[test]
fn small_workload_full_cost_kinesis_provisioned() {
    let r = route(&Workload::new(10.0, 1024.0), Route::KinesisProvisioned);
    // Peak 10 × (1,856.1 + 32) = 18,881 B/s: 1 shard.
    assert_eq!(r.sizing.shards, Some(1));
    let writes = 26_280_000.0;
    // Kinesis: 730 shard-hours × $0.015 = $10.95; 26.28 M PUT units × $0.014/M = $0.36792.
    let kinesis = 730.0 * 0.015 + 26.28 * 0.014;
    // CDC: 1 unit per write: 26.28 M × $0.10/M = $2.628.
    let cdc = 26.28 * 0.10;
    // Firehose: every record < 5 KB → 5,120 B each: 26.28 M × 5,120 / 2^30 GB × $0.029.
    let firehose = writes * 5120.0 / GB * 0.029;
    // Transform: 18,561 B/s fills 3 MiB in 169 s > 60 s: one invocation a minute,
    // 2,628,000 / 60 = 43,800 a month; batch 18,561 × 60 = 1,113,660 B = 1.06207 MiB:
    // 25 + 250 × 1.06207 = 290.52 ms → billed 291 ms; 43,800 × 0.291 s × 0.25 GB = 3,186.45
    // GB-s × $0.0000133334 (arm64); requests 0.0438 M × $0.20.
    let lambda = 0.0438 * 0.20 + 43_800.0 * 0.291 * 0.25 * 0.000_013_333_4;
    // S3: 17,043 B/s of lines fills 5 MiB in 307.6 s > 300 s: an object every 300 s,
    // 8,760 PUTs × $0.005/1,000; storage 0.3 × 17,043 × 2,628,000 / 2^30 GB × $0.023.
    let s3 = 8_760.0 * 0.005 / 1000.0 + 0.3 * 17_043.0 * MONTH_S / GB * 0.023;
    assert!(close(
        r.cost.service_total(Service::KinesisDataStreams),
        kinesis
    ));
    assert!(close(r.cost.service_total(Service::DynamoDb), cdc));
    assert!(close(r.cost.service_total(Service::Firehose), firehose));
    assert!(close(r.cost.service_total(Service::Lambda), lambda));
    assert!(close(r.cost.service_total(Service::S3), s3));
    assert!(close(
        r.cost.total_usd_per_month,
        kinesis + cdc + firehose + lambda + s3
    ));
    // ≈ $17.96 in all: 11.32 + 2.63 + 3.63 + 0.05 + 0.33.
    assert!((r.cost.total_usd_per_month - 17.96).abs() < 0.01);
    // 86,400 / 300 = 288 objects a day. Worst-case latency: 1 s (poll) + 60 s (transform
    // buffer) + 290.517 ms (25 + 250 × 1,113,660 / 1,048,576, unrounded) + 300 s (S3 buffer).
    assert!(close(r.objects_per_day, 288.0));
    let t_ms = 25.0 + 250.0 * 1_113_660.0 / 1_048_576.0;
    assert!(close(r.latency.max_s, 1.0 + 60.0 + t_ms / 1000.0 + 300.0));
}

#[test]
fn small_workload_full_cost_on_demand_and_streams() {
    let w = Workload::new(10.0, 1024.0);
    let writes = 26_280_000.0;
    let r = route(&w, Route::KinesisOnDemand);
    // 730 stream-hours × $0.04 = $29.20. Ingest: records + key 1,541 B → 2,048, 2,698 → 3,072;
    // mean 0.7 × 2,048 + 0.3 × 3,072 = 2,355.2 B × 26.28 M / 2^30 × $0.08.
    // Retrieval: 1 consumer × (1,856.1 + 32) = 1,888.1 B × 26.28 M / 2^30 × $0.04.
    let kinesis = 730.0 * 0.04 + writes * 2355.2 / GB * 0.08 + writes * 1888.1 / GB * 0.04;
    assert!(close(
        r.cost.service_total(Service::KinesisDataStreams),
        kinesis
    ));

    let r = route(&w, Route::DynamoDbStreams);
    // Forwarder: 10 records/s × 0.25 s between polls = 2.5 records a batch, 4 invocations/s,
    // 10,512,000 a month. Stream records (envelope 379 + 2 × 9 + 24 + 4 + 53 + images of
    // 12 + 1,145): INSERT/REMOVE 1,635, MODIFY 2,792, mean 1,982.1; batch 2.5 × 1,982.1 =
    // 4,955.25 B: 25 + 250 × 4,955.25 / 1,048,576 = 26.18 ms → billed 27 ms.
    let lambda = 10.512 * 0.20 + 10_512_000.0 * 0.027 * 0.25 * 0.000_013_333_4;
    // Firehose Direct PUT: lines of 1,376 / 2,457 B (eventID 32) → 5,120 B each.
    let firehose = writes * 5120.0 / GB * 0.029;
    // S3: mean line 0.7 × 1,376 + 0.3 × 2,457 = 1,700.3 B → 17,003 B/s, one object per 300 s,
    // stored GZIP at 0.3.
    let s3 = 8_760.0 * 0.005 / 1000.0 + 0.3 * 17_003.0 * MONTH_S / GB * 0.023;
    assert_eq!(r.cost.service_total(Service::DynamoDbStreams), 0.0);
    assert!(close(r.cost.service_total(Service::Lambda), lambda));
    assert!(close(r.cost.service_total(Service::Firehose), firehose));
    assert!(close(r.cost.service_total(Service::S3), s3));
    assert!(close(r.cost.total_usd_per_month, lambda + firehose + s3));
    assert!(!r.cost.uses(Service::KinesisDataStreams) && !r.cost.uses(Service::DynamoDb));
}

#[test]
fn defaults_are_the_librarys_arm64_and_gzip() {
    let w = Workload::new(10.0, 1024.0);
    assert!(w.lambda_arm64);
    assert_eq!(w.compression_ratio, 0.3);
    assert_eq!(ferrocdk_plan::GZIP_RATIO, 0.3);
    // x86_64 and UNCOMPRESSED are still priced when asked for: the small workload's Lambda
    // (same invocations and billed ms as above) at $0.0000166667 per GB-s, and S3 storage of
    // the whole 17,043 B/s.
    let mut w = w;
    w.lambda_arm64 = false;
    w.compression_ratio = 1.0;
    let r = route(&w, Route::KinesisProvisioned);
    let lambda = 0.0438 * 0.20 + 43_800.0 * 0.291 * 0.25 * 0.000_016_666_7;
    let s3 = 8_760.0 * 0.005 / 1000.0 + 17_043.0 * MONTH_S / GB * 0.023;
    assert!(close(r.cost.service_total(Service::Lambda), lambda));
    assert!(close(r.cost.service_total(Service::S3), s3));
    // ≈ $18.64 in all: 11.32 + 2.63 + 3.63 + 0.06 + 1.00 (the planner's figure before it
    // took ferrocdk's defaults).
    assert!((r.cost.total_usd_per_month - 18.64).abs() < 0.01);
}

#[test]
fn retention_beyond_24_hours_is_charged() {
    // Provisioned, 1 shard, 48 h: extended retention 730 shard-hours × $0.02 = $14.60.
    let mut w = Workload::new(10.0, 1024.0);
    w.retention_hours = 48.0;
    let r = route(&w, Route::KinesisProvisioned);
    assert_eq!(quantity(&r, "extended retention"), 730.0);
    // 8,760 h: plus long-term retention of (8,760 − 168) h of 10 × 1,888.1 B/s.
    w.retention_hours = 8760.0;
    let r = route(&w, Route::KinesisProvisioned);
    assert!(close(
        quantity(&r, "long-term retention"),
        18_881.0 * 8592.0 * 3600.0 / GB
    ));
    // On-demand, 48 h: (48 − 24) h of 18,881 B/s held, per GB-month.
    w.retention_hours = 48.0;
    let r = route(&w, Route::KinesisOnDemand);
    assert!(close(
        quantity(&r, "extended retention"),
        18_881.0 * 24.0 * 3600.0 / GB
    ));
}
