//! `ferrocdk-transform`: a Firehose transformation event on stdin, the response on stdout.

use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
Usage: ferrocdk-transform [--help]

Reads a Firehose data-transformation event (JSON) on standard input and writes the
response ({\"records\": [...]}) on standard output. Each record's data must be a DynamoDB
change record (Kinesis Data Streams for DynamoDB format); it becomes one JSON line.
Malformed records are answered ProcessingFailed; a malformed event exits with status 2.

Environment (a variable is on when set to 1 or true, case-insensitive):
  FERROCDK_DROP_OLD_IMAGE    omit oldImage from every line
  FERROCDK_DROP_TTL_DELETES  answer TTL deletes Dropped
  FERROCDK_PARTITION_KEYS    add metadata.partitionKeys {table, eventName, eventDate}

Contract: docs/record-contract.md
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if let Some(a) = args.first() {
        eprintln!("ferrocdk-transform: unexpected argument {a:?}\n\n{USAGE}");
        return ExitCode::from(2);
    }
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("ferrocdk-transform: cannot read standard input: {e}");
        return ExitCode::from(2);
    }
    let options = ferrocdk_transform::Options::from_env();
    match ferrocdk_transform::handle_json(&input, &options) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout.write_all(&out).and_then(|()| stdout.flush()) {
                eprintln!("ferrocdk-transform: cannot write standard output: {e}");
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ferrocdk-transform: {e}");
            ExitCode::from(2)
        }
    }
}
