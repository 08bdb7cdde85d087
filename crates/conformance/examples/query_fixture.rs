//! Test tool: what Firehose would write for a list of deliveries, with ferrocdk's own code.
//!
//! Reads `{"prefix": "...", "environment": {<the transform's variables>}, "deliveries":
//! [{"arrivalMs": n, "event": <Firehose transformation event>}]}` on stdin. Each delivery's event is shaped by the
//! `ferrocdk-transform` library (the Rust transform), and every `Ok` record's S3 prefix is
//! evaluated with [`ferrocdk::aws::firehose::render_prefix`] at the delivery's arrival time and
//! with the record's partition keys. Prints `[{"recordId", "prefix", "data": "<base64 line>"}, …]`
//! in input order (records that are not `Ok` are left out, as Firehose puts them under the
//! error prefix). `tests/python/test_query_sql.py` writes them as gzip objects and runs the
//! named queries over them.

use ferrocdk::aws::firehose::render_prefix;
use ferrocdk_transform::{handle, FirehoseEvent, Options, RecordResult};
use serde::Deserialize;
use std::io::Read;
use std::process::ExitCode;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Input {
    prefix: String,
    environment: std::collections::BTreeMap<String, String>,
    deliveries: Vec<Delivery>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Delivery {
    arrival_ms: i64,
    event: FirehoseEvent,
}

fn main() -> ExitCode {
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() {
        eprintln!("query_fixture: cannot read standard input");
        return ExitCode::from(2);
    }
    let input: Input = match serde_json::from_str(&text) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("query_fixture: {e}");
            return ExitCode::from(2);
        }
    };
    let options = Options::from_lookup(|name| input.environment.get(name).cloned());
    let mut out = Vec::new();
    for d in &input.deliveries {
        for r in handle(&d.event, &options).records {
            if r.result != RecordResult::Ok {
                continue;
            }
            let keys: Vec<(&str, &str)> = match &r.metadata {
                Some(m) => vec![
                    ("table", m.partition_keys.table.as_str()),
                    ("eventName", m.partition_keys.event_name.as_str()),
                    ("eventDate", m.partition_keys.event_date.as_str()),
                ],
                None => Vec::new(),
            };
            match render_prefix(&input.prefix, d.arrival_ms, &keys) {
                Ok(prefix) => out.push(
                    serde_json::json!({ "recordId": r.record_id, "prefix": prefix, "data": r.data }),
                ),
                Err(e) => {
                    eprintln!("query_fixture: {e}");
                    return ExitCode::from(1);
                }
            }
        }
    }
    println!("{}", serde_json::Value::Array(out));
    ExitCode::SUCCESS
}
