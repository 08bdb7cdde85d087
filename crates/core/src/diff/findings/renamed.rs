//! `diff-logical-id-renamed`: a stateful resource removed and one of the same type added with
//! equal or similar properties: a renamed logical ID, which CloudFormation carries out as a
//! new, empty resource and the deletion (or orphaning) of the old one (aws/aws-cdk#8120).

use super::{finding, retains, Context};
use crate::diff::model::{ChangeKind, Finding, ResourceChange};
use crate::rules::DIFF_LOGICAL_ID_RENAMED;
use crate::stateful::is_stateful;
use serde_json::Value;
use std::collections::BTreeSet;

/// At least this share of the larger resource's property values must be equal.
const SIMILAR: f64 = 0.5;
/// Pairs compared at most (the template limit of 500 resources keeps real stacks far below).
const MAX_PAIRS: usize = 10_000;

pub(crate) fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    let of = |kind| -> Vec<&ResourceChange> {
        ctx.changes
            .iter()
            .filter(|c| c.kind == kind && is_stateful(&c.resource_type))
            .collect()
    };
    let (removed, added) = (of(ChangeKind::Remove), of(ChangeKind::Add));
    if removed.len().saturating_mul(added.len()) > MAX_PAIRS {
        return Vec::new();
    }
    let leaves_of = |res: &serde_json::Map<String, Value>, id: &str| {
        let mut set = BTreeSet::new();
        if let Some(p) = res.get(id).and_then(|r| r.get("Properties")) {
            leaves(p, String::new(), &mut set, 0);
        }
        set
    };
    let mut pairs = Vec::new();
    for r in &removed {
        let old = leaves_of(ctx.old, &r.logical_id);
        for a in added.iter().filter(|a| a.resource_type == r.resource_type) {
            let new = leaves_of(ctx.new, &a.logical_id);
            let common = old.intersection(&new).count();
            let larger = old.len().max(new.len());
            let score = if larger == 0 {
                1.0
            } else {
                common as f64 / larger as f64
            };
            if score >= SIMILAR {
                pairs.push((score, r, a, common, larger));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
    let (mut used_old, mut used_new) = (BTreeSet::new(), BTreeSet::new());
    let mut out = Vec::new();
    for (_, r, a, common, larger) in pairs {
        if !used_old.insert(&r.logical_id) {
            continue;
        }
        if !used_new.insert(&a.logical_id) {
            used_old.remove(&r.logical_id);
            continue;
        }
        let (old_id, new_id, t) = (&r.logical_id, &a.logical_id, &r.resource_type);
        let likeness = if common == larger {
            "equal properties".to_owned()
        } else {
            format!("similar properties ({common} of {larger} values equal)")
        };
        let fate = if retains(Context::attribute(ctx.old, old_id, "DeletionPolicy")) {
            "orphans the old one (DeletionPolicy Retain): it keeps its data, outside the stack"
        } else {
            "deletes the old one with its data"
        };
        out.push(finding(
            &DIFF_LOGICAL_ID_RENAMED,
            old_id,
            "-",
            format!(
                "{old_id} is removed and {new_id} added, the same {t} with {likeness}: a \
                 renamed logical ID. CloudFormation does not rename; it creates {new_id} as a \
                 new, empty resource and {fate}."
            ),
            format!(
                "Keep the logical ID: .logical_id(\"{old_id}\") on the construct, or \
                 \"logicalId\": \"{old_id}\" in a stack file. To move a retained resource to a \
                 new ID, remove it with Retain, then import it (aws cloudformation \
                 create-change-set --change-set-type IMPORT)."
            ),
        ));
    }
    out
}

/// Every scalar (and intrinsic) under `v` as `path=value`, numbers and strings alike.
fn leaves(v: &Value, path: String, out: &mut BTreeSet<String>, depth: usize) {
    match v {
        Value::Object(m) if depth < 64 && !crate::diff::value::is_intrinsic(v) => {
            for (k, x) in m {
                leaves(x, format!("{path}.{k}"), out, depth + 1);
            }
        }
        Value::Array(a) if depth < 64 => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{path}[{i}]"), out, depth + 1);
            }
        }
        Value::String(s) => {
            out.insert(format!("{path}={s}"));
        }
        other => {
            out.insert(format!("{path}={other}"));
        }
    }
}
