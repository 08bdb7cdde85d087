//! Synth benchmark (not a test): prints how long synth takes for the pipeline stack and for
//! stacks of growing size up to the 500-resource template limit.
//!
//! `cargo run --release --example synth_bench`
//!
//! Whole-process figures (start, synth, print, exit) are measured on the built pipeline
//! example with `/usr/bin/time -f '%e s %M KiB' target/release/examples/pipeline > /dev/null`;
//! see BENCHMARKS.md.

#[path = "pipeline.rs"]
#[allow(dead_code)]
mod pipeline;

use ferrocdk::prelude::*;
use std::hint::black_box;
use std::time::Instant;

/// `n` copies of the Kinesis route (13 resources each), without the built-in code's size.
fn wide_stack(n: usize) -> Stack {
    let mut stack = Stack::new("Wide");
    for i in 0..n {
        let stream = stack.add(KinesisStream::new(format!("Changes{i}")));
        stack
            .add(Table::new(format!("Orders{i}"), Attribute::string("pk")).kinesis_stream(&stream));
        let bucket = stack.add(Bucket::new(format!("Log{i}")));
        let f = stack.add(TransformFunction::new(
            format!("Shape{i}"),
            Code::inline_python("def handler(e, c):\n    return e\n"),
        ));
        stack.add(
            DeliveryStream::new(
                format!("ToS3x{i}"),
                S3Destination::new(&bucket).processor(&f),
            )
            .source(&stream),
        );
    }
    stack
}

fn time<F: FnMut() -> usize>(label: &str, iterations: u32, mut f: F) {
    let mut bytes = 0;
    for _ in 0..3 {
        bytes = black_box(f());
    }
    let start = Instant::now();
    for _ in 0..iterations {
        bytes = black_box(f());
    }
    let per = start.elapsed() / iterations;
    println!(
        "{label:<44} {:>9.3} ms/synth  {bytes:>8} bytes of JSON",
        per.as_secs_f64() * 1e3
    );
}

fn main() {
    println!("ferrocdk synth benchmark (build the stack + synth + render pretty JSON)");
    time("pipeline (13 resources)", 2000, || {
        pipeline::stack()
            .synth()
            .map(|s| s.to_json_pretty().len())
            .unwrap_or(0)
    });
    for n in [7, 14, 28, 38] {
        let resources = wide_stack(n)
            .synth()
            .map(|s| s.template.resources.len())
            .unwrap_or(0);
        time(&format!("wide stack, {resources} resources"), 200, || {
            wide_stack(n)
                .synth()
                .map(|s| s.to_json_pretty().len())
                .unwrap_or(0)
        });
    }
}
