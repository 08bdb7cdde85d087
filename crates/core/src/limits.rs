//! CloudFormation template limits, checked at synth.
//!
//! Source: CloudFormation quotas,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::template::Template;
use serde_json::Value;

/// Resources declared in one template.
pub const MAX_RESOURCES: usize = 500;
/// Outputs declared in one template.
pub const MAX_OUTPUTS: usize = 200;
/// Parameters declared in one template.
pub const MAX_PARAMETERS: usize = 200;
/// Template description, in bytes.
pub const MAX_DESCRIPTION_BYTES: usize = 1024;
/// Template body passed directly in a request (`--template-body`), in bytes.
pub const MAX_DIRECT_BODY_BYTES: usize = 51_200;
/// Template body read from S3, in bytes ("1 MB"; taken as 1 MiB).
pub const MAX_S3_BODY_BYTES: usize = 1_048_576;
/// Nesting of objects and lists in a template: the limit of common JSON parsers (serde_json's
/// default recursion limit, which ferrocdk's own stack-file parser shares). Deeper templates are
/// refused before they are pretty-printed, whose indentation grows with the square of the depth.
pub const MAX_DEPTH: usize = 128;
/// Segments of an override path (`A.B.C` has 3): far more than any CloudFormation property
/// nests, and few enough that the template stays within [`MAX_DEPTH`].
pub const MAX_OVERRIDE_SEGMENTS: usize = 64;

pub(crate) fn check(stack: &str, t: &Template, diags: &mut Diagnostics) {
    let count =
        |n: usize, max: usize, code: &'static rules::Rule, what: &str, diags: &mut Diagnostics| {
            if n > max {
                diags.push(Diagnostic::error(
                    code,
                    stack,
                    what,
                    format!("{n} {what}"),
                    format!("at most {max} {what} per template"),
                ));
            }
        };
    count(
        t.resources.len(),
        MAX_RESOURCES,
        &rules::TEMPLATE_RESOURCES,
        "Resources",
        diags,
    );
    count(
        t.outputs.len(),
        MAX_OUTPUTS,
        &rules::TEMPLATE_OUTPUTS,
        "Outputs",
        diags,
    );
    count(
        t.parameters.len(),
        MAX_PARAMETERS,
        &rules::TEMPLATE_PARAMETERS,
        "Parameters",
        diags,
    );
    if let Some(d) = &t.description {
        if d.len() > MAX_DESCRIPTION_BYTES {
            diags.push(Diagnostic::error(
                &rules::TEMPLATE_DESCRIPTION,
                stack,
                "Description",
                format!("{} bytes", d.len()),
                format!("at most {MAX_DESCRIPTION_BYTES} bytes"),
            ));
        }
    }
    let depth = depth(t);
    if depth > MAX_DEPTH {
        diags.push(Diagnostic::error(
            &rules::TEMPLATE_DEPTH,
            stack,
            "-",
            format!("a template nested {depth} levels deep"),
            format!(
                "at most {MAX_DEPTH} levels of objects and lists (the limit of common JSON \
                 parsers); flatten the deepest property value"
            ),
        ));
        // Pretty-printing costs the square of the depth: the size is not measured.
        return;
    }
    let size = t.to_json_pretty().len();
    if size > MAX_S3_BODY_BYTES {
        diags.push(Diagnostic::error(
            &rules::TEMPLATE_SIZE,
            stack,
            "-",
            format!("a template body of {size} bytes"),
            format!("at most {MAX_S3_BODY_BYTES} bytes even when uploaded to S3; split the stack"),
        ));
    } else if size > MAX_DIRECT_BODY_BYTES {
        diags.push(Diagnostic::warning(
            &rules::TEMPLATE_SIZE_S3,
            stack,
            "-",
            format!("a template body of {size} bytes"),
            format!(
                "at most {MAX_DIRECT_BODY_BYTES} bytes when sent directly; deploy through S3 \
                 (aws cloudformation deploy --s3-bucket <bucket> …)"
            ),
        ));
    }
}

/// The nesting depth of the template as JSON: the root object is level 1, `Resources` 2, a
/// resource 3, its `Properties` 4. Computed without recursion, so any depth is safe to measure.
pub(crate) fn depth(t: &Template) -> usize {
    let mut max = 1;
    for r in t.resources.values() {
        // Root, Resources, the resource: `DependsOn` is a list and `Properties` an object at 4.
        max = max.max(if r.depends_on.is_empty() { 3 } else { 4 });
        if !r.properties.is_empty() {
            max = max.max(4);
            for v in r.properties.values() {
                max = max.max(4 + value_depth(v));
            }
        }
        if let Some(m) = &r.metadata {
            max = max.max(3 + value_depth(m));
        }
    }
    for v in t.parameters.values().chain(t.conditions.values()) {
        max = max.max(2 + value_depth(v));
    }
    for o in t.outputs.values() {
        max = max.max(3 + value_depth(&o.value));
        if let Some(e) = &o.export {
            max = max.max(4 + value_depth(&e.name));
        }
    }
    max
}

/// The nesting depth of one JSON value (a scalar is 0, `{}` is 1), without recursion.
pub(crate) fn value_depth(v: &Value) -> usize {
    let mut max = 0;
    let mut stack = vec![(v, 0)];
    while let Some((v, parent)) = stack.pop() {
        match v {
            Value::Object(m) => {
                max = max.max(parent + 1);
                stack.extend(m.values().map(|c| (c, parent + 1)));
            }
            Value::Array(a) => {
                max = max.max(parent + 1);
                stack.extend(a.iter().map(|c| (c, parent + 1)));
            }
            _ => {}
        }
    }
    max
}
