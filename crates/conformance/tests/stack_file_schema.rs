//! `schemas/stack.schema.json`: fresh (regenerate with
//! `UPDATE_SCHEMAS=1 cargo test -p ferrocdk-conformance --test stack_file_schema`), valid for
//! every stack file of the project, and in agreement with the parser on the bad-file corpus.

use ferrocdk::stack_file::{schema_json, synth_text, StackFile};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The workspace root (this package is `crates/conformance`).
fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn schema_path() -> PathBuf {
    root().join("schemas/stack.schema.json")
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&schema_json()).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

fn json_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_fresh() {
    let fresh = schema_json();
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(schema_path(), &fresh).expect("write schemas/stack.schema.json");
        return;
    }
    let committed = std::fs::read_to_string(schema_path()).unwrap_or_default();
    assert!(
        committed == fresh,
        "schemas/stack.schema.json is stale: run `UPDATE_SCHEMAS=1 cargo test -p ferrocdk-conformance --test stack_file_schema` \
         and commit it"
    );
}

#[test]
fn the_schema_is_draft_2020_12_with_descriptions() {
    let schema: Value = serde_json::from_str(&schema_json()).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    // A stack file or an app file, each closed to unknown members.
    assert_eq!(schema["if"]["required"], json!(["stacks"]));
    assert_eq!(schema["then"]["$ref"], "#/$defs/AppFile");
    assert_eq!(schema["else"]["allOf"][0]["$ref"], "#/$defs/StackFile");
    for def in ["StackFile", "AppFile"] {
        assert_eq!(schema["$defs"][def]["additionalProperties"], false, "{def}");
    }
    // Every property of every object has a description (they are the editor's tooltips).
    let mut missing = Vec::new();
    fn walk(v: &Value, path: &str, missing: &mut Vec<String>) {
        if let Some(props) = v.get("properties").and_then(Value::as_object) {
            for (k, p) in props {
                if k != "type" && p.get("description").is_none() {
                    missing.push(format!("{path}.{k}"));
                }
                walk(p, &format!("{path}.{k}"), missing);
            }
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            for (i, s) in v
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                walk(s, &format!("{path}.{key}[{i}]"), missing);
            }
        }
        for (k, d) in v
            .get("$defs")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            walk(d, &format!("$defs.{k}"), missing);
        }
    }
    walk(&schema, "", &mut missing);
    assert!(
        missing.is_empty(),
        "properties without a description: {missing:?}"
    );
}

#[test]
fn every_stack_file_of_the_project_is_valid_under_the_schema() {
    let v = validator();
    let mut files = json_files("tests/stack_files/good");
    files.extend(json_files("examples").into_iter().filter(|p| {
        !p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("prices-")
    }));
    assert!(files.len() >= 12, "{files:?}");
    for f in files {
        let instance: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let e = errors(&v, &instance);
        assert!(e.is_empty(), "{}: {e:#?}", f.display());
    }
}

#[test]
fn the_schema_rejects_what_the_parser_rejects() {
    let v = validator();
    let ok = json!({
        "$schema": "../schemas/stack.schema.json",
        "name": "S",
        "constructs": [
            {"type": "KinesisStream", "id": "Changes", "mode": {"provisioned": {"ref": "N"}}},
            {"type": "Table", "id": "T", "partitionKey": {"name": "pk", "type": "S"}, "kinesisStream": "Changes"},
            {"type": "Bucket", "id": "B"},
            {"type": "DeliveryStream", "id": "D", "source": "Changes", "destination": {"bucket": {"existingName": "x"}}}
        ],
        "outputs": {"A": {"arn": "Changes"}}
    });
    assert!(errors(&v, &ok).is_empty(), "{:#?}", errors(&v, &ok));
    type Mutation = (&'static str, fn(&mut Value));
    let mutations: &[Mutation] = &[
        ("unknown top-level member", |f| f["output"] = json!({})),
        ("unknown construct member", |f| {
            f["constructs"][0]["shards"] = json!(2)
        }),
        ("unknown nested member", |f| {
            f["constructs"][3]["destination"]["bufering"] = json!({})
        }),
        ("unknown construct type", |f| {
            f["constructs"][2]["type"] = json!("Buckets")
        }),
        ("construct without id", |f| {
            f["constructs"][2].as_object_mut().unwrap().remove("id");
        }),
        ("table without partition key", |f| {
            f["constructs"][1]
                .as_object_mut()
                .unwrap()
                .remove("partitionKey");
        }),
        ("wrong attribute type", |f| {
            f["constructs"][1]["partitionKey"]["type"] = json!("STRING")
        }),
        ("negative count", |f| {
            f["constructs"][0]["retentionHours"] = json!(-1)
        }),
        ("a string for a number", |f| {
            f["constructs"][0]["retentionHours"] = json!("48")
        }),
        ("an expression with two members", |f| {
            f["constructs"][0]["mode"]["provisioned"] = json!({"ref": "N", "sub": "x"})
        }),
        ("an existing bucket with an extra member", |f| {
            f["constructs"][3]["destination"]["bucket"]["region"] = json!("x")
        }),
        ("an output with two values", |f| {
            f["outputs"]["A"]["name"] = json!("Changes")
        }),
        ("an output with no value", |f| {
            f["outputs"]["A"] = json!({"description": "x"})
        }),
        ("no name", |f| {
            f.as_object_mut().unwrap().remove("name");
        }),
        ("null for an optional member", |f| {
            f["description"] = Value::Null
        }),
        ("an account in a file of one stack", |f| {
            f["account"] = json!("111122223333")
        }),
        ("a region in a file of one stack", |f| {
            f["region"] = json!("us-east-1")
        }),
    ];
    for (what, mutate) in mutations {
        let mut bad = ok.clone();
        mutate(&mut bad);
        assert!(!v.is_valid(&bad), "the schema accepts {what}");
    }

    // The same stack in an app file, where it has an account and a Region.
    let mut stack = ok.clone();
    stack.as_object_mut().unwrap().remove("$schema");
    stack["account"] = json!("111122223333");
    stack["region"] = json!("us-east-1");
    let app = json!({"$schema": "../schemas/stack.schema.json", "stacks": [stack]});
    assert!(errors(&v, &app).is_empty(), "{:#?}", errors(&v, &app));
    let app_mutations: &[Mutation] = &[
        ("a stack without a region", |a| {
            a["stacks"][0].as_object_mut().unwrap().remove("region");
        }),
        ("a stack without an account", |a| {
            a["stacks"][0].as_object_mut().unwrap().remove("account");
        }),
        ("no stacks", |a| a["stacks"] = json!([])),
        ("an unknown member of the app", |a| a["stack"] = json!([])),
        ("an unknown member of a stack", |a| {
            a["stacks"][0]["env"] = json!("x")
        }),
        ("a stack and an app in one", |a| a["name"] = json!("S")),
    ];
    for (what, mutate) in app_mutations {
        let mut bad = app.clone();
        mutate(&mut bad);
        assert!(!v.is_valid(&bad), "the schema accepts {what}");
    }
}

#[test]
fn schema_and_parser_agree_on_the_bad_corpus() {
    // A file the parser rejects (its text, not its references or values) is rejected by the
    // schema; one the parser reads is accepted, or rejected for a value out of range, which
    // synth rejects too: editors flag what ferrocdk would, and nothing it accepts.
    let v = validator();
    let mut compared = 0;
    for f in json_files("tests/stack_files/bad") {
        let text = std::fs::read_to_string(&f).unwrap();
        let Ok(instance) = serde_json::from_str::<Value>(&text) else {
            continue; // a syntax error: no instance to validate
        };
        let parsed = StackFile::parse("x.json", &text);
        if let Err(d) = &parsed {
            if d.iter().all(|d| d.code == "file-duplicate-key") {
                continue; // JSON parsers keep one of the duplicates: the schema cannot see them
            }
        }
        let ranges_only = parsed.is_ok()
            && !v.is_valid(&instance)
            && synth_text("x.json", &text).is_err()
            && v.iter_errors(&instance).all(|e| {
                let at = e.schema_path().to_string();
                ["/minimum", "/maximum", "/pattern", "/enum", "/maxLength"]
                    .iter()
                    .any(|k| at.ends_with(k))
            });
        assert_eq!(
            parsed.is_ok(),
            v.is_valid(&instance) || ranges_only,
            "{}: parser {:?}, schema errors {:#?}",
            f.display(),
            parsed
                .err()
                .map(|d| d.iter().map(|d| d.code).collect::<Vec<_>>()),
            errors(&v, &instance)
        );
        compared += 1;
    }
    assert!(compared >= 8, "{compared}");
}

/// The numeric ranges of the schema under `node` (following `$ref`s into object
/// definitions): (JSON path below the construct, minimum, exclusive minimum?, maximum).
fn ranges(
    schema: &Value,
    node: &Value,
    path: &str,
    out: &mut Vec<(String, f64, bool, Option<f64>)>,
) {
    if let Some(r) = node["$ref"].as_str() {
        let name = r.trim_start_matches("#/$defs/");
        if !name.starts_with("NumberValue_") && !name.starts_with("StringValue") {
            ranges(schema, &schema["$defs"][name], path, out);
        }
    }
    let min = node["minimum"].as_f64().map(|m| (m, false));
    let min = min.or_else(|| node["exclusiveMinimum"].as_f64().map(|m| (m, true)));
    if let (Some((min, exclusive)), None) = (min, node.get("enum")) {
        out.push((path.to_owned(), min, exclusive, node["maximum"].as_f64()));
    }
    if let Some(items) = node.get("items") {
        ranges(schema, items, &format!("{path}[0]"), out);
    }
    for (k, p) in node["properties"].as_object().into_iter().flatten() {
        let at = if path.is_empty() {
            k.clone()
        } else {
            format!("{path}.{k}")
        };
        ranges(schema, p, &at, out);
    }
    for key in ["oneOf", "anyOf"] {
        for branch in node[key].as_array().into_iter().flatten() {
            ranges(schema, branch, path, out);
        }
    }
}

/// Sets the member at `path` (dotted, `[0]` for the first element) of `v`; false when its
/// parent is not in `v`.
fn set(v: &mut Value, path: &str, to: Value) -> bool {
    let mut cur = v;
    let steps: Vec<&str> = path.split('.').collect();
    for (i, step) in steps.iter().enumerate() {
        let (key, index) = match step.strip_suffix("[0]") {
            Some(k) => (k, true),
            None => (*step, false),
        };
        let last = i + 1 == steps.len();
        if last && !index {
            return match cur.as_object_mut() {
                Some(o) => {
                    o.insert(key.to_owned(), to);
                    true
                }
                None => false,
            };
        }
        let Some(next) = cur.get_mut(key) else {
            return false;
        };
        cur = if index {
            match next.get_mut(0) {
                Some(n) => n,
                None => return false,
            }
        } else {
            next
        };
    }
    false
}

#[test]
fn every_numeric_range_of_the_schema_is_the_range_synth_checks() {
    // For each construct type, a file with the construct (id "X", last) and every nested
    // object that holds a ranged member. At each range's ends no error is placed at the
    // member; one past an end (or at an exclusive minimum), an error is placed at the member
    // or the member holding it: editors flag what synth refuses, and nothing it accepts.
    let schema: Value = serde_json::from_str(&schema_json()).unwrap();
    let bases: &[(&str, Value)] = &[
        (
            "KinesisStream",
            json!([{"type": "KinesisStream", "id": "X", "mode": {"provisioned": 2},
            "expectedWrites": {"peakWritesPerSecond": 1, "itemBytes": 100}}]),
        ),
        (
            "Table",
            json!([{"type": "Table", "id": "X", "partitionKey": {"name": "pk", "type": "S"},
            "billing": {"provisioned": {"read": 1, "write": 1}},
            "globalSecondaryIndexes": [{"name": "ByX", "partitionKey": {"name": "x", "type": "S"},
                "capacity": {"read": 1, "write": 1}}]}]),
        ),
        (
            "Bucket",
            json!([{"type": "Bucket", "id": "X", "lifecycleRules": [{"id": "R",
            "expirationDays": 400, "abortIncompleteMultipartDays": 3,
            "transitions": [{"storageClass": "GLACIER", "days": 90}]}]}]),
        ),
        (
            "TransformFunction",
            json!([{"type": "TransformFunction", "id": "X"}]),
        ),
        (
            "DeliveryStream",
            json!([{"type": "Bucket", "id": "B"},
            {"type": "TransformFunction", "id": "F", "timeoutSeconds": 300},
            {"type": "DeliveryStream", "id": "X", "destination": {"bucket": "B",
                "processor": {"function": "F", "bufferSizeMb": 1, "bufferIntervalSeconds": 60, "retries": 3},
                "buffering": {"intervalSeconds": 300, "sizeMb": 64}}}]),
        ),
        (
            "Forwarder",
            json!([{"type": "Table", "id": "T", "partitionKey": {"name": "pk", "type": "S"},
                "stream": "NEW_AND_OLD_IMAGES"},
            {"type": "Bucket", "id": "B"},
            {"type": "DeliveryStream", "id": "D", "destination": {"bucket": "B"}},
            {"type": "Forwarder", "id": "X", "table": "T", "deliveryStream": "D"}]),
        ),
        ("Alarms", json!([{"type": "Alarms", "id": "X"}])),
    ];
    let mut checked = 0;
    for (ty, constructs) in bases {
        let mut found = Vec::new();
        ranges(&schema, &schema["$defs"][*ty], "", &mut found);
        let at = constructs.as_array().unwrap().len() - 1;
        for (member, min, exclusive, max) in found {
            let problems = |value: f64| {
                let mut file = json!({"name": "Ranges", "constructs": constructs.clone()});
                let n = if value.fract() == 0.0 {
                    json!(value as i64)
                } else {
                    json!(value)
                };
                assert!(
                    set(&mut file["constructs"][at], &member, n),
                    "{ty}: no place for {member} in the test's file: add its parent"
                );
                let here = format!("constructs[{at}].{member}");
                match synth_text("ranges.json", &file.to_string()) {
                    Ok(_) => Vec::new(),
                    Err(d) => d
                        .into_iter()
                        .filter(|d| d.is_error())
                        .filter(|d| {
                            here == d.property
                                || (d.property.len() > format!("constructs[{at}]").len()
                                    && here.starts_with(&format!("{}.", d.property)))
                        })
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>(),
                }
            };
            let step = if min.fract() == 0.0 { 1.0 } else { 0.1 };
            if exclusive {
                assert!(
                    !problems(min).is_empty(),
                    "{ty}.{member}: {min} (exclusive minimum) accepted"
                );
            } else {
                assert_eq!(
                    problems(min),
                    Vec::<String>::new(),
                    "{ty}.{member} at its minimum {min}"
                );
                assert!(
                    !problems(min - step).is_empty(),
                    "{ty}.{member}: {} accepted",
                    min - step
                );
            }
            if let Some(max) = max {
                assert_eq!(
                    problems(max),
                    Vec::<String>::new(),
                    "{ty}.{member} at its maximum {max}"
                );
                assert!(
                    !problems(max + step).is_empty(),
                    "{ty}.{member}: {} accepted",
                    max + step
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 28, "{checked} ranges");
}

#[test]
fn log_retention_is_an_enum_of_the_values_cloudwatch_logs_takes() {
    let schema: Value = serde_json::from_str(&schema_json()).unwrap();
    let days: Vec<u64> = ferrocdk::aws::logs::RETENTION_DAYS
        .iter()
        .map(|d| u64::from(*d))
        .collect();
    for (def, path) in [
        ("TransformFunction", "/properties/logRetentionDays/enum"),
        ("Forwarder", "/properties/logRetentionDays/enum"),
        ("S3DestinationProps", "/properties/logRetentionDays/enum"),
    ] {
        let listed: Vec<u64> = schema["$defs"][def]
            .pointer(path)
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{def}{path}"))
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        assert_eq!(listed, days, "{def}");
    }
}

#[test]
fn a_generic_validator_blames_the_member_of_the_right_construct_type() {
    // With `oneOf` over the seven construct types, a bad member of a KinesisStream failed all
    // seven branches: the error was "not valid under any of the schemas" at the construct, and
    // tools that pick one branch blamed another type. With `if`/`then` on `type`, each error
    // is at the member, from the KinesisStream branch.
    let v = validator();
    let bad = json!({"name": "S", "constructs": [
        {"type": "Table", "id": "T", "partitionKey": {"name": "pk", "type": "S"}},
        {"type": "KinesisStream", "id": "Changes", "retentionHours": 12, "shards": 2}
    ]});
    let errors: Vec<(String, String)> = v
        .iter_errors(&bad)
        .map(|e| (e.instance_path().to_string(), e.schema_path().to_string()))
        .collect();
    assert!(!errors.is_empty());
    for (instance, schema_path) in &errors {
        assert!(
            instance.starts_with("/constructs/1"),
            "{instance} ({schema_path})"
        );
        assert!(
            schema_path.contains("KinesisStream"),
            "{instance}: {schema_path}"
        );
    }
    let at: Vec<&str> = errors.iter().map(|(i, _)| i.as_str()).collect();
    assert!(at.contains(&"/constructs/1/retentionHours"), "{errors:?}");
    // An unknown type is blamed on `type` itself.
    let unknown = json!({"name": "S", "constructs": [{"type": "Tabel", "id": "T"}]});
    let at: Vec<String> = v
        .iter_errors(&unknown)
        .map(|e| e.instance_path().to_string())
        .collect();
    assert_eq!(at, ["/constructs/0/type"]);
}
