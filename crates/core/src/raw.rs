//! Checks of raw resources (`Stack::add_raw_resource`): they are added as given, but their
//! `Type`, their references (`Ref`, `Fn::GetAtt`, `Fn::Sub` variables, `Fn::If` conditions,
//! in `Properties` and `Metadata`) and their `DependsOn` must name things the template has.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::limits;
use crate::rules;
use crate::template::Resource;
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};

/// The pseudo parameters a `Ref` or `${…}` may name.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/pseudo-parameter-reference.html>
const PSEUDO: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// What the template defines, for the checks.
pub(crate) struct Known<'a> {
    /// Every logical ID asked for (a construct or raw resource whose own ID is wrong is
    /// reported there; a reference to it is not reported again).
    pub resources: &'a BTreeSet<String>,
    /// Every parameter name declared.
    pub parameters: HashSet<&'a str>,
    /// Every condition declared.
    pub conditions: &'a [(String, Value)],
    /// The resources of the template, listed in the "allowed" text.
    pub listed: &'a IndexMap<String, crate::template::Resource>,
}

impl Known<'_> {
    fn condition(&self, name: &str) -> bool {
        self.conditions.iter().any(|(n, _)| n == name)
    }

    fn ids(&self) -> String {
        let ids: Vec<&str> = self.listed.keys().map(String::as_str).collect();
        ids.join(", ")
    }
}

/// Reports every problem of the raw resource at `path` (`<Stack>/<LogicalId>`).
pub(crate) fn check(path: &str, r: &Resource, known: &Known<'_>, diags: &mut Diagnostics) {
    if let Some(why) = type_problem(&r.resource_type) {
        diags.push(Diagnostic::error(
            &rules::RAW_RESOURCE_TYPE,
            path,
            "Type",
            format!("{:?}", r.resource_type),
            why,
        ));
    }
    if let Some(c) = &r.condition {
        if !known.condition(c) {
            diags.push(Diagnostic::error(
                &rules::CONDITION_UNKNOWN,
                path,
                "Condition",
                format!("{c:?}"),
                "a condition declared with stack.condition(…)",
            ));
        }
    }
    let mut walk = Walk {
        at: path,
        known,
        diags,
        trail: Vec::new(),
    };
    let props = Value::Object(r.properties.clone());
    for (name, v) in [
        ("Properties", Some(&props)),
        ("Metadata", r.metadata.as_ref()),
    ] {
        let Some(v) = v else { continue };
        // A template nested too deeply is reported by the limits check; it is not walked.
        if limits::value_depth(v) > limits::MAX_DEPTH {
            continue;
        }
        walk.trail.push(name.to_owned());
        walk.value(v);
        walk.trail.pop();
    }
    for d in &r.depends_on {
        if !known.resources.contains(d) {
            diags.push(Diagnostic::error(
                &rules::RAW_RESOURCE_DEPENDS_ON,
                path,
                "DependsOn",
                format!("{d:?}"),
                format!("a resource of this stack: {}", known.ids()),
            ));
        }
    }
}

/// Why `t` is not a resource type CloudFormation accepts, if it is not.
///
/// `Custom::<Name>`: 1–60 of `A-Za-z0-9_@-` (custom resources); otherwise three `::`-separated
/// parts of 2–64 letters and digits, optionally followed by `::MODULE` — the registry's type
/// name pattern, which `AWS::Service::Resource` follows.
fn type_problem(t: &str) -> Option<String> {
    const ALLOWED: &str = "AWS::Service::Resource (three '::'-separated parts of 2–64 letters and \
                           digits, as Org::Service::Resource, optionally ending in ::MODULE) or \
                           Custom::Name (1–60 of letters, digits, '_', '@', '-')";
    if let Some(name) = t.strip_prefix("Custom::") {
        let ok = (1..=60).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '-'));
        return (!ok).then(|| ALLOWED.to_owned());
    }
    let parts: Vec<&str> = t.split("::").collect();
    let named = match parts.as_slice() {
        [a, b, c] | [a, b, c, "MODULE"] => [a, b, c],
        _ => return Some(ALLOWED.to_owned()),
    };
    let ok = named
        .iter()
        .all(|p| (2..=64).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    (!ok).then(|| ALLOWED.to_owned())
}

/// A walk over a raw resource's JSON, with the trail of keys to the current value.
struct Walk<'a, 'k> {
    at: &'a str,
    known: &'a Known<'k>,
    diags: &'a mut Diagnostics,
    trail: Vec<String>,
}

impl Walk<'_, '_> {
    fn report(&mut self, received: String, allowed: String) {
        self.diags.push(Diagnostic::error(
            &rules::RAW_RESOURCE_REFERENCE,
            self.at,
            self.trail.join("."),
            received,
            allowed,
        ));
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Object(m) if m.len() == 1 => {
                let (key, arg) = m.iter().next().map_or(("", &Value::Null), |(k, v)| (k, v));
                self.trail.push(key.to_owned());
                self.intrinsic(key, arg);
                self.trail.pop();
            }
            Value::Object(m) => {
                for (k, c) in m {
                    self.trail.push(k.clone());
                    self.value(c);
                    self.trail.pop();
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    self.trail.push(i.to_string());
                    self.value(c);
                    self.trail.pop();
                }
            }
            _ => {}
        }
    }

    /// A one-key object: an intrinsic function when the key names one, else a plain object.
    fn intrinsic(&mut self, key: &str, arg: &Value) {
        match (key, arg) {
            ("Ref", Value::String(target)) => self.reference(target),
            ("Fn::GetAtt", Value::Array(a)) => {
                if let Some(Value::String(target)) = a.first() {
                    self.attribute(target);
                }
                self.value(arg);
            }
            ("Fn::GetAtt", Value::String(s)) => {
                let target = s.split('.').next().unwrap_or_default();
                self.attribute(target);
            }
            ("Fn::Sub", Value::String(text)) => self.sub(text, &[]),
            ("Fn::Sub", Value::Array(a)) => {
                let locals: Vec<&str> = match a.get(1) {
                    Some(Value::Object(m)) => m.keys().map(String::as_str).collect(),
                    _ => Vec::new(),
                };
                if let Some(Value::String(text)) = a.first() {
                    self.sub(text, &locals);
                }
                if let Some(vars) = a.get(1) {
                    self.value(vars);
                }
            }
            ("Fn::If", Value::Array(a)) => {
                if let Some(Value::String(c)) = a.first() {
                    if !self.known.condition(c) {
                        self.report(
                            format!("condition {c:?}"),
                            "a condition declared with stack.condition(…)".into(),
                        );
                    }
                }
                self.value(arg);
            }
            _ => self.value(arg),
        }
    }

    /// A `Ref`: a resource, a parameter or a pseudo parameter.
    fn reference(&mut self, target: &str) {
        let k = self.known;
        if !(k.resources.contains(target)
            || k.parameters.contains(target)
            || PSEUDO.contains(&target))
        {
            let allowed = format!(
                "a resource or parameter of this stack, or a pseudo parameter ({}); resources: {}",
                PSEUDO.join(", "),
                k.ids()
            );
            self.report(format!("a reference to {target:?}"), allowed);
        }
    }

    /// An `Fn::GetAtt`: a resource (parameters have no attributes).
    fn attribute(&mut self, target: &str) {
        if !self.known.resources.contains(target) {
            let allowed = format!("a resource of this stack: {}", self.known.ids());
            self.report(format!("an attribute of {target:?}"), allowed);
        }
    }

    /// The `${Name}` and `${Name.Attribute}` variables of an `Fn::Sub` text (`${!…}` is a
    /// literal; `locals` are the variables the Sub declares itself).
    fn sub(&mut self, text: &str, locals: &[&str]) {
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            rest = &rest[start + 2..];
            if rest.starts_with('!') {
                continue;
            }
            let Some(end) = rest.find('}') else { break };
            let var = rest[..end].trim();
            rest = &rest[end + 1..];
            if locals.contains(&var) {
                continue;
            }
            match var.split_once('.') {
                Some((target, _)) => self.attribute(target),
                None => self.reference(var),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::type_problem;

    #[test]
    fn resource_type_shapes() {
        for good in [
            "AWS::SNS::Topic",
            "Custom::X",
            "MyOrg::My::Type",
            "MyOrg::My::Type::MODULE",
        ] {
            assert!(type_problem(good).is_none(), "{good}");
        }
        for bad in [
            "Not::A::Type",
            "AWS::SNS",
            "Custom::",
            "a::b::c::d",
            "AWS::S_3::Bucket",
        ] {
            assert!(type_problem(bad).is_some(), "{bad}");
        }
    }
}
