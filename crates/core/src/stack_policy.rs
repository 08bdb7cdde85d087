//! A stack policy that guards the stack's stateful resources: updates are allowed, but
//! `Update:Replace` and `Update:Delete` are denied on every resource of a stateful type the
//! template holds (table, stream, delivery stream, bucket, log group, key, queue).
//!
//! Set it when the stack is created (`aws cloudformation create-stack --stack-policy-body
//! file://policy.json`) or afterwards (`aws cloudformation set-stack-policy`). It stays until
//! replaced, and applies to resources of those types added later too. A deliberate
//! replacement then needs a one-update override: `--stack-policy-during-update-body` with an
//! `Allow` of `Update:*`. A stack policy protects against updates only; it is not access
//! control.

use crate::diff::{check, TemplateError};
use crate::stateful::STATEFUL_TYPES;
use crate::template::Template;
use serde_json::{json, Value};

/// The policy for a template whose resources have these types (stateful types are kept once
/// each, in [`STATEFUL_TYPES`] order; without any, the policy only allows).
#[must_use]
pub fn for_types<'a>(types: impl IntoIterator<Item = &'a str>) -> Value {
    let present: Vec<&str> = types.into_iter().collect();
    let guarded: Vec<&str> = STATEFUL_TYPES
        .iter()
        .copied()
        .filter(|t| present.contains(t))
        .collect();
    let allow = json!({"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"});
    if guarded.is_empty() {
        return json!({ "Statement": [allow] });
    }
    let deny = json!({
        "Effect": "Deny",
        "Action": ["Update:Replace", "Update:Delete"],
        "Principal": "*",
        "Resource": "*",
        "Condition": {"StringEquals": {"ResourceType": guarded}}
    });
    json!({ "Statement": [allow, deny] })
}

/// The policy for a template given as JSON (a deployed template, or synth's output).
///
/// # Errors
///
/// [`TemplateError`] when `template` is not a template ([`check`]).
pub fn for_template_value(template: &Value) -> Result<Value, TemplateError> {
    check(template)?;
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values());
    Ok(for_types(
        resources.filter_map(|r| r.get("Type").and_then(Value::as_str)),
    ))
}

impl Template {
    /// The stack policy guarding this template's stateful resources ([`crate::stack_policy`]).
    ///
    /// ```
    /// use ferrocdk_core::{Resource, Stack};
    /// let mut stack = Stack::new("Demo");
    /// stack.add_raw_resource("Queue", Resource::new("AWS::SQS::Queue"));
    /// let policy = stack.synth()?.template.stack_policy();
    /// assert_eq!(policy["Statement"][1]["Action"], serde_json::json!(["Update:Replace", "Update:Delete"]));
    /// assert_eq!(policy["Statement"][1]["Condition"]["StringEquals"]["ResourceType"][0], "AWS::SQS::Queue");
    /// # Ok::<(), ferrocdk_core::SynthError>(())
    /// ```
    #[must_use]
    pub fn stack_policy(&self) -> Value {
        for_types(self.resources.values().map(|r| r.resource_type.as_str()))
    }
}

/// The policy as pretty JSON ending with a newline: what `--stack-policy-body file://…` reads
/// (at most 16,384 characters; this one stays far below).
#[must_use]
pub fn to_json_pretty(policy: &Value) -> String {
    let mut s = serde_json::to_string_pretty(policy).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stateful_type_present_is_denied_replace_and_delete_once() {
        let p = for_types([
            "AWS::IAM::Role",
            "AWS::DynamoDB::Table",
            "AWS::Logs::LogGroup",
            "AWS::Logs::LogGroup",
            "AWS::Kinesis::Stream",
        ]);
        assert_eq!(
            p["Statement"][1]["Condition"]["StringEquals"]["ResourceType"],
            json!([
                "AWS::DynamoDB::Table",
                "AWS::Kinesis::Stream",
                "AWS::Logs::LogGroup"
            ])
        );
        assert_eq!(p["Statement"][0]["Action"], "Update:*");
        assert_eq!(p["Statement"][0]["Effect"], "Allow");
        assert_eq!(p["Statement"][1]["Effect"], "Deny");
    }

    #[test]
    fn a_stack_without_state_gets_an_allow_only_policy() {
        let p = for_types(["AWS::IAM::Role"]);
        assert_eq!(p["Statement"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn the_largest_policy_fits_cloudformations_limit() {
        let all = for_types(STATEFUL_TYPES.iter().copied());
        assert!(to_json_pretty(&all).len() < 16_384);
    }

    #[test]
    fn a_bad_template_is_an_error() {
        assert!(for_template_value(&json!({"Resources": 1})).is_err());
    }
}
