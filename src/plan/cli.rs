//! The planner's command line, shared by `cargo run --example plan` and `ferrocdk plan`.

use ferrocdk_plan::{plan, render_text, PriceTable, Workload};

/// The help text; `{program}` is replaced by the command name.
const HELP: &str = "\
plan: capacity and cost of shipping a DynamoDB change log to S3, three ways
  (Kinesis route with a provisioned stream, with an on-demand stream, DynamoDB Streams route),
  and which to build

USAGE: {program} [OPTIONS]

Load (peak sizes shards and quotas, average prices the month):
  --writes-per-second N        average item writes per second            [required]
  --peak-writes-per-second N   peak writes per second          [default: the average]
  --item-bytes N               average item size in bytes, 1-409600      [required]
  --key-bytes N                key attribute bytes (names + values)      [default: 40]
  --attributes N               attributes per item, keys included       [default: 10]
  --key-attributes N           1 (partition key) or 2 (+ sort key)       [default: 1]
  --table-name-bytes N         table name length, 3-255                  [default: 24]
  --insert-share X             share of INSERT changes                  [default: 0.6]
  --modify-share X             share of MODIFY changes                  [default: 0.3]
  --remove-share X             share of REMOVE changes (shares sum to 1)[default: 0.1]
Pipeline:
  --consumers N                standard consumers of the Kinesis stream, Firehose
                               included                                  [default: 1]
  --retention-hours N          Kinesis retention, 24-8760               [default: 24]
  --buffer-interval S          Firehose S3 buffer interval, 0-900 s    [default: 300]
  --buffer-mb N                Firehose S3 buffer size, 1-128 MiB        [default: 5]
  --transform-buffer-interval S  Lambda processor interval, 0-900 s     [default: 60]
  --transform-buffer-mb N      Lambda processor buffer, 0.2-3 MiB        [default: 3]
  --batch-size N               forwarder ESM BatchSize, 1-10000        [default: 100]
  --batching-window S          forwarder ESM batching window, 0-300 s    [default: 0]
  --lambda-memory-mb N         transform/forwarder memory, 128-10240   [default: 256]
  --x86-64                     price Lambda as x86_64 (default: arm64, as ferrocdk deploys)
  --arm64                      price Lambda as arm64                           [default]
  --lambda-base-ms N           modelled ms per invocation               [default: 25]
  --lambda-ms-per-mb N         modelled ms per MiB of batch            [default: 250]
  --compression-ratio X        S3 object size / line size, (0, 1]: the default is GZIP,
                               as ferrocdk writes; 1 for UNCOMPRESSED  [default: 0.3]
Output:
  --prices FILE                price table JSON (format: examples/prices-us-east-1.json)
  --json                       print the plan as JSON
  -h, --help                   print this help
";

/// Runs the planner on command-line arguments (without the program name): the side-by-side
/// table and the recommendation, or the same plan as JSON with `--json`, or the help with
/// `-h`/`--help`. `program` is how the usage line names the command (e.g. `ferrocdk plan`).
///
/// ```
/// let text = ferrocdk::plan::cli::run(["--writes-per-second", "500", "--item-bytes", "1200"], "plan")?;
/// assert!(text.contains("Recommendation: "));
/// # Ok::<(), String>(())
/// ```
///
/// # Errors
/// A message for an unknown option, a missing or malformed value, an unreadable price file,
/// or an invalid workload (every problem listed).
pub fn run<I>(args: I, program: &str) -> Result<String, String>
where
    I: IntoIterator,
    I::Item: Into<std::ffi::OsString>,
{
    use lexopt::prelude::*;
    let mut w = Workload::new(f64::NAN, f64::NAN);
    let mut avg = None;
    let mut peak = None;
    let mut item = None;
    let mut prices_file = None;
    let mut json = false;
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(HELP.replace("{program}", program)),
            Long("json") => json = true,
            Long("arm64") => w.lambda_arm64 = true,
            Long("x86-64") => w.lambda_arm64 = false,
            Long("prices") => prices_file = Some(parser.value().map_err(|e| e.to_string())?),
            Long(name) => {
                let name = name.to_string();
                if !OPTIONS.contains(&name.as_str()) {
                    return Err(format!("unknown option --{name}"));
                }
                let raw = parser.value().map_err(|e| e.to_string())?;
                let text = raw
                    .to_str()
                    .ok_or_else(|| format!("--{name}: the value is not valid UTF-8"))?
                    .to_string();
                set(&mut w, &name, &text, &mut avg, &mut peak, &mut item)?;
            }
            other => return Err(other.unexpected().to_string()),
        }
    }
    let mut missing = Vec::new();
    if avg.is_none() {
        missing.push("--writes-per-second");
    }
    if item.is_none() {
        missing.push("--item-bytes");
    }
    if !missing.is_empty() {
        return Err(format!("missing {}", missing.join(" and ")));
    }
    w.avg_writes_per_second = avg.unwrap_or(f64::NAN);
    w.peak_writes_per_second = peak.unwrap_or(w.avg_writes_per_second);
    w.item_bytes = item.unwrap_or(f64::NAN);
    let prices = match prices_file {
        Some(path) => PriceTable::from_json_file(path).map_err(|e| e.to_string())?,
        None => PriceTable::us_east_1(),
    };
    let p = plan(&w, &prices).map_err(|e| {
        let lines: Vec<String> = e.problems.iter().map(|p| format!("  - {p}")).collect();
        format!("invalid workload:\n{}", lines.join("\n"))
    })?;
    if json {
        serde_json::to_string_pretty(&p)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string())
    } else {
        Ok(render_text(&p))
    }
}

/// The options that take a value (besides --prices).
const OPTIONS: [&str; 22] = [
    "writes-per-second",
    "peak-writes-per-second",
    "item-bytes",
    "key-bytes",
    "attributes",
    "key-attributes",
    "table-name-bytes",
    "insert-share",
    "modify-share",
    "remove-share",
    "consumers",
    "retention-hours",
    "buffer-interval",
    "buffer-mb",
    "transform-buffer-interval",
    "transform-buffer-mb",
    "batch-size",
    "batching-window",
    "lambda-memory-mb",
    "lambda-base-ms",
    "lambda-ms-per-mb",
    "compression-ratio",
];

fn number(name: &str, text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .map_err(|_| format!("--{name}: expected a number, got {text:?}"))
}

fn count(name: &str, text: &str) -> Result<u32, String> {
    text.trim()
        .parse::<u32>()
        .map_err(|_| format!("--{name}: expected a whole number, got {text:?}"))
}

fn set(
    w: &mut Workload,
    name: &str,
    text: &str,
    avg: &mut Option<f64>,
    peak: &mut Option<f64>,
    item: &mut Option<f64>,
) -> Result<(), String> {
    match name {
        "writes-per-second" => *avg = Some(number(name, text)?),
        "peak-writes-per-second" => *peak = Some(number(name, text)?),
        "item-bytes" => *item = Some(number(name, text)?),
        "key-bytes" => w.key_bytes = number(name, text)?,
        "attributes" => w.attributes_per_item = count(name, text)?,
        "key-attributes" => w.key_attributes = count(name, text)?,
        "table-name-bytes" => w.table_name_bytes = count(name, text)?,
        "insert-share" => w.mix.insert = number(name, text)?,
        "modify-share" => w.mix.modify = number(name, text)?,
        "remove-share" => w.mix.remove = number(name, text)?,
        "consumers" => w.kinesis_consumers = count(name, text)?,
        "retention-hours" => w.retention_hours = number(name, text)?,
        "buffer-interval" => w.s3_buffer_interval_s = number(name, text)?,
        "buffer-mb" => w.s3_buffer_mb = number(name, text)?,
        "transform-buffer-interval" => w.transform_buffer_interval_s = number(name, text)?,
        "transform-buffer-mb" => w.transform_buffer_mb = number(name, text)?,
        "batch-size" => w.esm_batch_size = count(name, text)?,
        "batching-window" => w.esm_batching_window_s = number(name, text)?,
        "lambda-memory-mb" => w.lambda_memory_mb = number(name, text)?,
        "lambda-base-ms" => w.lambda_base_ms = number(name, text)?,
        "lambda-ms-per-mb" => w.lambda_ms_per_mb = number(name, text)?,
        "compression-ratio" => w.compression_ratio = number(name, text)?,
        _ => return Err(format!("unknown option --{name}")),
    }
    Ok(())
}
