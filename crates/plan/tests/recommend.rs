//! The plan names the option to build, with its reasons, and says when ferrocdk cannot build
//! one; the JSON form carries the same. Known answers worked out by hand in the comments.

use ferrocdk_plan::cost::Service;
use ferrocdk_plan::{plan, render_text, Plan, PriceTable, Route, RoutePlan, Workload};

fn planned(w: &Workload) -> Plan {
    plan(w, &PriceTable::us_east_1()).unwrap()
}

fn option(p: &Plan, r: Route) -> &RoutePlan {
    p.routes.iter().find(|x| x.route == r).unwrap()
}

/// 5,000 writes/s of 2,048-byte items. DynamoDB Streams lines (envelope 175 + eventID 32 +
/// table 24 + region 9 + keys 47 = 287): INSERT/REMOVE 287 + 2,109 + 4 (null) = 2,400,
/// MODIFY 287 + 2 × 2,109 = 4,505; mean 0.7 × 2,400 + 0.3 × 4,505 = 3,031.5 B;
/// 5,000 × 3,031.5 = 15,157,500 B/s of one delivery stream's 5 MiB/s (5,242,880): 289 % → 3
/// delivery streams, which one Forwarder cannot feed. Kinesis records: INSERT/REMOVE 352 +
/// 2,181 = 2,533, MODIFY 352 + 2 × 2,181 = 4,714, mean 3,187.3; 5,000 × 3,219.3 =
/// 16,096,500 B/s ÷ 1 MiB/s = 15.35 → 16 shards.
#[test]
fn the_cheapest_option_is_not_recommended_when_ferrocdk_cannot_build_it() {
    let p = planned(&Workload::new(5000.0, 2048.0));
    let streams = option(&p, Route::DynamoDbStreams);
    assert_eq!(streams.sizing.delivery_streams_needed, Some(3));
    let why = streams.unbuildable.as_deref().unwrap_or_default();
    assert!(why.starts_with("needs 3 delivery streams"), "{why}");
    assert!(
        why.contains("one Forwarder feeds one delivery stream"),
        "{why}"
    );
    // It is the cheapest: no CDC units and no shard-hours.
    let provisioned = option(&p, Route::KinesisProvisioned);
    assert!(streams.cost.total_usd_per_month < provisioned.cost.total_usd_per_month);
    assert!(provisioned.unbuildable.is_none());
    assert!(option(&p, Route::KinesisOnDemand).unbuildable.is_none());
    // Provisioned costs less than on-demand, so it is the one.
    assert!(
        provisioned.cost.total_usd_per_month
            < option(&p, Route::KinesisOnDemand).cost.total_usd_per_month
    );
    let rec = &p.recommendation;
    assert_eq!(rec.route, Route::KinesisProvisioned);
    assert_eq!(rec.summary, "Kinesis (provisioned) with 16 shards");
    assert!(rec.reasons[0].starts_with("cheapest of the options ferrocdk can build that fit"));
    assert!(
        rec.reasons
            .iter()
            .any(|r| r.starts_with("DynamoDB Streams: ") && r.contains("ferrocdk cannot build it")),
        "{:?}",
        rec.reasons
    );
    assert!(rec
        .reasons
        .iter()
        .any(|r| r.starts_with("headroom: Kinesis write 1 MiB/s per shard binds first")));
    // The table says so too.
    let text = render_text(&p);
    assert!(
        text.contains("Recommendation: Kinesis (provisioned) with 16 shards\n"),
        "{text}"
    );
    assert!(text.contains("no: see below"), "{text}");
}

/// 500 writes/s of 1,200-byte items: the Kinesis route pays CDC units, 2 per change (1,200 B
/// → 2 KB): 500 × 2,628,000 × 2 = 2,628,000,000 units × $0.10 per million = $262.80 a month,
/// while both routes pay the same Firehose ingestion (every record under 5 KB is billed 5 KB).
/// The rest differs by a few dollars: DynamoDB Streams is the cheapest, and it fits.
#[test]
fn the_cheapest_buildable_option_that_fits_is_recommended() {
    let p = planned(&Workload::new(500.0, 1200.0));
    let provisioned = option(&p, Route::KinesisProvisioned);
    let streams = option(&p, Route::DynamoDbStreams);
    assert!((provisioned.cost.service_total(Service::DynamoDb) - 262.80).abs() < 1e-9);
    assert_eq!(
        provisioned.cost.service_total(Service::Firehose),
        streams.cost.service_total(Service::Firehose)
    );
    assert!(p.routes.iter().all(|r| r.unbuildable.is_none()));
    let rec = &p.recommendation;
    assert_eq!(rec.route, Route::DynamoDbStreams);
    assert_eq!(rec.summary, "DynamoDB Streams with 1 delivery stream");
    // Every other option is named with its cost and the difference.
    assert!(rec.reasons[1].starts_with("Kinesis (provisioned): $"));
    assert!(rec.reasons[1].ends_with("more a month"));
    assert!(rec.reasons[2].starts_with("Kinesis (on-demand): $"));
    assert!(rec
        .reasons
        .last()
        .unwrap()
        .starts_with("trade-off: the DynamoDB Streams route"));
}

#[test]
fn retention_beyond_24_hours_rules_out_dynamodb_streams() {
    let mut w = Workload::new(500.0, 1200.0);
    w.retention_hours = 48.0;
    let p = planned(&w);
    let rec = &p.recommendation;
    assert_eq!(rec.route, Route::KinesisProvisioned);
    assert!(
        rec.reasons
            .iter()
            .any(|r| r.starts_with("DynamoDB Streams: ")
                && r.contains("keeps changes 24 h; the workload asks for 48 h")),
        "{:?}",
        rec.reasons
    );
}

#[test]
fn when_nothing_fits_the_least_used_buildable_option_is_named_as_such() {
    // 6 consumers exceed 5 GetRecords/s per shard on both Kinesis options (120 %, the binding
    // limit of each: a fixed limit exceeded); DynamoDB Streams cannot be built (3 delivery
    // streams). The first listed of the tie is named, and the plan says nothing fits.
    let mut w = Workload::new(5000.0, 2048.0);
    w.kinesis_consumers = 6;
    let p = planned(&w);
    let rec = &p.recommendation;
    assert_eq!(rec.route, Route::KinesisProvisioned);
    assert!(
        rec.reasons[0].starts_with("no option qualifies"),
        "{:?}",
        rec.reasons
    );
    assert!(rec.reasons[0].contains("ruled out too: exceeds Kinesis 5 GetRecords/s"));
    assert!(!rec.reasons.iter().any(|r| r.starts_with("headroom")));
}

#[test]
fn the_json_plan_carries_the_recommendation_and_reads_back() {
    let p = planned(&Workload::new(5000.0, 2048.0));
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["recommendation"]["route"], "kinesis_provisioned");
    assert_eq!(
        json["recommendation"]["summary"],
        "Kinesis (provisioned) with 16 shards"
    );
    assert_eq!(
        json["recommendation"]["reasons"].as_array().map(Vec::len),
        Some(p.recommendation.reasons.len())
    );
    assert_eq!(json["routes"][0]["unbuildable"], serde_json::Value::Null);
    assert!(json["routes"][2]["unbuildable"]
        .as_str()
        .is_some_and(|s| s.starts_with("needs 3 delivery streams")));
    assert_eq!(json["workload"]["lambda_arm64"], true);
    assert_eq!(json["workload"]["compression_ratio"], 0.3);
    let back: Plan = serde_json::from_value(json).unwrap();
    assert_eq!(back, p);
}
