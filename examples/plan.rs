//! Capacity and cost plan for shipping a DynamoDB change log to S3: the Kinesis route
//! (provisioned and on-demand stream) and the DynamoDB Streams route, side by side.
//!
//! ```text
//! cargo run --example plan -- --writes-per-second 500 --item-bytes 1200
//! cargo run --example plan -- --writes-per-second 500 --item-bytes 1200 --json
//! cargo run --example plan -- --help
//! ```
//!
//! The same as `ferrocdk plan …`. Bad flags or values: a message on stderr and exit code 2.

use std::process::ExitCode;

fn main() -> ExitCode {
    match ferrocdk::plan::cli::run(std::env::args_os().skip(1), "cargo run --example plan --") {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("plan: {msg}");
            eprintln!("Try --help.");
            ExitCode::from(2)
        }
    }
}
