//! References between resources (`Ref`, `Fn::GetAtt`, `${…}` in `Fn::Sub`): when a resource
//! is replaced, or one of its attributes changes, every property referring to it changes
//! value although its text does not.

use super::value::{is_intrinsic, Seg};
use serde_json::Value;

const MAX_DEPTH: usize = 200;

/// A property (at `path`, the outermost intrinsic) that refers to `target`'s `attribute`
/// (`None` for `Ref`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    pub(crate) path: Vec<Seg>,
    pub(crate) target: String,
    pub(crate) attribute: Option<String>,
}

/// Every reference under `value` (a resource's `Properties`).
pub(crate) fn references(value: Option<&Value>) -> Vec<Reference> {
    let mut out = Vec::new();
    if let Some(v) = value {
        walk(v, &mut Vec::new(), &mut out, 0);
    }
    out
}

fn walk(v: &Value, path: &mut Vec<Seg>, out: &mut Vec<Reference>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    if is_intrinsic(v) {
        let mut targets = Vec::new();
        targets_in(v, &mut targets, depth);
        out.extend(targets.into_iter().map(|(target, attribute)| Reference {
            path: path.clone(),
            target,
            attribute,
        }));
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                path.push(Seg::Key(k.clone()));
                walk(x, path, out, depth + 1);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                path.push(Seg::Index(i));
                walk(x, path, out, depth + 1);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The (logical ID, attribute) pairs an intrinsic refers to, at any depth.
fn targets_in(v: &Value, out: &mut Vec<(String, Option<String>)>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("Ref", Value::String(id)) if !id.starts_with("AWS::") => {
                        out.push((id.clone(), None));
                    }
                    ("Fn::GetAtt", Value::Array(a)) => {
                        if let Some(Value::String(id)) = a.first() {
                            let attr = a.get(1).and_then(Value::as_str).map(str::to_owned);
                            out.push((id.clone(), attr));
                        }
                    }
                    ("Fn::GetAtt", Value::String(s)) => {
                        let (id, attr) = s.split_once('.').unwrap_or((s, ""));
                        out.push((id.to_owned(), Some(attr.to_owned())));
                    }
                    ("Fn::Sub", Value::String(s)) => sub_targets(s, &[], out),
                    ("Fn::Sub", Value::Array(a)) => {
                        let vars: Vec<&str> = a
                            .get(1)
                            .and_then(Value::as_object)
                            .map(|m| m.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        if let Some(Value::String(s)) = a.first() {
                            sub_targets(s, &vars, out);
                        }
                    }
                    _ => {}
                }
                targets_in(x, out, depth + 1);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| targets_in(x, out, depth + 1)),
        _ => {}
    }
}

/// `${Id}` and `${Id.Attr}` in an `Fn::Sub` string; `${!Literal}`, pseudo parameters and the
/// substitution's own variables are not references.
fn sub_targets(s: &str, vars: &[&str], out: &mut Vec<(String, Option<String>)>) {
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        rest = &rest[end + 1..];
        if name.starts_with('!') || name.starts_with("AWS::") || vars.contains(&name) {
            continue;
        }
        match name.split_once('.') {
            Some((id, attr)) => out.push((id.to_owned(), Some(attr.to_owned()))),
            None => out.push((name.to_owned(), None)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(v: Value) -> Vec<(String, String, Option<String>)> {
        references(Some(&v))
            .into_iter()
            .map(|r| (super::super::value::render(&r.path), r.target, r.attribute))
            .collect()
    }

    #[test]
    fn every_form_of_reference_is_found_at_its_property() {
        let v = json!({
            "A": {"Ref": "Table"},
            "B": {"Ref": "AWS::Region"},
            "C": {"Fn::GetAtt": ["Stream", "Arn"]},
            "D": [{"Fn::GetAtt": "Table.StreamArn"}],
            "E": {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/${!Literal}/${Fn.Arn}"},
            "F": {"Fn::Sub": ["${Var}-${Role.Arn}", {"Var": {"Ref": "Queue"}}]},
            "G": {"Fn::Join": ["", [{"Ref": "Topic"}]]}
        });
        assert_eq!(
            found(v),
            vec![
                ("A".into(), "Table".into(), None),
                ("C".into(), "Stream".into(), Some("Arn".into())),
                ("D[0]".into(), "Table".into(), Some("StreamArn".into())),
                ("E".into(), "Bucket".into(), None),
                ("E".into(), "Fn".into(), Some("Arn".into())),
                ("F".into(), "Role".into(), Some("Arn".into())),
                ("F".into(), "Queue".into(), None),
                ("G".into(), "Topic".into(), None),
            ]
        );
    }

    #[test]
    fn malformed_intrinsics_are_not_references_and_do_not_panic() {
        let v = json!({"A": {"Fn::GetAtt": []}, "B": {"Fn::Sub": "${unclosed"}, "C": {"Ref": 3}});
        assert!(found(v).is_empty());
    }
}
