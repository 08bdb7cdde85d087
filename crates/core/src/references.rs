//! References from a value to resources: the one check that construct properties and outputs
//! share. A reference to this stack is noted for the dangling-reference check at the end of
//! synth. A reference to a resource of another stack of the same app becomes an import (see
//! `links.rs`), unless that stack is in another account or Region
//! (`cross-environment-reference`); a reference to a stack outside the app is a
//! `cross-stack-reference` error.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::expr::ToTemplate;
use crate::links::Links;
use crate::rules;
use std::collections::BTreeSet;

/// Where a value sits: the construct path (or `<Stack>/Outputs/<Name>`), its property, and
/// how a dangling reference from it is named.
pub(crate) struct Site<'a> {
    pub(crate) path: &'a str,
    pub(crate) property: &'a str,
    pub(crate) noted_as: String,
}

/// Notes every reference of `v` to a resource of this stack in `referenced` (with where it is
/// used), and reports each reference that cannot be imported in `diags`.
pub(crate) fn check(
    v: &impl ToTemplate,
    links: &Links,
    site: &Site<'_>,
    referenced: &mut BTreeSet<(String, String)>,
    diags: &mut Diagnostics,
) {
    let mut foreign = Vec::new();
    v.targets(&mut |t| {
        if t.stack == links.this {
            referenced.insert((t.logical_id.clone(), site.noted_as.clone()));
        } else {
            foreign.push(t.clone());
        }
    });
    for t in foreign {
        let id = &t.logical_id;
        let (Some((producer, there)), Some((_, here))) =
            (links.app_stack(t.stack), links.app_stack(links.this))
        else {
            diags.push(Diagnostic::error(
                &rules::CROSS_STACK_REFERENCE,
                site.path,
                site.property,
                format!("a reference to {id:?}, a resource of another stack"),
                "resources of this stack, or of another stack of the same App (add both \
                 stacks to one App: ferrocdk then exports the value there and imports it \
                 here); or export it yourself (stack.output_export) and use it here through \
                 an existing-resource handle with Expr::import_value, e.g. \
                 KinesisStream::from_arn(Expr::import_value(\"Name\"))",
            ));
            continue;
        };
        // A malformed environment is reported as such (`environment`), not as another one.
        if there != here && there.problems().is_empty() && here.problems().is_empty() {
            diags.push(Diagnostic::error(
                &rules::CROSS_ENVIRONMENT_REFERENCE,
                site.path,
                site.property,
                format!(
                    "a reference to {id:?} of the stack {producer} in {there}, from a stack in \
                     {here}"
                ),
                "resources of stacks in the same account and Region: Fn::ImportValue reads \
                 exports of its own account and Region only; give the value as a literal or a \
                 parameter instead, or put the stacks in one environment",
            ));
        }
    }
}
