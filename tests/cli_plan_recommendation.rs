//! `ferrocdk plan` as a process: the recommendation line and its reasons, the option ferrocdk
//! cannot build, ferrocdk's defaults (arm64, GZIP), all the same in text and in `--json`.

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

fn stdout(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const LARGE: [&str; 5] = [
    "plan",
    "--writes-per-second",
    "5000",
    "--item-bytes",
    "2048",
];

#[test]
fn the_table_ends_with_a_recommendation_and_its_reasons() {
    let text = stdout(&ferrocdk(&LARGE));
    // 5,000 writes/s of 2 KB: DynamoDB Streams needs 3 delivery streams (289 % of one's
    // 5 MiB/s), which ferrocdk cannot build; provisioned Kinesis, 16 shards, is next cheapest.
    let at = text
        .find("Recommendation: Kinesis (provisioned) with 16 shards\n")
        .unwrap_or_else(|| panic!("{text}"));
    let reasons: Vec<&str> = text[at..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  - "))
        .collect();
    assert!(reasons.len() >= 4, "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("DynamoDB Streams: $")
        && r.contains("ferrocdk cannot build it: needs 3 delivery streams")));
    assert!(text.contains("ferrocdk builds it"), "{text}");
}

#[test]
fn json_carries_the_same_recommendation_as_the_library() {
    let mut args = LARGE.to_vec();
    args.push("--json");
    let printed: serde_json::Value =
        serde_json::from_str(&stdout(&ferrocdk(&args))).unwrap_or_else(|e| panic!("not JSON: {e}"));
    let expected = plan(&Workload::new(5000.0, 2048.0), &PriceTable::us_east_1())
        .map(|p| serde_json::to_value(p).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(printed, expected);
    assert_eq!(printed["recommendation"]["route"], "kinesis_provisioned");
    assert!(printed["routes"][2]["unbuildable"].is_string());
}

#[test]
fn defaults_are_ferrocdks_and_x86_64_is_a_flag() {
    let text = stdout(&ferrocdk(&[
        "plan",
        "--writes-per-second",
        "10",
        "--item-bytes",
        "1024",
    ]));
    assert!(
        text.contains("Lambda 256 MB arm64; S3 objects GZIP, 0.3x the lines"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&ferrocdk(&[
        "plan",
        "--writes-per-second",
        "10",
        "--item-bytes",
        "1024",
        "--x86-64",
        "--compression-ratio",
        "1",
        "--json",
    ])))
    .unwrap_or_default();
    assert_eq!(json["workload"]["lambda_arm64"], false);
    assert_eq!(json["workload"]["compression_ratio"], 1.0);
    let help = stdout(&ferrocdk(&["plan", "--help"]));
    assert!(help.contains("--x86-64"), "{help}");
    assert!(help.contains("[default: 0.3]"), "{help}");
}
