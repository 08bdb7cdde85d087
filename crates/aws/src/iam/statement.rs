//! One `Allow` statement of a policy document.

use ferrocdk_core::rules;
use ferrocdk_core::{Expr, SynthContext};
use serde_json::{json, Map, Value};

/// An `Allow` statement: actions on resource ARNs, with optional conditions.
///
/// Actions and resources are never `*`: synth reports a wildcard as an error.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Statement {
    pub(crate) actions: Vec<&'static str>,
    pub(crate) resources: Vec<Expr>,
    pub(crate) conditions: Option<Value>,
    /// Why `"*"` is the resource: set only by [`Statement::allow_on_any_resource`].
    pub(crate) any_resource: Option<&'static str>,
}

impl Statement {
    /// Allows `actions` on `resources`.
    pub fn allow(actions: &[&'static str], resources: impl IntoIterator<Item = Expr>) -> Self {
        Statement {
            actions: actions.to_vec(),
            resources: resources.into_iter().collect(),
            conditions: None,
            any_resource: None,
        }
    }

    /// Allows `actions` on `"*"`: only for actions the Service Authorization Reference lists
    /// with no resource type (IAM then requires `"*"`); `why` says which fact it is. Built-in
    /// constructs only, so a user's wildcard is still reported.
    pub(crate) fn allow_on_any_resource(actions: &[&'static str], why: &'static str) -> Self {
        Statement {
            actions: actions.to_vec(),
            resources: vec![Expr::from("*")],
            conditions: None,
            any_resource: Some(why),
        }
    }

    /// Adds a `Condition` block (as JSON).
    ///
    /// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html>
    pub fn condition(mut self, condition: Value) -> Self {
        self.conditions = Some(condition);
        self
    }

    /// The actions.
    #[must_use]
    pub fn actions(&self) -> &[&'static str] {
        &self.actions
    }

    /// The resources.
    #[must_use]
    pub fn resources(&self) -> &[Expr] {
        &self.resources
    }

    pub(crate) fn render(&self, ctx: &mut SynthContext<'_>, property: &str) -> Value {
        for a in &self.actions {
            if a.contains('*') {
                ctx.error(
                    &rules::IAM_WILDCARD,
                    property,
                    format!("action {a:?}"),
                    "named actions only, never wildcards",
                );
            }
        }
        if self.actions.is_empty() || self.resources.is_empty() {
            ctx.error(
                &rules::IAM_EMPTY_STATEMENT,
                property,
                format!(
                    "a statement with {} action(s) and {} resource(s)",
                    self.actions.len(),
                    self.resources.len()
                ),
                "at least one named action on at least one resource ARN (IAM rejects empty lists)",
            );
        }
        let resources: Vec<Value> = self
            .resources
            .iter()
            .map(|r| {
                if r.as_literal() == Some("*") && self.any_resource.is_none() {
                    ctx.error(
                        &rules::IAM_WILDCARD,
                        property,
                        "resource \"*\"",
                        "resources scoped to ARNs",
                    );
                }
                ctx.value(property, r)
            })
            .collect();
        // A role that may put records into a delivery stream of the stack (or app) is its
        // producer (`firehose-no-producer`).
        if self
            .actions
            .iter()
            .any(|a| matches!(*a, "firehose:PutRecord" | "firehose:PutRecordBatch"))
        {
            for r in &self.resources {
                if let Expr::GetAtt(t, attr) = r {
                    if attr == "Arn" {
                        ctx.provide(t, crate::firehose::PRODUCER);
                    }
                }
            }
        }
        let mut m = Map::new();
        m.insert("Effect".into(), json!("Allow"));
        m.insert("Action".into(), json!(self.actions));
        m.insert("Resource".into(), Value::Array(resources));
        if let Some(c) = &self.conditions {
            m.insert("Condition".into(), c.clone());
        }
        Value::Object(m)
    }
}
