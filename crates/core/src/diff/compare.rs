//! One resource, old against new: which properties change, and whether each change updates it
//! in place, replaces it, or fails.

use super::documented;
use super::model::{Cause, ChangeKind, Effect, ResourceChange};
use super::refs::references;
use super::schema::{members, triggers};
use super::value::{above, at, differences, render, same_opt, under, Difference, Seg};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Resource attributes compared besides `Type` and `Properties`.
const ATTRIBUTES: &[&str] = &[
    "DependsOn",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "Metadata",
    "Condition",
    "UpdatePolicy",
    "CreationPolicy",
];

/// What changes elsewhere in the update: resources replaced (every reference to them gets a
/// new value) and attributes that change in place (`Table.StreamArn`).
#[derive(Debug, Default)]
pub(crate) struct Moved {
    pub(crate) replaced: HashSet<String>,
    pub(crate) attributes: HashSet<(String, String)>,
}

impl Moved {
    fn why(&self, target: &str, attribute: Option<&str>) -> Option<String> {
        if self.replaced.contains(target) {
            return Some(format!("refers to {target} (replaced)"));
        }
        let attr = attribute?;
        self.attributes
            .contains(&(target.to_owned(), attr.to_owned()))
            .then(|| format!("{target}.{attr} changes"))
    }
}

/// A replacement or failure trigger: member names under `Properties`, and why.
struct Trigger {
    members: Vec<String>,
    effect: Effect,
    why: &'static str,
}

fn triggers_of(resource_type: &str) -> Option<Vec<Trigger>> {
    let data = triggers(resource_type)?;
    let schema = data.create_only_properties.iter().map(|p| Trigger {
        members: members(p),
        effect: Effect::Replacement,
        why: "create-only",
    });
    let conditional = data
        .conditional_create_only_properties
        .iter()
        .map(|p| Trigger {
            members: members(p),
            effect: Effect::Replacement,
            why: "create-only (conditional)",
        });
    let table = |list: &'static [(&str, &str, &'static str)], effect| {
        list.iter()
            .filter(move |(t, _, _)| *t == resource_type)
            .map(move |(_, p, why)| Trigger {
                members: p.split('/').map(str::to_owned).collect(),
                effect,
                why,
            })
    };
    Some(
        schema
            .chain(conditional)
            .chain(table(documented::REPLACES, Effect::Replacement))
            .chain(table(documented::FAILS, Effect::Fails))
            .collect(),
    )
}

/// The trigger a change at `path` sets off: one at or above the path, or one below it whose
/// own value differs.
fn fired<'t>(
    path: &[Seg],
    triggers: &'t [Trigger],
    old: Option<&Value>,
    new: Option<&Value>,
) -> Option<&'t Trigger> {
    triggers.iter().find(|t| {
        under(path, &t.members)
            || (above(path, &t.members) && !same_opt(at(old, &t.members), at(new, &t.members)))
    })
}

/// Both `Properties` of one resource, and its type's triggers (`None`: no data for the type).
struct Props<'a> {
    old: Option<&'a Value>,
    new: Option<&'a Value>,
    triggers: Option<Vec<Trigger>>,
}

impl Props<'_> {
    /// What a change at `path` does to the resource, and why.
    fn effect_of(&self, path: &[Seg]) -> (Effect, &'static str) {
        match &self.triggers {
            None => (Effect::Unknown, "no replacement data for this type"),
            Some(ts) => fired(path, ts, self.old, self.new)
                .map_or((Effect::InPlace, "in place"), |t| (t.effect, t.why)),
        }
    }
}

/// Compares the resource `id` in both templates; `None` when nothing changes.
pub(crate) fn compare(
    id: &str,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    moved: &Moved,
) -> Option<ResourceChange> {
    let old_type = old.get("Type").and_then(Value::as_str).unwrap_or_default();
    let new_type = new.get("Type").and_then(Value::as_str).unwrap_or_default();
    if old_type != new_type {
        return Some(ResourceChange {
            logical_id: id.to_owned(),
            resource_type: new_type.to_owned(),
            kind: ChangeKind::Replace,
            causes: vec![Cause {
                path: "Type".to_owned(),
                effect: Effect::Fails,
                why: "a resource's type cannot change".to_owned(),
                old: Some(Value::from(old_type)),
                new: Some(Value::from(new_type)),
            }],
        });
    }
    let props = Props {
        old: old.get("Properties"),
        new: new.get("Properties"),
        triggers: triggers_of(new_type),
    };
    let mut diffs = Vec::new();
    differences(props.old, props.new, &mut Vec::new(), &mut diffs);
    let mut causes: Vec<Cause> = diffs
        .iter()
        .map(|d| {
            let (effect, why) = props.effect_of(&d.path);
            cause(d, effect, why.to_owned())
        })
        .collect();
    edited_attribute_definitions(new_type, &props, &mut causes);
    reference_causes(&props, &diffs, moved, &mut causes);
    attribute_causes(old, new, &mut causes);

    // What decides the resource's fate first: failures, replacements, unknowns, updates.
    causes.sort_by_key(|c| match c.effect {
        Effect::Fails => 0,
        Effect::Replacement => 1,
        Effect::Unknown => 2,
        Effect::InPlace => 3,
    });
    let kind = if causes.iter().any(|c| c.effect == Effect::Replacement) {
        ChangeKind::Replace
    } else if causes.iter().any(|c| c.effect == Effect::Unknown) {
        ChangeKind::MayReplace
    } else if causes.is_empty() {
        return None;
    } else {
        ChangeKind::Update
    };
    Some(ResourceChange {
        logical_id: id.to_owned(),
        resource_type: new_type.to_owned(),
        kind,
        causes,
    })
}

/// A table's attribute definition that keeps its name but changes type replaces the table.
fn edited_attribute_definitions(resource_type: &str, props: &Props<'_>, causes: &mut Vec<Cause>) {
    let edited = documented::edited_attribute_definitions(resource_type, props.old, props.new);
    for (i, old_type, new_type) in edited {
        let path = format!("AttributeDefinitions[{i}].AttributeType");
        let why = "an existing AttributeDefinition is edited (documented: Replacement)";
        match causes.iter_mut().find(|c| c.path == path) {
            Some(c) => {
                c.effect = Effect::Replacement;
                why.clone_into(&mut c.why);
            }
            None => causes.push(Cause {
                path,
                effect: Effect::Replacement,
                why: why.to_owned(),
                old: Some(old_type),
                new: Some(new_type),
            }),
        }
    }
}

/// Properties whose text is unchanged but which refer to a replaced resource (or a changed
/// attribute): their value changes at deploy time.
fn reference_causes(
    props: &Props<'_>,
    diffs: &[Difference],
    moved: &Moved,
    causes: &mut Vec<Cause>,
) {
    for r in references(props.new) {
        let Some(why) = moved.why(&r.target, r.attribute.as_deref()) else {
            continue;
        };
        let covered = diffs
            .iter()
            .any(|d| r.path.starts_with(&d.path) || d.path.starts_with(&r.path));
        let path = render(&r.path);
        if covered || causes.iter().any(|c| c.path == path) {
            continue;
        }
        let (effect, trigger) = props.effect_of(&r.path);
        let why = match effect {
            Effect::InPlace => why,
            _ => format!("{why}; {trigger}"),
        };
        let value = at_path(props.new, &r.path).cloned();
        causes.push(Cause {
            path,
            effect,
            why,
            old: value.clone(),
            new: value,
        });
    }
}

/// `DependsOn`, `DeletionPolicy` and the other resource attributes: updated in place.
fn attribute_causes(old: &Map<String, Value>, new: &Map<String, Value>, causes: &mut Vec<Cause>) {
    for name in ATTRIBUTES {
        let (a, b) = (old.get(*name), new.get(*name));
        let equal = if *name == "DependsOn" {
            depends_on(a) == depends_on(b)
        } else {
            same_opt(a, b)
        };
        if !equal {
            causes.push(Cause {
                path: (*name).to_owned(),
                effect: Effect::InPlace,
                why: "resource attribute".to_owned(),
                old: a.cloned(),
                new: b.cloned(),
            });
        }
    }
}

fn cause(d: &Difference, effect: Effect, why: String) -> Cause {
    Cause {
        path: render(&d.path),
        effect,
        why,
        old: d.old.clone(),
        new: d.new.clone(),
    }
}

fn at_path<'a>(root: Option<&'a Value>, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(root?, |v, seg| match seg {
        Seg::Key(k) => v.get(k),
        Seg::Index(i) => v.get(i),
    })
}

/// `DependsOn` as a set: a string or a list of strings, in any order.
fn depends_on(v: Option<&Value>) -> Vec<String> {
    let mut ids: Vec<String> = match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
            .collect(),
        Some(other) => vec![other.to_string()],
        None => Vec::new(),
    };
    ids.sort();
    ids.dedup();
    ids
}
