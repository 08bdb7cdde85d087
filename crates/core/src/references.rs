//! References from a value to resources: the one check that construct properties and outputs
//! share. A reference to this stack is noted for the dangling-reference check at the end of
//! synth; a reference to another stack's resource is a `cross-stack-reference` error.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::expr::ToTemplate;
use crate::rules;
use crate::stack::StackId;
use std::collections::BTreeSet;

/// Where a value sits: the construct path (or `<Stack>/Outputs/<Name>`), its property, and
/// how a dangling reference from it is named.
pub(crate) struct Site<'a> {
    pub(crate) path: &'a str,
    pub(crate) property: &'a str,
    pub(crate) noted_as: String,
}

/// Notes every reference of `v` to a resource of `stack` in `referenced` (with where it is
/// used), and reports each reference to another stack's resource in `diags`.
pub(crate) fn check(
    v: &impl ToTemplate,
    stack: StackId,
    site: &Site<'_>,
    referenced: &mut BTreeSet<(String, String)>,
    diags: &mut Diagnostics,
) {
    let mut foreign = Vec::new();
    v.targets(&mut |t| {
        if t.stack == stack {
            referenced.insert((t.logical_id.clone(), site.noted_as.clone()));
        } else {
            foreign.push(t.logical_id.clone());
        }
    });
    for id in foreign {
        diags.push(Diagnostic::error(
            &rules::CROSS_STACK_REFERENCE,
            site.path,
            site.property,
            format!("a reference to {id:?}, a resource of another stack"),
            "resources of this stack; to use another stack's resource, export it there \
             (stack.output_export) and use it here through an existing-resource handle with \
             Expr::import_value, e.g. KinesisStream::from_arn(Expr::import_value(\"Name\"))",
        ));
    }
}
