//! Bad input gives every problem at once; the price file round-trips.

use ferrocdk_plan::{plan, EventMix, PriceTable, Workload};

#[test]
fn every_workload_problem_is_reported_at_once() {
    let mut w = Workload::new(-1.0, 0.0);
    w.peak_writes_per_second = f64::NAN;
    w.mix = EventMix {
        insert: 0.5,
        modify: 0.5,
        remove: 0.1,
    };
    w.kinesis_consumers = 0;
    w.retention_hours = 12.0;
    w.s3_buffer_mb = 0.5;
    w.transform_buffer_mb = 4.0;
    w.esm_batch_size = 0;
    w.lambda_memory_mb = 64.0;
    w.compression_ratio = 0.0;
    let e = w.validate().unwrap_err();
    let fields: Vec<&str> = e.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "avg_writes_per_second",
            "peak_writes_per_second",
            "item_bytes",
            "key_bytes",
            "mix",
            "kinesis_consumers",
            "retention_hours",
            "s3_buffer_mb",
            "transform_buffer_mb",
            "esm_batch_size",
            "lambda_memory_mb",
            "compression_ratio",
        ],
        "{e}"
    );
    // The Display lists them all on one line.
    assert!(e.to_string().starts_with("12 problems: "));
}

#[test]
fn shares_must_sum_to_one_within_1e_9() {
    let mut w = Workload::new(1.0, 100.0);
    w.mix = EventMix {
        insert: 0.6,
        modify: 0.3,
        remove: 0.1 + 5e-10,
    };
    assert!(w.validate().is_ok());
    w.mix.remove = 0.1 + 2e-9;
    assert_eq!(w.validate().unwrap_err().problems[0].field, "mix");
}

#[test]
fn peak_below_average_and_oversize_items_are_rejected() {
    let mut w = Workload::new(100.0, 500_000.0);
    w.peak_writes_per_second = 50.0;
    let e = w.validate().unwrap_err();
    let fields: Vec<&str> = e.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["peak_writes_per_second", "item_bytes"]);
}

#[test]
fn plan_reports_workload_and_price_problems_together() {
    let mut prices = PriceTable::us_east_1();
    prices.firehose_ingest_gb = -1.0;
    prices.region = "US East".into();
    let e = plan(&Workload::new(1.0, 0.0), &prices).unwrap_err();
    let fields: Vec<&str> = e.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        ["item_bytes", "key_bytes", "region", "firehose_ingest_gb"]
    );
}

#[test]
fn shipped_price_file_equals_the_defaults() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/prices-us-east-1.json"
    );
    assert_eq!(
        PriceTable::from_json_file(path).unwrap(),
        PriceTable::us_east_1()
    );
}

#[test]
fn price_table_json_round_trip() {
    let mut t = PriceTable::us_east_1();
    t.region = "eu-west-2".into();
    t.firehose_ingest_gb = 0.035;
    t.assumptions = vec!["eu-west-2 from infracost".into()];
    let back = PriceTable::from_json_str(&t.to_json()).unwrap();
    assert_eq!(back, t);
    // The changed price reaches the plan.
    let p = plan(&Workload::new(10.0, 1000.0), &back).unwrap();
    assert_eq!(p.region, "eu-west-2");
    assert_eq!(p.assumptions[0], "eu-west-2 from infracost");
}

#[test]
fn price_files_with_unknown_missing_or_bad_members_are_rejected() {
    let good = PriceTable::us_east_1().to_json();
    let unknown = good.replacen("{", "{\n  \"kinesis_shard_hours\": 0.015,", 1);
    let e = PriceTable::from_json_str(&unknown).unwrap_err();
    assert!(
        e.to_string()
            .contains("unknown field `kinesis_shard_hours`"),
        "{e}"
    );
    let missing = good.replace("  \"s3_storage_gb_month\": 0.023,\n", "");
    let e = PriceTable::from_json_str(&missing).unwrap_err();
    assert!(
        e.to_string()
            .contains("missing field `s3_storage_gb_month`"),
        "{e}"
    );
    let negative = good.replace(
        "\"kinesis_shard_hour\": 0.015",
        "\"kinesis_shard_hour\": -0.015",
    );
    let e = PriceTable::from_json_str(&negative).unwrap_err();
    assert_eq!(e.problems[0].field, "kinesis_shard_hour");
    assert!(PriceTable::from_json_str("not json").is_err());
    let e = PriceTable::from_json_file("/nonexistent/prices.json").unwrap_err();
    assert!(e.to_string().contains("cannot read"), "{e}");
}
