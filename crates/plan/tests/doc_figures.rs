//! docs/cost-and-capacity.md embeds the example's output for three workloads: it must match
//! what the planner prints today (regenerate the page after changing the model or prices).

use ferrocdk_plan::{plan, render_text, PriceTable, Workload};

#[test]
fn cost_and_capacity_page_matches_the_planner() {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/cost-and-capacity.md"
    ))
    .unwrap();
    for (writes, item) in [(10.0, 1024.0), (500.0, 1200.0), (5000.0, 2048.0)] {
        let text =
            render_text(&plan(&Workload::new(writes, item), &PriceTable::us_east_1()).unwrap());
        assert!(
            page.contains(text.trim_end()),
            "docs/cost-and-capacity.md is stale for {writes} writes/s × {item} B"
        );
    }
}
