//! The data-loss rules: each reads the resource changes (and both templates) and says, per
//! resource at risk, what is lost and how to avoid it. One rule per file; codes in
//! [`crate::rules`].

mod custom_resource;
mod delivery_stream;
mod gsi;
mod kinesis_destination;
mod kinesis_stream;
mod renamed;
mod retain_dropped;
mod retention;
mod shard_count;
mod stream_view_type;
mod table;
mod update_fails;

use super::model::{Cause, ChangeKind, Effect, Finding, ResourceChange};
use crate::rules::Rule;
use serde_json::{Map, Value};

/// What a rule reads: both templates' `Resources` and the changes between them.
pub(crate) struct Context<'a> {
    pub(crate) old: &'a Map<String, Value>,
    pub(crate) new: &'a Map<String, Value>,
    pub(crate) changes: &'a [ResourceChange],
}

impl<'a> Context<'a> {
    /// Changes of resources of `resource_type` that are one of `kinds`.
    pub(crate) fn of_type(
        &self,
        resource_type: &'a str,
        kinds: &'a [ChangeKind],
    ) -> impl Iterator<Item = &'a ResourceChange> + 'a {
        self.changes
            .iter()
            .filter(move |c| c.resource_type == resource_type && kinds.contains(&c.kind))
    }

    /// A property of a resource in the old template (`None` when absent).
    pub(crate) fn old_prop(&self, id: &str, member: &str) -> Option<&'a Value> {
        prop(self.old, id, member)
    }

    /// A property of a resource in the new template.
    pub(crate) fn new_prop(&self, id: &str, member: &str) -> Option<&'a Value> {
        prop(self.new, id, member)
    }

    /// A resource attribute (`DeletionPolicy`, …) as a string, from one template.
    pub(crate) fn attribute(
        resources: &'a Map<String, Value>,
        id: &str,
        name: &str,
    ) -> Option<&'a str> {
        resources.get(id)?.get(name)?.as_str()
    }
}

fn prop<'a>(resources: &'a Map<String, Value>, id: &str, member: &str) -> Option<&'a Value> {
    resources.get(id)?.get("Properties")?.get(member)
}

/// Whether a deletion or replacement policy keeps the resource.
pub(crate) fn retains(policy: Option<&str>) -> bool {
    matches!(policy, Some("Retain" | "RetainExceptOnCreate"))
}

/// The causes that replace the resource, as `A, B`; `-` when there are none.
pub(crate) fn replacing_paths(change: &ResourceChange) -> String {
    let paths: Vec<&str> = change
        .causes
        .iter()
        .filter(|c| matches!(c.effect, Effect::Replacement | Effect::Fails))
        .map(|c| c.path.as_str())
        .collect();
    if paths.is_empty() {
        "-".to_owned()
    } else {
        paths.join(", ")
    }
}

/// The first cause at or under `member`.
pub(crate) fn cause_under<'a>(change: &'a ResourceChange, member: &str) -> Option<&'a Cause> {
    change.causes.iter().find(|c| {
        c.path == member
            || c.path.starts_with(&format!("{member}."))
            || c.path.starts_with(&format!("{member}["))
    })
}

/// A value for a sentence: a string as it is, anything else as JSON.
pub(crate) fn shown(v: Option<&Value>) -> String {
    match v {
        None => "(absent)".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A cause for a sentence: `path old → new` for a plain value change, `path: why` otherwise.
pub(crate) fn describe(cause: &Cause) -> String {
    if cause.why == "in place" {
        format!(
            "{} {} → {}",
            cause.path,
            shown(cause.old.as_ref()),
            shown(cause.new.as_ref())
        )
    } else {
        format!("{}: {}", cause.path, cause.why)
    }
}

pub(crate) fn finding(
    rule: &'static Rule,
    logical_id: &str,
    path: impl Into<String>,
    lost: String,
    avoid: String,
) -> Finding {
    Finding {
        rule,
        logical_id: logical_id.to_owned(),
        path: path.into(),
        lost,
        avoid,
    }
}

/// Every rule's findings, ordered by resource (as the changes are), then by rule.
pub(crate) fn all(ctx: &Context<'_>) -> Vec<Finding> {
    let rules: &[fn(&Context<'_>) -> Vec<Finding>] = &[
        table::findings,
        kinesis_stream::findings,
        delivery_stream::findings,
        retention::findings,
        kinesis_destination::findings,
        stream_view_type::findings,
        gsi::findings,
        shard_count::findings,
        renamed::findings,
        retain_dropped::findings,
        custom_resource::findings,
        update_fails::findings,
    ];
    let mut found: Vec<Finding> = rules.iter().flat_map(|rule| rule(ctx)).collect();
    let position = |id: &str| {
        ctx.changes
            .iter()
            .position(|c| c.logical_id == id)
            .unwrap_or(usize::MAX)
    };
    found.sort_by_key(|f| position(&f.logical_id));
    found
}
