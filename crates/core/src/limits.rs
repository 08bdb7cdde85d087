//! CloudFormation template limits, checked at synth.
//!
//! Source: CloudFormation quotas,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::template::Template;

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
