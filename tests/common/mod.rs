//! Helpers shared by the integration tests (`validation`, `all_at_once`, `wiring`).
#![allow(dead_code)]

use ferrocdk::core::{Common, Construct, SynthContext, Target};
use ferrocdk::prelude::*;
use ferrocdk::{Diagnostic, Severity};
use serde_json::Value;

/// Synthesizes `stack`, which must succeed; returns the template as JSON.
pub fn template(stack: &Stack) -> Value {
    match stack.synth() {
        Ok(s) => s.template.to_value(),
        Err(e) => panic!("expected synth to succeed, got:\n{e}"),
    }
}

/// Synthesizes `stack`, which must fail; returns the error.
pub fn synth_err(stack: &Stack) -> SynthError {
    match stack.synth() {
        Ok(s) => panic!(
            "expected synth to fail, but it succeeded with warnings {:?}; template:\n{}",
            s.warnings,
            s.to_json_pretty()
        ),
        Err(e) => e,
    }
}

/// The diagnostics of `code` that synthesizing `stack` reports (errors or warnings).
pub fn diags_of(stack: &Stack, code: &str) -> Vec<Diagnostic> {
    let all = match stack.synth() {
        Ok(s) => s.warnings,
        Err(e) => e.diagnostics,
    };
    all.into_iter().filter(|d| d.code == code).collect()
}

/// The one error of `code` (synth must fail, and exactly one diagnostic has that code).
pub fn the_error(stack: &Stack, code: &str) -> Diagnostic {
    let e = synth_err(stack);
    let found: Vec<&Diagnostic> = e.diagnostics.iter().filter(|d| d.code == code).collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {code} diagnostic, got:\n{e}"
    );
    found[0].clone()
}

/// The one warning of `code`: synth must succeed and report it exactly once.
pub fn the_warning(stack: &Stack, code: &str) -> Diagnostic {
    let s = match stack.synth() {
        Ok(s) => s,
        Err(e) => panic!("expected synth to succeed with a {code} warning, got:\n{e}"),
    };
    let found: Vec<&Diagnostic> = s.warnings.iter().filter(|d| d.code == code).collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {code} warning, got {:?}",
        s.warnings
    );
    found[0].clone()
}

/// True when synthesizing `stack` reports no diagnostic of `code` (and, for errors, that code
/// is not why synth failed).
pub fn no_diag(stack: &Stack, code: &str) -> bool {
    diags_of(stack, code).is_empty()
}

/// Asserts every field of a diagnostic: exact code, severity, path and property; `received`
/// and `allowed` contain each of the given substrings.
#[track_caller]
pub fn assert_diag(
    d: &Diagnostic,
    severity: Severity,
    path: &str,
    property: &str,
    received: &[&str],
    allowed: &[&str],
) {
    assert_eq!(d.severity, severity, "severity of {d}");
    assert_eq!(d.path, path, "path of {d}");
    assert_eq!(d.property, property, "property of {d}");
    for r in received {
        assert!(
            d.received.contains(r),
            "received of {d} should contain {r:?}"
        );
    }
    for a in allowed {
        assert!(d.allowed.contains(a), "allowed of {d} should contain {a:?}");
    }
}

/// The resource `id` of a template.
#[track_caller]
pub fn resource<'a>(t: &'a Value, id: &str) -> &'a Value {
    t["Resources"]
        .get(id)
        .unwrap_or_else(|| panic!("no resource {id}; resources: {:?}", resource_ids(t)))
}

/// The logical IDs of a template, in order.
pub fn resource_ids(t: &Value) -> Vec<String> {
    t["Resources"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// The logical IDs of the resources of one type.
pub fn ids_of_type(t: &Value, ty: &str) -> Vec<String> {
    t["Resources"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(_, r)| r["Type"] == ty)
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// The statements of the `AWS::IAM::Policy` `id`.
#[track_caller]
pub fn statements(t: &Value, id: &str) -> Vec<Value> {
    let p = resource(t, id);
    assert_eq!(p["Type"], "AWS::IAM::Policy", "{id} is not a policy");
    p["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The action list of a statement, as strings.
pub fn actions(s: &Value) -> Vec<String> {
    list(&s["Action"])
}

fn list(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// The resources of a statement, as JSON values.
pub fn resources_of(s: &Value) -> Vec<Value> {
    match &s["Resource"] {
        Value::Array(a) => a.clone(),
        Value::Null => Vec::new(),
        v => vec![v.clone()],
    }
}

/// The statement of a policy that allows `action` (exactly one must).
#[track_caller]
pub fn statement_with(t: &Value, policy: &str, action: &str) -> Value {
    let found: Vec<Value> = statements(t, policy)
        .into_iter()
        .filter(|s| actions(s).iter().any(|a| a == action))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one statement of {policy} with {action}, got {found:?}"
    );
    found[0].clone()
}

/// Every action any statement of the policy allows.
pub fn all_actions(t: &Value, policy: &str) -> Vec<String> {
    statements(t, policy).iter().flat_map(actions).collect()
}

/// `{"Fn::GetAtt": [id, attr]}`.
pub fn get_att(id: &str, attr: &str) -> Value {
    serde_json::json!({ "Fn::GetAtt": [id, attr] })
}

/// `{"Ref": id}`.
pub fn ref_(id: &str) -> Value {
    serde_json::json!({ "Ref": id })
}

/// The Kinesis route: stream `Changes`, table `Orders` streaming into it, bucket `ChangeLog`.
pub fn kinesis_base(
    name: &str,
) -> (
    Stack,
    ferrocdk::aws::kinesis::StreamRef,
    ferrocdk::aws::s3::BucketRef,
) {
    let mut stack = Stack::new(name);
    let stream = stack.add(KinesisStream::new("Changes"));
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    (stack, stream, bucket)
}

/// A stack with one bucket `ChangeLog` and a DirectPut delivery stream `ToS3` built from
/// `dest(bucket)`.
pub fn direct_put(name: &str, dest: impl FnOnce(S3Destination) -> S3Destination) -> Stack {
    let mut stack = Stack::new(name);
    let bucket = stack.add(Bucket::new("ChangeLog"));
    stack.add(DeliveryStream::new(
        "ToS3",
        dest(S3Destination::new(&bucket)),
    ));
    stack
}

/// A third-party construct whose handle names a resource it never defines: the only way to
/// get a reference to a missing resource through the public API (built-in handles always
/// point at a resource their construct defines).
#[derive(Default)]
pub struct Ghost {
    common: Common,
}

impl Construct for Ghost {
    type Handle = Expr;
    fn id(&self) -> &str {
        "Ghost"
    }
    fn common(&self) -> &Common {
        &self.common
    }
    fn handle(&self, target: Target) -> Expr {
        Expr::Ref(target)
    }
    fn synth(&self, _ctx: &mut SynthContext<'_>) {}
}
