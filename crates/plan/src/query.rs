//! What querying the change log costs: Athena's bytes scanned by the state-as-of named query,
//! JSON lines + gzip side by side with Parquet, and the Glue Data Catalog.
//!
//! The state-as-of query reads every change up to its time (duplicates and order are resolved
//! in SQL), so a run scans the whole log: `changes × bytes read per change`. For JSON lines
//! Athena reads every object whole, as S3 stores it: the line bytes × the workload's
//! [`Workload::compression_ratio`] (GZIP at [`crate::GZIP_RATIO`] by default, as ferrocdk
//! writes; the same ratio prices S3 storage). For Parquet it reads only the columns the query
//! uses (`eventid`, `eventname`, `tablename`, `approximatecreationdatetime`, `keys`,
//! `newimage`): their bytes × the Parquet ratio. Real items compress differently from the
//! measured defaults (BENCHMARKS.md "Query layer"), so pass your own when you know them.

use crate::cost::SECONDS_PER_MONTH;
use crate::record::{self, EventKind, RecordShape};
use crate::workload::Workload;
use crate::PlanError;
use serde::{Deserialize, Serialize};

/// Athena: $5.00 per TB scanned (TB = 2^40 bytes), rounded up to the MB, at least 10 MB per
/// query. Source: third-party summaries of aws.amazon.com/athena/pricing (athena.guide,
/// "Athena Basics: Pricing Model"; Stanford rcpedia "Athena"): "$5 per TB of data scanned,
/// rounded to the nearest MB, with a 10 MB minimum". Verify on the live page.
pub const ATHENA_USD_PER_TB: f64 = 5.0;
/// The smallest bill of one query: 10 MB.
pub const ATHENA_MIN_BYTES: f64 = 10.0 * 1024.0 * 1024.0;
/// Glue Data Catalog: the first million objects stored and the first million requests a month
/// are free; then $1 per 100,000 objects and $1 per million requests. Source: athena.guide
/// (as above), quoting aws.amazon.com/glue/pricing. Verify on the live page.
pub const GLUE_FREE_OBJECTS: f64 = 1_000_000.0;
/// See [`GLUE_FREE_OBJECTS`].
pub const GLUE_USD_PER_100K_OBJECTS: f64 = 1.0;
/// See [`GLUE_FREE_OBJECTS`].
pub const GLUE_FREE_REQUESTS: f64 = 1_000_000.0;
/// See [`GLUE_FREE_OBJECTS`].
pub const GLUE_USD_PER_MILLION_REQUESTS: f64 = 1.0;
/// Parquet (SNAPPY) bytes / raw bytes of the state query's columns: 0.56.
///
/// Measured on the data behind [`crate::GZIP_RATIO`] (the benchmark's generated records, shaped
/// by the built-in transform; `tests/python/measure_query_ratios.py`, BENCHMARKS.md "Query
/// layer"): the query's column chunks are 0.557 of those columns' raw bytes, while the gzip
/// JSON lines are 0.31 of theirs. Small, repetitive items compress much further (0.23 and 0.09
/// on the SQL test's scenario). Set yours.
pub const DEFAULT_PARQUET_RATIO: f64 = 0.56;
/// Glue requests per query: GetDatabase and GetTable (projection needs no GetPartitions).
pub const GLUE_REQUESTS_PER_QUERY: f64 = 2.0;

/// How the log is queried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryWorkload {
    /// Runs of the state-as-of query per month.
    pub state_queries_per_month: f64,
    /// How many months of changes the log holds when it is queried.
    pub log_months: f64,
    /// Compressed / raw bytes of the Parquet columns the query reads.
    pub parquet_ratio: f64,
}

impl QueryWorkload {
    /// `runs` state-as-of queries a month over 12 months of log, with the measured Parquet
    /// ratio ([`DEFAULT_PARQUET_RATIO`]); JSON objects are priced at the workload's
    /// compression ratio.
    #[must_use]
    pub fn new(runs: f64) -> Self {
        QueryWorkload {
            state_queries_per_month: runs,
            log_months: 12.0,
            parquet_ratio: DEFAULT_PARQUET_RATIO,
        }
    }
}

/// The cost of one format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormatCost {
    /// Bytes one state-as-of query scans.
    pub bytes_scanned_per_query: f64,
    /// Athena's bill for a month of queries, USD.
    pub athena_usd_per_month: f64,
}

/// Querying the log for a month, both formats, plus Glue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryCost {
    /// The query workload.
    pub workload: QueryWorkload,
    /// Changes in the log when queried.
    pub changes_in_log: f64,
    /// Size of the JSON objects Athena scans relative to their lines: the workload's
    /// compression ratio.
    pub json_ratio: f64,
    /// JSON lines as S3 stores them (GZIP by default: the workload's compression ratio).
    pub json_gzip: FormatCost,
    /// Parquet (record format conversion).
    pub parquet: FormatCost,
    /// Glue Data Catalog, USD a month (objects stored and requests beyond the free tier).
    pub glue_usd_per_month: f64,
    /// Glue objects (databases and tables; projection stores no partitions), with Parquet.
    pub glue_objects: f64,
}

fn athena(bytes: f64, runs: f64) -> FormatCost {
    let mb = 1024.0 * 1024.0;
    let billed = ((bytes / mb).ceil() * mb).max(ATHENA_MIN_BYTES);
    FormatCost {
        bytes_scanned_per_query: bytes,
        athena_usd_per_month: runs * billed / 1024f64.powi(4) * ATHENA_USD_PER_TB,
    }
}

/// Bytes of the state query's columns in one change line, before compression.
fn state_column_bytes(s: &RecordShape, kind: EventKind) -> f64 {
    let new = matches!(kind, EventKind::Insert | EventKind::Modify);
    record::KINESIS_EVENT_ID_BYTES
        + 6.0 // INSERT / MODIFY / REMOVE
        + s.table_name_bytes
        + 24.0 // 2026-05-01T09:00:00.000Z
        + record::plain_json_map_bytes(s.key_bytes, s.key_attributes)
        + if new { record::plain_json_map_bytes(s.item_bytes, s.attributes) } else { 0.0 }
}

/// The monthly cost of the state-as-of query over the log of `w`.
///
/// ```
/// use ferrocdk_plan::query::{query_cost, QueryWorkload};
/// use ferrocdk_plan::Workload;
/// let w = Workload::new(100.0, 1000.0);
/// let c = query_cost(&w, &QueryWorkload::new(30.0))?;
/// assert!(c.parquet.bytes_scanned_per_query > 0.0 && c.json_gzip.bytes_scanned_per_query > 0.0);
/// assert_eq!(c.glue_usd_per_month, 0.0); // within Glue's free tier
/// # Ok::<(), ferrocdk_plan::PlanError>(())
/// ```
///
/// # Errors
/// A workload or query workload out of range (every problem listed).
pub fn query_cost(w: &Workload, q: &QueryWorkload) -> Result<QueryCost, PlanError> {
    let mut problems = Vec::new();
    if let Err(e) = w.validate() {
        problems.extend(e.problems);
    }
    let mut check = |name: &str, v: f64, lo: f64, hi: f64| {
        if !(v.is_finite() && v >= lo && v <= hi) {
            problems.push(crate::Problem {
                field: name.to_owned(),
                message: format!("{v} is outside {lo}–{hi}"),
            });
        }
    };
    check(
        "state_queries_per_month",
        q.state_queries_per_month,
        0.0,
        1e9,
    );
    check("log_months", q.log_months, 0.0, 1200.0);
    check("parquet_ratio", q.parquet_ratio, 1e-6, 1.0);
    if !problems.is_empty() {
        return Err(PlanError { problems });
    }
    let shape = RecordShape::of(w, "us-east-1");
    let share = |k: EventKind| match k {
        EventKind::Insert => w.mix.insert,
        EventKind::Modify => w.mix.modify,
        EventKind::Remove => w.mix.remove,
    };
    let line: f64 = EventKind::ALL
        .iter()
        .map(|&k| share(k) * record::shaped_line_bytes(&shape, k, record::KINESIS_EVENT_ID_BYTES))
        .sum();
    let columns: f64 = EventKind::ALL
        .iter()
        .map(|&k| share(k) * state_column_bytes(&shape, k))
        .sum();
    let changes = w.avg_writes_per_second * SECONDS_PER_MONTH * q.log_months;
    let runs = q.state_queries_per_month;
    let objects = 4.0; // catalog database + table, Parquet schema database + table
    let requests = runs * GLUE_REQUESTS_PER_QUERY;
    let glue = (objects - GLUE_FREE_OBJECTS).max(0.0) / 100_000.0 * GLUE_USD_PER_100K_OBJECTS
        + (requests - GLUE_FREE_REQUESTS).max(0.0) / 1_000_000.0 * GLUE_USD_PER_MILLION_REQUESTS;
    Ok(QueryCost {
        workload: q.clone(),
        changes_in_log: changes,
        json_ratio: w.compression_ratio,
        json_gzip: athena(changes * line * w.compression_ratio, runs),
        parquet: athena(changes * columns * q.parquet_ratio, runs),
        glue_usd_per_month: glue,
        glue_objects: objects,
    })
}

/// The cost as text, for the planner's report.
#[must_use]
pub fn render_query_text(c: &QueryCost) -> String {
    use crate::thousands;
    let gb = |b: f64| thousands(b / 1024f64.powi(3), 2);
    let json = if c.json_ratio < 1.0 {
        "JSON lines, GZIP:  "
    } else {
        "JSON lines, plain: "
    };
    format!(
        "\nQuerying the log (Athena, state-as-of query): {} runs/month over {} months of log ({} changes)\n\
         \x20 {json}{} GiB scanned per run, ${} / month\n\
         \x20 Parquet (SNAPPY):  {} GiB scanned per run, ${} / month\n\
         \x20 Glue Data Catalog: {} objects, {} requests/month, ${} / month\n\
         \x20 (Athena $5/TB, 10 MB minimum; JSON objects {}x the lines as S3 stores them, Parquet {}x the raw columns)\n",
        thousands(c.workload.state_queries_per_month, 0),
        thousands(c.workload.log_months, 0),
        thousands(c.changes_in_log, 0),
        gb(c.json_gzip.bytes_scanned_per_query),
        thousands(c.json_gzip.athena_usd_per_month, 2),
        gb(c.parquet.bytes_scanned_per_query),
        thousands(c.parquet.athena_usd_per_month, 2),
        thousands(c.glue_objects, 0),
        thousands(c.workload.state_queries_per_month * GLUE_REQUESTS_PER_QUERY, 0),
        thousands(c.glue_usd_per_month, 2),
        c.json_ratio,
        c.workload.parquet_ratio,
    )
}
