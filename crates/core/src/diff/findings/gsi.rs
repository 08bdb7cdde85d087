//! `diff-gsi-changes`: more than one global secondary index created or deleted in one update.
//! "You can delete or add one global secondary index without interruption. If you do both in
//! the same update … the update fails." An index whose key schema or projection changes is
//! deleted and created again: two operations.

use super::{finding, Context};
use crate::diff::model::{ChangeKind, Finding};
use crate::diff::value::same_opt;
use crate::rules::DIFF_GSI_CHANGES;
use serde_json::Value;

const GSIS: &str = "GlobalSecondaryIndexes";

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    ctx.of_type("AWS::DynamoDB::Table", &[ChangeKind::Update])
        .filter_map(|c| {
            let id = &c.logical_id;
            let old = indexes(ctx.old_prop(id, GSIS))?;
            let new = indexes(ctx.new_prop(id, GSIS))?;
            let mut ops = Vec::new();
            for (name, n) in &new {
                match old.iter().find(|(o, _)| o == name) {
                    None => ops.push(format!("create {name}")),
                    Some((_, o)) if !same_shape(o, n) => {
                        ops.push(format!("delete {name}"));
                        ops.push(format!("create {name} again"));
                    }
                    Some(_) => {}
                }
            }
            for (name, _) in &old {
                if !new.iter().any(|(n, _)| n == name) {
                    ops.push(format!("delete {name}"));
                }
            }
            (ops.len() > 1).then(|| {
                finding(
                    &DIFF_GSI_CHANGES,
                    id,
                    GSIS,
                    format!(
                        "{id}: {} index operations in one update ({}): CloudFormation creates or \
                         deletes one global secondary index per update, so the update fails and \
                         rolls back (a rollback during an index's creation leaves it to delete \
                         by hand).",
                        ops.len(),
                        ops.join(", ")
                    ),
                    "Deploy one index change at a time: one update per created or deleted index."
                        .to_owned(),
                )
            })
        })
        .collect()
}

/// The indexes by name; `None` when they cannot be read (an intrinsic, a name that is not a
/// string).
fn indexes(value: Option<&Value>) -> Option<Vec<(String, &Value)>> {
    match value {
        None => Some(Vec::new()),
        Some(Value::Array(list)) => list
            .iter()
            .map(|i| Some((i.get("IndexName")?.as_str()?.to_owned(), i)))
            .collect(),
        Some(_) => None,
    }
}

fn same_shape(a: &Value, b: &Value) -> bool {
    ["KeySchema", "Projection"]
        .iter()
        .all(|k| same_opt(a.get(*k), b.get(*k)))
}
