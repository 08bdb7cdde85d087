//! The Athena and Glue cost of querying the change log (`ferrocdk_plan::query`).

use ferrocdk_plan::cost::SECONDS_PER_MONTH;
use ferrocdk_plan::query::{query_cost, QueryWorkload, ATHENA_MIN_BYTES, DEFAULT_PARQUET_RATIO};
use ferrocdk_plan::record::{shaped_line_bytes, EventKind, RecordShape, KINESIS_EVENT_ID_BYTES};
use ferrocdk_plan::{Workload, GZIP_RATIO};

const TIB: f64 = 1_099_511_627_776.0;

#[test]
fn json_scans_every_line_of_the_log_as_s3_stores_it() {
    let mut w = Workload::new(50.0, 2000.0);
    let q = QueryWorkload::new(30.0);
    let c = query_cost(&w, &q).unwrap();
    let s = RecordShape::of(&w, "us-east-1");
    let line = 0.6 * shaped_line_bytes(&s, EventKind::Insert, KINESIS_EVENT_ID_BYTES)
        + 0.3 * shaped_line_bytes(&s, EventKind::Modify, KINESIS_EVENT_ID_BYTES)
        + 0.1 * shaped_line_bytes(&s, EventKind::Remove, KINESIS_EVENT_ID_BYTES);
    let changes = 50.0 * SECONDS_PER_MONTH * 12.0;
    assert_eq!(c.changes_in_log, changes);
    // GZIP objects at the planner's ratio, the one S3 storage is priced at.
    assert_eq!(c.json_ratio, GZIP_RATIO);
    let scanned = changes * line * GZIP_RATIO;
    assert!((c.json_gzip.bytes_scanned_per_query - scanned).abs() < 1.0);
    let billed = (scanned / 1_048_576.0).ceil() * 1_048_576.0;
    assert!((c.json_gzip.athena_usd_per_month - 30.0 * billed / TIB * 5.0).abs() < 1e-9);
    // Uncompressed objects are scanned whole.
    w.compression_ratio = 1.0;
    let c = query_cost(&w, &q).unwrap();
    assert!((c.json_gzip.bytes_scanned_per_query - changes * line).abs() < 1.0);
}

#[test]
fn parquet_reads_only_the_query_columns_and_which_format_scans_less_depends_on_the_ratios() {
    // A MODIFY-heavy log: Parquet skips the old images.
    let mut w = Workload::new(50.0, 2000.0);
    w.mix.insert = 0.1;
    w.mix.modify = 0.9;
    w.mix.remove = 0.0;
    let c = query_cost(&w, &QueryWorkload::new(30.0)).unwrap();
    // Raw bytes read: Parquet columns are about half of a MODIFY line (no old image)...
    let s = RecordShape::of(&w, "us-east-1");
    let line = shaped_line_bytes(&s, EventKind::Modify, KINESIS_EVENT_ID_BYTES);
    let per_change_parquet_raw =
        c.parquet.bytes_scanned_per_query / c.changes_in_log / DEFAULT_PARQUET_RATIO;
    assert!(per_change_parquet_raw < 0.6 * line && per_change_parquet_raw > 0.4 * line);
    // ...so with the ratios measured on varied items (GZIP 0.3 of the lines, SNAPPY 0.56 of
    // the columns) Parquet scans a little less than GZIP JSON...
    assert!(c.parquet.bytes_scanned_per_query < c.json_gzip.bytes_scanned_per_query);
    assert!(c.parquet.bytes_scanned_per_query > 0.8 * c.json_gzip.bytes_scanned_per_query);
    // ...and with those of small, repetitive items (the SQL test's scenario: GZIP 0.09,
    // SNAPPY 0.23) GZIP JSON scans less: the query reads every new image either way.
    w.compression_ratio = 0.09;
    let mut q = QueryWorkload::new(30.0);
    q.parquet_ratio = 0.23;
    let c = query_cost(&w, &q).unwrap();
    assert!(c.json_gzip.bytes_scanned_per_query < c.parquet.bytes_scanned_per_query);
}

#[test]
fn a_small_log_pays_athenas_ten_megabyte_minimum() {
    let w = Workload::new(0.001, 100.0);
    let c = query_cost(&w, &QueryWorkload::new(1000.0)).unwrap();
    assert!(c.json_gzip.bytes_scanned_per_query < ATHENA_MIN_BYTES);
    let want = 1000.0 * 10.0 * 1_048_576.0 / TIB * 5.0;
    assert!((c.json_gzip.athena_usd_per_month - want).abs() < 1e-12);
    assert_eq!(
        c.parquet.athena_usd_per_month,
        c.json_gzip.athena_usd_per_month
    );
}

#[test]
fn glue_is_free_until_a_million_requests() {
    let w = Workload::new(1.0, 100.0);
    assert_eq!(
        query_cost(&w, &QueryWorkload::new(500_000.0))
            .unwrap()
            .glue_usd_per_month,
        0.0
    );
    let c = query_cost(&w, &QueryWorkload::new(1_000_000.0)).unwrap();
    assert!(
        (c.glue_usd_per_month - 1.0).abs() < 1e-9,
        "{}",
        c.glue_usd_per_month
    );
}

#[test]
fn bad_query_inputs_are_listed() {
    let w = Workload::new(1.0, 100.0);
    let mut q = QueryWorkload::new(-1.0);
    q.parquet_ratio = 0.0;
    let e = query_cost(&w, &q).unwrap_err();
    let fields: Vec<&str> = e.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["state_queries_per_month", "parquet_ratio"]);
}
