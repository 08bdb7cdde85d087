//! The recommendation: which of the three options to build, and why.
//!
//! The rule: of the options ferrocdk can build, that fit the peak (no limit exceeded) and
//! keep changes as long as the workload's retention asks, the cheapest a month (the first
//! listed on a tie). When none qualifies, the buildable option whose worst limit is least
//! exceeded, said so.

use serde::{Deserialize, Serialize};

use crate::limits::LimitCheck;
use crate::plan::{Route, RoutePlan};
use crate::report::thousands;
use crate::workload::Workload;

/// Hours a DynamoDB stream keeps a change.
const STREAMS_RETENTION_HOURS: f64 = 24.0;

/// The option to build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// The option.
    pub route: Route,
    /// One line: the option and its size, e.g. `Kinesis (provisioned) with 16 shards`.
    pub summary: String,
    /// Why: cost against the other options (and why any is ruled out), the limit that binds
    /// first, and what the route trades.
    pub reasons: Vec<String>,
}

/// Why an option is ruled out, if it is.
fn ruled_out(w: &Workload, r: &RoutePlan) -> Option<String> {
    if let Some(why) = &r.unbuildable {
        return Some(format!("ferrocdk cannot build it: {why}"));
    }
    if let Some(c) = worst_exceeded(&r.sizing.checks) {
        return Some(format!(
            "exceeds {} at the peak ({}% used)",
            c.limit,
            thousands(c.utilisation * 100.0, 0)
        ));
    }
    if r.route == Route::DynamoDbStreams && w.retention_hours > STREAMS_RETENTION_HOURS {
        return Some(format!(
            "a DynamoDB stream keeps changes 24 h; the workload asks for {} h of retention",
            thousands(w.retention_hours, 0)
        ));
    }
    None
}

fn worst_exceeded(checks: &[LimitCheck]) -> Option<&LimitCheck> {
    checks
        .iter()
        .filter(|c| !c.within())
        .max_by(|a, b| a.utilisation.total_cmp(&b.utilisation))
}

fn usd(v: f64) -> String {
    format!("${}", thousands(v, 2))
}

/// How the option is sized, in words.
fn size(r: &RoutePlan) -> String {
    let plural = |n: u64| if n == 1 { "" } else { "s" };
    match r.route {
        Route::KinesisProvisioned => {
            let n = r.sizing.shards.unwrap_or(1);
            format!("{} with {n} shard{}", r.route.name(), plural(n))
        }
        Route::KinesisOnDemand => r.route.name().to_string(),
        Route::DynamoDbStreams => {
            let n = r.sizing.delivery_streams_needed.unwrap_or(1);
            format!("{} with {n} delivery stream{}", r.route.name(), plural(n))
        }
    }
}

/// What the route gives and gives up, beyond cost and capacity.
fn trade_off(route: Route) -> &'static str {
    match route {
        Route::KinesisProvisioned | Route::KinesisOnDemand => {
            "trade-off: the Kinesis route keeps changes up to a year for replay and needs no \
             glue code, but a change may arrive twice or out of order"
        }
        Route::DynamoDbStreams => {
            "trade-off: the DynamoDB Streams route delivers each change once, in order per \
             item, but keeps 24 h for replay and runs a forwarder Lambda in the path"
        }
    }
}

/// The option whose binding limit is least used (the first listed on a tie).
fn least_used<'a>(routes: impl Iterator<Item = &'a RoutePlan>) -> Option<&'a RoutePlan> {
    routes.fold(None, |best, r| match best {
        Some(b) if b.binding_utilisation <= r.binding_utilisation => Some(b),
        _ => Some(r),
    })
}

/// Picks the option to build among `routes` for `w` (see the module docs); `None` only when
/// `routes` is empty.
pub(crate) fn recommend(w: &Workload, routes: &[RoutePlan]) -> Option<Recommendation> {
    let cost = |r: &RoutePlan| r.cost.total_usd_per_month;
    let qualified =
        routes
            .iter()
            .filter(|r| ruled_out(w, r).is_none())
            .fold(None::<&RoutePlan>, |best, r| match best {
                Some(b) if cost(b) <= cost(r) => Some(b),
                _ => Some(r),
            });
    let (chosen, first) = match qualified {
        Some(r) => (
            r,
            format!(
                "cheapest of the options ferrocdk can build that fit the peak: {} a month \
                 (chosen on cost and capacity; weigh the trade-off below)",
                usd(cost(r))
            ),
        ),
        None => {
            let buildable = least_used(routes.iter().filter(|r| r.unbuildable.is_none()));
            let r = buildable.or_else(|| least_used(routes.iter()))?;
            (
                r,
                format!(
                    "no option qualifies (each is ruled out below); this one's binding limit is \
                     the least used ({} at {}%), {} a month{}",
                    r.binding_limit,
                    thousands(r.binding_utilisation * 100.0, 0),
                    usd(cost(r)),
                    ruled_out(w, r)
                        .map_or_else(String::new, |why| format!("; ruled out too: {why}")),
                ),
            )
        }
    };
    let mut reasons = vec![first];
    for r in routes.iter().filter(|r| r.route != chosen.route) {
        let why = ruled_out(w, r)
            .unwrap_or_else(|| format!("{} more a month", usd(cost(r) - cost(chosen))));
        reasons.push(format!(
            "{}: {} a month; {why}",
            r.route.name(),
            usd(cost(r))
        ));
    }
    if chosen.unbuildable.is_none() && worst_exceeded(&chosen.sizing.checks).is_none() {
        reasons.push(format!(
            "headroom: {} binds first, {}% used at the peak",
            chosen.binding_limit,
            thousands(chosen.binding_utilisation * 100.0, 1)
        ));
    }
    reasons.push(trade_off(chosen.route).to_string());
    Some(Recommendation {
        route: chosen.route,
        summary: size(chosen),
        reasons,
    })
}
