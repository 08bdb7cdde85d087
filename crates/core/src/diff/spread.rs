//! Every resource's change, with replacements spread through references: a resource that
//! refers to a replaced one sees a new value, which may replace it in turn, and so on.

use super::compare::{compare, Moved};
use super::documented;
use super::model::{ChangeKind, ResourceChange};
use super::refs::references;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// A resource in both templates: its logical ID, old and new definitions, and the logical IDs
/// its new properties refer to.
type Both<'a> = (
    &'a String,
    Map<String, Value>,
    Map<String, Value>,
    HashSet<String>,
);

/// The changes from `old` to `new` (both `Resources`): the resources of `new` in its order
/// (added or changed), then the removed ones in `old`'s order.
pub(crate) fn changes(old: &Map<String, Value>, new: &Map<String, Value>) -> Vec<ResourceChange> {
    let object = |v: &Value| v.as_object().cloned().unwrap_or_default();
    let mut moved = Moved::default();
    for (id, n) in new {
        if let Some(o) = old.get(id) {
            let t = n.get("Type").and_then(Value::as_str).unwrap_or_default();
            let attrs = documented::changed_attributes(t, o.get("Properties"), n.get("Properties"));
            moved
                .attributes
                .extend(attrs.into_iter().map(|a| (id.clone(), a.to_owned())));
        }
    }
    // Each resource of both templates with the logical IDs it refers to.
    let both: Vec<Both<'_>> = new
        .iter()
        .filter_map(|(id, n)| {
            let o = old.get(id)?;
            let targets = references(n.get("Properties"))
                .into_iter()
                .map(|r| r.target)
                .collect();
            Some((id, object(o), object(n), targets))
        })
        .collect();
    let mut changed: Vec<Option<ResourceChange>> = both
        .iter()
        .map(|(id, o, n, _)| compare(id, o, n, &moved))
        .collect();
    let replaced = |changed: &[Option<ResourceChange>]| -> HashSet<String> {
        changed
            .iter()
            .flatten()
            .filter(|c| c.kind == ChangeKind::Replace)
            .map(|c| c.logical_id.clone())
            .collect()
    };
    // Each round replaces at least one more resource, or stops.
    loop {
        let now = replaced(&changed);
        let fresh: HashSet<&String> = now.difference(&moved.replaced).collect();
        if fresh.is_empty() {
            break;
        }
        let fresh: HashSet<String> = fresh.into_iter().cloned().collect();
        moved.replaced = now;
        for (i, (id, o, n, targets)) in both.iter().enumerate() {
            if !targets.is_disjoint(&fresh) {
                changed[i] = compare(id, o, n, &moved);
            }
        }
    }

    // `changed` follows `both`, which follows `new`'s order.
    let mut changed = changed.into_iter();
    let mut out = Vec::new();
    for (id, n) in new {
        if old.contains_key(id) {
            out.extend(changed.next().flatten());
        } else {
            out.push(whole(id, n, ChangeKind::Add));
        }
    }
    out.extend(
        old.iter()
            .filter(|(id, _)| !new.contains_key(*id))
            .map(|(id, o)| whole(id, o, ChangeKind::Remove)),
    );
    out
}

/// An added or removed resource.
fn whole(id: &str, resource: &Value, kind: ChangeKind) -> ResourceChange {
    ResourceChange {
        logical_id: id.to_owned(),
        resource_type: resource
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        kind,
        causes: Vec::new(),
    }
}
