//! A built-in custom resource: `<Id>` (`Custom::…`) served by the function `<Id>Handler`
//! (with `<Id>HandlerRole`, `<Id>HandlerRolePolicy`, `<Id>HandlerLogGroup`).

use super::function::FunctionProps;
use super::Code;
use crate::iam::{Grant, Statement};
use ferrocdk_core::{Resource, SynthContext};
use serde_json::{json, Value};

/// The handler's timeout, seconds: Lambda's maximum, so a slow `ENABLING` can still finish.
pub(crate) const HANDLER_TIMEOUT_S: u32 = 900;

/// How long CloudFormation waits for an answer (`ServiceTimeout`), seconds: the handler always
/// answers before its timeout; this bounds the wait if the function cannot run at all (instead
/// of the default hour).
pub(crate) const SERVICE_TIMEOUT_S: u32 = HANDLER_TIMEOUT_S + 60;

/// Defines the custom resource `<Id>` of `resource_type` with `properties`, its handler running
/// `source` with exactly `statements`; the custom resource `DependsOn` the handler's policy and
/// the resources `after`.
pub(crate) fn define_custom_resource(
    ctx: &mut SynthContext<'_>,
    resource_type: &str,
    source: String,
    description: &str,
    statements: Vec<Statement>,
    after: &[String],
    properties: Vec<(&str, Value)>,
) {
    let handler = ctx.child_id("Handler");
    let mut props = FunctionProps::new(Code::InlinePython(source), 256, HANDLER_TIMEOUT_S);
    props.description = Some(description.to_owned());
    props.grants.push(Grant::new(statements));
    let policy = ctx.scoped("Handler", |ctx| {
        props.synth(ctx, HANDLER_TIMEOUT_S, "seconds", Vec::new())
    });
    let token = ctx.value("ServiceToken", &ctx.get_att(&handler, "Arn"));
    let mut r = Resource::new(resource_type)
        .prop("ServiceToken", token)
        .prop("ServiceTimeout", json!(SERVICE_TIMEOUT_S));
    for (name, value) in properties {
        r = r.prop(name, value);
    }
    r = r.depends_on(policy);
    for id in after {
        r = r.depends_on(id.clone());
    }
    ctx.define(ctx.logical_id().to_owned(), r);
}
