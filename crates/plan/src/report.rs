//! Rendering a plan as a readable side-by-side table.

use std::fmt::Write as _;

use crate::cost::Service;
use crate::plan::{Plan, RoutePlan};

const LABEL: usize = 34;
const COL: usize = 24;

/// Formats `v` with `decimals` and thousands separators (`1,234.50`).
pub fn thousands(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

fn row(out: &mut String, label: &str, cells: impl IntoIterator<Item = String>) {
    let _ = write!(out, "  {label:<LABEL$}");
    for c in cells {
        let _ = write!(out, "{c:>COL$}");
    }
    out.push('\n');
}

fn cells(routes: &[RoutePlan], f: impl Fn(&RoutePlan) -> String) -> Vec<String> {
    routes.iter().map(f).collect()
}

fn secs(s: f64) -> String {
    if s < 10.0 {
        format!("{s:.2} s")
    } else {
        format!("{} s", thousands(s, 0))
    }
}

/// The plan as text: sizing, whether ferrocdk builds each option, cost per service, total,
/// latency, objects per day, the recommendation and its reasons (which say why ferrocdk
/// cannot build an option), binding limits, warnings and assumptions.
pub fn render_text(plan: &Plan) -> String {
    let w = &plan.workload;
    let r = &plan.routes;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Workload: {} writes/s average, {} peak; items {} B (key {} B, {} attributes); \
         INSERT {}% / MODIFY {}% / REMOVE {}%",
        thousands(w.avg_writes_per_second, 0),
        thousands(w.peak_writes_per_second, 0),
        thousands(w.item_bytes, 0),
        thousands(w.key_bytes, 0),
        w.attributes_per_item,
        thousands(w.mix.insert * 100.0, 0),
        thousands(w.mix.modify * 100.0, 0),
        thousands(w.mix.remove * 100.0, 0),
    );
    let _ = writeln!(
        out,
        "Pipeline: {} Kinesis consumer(s), retention {} h; S3 buffer {} s / {} MiB; transform \
         buffer {} s / {} MiB; ESM batch {} / window {} s; Lambda {} MB {}; S3 objects {}",
        w.kinesis_consumers,
        thousands(w.retention_hours, 0),
        w.s3_buffer_interval_s,
        w.s3_buffer_mb,
        w.transform_buffer_interval_s,
        w.transform_buffer_mb,
        w.esm_batch_size,
        w.esm_batching_window_s,
        w.lambda_memory_mb,
        if w.lambda_arm64 { "arm64" } else { "x86_64" },
        if w.compression_ratio < 1.0 {
            format!("GZIP, {}x the lines", w.compression_ratio)
        } else {
            "uncompressed".to_string()
        },
    );
    let _ = writeln!(
        out,
        "Prices: {} (as of {})\n",
        plan.region, plan.prices_as_of
    );
    row(&mut out, "", cells(r, |p| p.route.name().to_string()));
    out.push_str("Sizing (peak)\n");
    row(
        &mut out,
        "stream record, avg bytes",
        cells(r, |p| thousands(p.sizing.source_record_bytes, 0)),
    );
    row(
        &mut out,
        "Firehose record, avg bytes",
        cells(r, |p| thousands(p.sizing.firehose_record_bytes, 0)),
    );
    row(
        &mut out,
        "S3 line, avg bytes",
        cells(r, |p| thousands(p.sizing.s3_line_bytes, 0)),
    );
    row(
        &mut out,
        "shards / delivery streams",
        cells(r, |p| {
            if let Some(s) = p.sizing.shards {
                format!("{s} shard{}", if s == 1 { "" } else { "s" })
            } else if let Some(s) = p.sizing.equivalent_shards {
                format!("auto (~{s} shard{})", if s == 1 { "" } else { "s" })
            } else {
                let n = p.sizing.delivery_streams_needed.unwrap_or(1);
                format!("{n} delivery stream{}", if n == 1 { "" } else { "s" })
            }
        }),
    );
    row(
        &mut out,
        "ferrocdk builds it",
        cells(r, |p| {
            if p.unbuildable.is_some() {
                "no: see below".to_string()
            } else {
                "yes".to_string()
            }
        }),
    );
    row(
        &mut out,
        "binding limit, utilisation",
        cells(r, |p| {
            format!("{}%", thousands(p.binding_utilisation * 100.0, 1))
        }),
    );
    out.push_str("Cost (USD/month, average rate)\n");
    for s in Service::ALL {
        if r.iter().any(|p| p.cost.uses(s)) {
            row(
                &mut out,
                s.name(),
                cells(r, |p| {
                    if p.cost.uses(s) {
                        thousands(p.cost.service_total(s), 2)
                    } else {
                        "-".to_string()
                    }
                }),
            );
        }
    }
    row(
        &mut out,
        "TOTAL",
        cells(r, |p| thousands(p.cost.total_usd_per_month, 2)),
    );
    out.push_str("Delivery (average rate)\n");
    row(
        &mut out,
        "latency, average",
        cells(r, |p| secs(p.latency.avg_s)),
    );
    row(
        &mut out,
        "latency, worst case",
        cells(r, |p| secs(p.latency.max_s)),
    );
    row(
        &mut out,
        "S3 objects per day",
        cells(r, |p| thousands(p.objects_per_day, 0)),
    );
    row(
        &mut out,
        "Lambda invocations per day",
        cells(r, |p| thousands(p.sizing.lambda_invocations_per_day, 0)),
    );
    row(
        &mut out,
        "records per invocation",
        cells(r, |p| thousands(p.sizing.records_per_invocation, 1)),
    );
    let rec = &plan.recommendation;
    let _ = writeln!(out, "\nRecommendation: {}", rec.summary);
    for reason in &rec.reasons {
        let _ = writeln!(out, "  - {reason}");
    }
    out.push_str("\nBinding limit (the first to bind as the peak grows):\n");
    for p in r {
        let _ = writeln!(
            out,
            "  {:<24}{} ({}% used)",
            p.route.name(),
            p.binding_limit,
            thousands(p.binding_utilisation * 100.0, 1)
        );
    }
    let warnings: Vec<_> = r
        .iter()
        .flat_map(|p| p.warnings.iter().map(move |w| (p.route.name(), w)))
        .collect();
    if !warnings.is_empty() {
        out.push_str("\nWarnings:\n");
        for (route, w) in warnings {
            let _ = writeln!(out, "  {route}: {w}");
        }
    }
    out.push_str("\nAssumptions:\n");
    for a in &plan.assumptions {
        let _ = writeln!(out, "  - {a}");
    }
    out
}
