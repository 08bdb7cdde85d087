//! Runs every contract vector in `tests/vectors/firehose/` through both handlers
//! (`handle_json` and the typed `handle`).

use std::path::{Path, PathBuf};

use base64::Engine as _;
use ferrocdk_transform::{handle, handle_json, FirehoseEvent, Options};
use serde_json::{Map, Value};

const MIN_VECTORS: usize = 20;

fn vector_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/firehose")
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

/// The event as the handler sees it: every `dataText` replaced by `data` = base64(UTF-8).
fn materialize(event: &Value) -> Value {
    let mut event = event.clone();
    if let Some(records) = event.get_mut("records").and_then(Value::as_array_mut) {
        for r in records.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(text) = r.remove("dataText") {
                let text = text.as_str().expect("dataText must be a string").to_owned();
                r.insert("data".into(), Value::String(b64().encode(text.as_bytes())));
            }
        }
    }
    event
}

/// The `data` the contract says a record has: its string `data`, else "".
fn input_data(event: &Value, record_id: &str) -> String {
    event["records"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r.get("recordId").and_then(Value::as_str) == Some(record_id))
        .and_then(|r| r.get("data"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned()
}

fn options(vector: &Value) -> Options {
    let env = vector.get("env").cloned().unwrap_or(Value::Null);
    Options::from_lookup(|name| env.get(name).and_then(Value::as_str).map(str::to_owned))
}

/// Compares a response with the vector's expectations; returns the problems found.
fn check(vector: &Value, event: &Value, response: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let expected = vector["expected"]
        .as_array()
        .expect("expected must be a list");
    let Some(got) = response.get("records").and_then(Value::as_array) else {
        return vec![format!("response has no records list: {response}")];
    };
    if got.len() != expected.len() {
        problems.push(format!(
            "expected {} response records, got {}: {}",
            expected.len(),
            got.len(),
            response
        ));
    }
    for (n, (want, got)) in expected.iter().zip(got).enumerate() {
        let id = want["recordId"].as_str().unwrap_or_default();
        let at = format!("record #{n} ({id:?})");
        let got_obj: &Map<String, Value> = match got.as_object() {
            Some(o) => o,
            None => {
                problems.push(format!("{at}: not an object: {got}"));
                continue;
            }
        };
        let keys: Vec<&str> = got_obj.keys().map(String::as_str).collect();
        let want_keys: &[&str] = if got_obj.contains_key("metadata") {
            &["recordId", "result", "data", "metadata"]
        } else {
            &["recordId", "result", "data"]
        };
        if keys != want_keys {
            problems.push(format!("{at}: keys {keys:?}, expected {want_keys:?}"));
        }
        if got["recordId"] != want["recordId"] {
            problems.push(format!(
                "{at}: recordId {} != {}",
                got["recordId"], want["recordId"]
            ));
        }
        if got["result"] != want["result"] {
            problems.push(format!(
                "{at}: result {} != {}",
                got["result"], want["result"]
            ));
            continue;
        }
        let data = got["data"].as_str().unwrap_or_default();
        if want["result"] == "Ok" {
            let line = b64()
                .decode(data)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_else(|| format!("<data is not base64 UTF-8: {data}>"));
            let want_line = want["line"].as_str().unwrap_or_default();
            if line != want_line {
                problems.push(format!(
                    "{at}: line differs\n  expected: {want_line:?}\n  actual:   {line:?}"
                ));
            }
            let got_pk = got.get("metadata").map(|m| &m["partitionKeys"]);
            match (want.get("partitionKeys"), got_pk) {
                (Some(w), Some(g)) if w == g => {}
                (None, None) => {}
                (w, g) => problems.push(format!("{at}: partitionKeys {g:?}, expected {w:?}")),
            }
        } else {
            let want_data = input_data(event, id);
            if data != want_data {
                problems.push(format!("{at}: data {data:?} != input data {want_data:?}"));
            }
            if got.get("metadata").is_some() {
                problems.push(format!("{at}: unexpected metadata"));
            }
        }
    }
    problems
}

fn run_vector(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("read vector");
    let vector: Value = serde_json::from_str(&text).expect("vector is JSON");
    assert!(
        vector["description"].is_string(),
        "{}: no description",
        path.display()
    );
    let event = materialize(&vector["event"]);
    let event_bytes = serde_json::to_vec(&event).expect("serialize event");
    let opts = options(&vector);
    let mut problems = Vec::new();

    let fast = handle_json(&event_bytes, &opts);
    let typed = serde_json::from_value::<FirehoseEvent>(event.clone());
    if vector.get("expectedError") == Some(&Value::Bool(true)) {
        if let Ok(out) = fast {
            problems.push(format!(
                "handle_json: expected an envelope error, got {}",
                String::from_utf8_lossy(&out)
            ));
        }
        if let Ok(ev) = typed {
            problems.push(format!("FirehoseEvent: expected an error, parsed {ev:?}"));
        }
        return problems;
    }
    match fast {
        Ok(out) => match serde_json::from_slice::<Value>(&out) {
            Ok(resp) => problems.extend(
                check(&vector, &event, &resp)
                    .into_iter()
                    .map(|p| format!("handle_json: {p}")),
            ),
            Err(e) => problems.push(format!("handle_json wrote invalid JSON: {e}")),
        },
        Err(e) => problems.push(format!("handle_json: unexpected envelope error {e}")),
    }
    match typed {
        Ok(ev) => {
            let resp = serde_json::to_value(handle(&ev, &opts)).expect("serialize response");
            problems.extend(
                check(&vector, &event, &resp)
                    .into_iter()
                    .map(|p| format!("handle: {p}")),
            );
        }
        Err(e) => problems.push(format!("FirehoseEvent: unexpected error {e}")),
    }
    problems
}

#[test]
fn all_contract_vectors_pass() {
    let dir = vector_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= MIN_VECTORS,
        "only {} vectors found in {} (expected at least {MIN_VECTORS})",
        paths.len(),
        dir.display()
    );
    let mut failures = Vec::new();
    for path in &paths {
        let problems = run_vector(path);
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n  {}",
                path.file_name().unwrap_or_default().to_string_lossy(),
                problems.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}
