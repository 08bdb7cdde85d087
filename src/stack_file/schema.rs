//! The JSON Schema of stack files.

use super::app_file::AnyFile;

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
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// Readies the generated schema for editors. An absent optional member and `null` mean the
/// same to the parser; the schema offers only the absent form, so that editors do not suggest
/// `null`: `anyOf [X, null]` becomes `X`, and `"type": [T, "null"]` becomes `"type": T`.
fn tidy(v: &mut serde_json::Value) {
    use serde_json::Value;
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
