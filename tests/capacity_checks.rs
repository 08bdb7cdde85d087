//! Synth's capacity checks agree with the planner: one model (`ferrocdk::plan::capacity`), one
//! assumption (the planner's default mix and shape), stated in every diagnostic; each names the
//! shard count or mode that would pass. Known answers worked out by hand in the comments (the
//! record sizes are derived in crates/plan/tests/capacity.rs).

use ferrocdk::core::rules;
use ferrocdk::plan::{plan, PriceTable, Route, Workload};
use ferrocdk::prelude::*;
use ferrocdk::{Diagnostic, Severity};

/// A stream (provisioned with `shards`, or on-demand), its declared load, its external
/// consumers, and `delivery` delivery streams reading it: every diagnostic of synth.
fn synth(
    shards: Option<Val<u32>>,
    load: Option<(f64, f64)>,
    external: u32,
    delivery: usize,
) -> Vec<Diagnostic> {
    let mut stack = Stack::new("V");
    let mut s = KinesisStream::new("Changes").external_consumers(external);
    if let Some(n) = shards {
        s = s.mode(StreamMode::Provisioned(n));
    }
    if let Some((w, b)) = load {
        s = s.expected_writes(w, b);
    }
    let stream = stack.add(s);
    let bucket = stack.add(Bucket::new("ChangeLog"));
    for i in 1..=delivery {
        stack
            .add(DeliveryStream::new(format!("D{i}"), S3Destination::new(&bucket)).source(&stream));
    }
    match stack.synth() {
        Ok(s) => s.warnings,
        Err(e) => e.diagnostics,
    }
}

fn capacity_diagnostics(all: &[Diagnostic]) -> Vec<&Diagnostic> {
    all.iter()
        .filter(|d| d.code.starts_with("kinesis-") && d.code != "kinesis-unencrypted")
        .collect()
}

fn planner_shards(writes: f64, item: f64, consumers: u32) -> Option<u64> {
    let mut w = Workload::new(writes, item);
    w.kinesis_consumers = consumers;
    let p = plan(&w, &PriceTable::us_east_1()).ok()?;
    p.routes
        .into_iter()
        .find(|r| r.route == Route::KinesisProvisioned)?
        .sizing
        .shards
}

/// The audit's case: 2,000 writes/s of 3,072-byte items, a delivery stream and 2 external
/// consumers. Mean record 4,518.5 B (60/30/10 mix), 9,101,000 B/s with partition keys; 3
/// consumers read 27,303,000 B/s: 13.02 shards of 2 MiB/s → 14. Synth used to count every
/// change as a MODIFY (6,762 B) and asked for 20.
#[test]
fn synth_and_the_planner_both_answer_14_shards_for_the_audits_load() {
    assert_eq!(planner_shards(2000.0, 3072.0, 3), Some(14));
    let all = synth(Some(13.into()), Some((2000.0, 3072.0)), 2, 1);
    let found = capacity_diagnostics(&all);
    assert_eq!(found.len(), 1, "{all:?}");
    let d = found[0];
    assert_eq!(
        (d.code, d.severity, d.path.as_str()),
        ("kinesis-read-capacity", Severity::Error, "V/D1")
    );
    assert_eq!(
        d.property,
        "KinesisStreamSourceConfiguration.KinesisStreamARN"
    );
    for part in [
        "consumer number 3 of \"Changes\" (13 shard(s))",
        "2,000 change records/s of 4,518 bytes on average",
        "60% INSERT / 30% MODIFY / 10% REMOVE",
        "8.68 MiB/s",
    ] {
        assert!(d.received.contains(part), "{part}: {}", d.received);
    }
    // 27,303,000 of 13 × 2,097,152 = 27,262,976 B/s: 100.1 %.
    for part in [
        "Kinesis read 2 MiB/s per shard (shared by consumers) binds",
        "27,303,000 of 27,262,976 bytes/s, 100.1% used",
        "14 provisioned shards or more",
    ] {
        assert!(d.allowed.contains(part), "{part}: {}", d.allowed);
    }
    // 14 shards pass; so would 20, the old answer, and no check asks for more than 14.
    for n in [14, 20] {
        let all = synth(Some(n.into()), Some((2000.0, 3072.0)), 2, 1);
        assert!(capacity_diagnostics(&all).is_empty(), "{n}: {all:?}");
    }
}

#[test]
fn a_declared_peak_above_the_shards_writes_is_an_error_naming_the_shards_and_the_mode() {
    // 9,101,000 B/s of writes on 8 shards (8,388,608 B/s): 108.5 %; 8.68 → 9 shards, or
    // on-demand (above the 4 MB/s it starts with, so it throttles while it scales).
    assert_eq!(planner_shards(2000.0, 3072.0, 1), Some(9));
    let all = synth(Some(8.into()), Some((2000.0, 3072.0)), 0, 1);
    let found = capacity_diagnostics(&all);
    assert_eq!(found.len(), 1, "{all:?}");
    let d = found[0];
    assert_eq!(
        (d.code, d.severity, d.path.as_str(), d.property.as_str()),
        (
            "kinesis-shards-too-few",
            Severity::Error,
            "V/Changes",
            "ShardCount"
        )
    );
    assert!(d
        .received
        .starts_with("8 shard(s) for a declared peak of 2,000 writes/s"));
    assert!(
        d.allowed.contains("108.5% used at 8 shard(s)"),
        "{}",
        d.allowed
    );
    assert!(
        d.allowed
            .contains("9 provisioned shards or more, or on-demand mode (it starts at 4 MB/s"),
        "{}",
        d.allowed
    );
    assert!(capacity_diagnostics(&synth(Some(9.into()), Some((2000.0, 3072.0)), 0, 1)).is_empty());
}

#[test]
fn an_on_demand_stream_is_checked_against_its_declared_load() {
    // The audit's load on an on-demand stream: 9,101,000 B/s is above the 4 MiB/s
    // (4,194,304) a new stream starts with (a warning on the stream: 9 shards take it from
    // the start), and 3 consumers read 27,303,000 of twice the write capacity, 18,202,000
    // (a warning on the third consumer: 14 shards).
    let all = synth(None, Some((2000.0, 3072.0)), 2, 1);
    let found = capacity_diagnostics(&all);
    let summary: Vec<(&str, Severity, &str)> = found
        .iter()
        .map(|d| (d.code, d.severity, d.path.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("kinesis-on-demand-capacity", Severity::Warning, "V/Changes"),
            ("kinesis-on-demand-capacity", Severity::Warning, "V/D1"),
        ]
    );
    assert_eq!(found[0].property, "StreamModeDetails");
    assert!(found[0]
        .allowed
        .contains("9 provisioned shards take the peak from the start"));
    assert!(found[1]
        .received
        .contains("consumer number 3 of \"Changes\" (on-demand)"));
    assert!(!found[1].received.contains("no declared load"));
    assert!(found[1]
        .allowed
        .contains("27,303,000 of 18,202,000 bytes/s, 150.0% used): 14 provisioned shards or more"));
    // 10 writes/s of 1 KB: below 4 MiB/s, and 3 consumers read 3 × 18,881 B/s of 8 MiB/s.
    assert!(capacity_diagnostics(&synth(None, Some((10.0, 1024.0)), 2, 1)).is_empty());
}

#[test]
fn without_a_declared_load_the_consumer_count_warning_says_what_passes() {
    // Provisioned, 2 shards, 3 consumers: each shard serves 2 MiB/s of reads, so 3 consumers
    // fit while the peak stays under 2 × 2 / 3 = 1.33 MiB/s.
    let all = synth(Some(2.into()), None, 0, 3);
    let found = capacity_diagnostics(&all);
    assert_eq!(found.len(), 1, "{all:?}");
    assert_eq!(
        (found[0].code, found[0].severity),
        ("kinesis-read-budget", Severity::Warning)
    );
    assert!(found[0].received.ends_with("with no declared load"));
    assert!(found[0]
        .allowed
        .contains("its 2 shard(s) serve 3 consumers up to a peak of 1.33 MiB/s"));
    // On-demand: reads are twice the write capacity, at least 8 MiB/s: 8 / 3 = 2.67 MiB/s.
    let all = synth(None, None, 0, 3);
    assert!(capacity_diagnostics(&all)[0]
        .allowed
        .contains("on-demand serves 3 consumers up to a peak of 2.67 MiB/s"));
}

fn with_shards_parameter(writes: f64, item: f64) -> Vec<Diagnostic> {
    let mut stack = Stack::new("V");
    let shards = stack.parameter(Parameter::number("Shards").default_value(1));
    let s = KinesisStream::new("Changes")
        .mode(StreamMode::Provisioned(shards.into()))
        .expected_writes(writes, item)
        .external_consumers(2);
    let stream = stack.add(s);
    let bucket = stack.add(Bucket::new("ChangeLog"));
    stack.add(DeliveryStream::new("D1", S3Destination::new(&bucket)).source(&stream));
    match stack.synth() {
        Ok(s) => s.warnings,
        Err(e) => e.diagnostics,
    }
}

#[test]
fn a_shard_count_from_a_parameter_with_a_declared_load_names_the_count_needed() {
    // The shard count is a parameter, so synth cannot compare: for the audit's load and 3
    // consumers it names the planner's 14.
    let all = with_shards_parameter(2000.0, 3072.0);
    let found = capacity_diagnostics(&all);
    assert_eq!(found.len(), 1, "{all:?}");
    assert_eq!(
        (found[0].code, found[0].severity),
        ("kinesis-read-budget", Severity::Warning)
    );
    assert!(found[0]
        .received
        .contains("whose shard count is not known at synth"));
    assert!(
        found[0]
            .allowed
            .contains("at the declared peak, 3 consumers need a ShardCount of at least 14"),
        "{}",
        found[0].allowed
    );
    // 350 writes/s of 1,000 B: 649,915 B/s; 3 consumers read 1,949,745 B/s of one shard's
    // 2,097,152: any shard count serves them, nothing to report.
    assert!(capacity_diagnostics(&with_shards_parameter(350.0, 1000.0)).is_empty());
}

#[test]
fn more_than_five_consumers_of_a_declared_load_pass_with_no_shard_count() {
    // 7 consumers poll 7 GetRecords/s per shard of 5: 140 %, whatever the shards.
    let all = synth(Some(2.into()), Some((100.0, 200.0)), 6, 1);
    let found = capacity_diagnostics(&all);
    assert_eq!(found.len(), 1, "{all:?}");
    assert_eq!(
        (found[0].code, found[0].severity),
        ("kinesis-read-capacity", Severity::Error)
    );
    assert!(found[0]
        .allowed
        .contains("(7 of 5 GetRecords/s per shard, 140.0% used)"));
    assert!(found[0].allowed.contains("no shard count and no mode"));
}

#[test]
fn every_capacity_rule_is_registered_with_the_severity_synth_reports() {
    let mut seen = Vec::new();
    let cases: [Vec<Diagnostic>; 5] = [
        synth(Some(1.into()), Some((f64::NAN, 100.0)), 0, 0),
        synth(Some(8.into()), Some((2000.0, 3072.0)), 0, 1),
        synth(Some(13.into()), Some((2000.0, 3072.0)), 2, 1),
        synth(None, Some((2000.0, 3072.0)), 2, 1),
        synth(None, None, 0, 3),
    ];
    for all in &cases {
        for d in capacity_diagnostics(all) {
            let rule = rules::by_code(d.code).unwrap_or_else(|| panic!("{} unregistered", d.code));
            assert_eq!(rule.severity, d.severity, "{}", d.code);
            seen.push(d.code);
        }
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(
        seen,
        [
            "kinesis-expected-load",
            "kinesis-on-demand-capacity",
            "kinesis-read-budget",
            "kinesis-read-capacity",
            "kinesis-shards-too-few",
        ]
    );
}
