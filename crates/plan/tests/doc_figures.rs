//! docs/cost-and-capacity.md embeds the example's output for three workloads, and it and
//! README.md summarise them in tables: all must match what the planner prints today
//! (regenerate them after changing the model or prices; a failure prints the expected text).

use ferrocdk_plan::cost::Service;
use ferrocdk_plan::{plan, render_text, thousands, Plan, PriceTable, Route, RoutePlan, Workload};

const WORKLOADS: [(&str, &str, f64, f64); 3] = [
    ("small", "10 writes/s × 1 KB", 10.0, 1024.0),
    ("medium", "500 writes/s × 1.2 KB", 500.0, 1200.0),
    ("large", "5,000 writes/s × 2 KB", 5000.0, 2048.0),
];

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn planned(writes: f64, item: f64) -> Plan {
    plan(&Workload::new(writes, item), &PriceTable::us_east_1()).unwrap()
}

fn usd(v: f64) -> String {
    format!("${}", thousands(v, 2))
}

fn plural(n: u64, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// How an option is sized, for the tables.
fn sizing(r: &RoutePlan) -> String {
    let s = match r.route {
        Route::KinesisProvisioned => plural(r.sizing.shards.unwrap_or(0), "shard"),
        Route::KinesisOnDemand => format!("auto (~{})", r.sizing.equivalent_shards.unwrap_or(0)),
        Route::DynamoDbStreams => plural(
            r.sizing.delivery_streams_needed.unwrap_or(0),
            "delivery stream",
        ),
    };
    if r.unbuildable.is_some() {
        format!("{s}: ferrocdk cannot build it")
    } else {
        s
    }
}

#[test]
fn cost_and_capacity_page_matches_the_planner() {
    let page = read("docs/cost-and-capacity.md");
    for (_, _, writes, item) in WORKLOADS {
        let text = render_text(&planned(writes, item));
        assert!(
            page.contains(text.trim_end()),
            "docs/cost-and-capacity.md is stale for {writes} writes/s × {item} B:\n{text}"
        );
    }
}

#[test]
fn cost_and_capacity_table_matches_the_planner() {
    let page = read("docs/cost-and-capacity.md");
    for (size, _, writes, item) in WORKLOADS {
        let p = planned(writes, item);
        for r in &p.routes {
            let row = format!(
                "| {size} ({writes}/s × {item} B) | {} | {} | {} | {} | {} | {} | {} | **{}** | \
                 {} s | {} |",
                r.route.name(),
                sizing(r),
                usd(r.cost.service_total(Service::KinesisDataStreams)),
                usd(r.cost.service_total(Service::DynamoDb)),
                usd(r.cost.service_total(Service::Firehose)),
                usd(r.cost.service_total(Service::Lambda)),
                usd(r.cost.service_total(Service::S3)),
                usd(r.cost.total_usd_per_month),
                thousands(r.latency.max_s, 1),
                thousands(r.objects_per_day, 0),
            );
            assert!(
                page.contains(&row),
                "docs/cost-and-capacity.md lacks:\n{row}"
            );
        }
    }
}

#[test]
fn readme_table_matches_the_planner() {
    let readme = read("README.md");
    for (size, label, writes, item) in WORKLOADS {
        let p = planned(writes, item);
        let cell = |r: Route| {
            let o = p.routes.iter().find(|x| x.route == r).unwrap();
            match r {
                Route::KinesisOnDemand => usd(o.cost.total_usd_per_month),
                _ => format!("{} ({})", usd(o.cost.total_usd_per_month), sizing(o)),
            }
        };
        let row = format!(
            "| {size}: {label} | {} | {} | {} | {} |",
            cell(Route::KinesisProvisioned),
            cell(Route::KinesisOnDemand),
            cell(Route::DynamoDbStreams),
            p.recommendation.summary,
        );
        assert!(readme.contains(&row), "README.md lacks:\n{row}");
    }
}
