//! The `ferrocdk-transform` binary as a process: stdin event → stdout response.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use base64::Engine as _;
use serde_json::Value;

fn run(input: &[u8], env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ferrocdk-transform"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in [
        "FERROCDK_DROP_OLD_IMAGE",
        "FERROCDK_DROP_TTL_DELETES",
        "FERROCDK_PARTITION_KEYS",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn");
    if let Some(mut stdin) = child.stdin.take() {
        // The process may exit early (e.g. --help) and close its stdin; ignore that.
        let _ = stdin.write_all(input);
    }
    child.wait_with_output().expect("wait")
}

#[test]
fn handles_a_vector_event_with_options_from_env() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/vectors/firehose/option-partition-keys.json");
    let vector: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("vector JSON");
    let mut event = vector["event"].clone();
    for r in event["records"].as_array_mut().expect("records") {
        if let Some(text) = r.as_object_mut().and_then(|o| o.remove("dataText")) {
            let data =
                base64::engine::general_purpose::STANDARD.encode(text.as_str().unwrap_or(""));
            r["data"] = Value::String(data);
        }
    }
    let out = run(
        &serde_json::to_vec(&event).expect("event"),
        &[("FERROCDK_PARTITION_KEYS", "true")],
        &[],
    );
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let resp: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let got = resp["records"].as_array().expect("records");
    let want = vector["expected"].as_array().expect("expected");
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g["recordId"], w["recordId"]);
        assert_eq!(g["result"], w["result"]);
        if w["result"] == "Ok" {
            let line = base64::engine::general_purpose::STANDARD
                .decode(g["data"].as_str().unwrap_or(""))
                .expect("base64");
            assert_eq!(
                String::from_utf8(line).expect("UTF-8"),
                w["line"].as_str().unwrap_or("")
            );
            assert_eq!(g["metadata"]["partitionKeys"], w["partitionKeys"]);
        }
    }
    // Without the variable the same event carries no metadata.
    let out = run(&serde_json::to_vec(&event).expect("event"), &[], &[]);
    let resp: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert!(resp["records"]
        .as_array()
        .expect("records")
        .iter()
        .all(|r| r.get("metadata").is_none()));
}

#[test]
fn bad_envelope_exits_2_with_a_message() {
    for input in [&b"[]"[..], b"{\"records\":{}}", b"not json", b"\xff", b""] {
        let out = run(input, &[], &[]);
        assert_eq!(out.status.code(), Some(2), "input {input:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("invalid Firehose event"), "stderr: {err}");
        assert!(!err.contains("panicked"), "stderr: {err}");
    }
}

#[test]
fn help_and_unknown_arguments() {
    let out = run(b"", &[], &["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Usage: ferrocdk-transform") && text.contains("FERROCDK_PARTITION_KEYS"));
    let out = run(b"", &[], &["--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unexpected argument"));
}
