//! The JSON Schema of stack files.

use super::app_file::AnyFile;
use serde_json::{json, Value};

/// The JSON Schema of stack files and app files (what `schemas/stack.schema.json` holds),
/// pretty-printed and ending with a newline.
#[must_use]
pub fn schema_json() -> String {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<AnyFile>();
    let mut schema = schema.to_value();
    tidy(&mut schema);
    // `$schema`, `title` and `description` first, for a reader of the file.
    if let serde_json::Value::Object(root) = &mut schema {
        let mut ordered = serde_json::Map::new();
        for key in ["$schema", "title", "description"] {
            if let Some(v) = root.remove(key) {
                ordered.insert(key.to_owned(), v);
            }
        }
        ordered.append(root);
        *root = ordered;
    }
    discriminate(&mut schema);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// Readies the generated schema for editors. An absent optional member and `null` mean the
/// same to the parser; the schema offers only the absent form, so that editors do not suggest
/// `null`: `anyOf [X, null]` becomes `X`, and `"type": [T, "null"]` becomes `"type": T`.
fn tidy(v: &mut Value) {
    match v {
        Value::Object(o) => {
            let null = serde_json::json!({"type": "null"});
            if let Some(Value::Array(any)) = o.get("anyOf") {
                if any.len() == 2 && any.contains(&null) {
                    let other = any.iter().find(|s| **s != null).cloned();
                    o.shift_remove("anyOf");
                    if let Some(Value::Object(other)) = other {
                        for (k, x) in other {
                            o.entry(k).or_insert(x);
                        }
                    }
                }
            }
            if let Some(Value::Array(types)) = o.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let t = types.remove(0);
                    o.insert("type".into(), t);
                }
            }
            // An enum variant written `{"member": …}`: its description on the member too, for
            // editors' hover on the member.
            let description = o.get("description").cloned();
            if let (Some(d), Some(Value::Object(props))) = (description, o.get_mut("properties")) {
                if props.len() == 1 {
                    if let Some(Value::Object(p)) = props.values_mut().next() {
                        p.entry("description").or_insert(d);
                    }
                }
            }
            for x in o.values_mut() {
                tidy(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// A `oneOf` whose branches are told apart by a constant `type` member (the constructs)
/// becomes one `if`/`then` per value of `type`, each branch a `$defs` entry named after its
/// value: a validator then checks an object against the branch its `type` names, and only
/// that one. With `oneOf`, a bad member of one construct fails all seven branches, and a
/// generic validator (Python's `best_match`, an editor) blames one of them, often the wrong
/// construct type.
fn discriminate(schema: &mut Value) {
    let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) else {
        return;
    };
    let names: Vec<String> = defs.keys().cloned().collect();
    for name in names {
        let Some(Value::Array(branches)) = defs.get(&name).and_then(|d| d.get("oneOf")).cloned()
        else {
            continue;
        };
        let tags: Option<Vec<String>> = branches
            .iter()
            .map(|b| b["properties"]["type"]["const"].as_str().map(str::to_owned))
            .collect();
        let Some(tags) = tags.filter(|t| t.iter().all(|t| !defs.contains_key(t))) else {
            continue;
        };
        let mut cases = Vec::new();
        for (tag, branch) in tags.iter().zip(branches) {
            cases.push(json!({
                "if": {"properties": {"type": {"const": tag}}, "required": ["type"]},
                "then": {"$ref": format!("#/$defs/{tag}")}
            }));
            defs.insert(tag.clone(), branch);
        }
        if let Some(Value::Object(def)) = defs.get_mut(&name) {
            def.shift_remove("oneOf");
            def.insert("type".into(), json!("object"));
            def.insert(
                "properties".into(),
                json!({"type": {"description": "The construct type.", "enum": tags}}),
            );
            def.insert("required".into(), json!(["type"]));
            def.insert("allOf".into(), Value::Array(cases));
        }
    }
}
