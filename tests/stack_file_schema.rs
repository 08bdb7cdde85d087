//! `schemas/stack.schema.json`: fresh (regenerate with `UPDATE_SCHEMAS=1 cargo test --test
//! stack_file_schema`), valid for every stack file of the project, and in agreement with the parser
//! on the bad-file corpus.

use ferrocdk::stack_file::{schema_json, StackFile};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
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
        "schemas/stack.schema.json is stale: run `UPDATE_SCHEMAS=1 cargo test --test stack_file_schema` \
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
    assert_eq!(schema["anyOf"][0]["allOf"][0]["$ref"], "#/$defs/StackFile");
    assert_eq!(schema["anyOf"][1]["$ref"], "#/$defs/AppFile");
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
    // schema, and one the parser reads is accepted: editors flag what ferrocdk would.
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
        assert_eq!(
            parsed.is_ok(),
            v.is_valid(&instance),
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
