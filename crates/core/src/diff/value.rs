//! JSON values as CloudFormation compares them, and the paths where two values differ.

use serde_json::{Number, Value};
use std::fmt::Write;

/// Deeper than this, values are compared whole (serde_json's parser stops at 128 levels).
const MAX_DEPTH: usize = 200;

/// One step of a property path: a member name or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// `KeySchema[0].AttributeName`.
pub(crate) fn render(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => {
                let _ = write!(s, "[{i}]");
            }
        }
    }
    s
}

/// Whether `path` is `prefix` or below it (`prefix` is member names, as in a schema pointer).
pub(crate) fn under(path: &[Seg], prefix: &[String]) -> bool {
    path.len() >= prefix.len()
        && path
            .iter()
            .zip(prefix)
            .all(|(seg, key)| matches!(seg, Seg::Key(k) if k == key))
}

/// Whether `prefix` is a strict ancestor of the member-name path `below`.
pub(crate) fn above(prefix: &[Seg], below: &[String]) -> bool {
    prefix.len() < below.len()
        && prefix
            .iter()
            .zip(below)
            .all(|(seg, key)| matches!(seg, Seg::Key(k) if k == key))
}

/// The value at a member-name path below `root`, if every member exists.
pub(crate) fn at<'a>(root: Option<&'a Value>, keys: &[String]) -> Option<&'a Value> {
    keys.iter()
        .try_fold(root?, |v, k| v.as_object().and_then(|m| m.get(k)))
}

/// Equal as CloudFormation reads them: members in any order, numbers by value (`1`, `1.0`),
/// and numbers and booleans equal to their string forms (`14` and `"14"`, `true` and
/// `"true"`), as `get-template` may return them.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    same_at(a, b, 0)
}

/// [`same`] for optional values: both absent, or both present and the same.
pub(crate) fn same_opt(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same(a, b),
        _ => false,
    }
}

fn same_at(a: &Value, b: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return a == b;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_at(v, w, depth + 1)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_at(v, w, depth + 1))
        }
        (Value::Number(x), Value::Number(y)) => same_number(x, y),
        (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => {
            s.parse::<Number>().is_ok_and(|m| same_number(n, &m))
        }
        (Value::Bool(x), Value::String(s)) | (Value::String(s), Value::Bool(x)) => {
            s.eq_ignore_ascii_case(if *x { "true" } else { "false" })
        }
        _ => a == b,
    }
}

fn same_number(x: &Number, y: &Number) -> bool {
    if let (Some(a), Some(b)) = (x.as_i64(), y.as_i64()) {
        return a == b;
    }
    if let (Some(a), Some(b)) = (x.as_u64(), y.as_u64()) {
        return a == b;
    }
    matches!((x.as_f64(), y.as_f64()), (Some(a), Some(b)) if a == b)
}

/// A number, or a string holding one (as CloudFormation may return numbers).
pub(crate) fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse::<Number>().ok().and_then(|n| n.as_f64()),
        _ => None,
    }
}

/// `{"Ref": …}`, `{"Fn::…": …}` or `{"Condition": …}`: compared whole, never descended into.
pub(crate) fn is_intrinsic(v: &Value) -> bool {
    match v.as_object() {
        Some(m) if m.len() == 1 => m
            .keys()
            .all(|k| k == "Ref" || k == "Condition" || k.starts_with("Fn::")),
        _ => false,
    }
}

/// Where two values differ: the deepest path at which they stop being [`same`].
#[derive(Debug, Clone)]
pub(crate) struct Difference {
    pub(crate) path: Vec<Seg>,
    pub(crate) old: Option<Value>,
    pub(crate) new: Option<Value>,
}

/// Appends every [`Difference`] between `old` and `new` (two `Properties` objects) below
/// `path`. Objects are compared by member, lists of equal length by index; anything else (a
/// list that grew, an intrinsic, a scalar, an object added whole) is one difference.
pub(crate) fn differences(
    old: Option<&Value>,
    new: Option<&Value>,
    path: &mut Vec<Seg>,
    out: &mut Vec<Difference>,
) {
    // A missing root (no `Properties`) is an empty object, so each property is its own path.
    let empty = Value::Object(serde_json::Map::new());
    walk(old.or(Some(&empty)), new.or(Some(&empty)), path, out, 0);
}

fn walk(
    old: Option<&Value>,
    new: Option<&Value>,
    path: &mut Vec<Seg>,
    out: &mut Vec<Difference>,
    depth: usize,
) {
    match (old, new) {
        (None, None) => {}
        (Some(x @ Value::Object(a)), Some(y @ Value::Object(b)))
            if depth < MAX_DEPTH && !is_intrinsic(x) && !is_intrinsic(y) =>
        {
            let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
            for k in keys {
                path.push(Seg::Key(k.clone()));
                walk(a.get(k), b.get(k), path, out, depth + 1);
                path.pop();
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b)))
            if depth < MAX_DEPTH && a.len() == b.len() =>
        {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                path.push(Seg::Index(i));
                walk(Some(x), Some(y), path, out, depth + 1);
                path.pop();
            }
        }
        (Some(a), Some(b)) if same(a, b) => {}
        _ => out.push(Difference {
            path: path.clone(),
            old: old.cloned(),
            new: new.cloned(),
        }),
    }
}
