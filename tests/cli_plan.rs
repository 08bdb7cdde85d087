//! `ferrocdk plan` run as a process: the same plan as the library, the help, usage errors.

use ferrocdk::plan::{plan, PriceTable, Workload};
use std::process::{Command, Output};

fn ferrocdk(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_ferrocdk"))
        .args(args)
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run ferrocdk: {e}"),
    }
}

#[test]
fn json_plan_equals_the_library_plan() {
    let out = ferrocdk(&[
        "plan",
        "--writes-per-second",
        "500",
        "--item-bytes",
        "1200",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: serde_json::Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => panic!("not JSON: {e}"),
    };
    let expected = match plan(&Workload::new(500.0, 1200.0), &PriceTable::us_east_1()) {
        Ok(p) => serde_json::to_value(p).unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(printed, expected);
    let routes: Vec<&str> = printed["routes"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["route"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        routes,
        [
            "kinesis_provisioned",
            "kinesis_on_demand",
            "dynamo_db_streams"
        ]
    );
}

#[test]
fn table_names_all_three_options() {
    let out = ferrocdk(&["plan", "--writes-per-second", "10", "--item-bytes", "1024"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for column in [
        "Kinesis (provisioned)",
        "Kinesis (on-demand)",
        "DynamoDB Streams",
    ] {
        assert!(text.contains(column), "{text}");
    }
}

#[test]
fn help_names_the_command() {
    for args in [&["plan", "--help"][..], &["help", "plan"][..]] {
        let out = ferrocdk(args);
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("USAGE: ferrocdk plan [OPTIONS]"));
    }
    let top = ferrocdk(&["--help"]);
    assert!(String::from_utf8_lossy(&top.stdout).contains("plan OPTIONS"));
}

#[test]
fn usage_errors_exit_2_with_every_problem() {
    let out = ferrocdk(&["plan", "--bogus", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown option --bogus"));
    let out = ferrocdk(&["plan", "--item-bytes", "100"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing --writes-per-second"));
    let out = ferrocdk(&["plan", "--writes-per-second", "-5", "--item-bytes", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid workload"), "{err}");
    assert!(
        err.matches("  - ").count() >= 2,
        "every problem listed: {err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn the_query_section_is_printed_when_asked_for() {
    use ferrocdk::plan::cli::run;
    let args = [
        "--writes-per-second",
        "100",
        "--item-bytes",
        "1000",
        "--state-queries-per-month",
        "30",
    ];
    let text = run(args, "plan").unwrap_or_else(|e| panic!("{e}"));
    assert!(
        text.contains("Querying the log (Athena, state-as-of query): 30 runs/month"),
        "{text}"
    );
    assert!(
        text.contains("JSON lines, GZIP:") && text.contains("Parquet (SNAPPY):"),
        "{text}"
    );
    assert!(text.contains("JSON objects 0.3x the lines"), "{text}");
    // The JSON objects Athena scans are the ones S3 stores: --compression-ratio prices both.
    let plain = run([&args[..], &["--compression-ratio", "1"]].concat(), "plan")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(plain.contains("JSON lines, plain:"), "{plain}");
    let json = run([&args[..], &["--json"]].concat(), "plan").unwrap_or_else(|e| panic!("{e}"));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(v["query"]["workload"]["state_queries_per_month"], 30.0);
    assert_eq!(v["query"]["json_ratio"], 0.3);
    let without = run(&args[..4], "plan").unwrap_or_else(|e| panic!("{e}"));
    assert!(!without.contains("Querying the log"));
    let err = run(
        [
            "--writes-per-second",
            "1",
            "--item-bytes",
            "1000",
            "--log-months",
            "3",
        ],
        "plan",
    )
    .unwrap_err();
    assert!(err.contains("--state-queries-per-month"), "{err}");
}
