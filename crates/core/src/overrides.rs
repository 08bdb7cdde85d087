//! Escape hatch: set or remove a property by dotted path.

use crate::limits::MAX_OVERRIDE_SEGMENTS;
use serde_json::{Map, Value};

/// Sets (`Some`) or removes (`None`) the value at `path` in `props`.
pub(crate) fn apply(
    props: &mut Map<String, Value>,
    path: &str,
    value: Option<Value>,
) -> Result<(), String> {
    let count = path.split('.').count();
    if count > MAX_OVERRIDE_SEGMENTS {
        // Checked before anything is built: a path of 100,000 segments would nest the template
        // 100,000 levels deep.
        return Err(format!(
            "at most {MAX_OVERRIDE_SEGMENTS} segments (CloudFormation properties nest far less \
             deeply); this path has {count} segments"
        ));
    }
    let segments: Vec<&str> = path.split('.').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return Err(
            "a dotted path of property names, e.g. \"BufferingHints.IntervalInSeconds\"".into(),
        );
    }
    let (last, parents) = match segments.split_last() {
        Some(x) => x,
        None => return Err("a non-empty path".into()),
    };
    let mut cur: &mut Value = match props.get_mut(segments[0]) {
        _ if parents.is_empty() => {
            match value {
                Some(v) => {
                    props.insert((*last).to_owned(), v);
                }
                None => {
                    props.shift_remove(*last);
                }
            }
            return Ok(());
        }
        Some(v) => v,
        None => {
            if value.is_none() {
                return Ok(());
            }
            props.insert(segments[0].to_owned(), Value::Object(Map::new()));
            props.get_mut(segments[0]).ok_or("unreachable")?
        }
    };
    for seg in &parents[1..] {
        cur = step(cur, seg, value.is_some())?;
    }
    match (cur, value) {
        (Value::Object(m), Some(v)) => {
            m.insert((*last).to_owned(), v);
        }
        (Value::Object(m), None) => {
            m.shift_remove(*last);
        }
        (Value::Array(a), v) => {
            let i: usize = last
                .parse()
                .map_err(|_| format!("a list index at {last:?}"))?;
            match v {
                Some(v) if i < a.len() => a[i] = v,
                Some(v) if i == a.len() => a.push(v),
                None if i < a.len() => {
                    a.remove(i);
                }
                _ => {
                    return Err(format!(
                        "an index within the list at {last:?} (length {})",
                        a.len()
                    ))
                }
            }
        }
        _ => {
            return Err(format!(
                "a path through objects and lists; {last:?} is under a scalar"
            ))
        }
    }
    Ok(())
}

fn step<'v>(cur: &'v mut Value, seg: &str, create: bool) -> Result<&'v mut Value, String> {
    match cur {
        Value::Object(m) => {
            if !m.contains_key(seg) {
                if !create {
                    return Err(format!("an existing property at {seg:?}"));
                }
                m.insert(seg.to_owned(), Value::Object(Map::new()));
            }
            m.get_mut(seg)
                .ok_or_else(|| format!("a property at {seg:?}"))
        }
        Value::Array(a) => {
            let i: usize = seg
                .parse()
                .map_err(|_| format!("a list index at {seg:?}"))?;
            let len = a.len();
            a.get_mut(i)
                .ok_or_else(|| format!("an index below {len} at {seg:?}"))
        }
        _ => Err(format!(
            "a path through objects and lists; {seg:?} is under a scalar"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::apply;
    use serde_json::{json, Map, Value};

    fn props(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn sets_creates_and_removes() {
        let mut p = props(json!({"A": {"B": 1}, "L": [{"X": 1}]}));
        apply(&mut p, "A.B", Some(json!(2))).unwrap();
        apply(&mut p, "A.C.D", Some(json!("x"))).unwrap();
        apply(&mut p, "L.0.X", Some(json!(3))).unwrap();
        apply(&mut p, "Top", Some(json!(true))).unwrap();
        apply(&mut p, "A.B", None).unwrap();
        assert_eq!(
            Value::Object(p),
            json!({"A": {"C": {"D": "x"}}, "L": [{"X": 3}], "Top": true})
        );
    }

    #[test]
    fn reports_bad_paths() {
        let mut p = props(json!({"A": 1, "L": []}));
        assert!(apply(&mut p, "A.B", Some(json!(1))).is_err());
        assert!(apply(&mut p, "L.5", Some(json!(1))).is_err());
        assert!(apply(&mut p, "", Some(json!(1))).is_err());
        assert!(apply(&mut p, "A..B", Some(json!(1))).is_err());
    }

    #[test]
    fn limits_the_depth_before_building_anything() {
        let mut p = props(json!({}));
        let deep = vec!["A"; 65].join(".");
        let why = apply(&mut p, &deep, Some(json!(1))).unwrap_err();
        assert!(
            why.contains("at most 64 segments") && why.contains("65 segments"),
            "{why}"
        );
        assert!(p.is_empty());
        assert!(apply(&mut p, &vec!["A"; 64].join("."), Some(json!(1))).is_ok());
    }
}
