//! `diff(T, T)` is empty for every template ferrocdk ships: each good stack file
//! (`tests/stack_files/good/`, `examples/*.json`, loaded as `ferrocdk diff` loads them) and
//! each snapshot, also when one side is in CloudFormation's formatting (members reordered,
//! numbers and booleans as strings, `DependsOn` as a string), over many seeds. The random
//! formattings and mutations of snapshots, and arbitrary inputs, are property tests in
//! `crates/core/tests/diff_props.rs` (proptest stays out of the examples' build).

use ferrocdk::core::diff::diff;
use ferrocdk::deploy::template_from_text;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    found.sort();
    found
}

/// Every good stack file, synthesized through the command's loader.
fn stack_files() -> Vec<(String, Value)> {
    let mut paths = files("tests/stack_files/good", "json");
    paths.extend(
        files("examples", "json")
            .into_iter()
            .filter(|p| !p.ends_with("prices-us-east-1.json")),
    );
    assert!(paths.len() >= 12, "{paths:?}");
    paths
        .into_iter()
        .filter_map(|p| {
            let name = p.display().to_string();
            let text = std::fs::read_to_string(&p).unwrap();
            // An app file has one template per stack: they are its snapshots (app-*.snap).
            if ferrocdk::stack_file::is_app_text(&text) {
                return None;
            }
            let loaded =
                template_from_text(&name, &text, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            Some((name, loaded.template))
        })
        .collect()
}

fn snapshots() -> Vec<(String, Value)> {
    files("snapshots", "snap")
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let end = text[4..].find("\n---\n").unwrap() + 4;
            let loaded = template_from_text("snapshot", &text[end + 5..], None).unwrap();
            (p.display().to_string(), loaded.template)
        })
        .collect()
}

/// CloudFormation's formatting, decided by `seed` (a splitmix step per decision).
fn cfn_format(v: &Value, seed: &mut u64, in_properties: bool) -> Value {
    let mut next = || {
        *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    match v {
        Value::Object(m) => {
            let mut keys: Vec<(u64, &String)> = m.keys().map(|k| (next(), k)).collect();
            keys.sort();
            let mut out = Map::new();
            for (_, k) in keys {
                let x = match (k.as_str(), &m[k]) {
                    ("DependsOn", Value::Array(a)) if a.len() == 1 && !in_properties => {
                        a[0].clone()
                    }
                    (_, x) => cfn_format(x, seed, in_properties || k == "Properties"),
                };
                out.insert(k.clone(), x);
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|x| cfn_format(x, seed, in_properties))
                .collect(),
        ),
        Value::Number(n) if in_properties && next() % 2 == 0 => Value::String(n.to_string()),
        Value::Bool(b) if in_properties && next() % 2 == 0 => Value::String(b.to_string()),
        other => other.clone(),
    }
}

fn assert_identical(name: &str, t: &Value) {
    let d = diff(t, t).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(d.is_empty(), "{name}:\n{}", d.to_table(false));
    // A small template (few numbers and booleans) may come out of one formatting unchanged
    // (key order aside, which Value equality ignores); most formattings must change it.
    let mut changed = 0;
    for s in 1..=12u64 {
        let mut seed = s;
        let deployed = cfn_format(t, &mut seed, false);
        if &deployed != t {
            changed += 1;
        }
        let d = diff(&deployed, t).unwrap();
        assert!(d.is_empty(), "{name}, seed {s}:\n{}", d.to_table(false));
        assert!(diff(t, &deployed).unwrap().is_empty(), "{name}, seed {s}");
    }
    assert!(
        changed >= 6,
        "{name}: only {changed} of 12 formattings changed anything"
    );
}

#[test]
fn every_good_stack_file_diffed_with_itself_is_empty_in_any_formatting() {
    for (name, t) in stack_files() {
        assert_identical(&name, &t);
    }
}

#[test]
fn every_snapshot_diffed_with_itself_is_empty_in_any_formatting() {
    let all = snapshots();
    assert!(all.len() >= 10);
    for (name, t) in all {
        assert_identical(&name, &t);
    }
}
