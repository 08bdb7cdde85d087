//! Stack-file benchmark (not a test): memory and time of reading bad and large stack files.
//!
//! `cargo run --release --example stack_file_bench -- write DIR` writes the inputs (below) to
//! DIR; measure each with the command itself:
//! `/usr/bin/time -v target/release/ferrocdk validate DIR/<file>` (peak RSS: "Maximum resident
//! set size"). `cargo run --release --example stack_file_bench -- time FILE…` times
//! `stack_file::synth_text` on each file in this process and prints the peak RSS it reached
//! (Linux: `VmHWM`, reset between files). See BENCHMARKS.md.
//!
//! The inputs: the two of the audit (a 320 KB file whose one 200 KB member name holds 60,000
//! zeros; a 50 MB array), the 50 MB array as the `constructs` member (both refused now: over
//! the 8 MiB a stack file may have), and series of growing size (×2 each, up to 8 MB) to show
//! that time and memory grow linearly: a construct member holding a long array of numbers
//! (the densest JSON: one value per 2 bytes), an object with many unknown members, and stacks
//! of valid constructs.

use ferrocdk::stack_file::synth_text;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Each input: file name and text.
fn inputs() -> Vec<(String, String)> {
    let zeros = |n: usize| vec!["0"; n].join(",");
    let mut out = vec![
        (
            "long-name-zeros.json".to_owned(),
            format!(r#"{{"{}": [{}]}}"#, "a".repeat(200_000), zeros(60_000)),
        ),
        (
            "array-50mb.json".to_owned(),
            format!("[{}]", zeros(25_000_000)),
        ),
        (
            "constructs-50mb.json".to_owned(),
            format!(
                r#"{{"name": "Big", "constructs": [{}]}}"#,
                zeros(25_000_000)
            ),
        ),
    ];
    // Up to the 8 MiB a stack file may have (`stack_file::MAX_FILE_BYTES`).
    for mb in [1, 2, 4, 8] {
        let n = mb * 500_000;
        out.push((
            format!("member-array-{mb}mb.json"),
            format!(
                r#"{{"name": "Big", "constructs": [{{"type": "Alarms", "id": "A", "watch": [{}]}}]}}"#,
                zeros(n)
            ),
        ));
        let members: String = (0..mb * 70_000)
            .map(|i| format!(r#","m{i:07}":0"#))
            .collect();
        out.push((
            format!("unknown-members-{mb}mb.json"),
            format!(
                r#"{{"name": "Big", "constructs": [{{"type": "Bucket", "id": "B"{members}}}]}}"#
            ),
        ));
    }
    for n in [60, 120, 240, 480] {
        let constructs: Vec<String> = (0..n / 4)
            .map(|i| {
                format!(
                    r#"{{"type": "KinesisStream", "id": "S{i}"}}, {{"type": "Table", "id": "T{i}", "partitionKey": {{"name": "pk", "type": "S"}}, "kinesisStream": "S{i}"}}, {{"type": "Bucket", "id": "B{i}"}}, {{"type": "DeliveryStream", "id": "D{i}", "source": "S{i}", "destination": {{"bucket": "B{i}"}}}}"#
                )
            })
            .collect();
        out.push((
            format!("constructs-{n:03}.json"),
            format!(
                r#"{{"name": "Many", "constructs": [{}]}}"#,
                constructs.join(",\n")
            ),
        ));
    }
    out
}

/// The peak resident set size of this process in KiB (Linux), if known.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak resident set size to the current one (Linux 4.0+).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("write") if args.len() == 2 => {
            let dir = Path::new(&args[1]);
            std::fs::create_dir_all(dir)?;
            for (name, text) in inputs() {
                std::fs::write(dir.join(&name), &text)?;
                println!("{name}: {} bytes", text.len());
            }
        }
        Some("time") if args.len() >= 2 => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "file\tbytes\tseconds\tpeak RSS KiB\tdiagnostics")?;
            for file in &args[1..] {
                let text = std::fs::read_to_string(file)?;
                reset_peak();
                let start = Instant::now();
                let n = match synth_text(file, &text) {
                    Ok(s) => s.warnings.len(),
                    Err(d) => d.len(),
                };
                let seconds = start.elapsed().as_secs_f64();
                let peak = peak_kib().map_or("?".to_owned(), |k| k.to_string());
                writeln!(out, "{file}\t{}\t{seconds:.3}\t{peak}\t{n}", text.len())?;
            }
        }
        _ => {
            eprintln!("usage: stack_file_bench write DIR | stack_file_bench time FILE…");
            std::process::exit(2);
        }
    }
    Ok(())
}
