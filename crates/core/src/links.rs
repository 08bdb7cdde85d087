//! What one stack's synth shares with the app around it: references to other stacks'
//! resources (rendered as `Fn::ImportValue` and collected as [`Import`]s), and the checks that
//! need every construct of the stack or the app ([`Deferred`]).
//!
//! A stack synthesized alone has no app: a reference to another stack's resource is the
//! `cross-stack-reference` error (see `references.rs`), and the deferred checks are settled
//! against that stack only.

use crate::app::Environment;
use crate::diagnostic::Diagnostic;
use crate::expr::{Expr, Target, ToTemplate};
use crate::stack::StackId;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

/// The stacks of an app, as a stack's synth sees them.
#[derive(Debug, Default)]
pub(crate) struct AppView {
    pub(crate) stacks: HashMap<StackId, (String, Environment)>,
}

/// A value of another stack of the app that a stack uses: `Ref` (no attribute) or
/// `Fn::GetAtt` of one of its resources.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Import {
    pub(crate) producer: StackId,
    pub(crate) logical_id: String,
    pub(crate) attribute: Option<String>,
}

impl Import {
    /// `<ProducerStack>:<LogicalId>:<Attribute>` (`Ref` for a `Ref`; a `.` in an attribute
    /// becomes `-`): only letters, digits, `:` and `-`, as CloudFormation requires of export
    /// names, and unique per account and Region because stack names are.
    pub(crate) fn export_name(&self, producer_name: &str) -> String {
        format!(
            "{producer_name}:{}:{}",
            self.logical_id,
            self.attribute_label().replace('.', "-")
        )
    }

    /// The output of the producer that exports it: `Export<LogicalId><Attribute>`.
    pub(crate) fn output_name(&self) -> String {
        format!(
            "Export{}{}",
            self.logical_id,
            self.attribute_label().replace('.', "")
        )
    }

    fn attribute_label(&self) -> &str {
        self.attribute.as_deref().unwrap_or("Ref")
    }

    /// The value exported: the `Ref` or `Fn::GetAtt` in the producer.
    pub(crate) fn value(&self) -> Expr {
        let target = Target {
            stack: self.producer,
            logical_id: self.logical_id.clone(),
        };
        match &self.attribute {
            Some(a) => Expr::GetAtt(target, a.clone()),
            None => Expr::Ref(target),
        }
    }

    /// How the consumer reads it, for diagnostics: `Orders.Arn` or `Orders` (a `Ref`).
    pub(crate) fn describe(&self) -> String {
        match &self.attribute {
            Some(a) => format!("{}.{a}", self.logical_id),
            None => self.logical_id.clone(),
        }
    }
}

/// A check settled once every construct of the stack (or app) has been synthesized.
#[derive(Debug)]
pub(crate) enum Deferred {
    /// Reported unless some construct provides `need` for `target`.
    Unless {
        target: Target,
        need: &'static str,
        diagnostic: Diagnostic,
    },
    /// Reported when a candidate (`Ref`: no attribute) is a resource whose (type, attribute)
    /// is not in `expected`; the diagnostic's `received` then says what it is.
    Kind {
        candidates: Vec<(Target, Option<String>)>,
        expected: &'static [(&'static str, &'static str)],
        diagnostic: Diagnostic,
    },
}

/// The cross-stack state of one stack's synth.
#[derive(Debug)]
pub(crate) struct Links {
    pub(crate) this: StackId,
    pub(crate) app: Option<Rc<AppView>>,
    pub(crate) imports: BTreeSet<Import>,
    pub(crate) deferred: Vec<Deferred>,
    pub(crate) provided: HashSet<(Target, &'static str)>,
}

impl Links {
    /// A stack synthesized on its own.
    pub(crate) fn alone(this: StackId) -> Self {
        Links {
            this,
            app: None,
            imports: BTreeSet::new(),
            deferred: Vec::new(),
            provided: HashSet::new(),
        }
    }

    /// A stack of an app.
    pub(crate) fn in_app(this: StackId, app: Rc<AppView>) -> Self {
        Links {
            app: Some(app),
            ..Links::alone(this)
        }
    }

    /// The name and environment of `stack` when it belongs to the app.
    pub(crate) fn app_stack(&self, stack: StackId) -> Option<&(String, Environment)> {
        self.app.as_ref().and_then(|a| a.stacks.get(&stack))
    }

    /// The JSON form of `v`, with each reference to a resource of another stack of the app as
    /// `{"Fn::ImportValue": "<export name>"}`, noted as an import.
    pub(crate) fn render(&mut self, v: &impl ToTemplate) -> serde_json::Value {
        let Some(app) = self.app.clone() else {
            return v.to_template();
        };
        let found = RefCell::new(Vec::new());
        let json = v.to_template_resolved(&|t, attribute| {
            if t.stack == self.this {
                return None;
            }
            let (producer, _) = app.stacks.get(&t.stack)?;
            let import = Import {
                producer: t.stack,
                logical_id: t.logical_id.clone(),
                attribute: attribute.map(str::to_owned),
            };
            let name = import.export_name(producer);
            found.borrow_mut().push(import);
            Some(Expr::import_value(name))
        });
        self.imports.extend(found.into_inner());
        json
    }
}

/// Settles deferred checks: `provided` holds every need met (in the stack, or in the whole
/// app), `type_of` gives the resource type of a target (`None` for a parameter or a resource
/// outside the stack or app). Returns the diagnostics to report, in order.
pub(crate) fn settle(
    deferred: Vec<Deferred>,
    provided: &HashSet<(Target, &'static str)>,
    type_of: &dyn Fn(&Target) -> Option<String>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for d in deferred {
        match d {
            Deferred::Unless {
                target,
                need,
                diagnostic,
            } => {
                if !provided.contains(&(target, need)) {
                    out.push(diagnostic);
                }
            }
            Deferred::Kind {
                candidates,
                expected,
                mut diagnostic,
            } => {
                for (target, attribute) in candidates {
                    let Some(ty) = type_of(&target) else {
                        continue;
                    };
                    let attr = attribute.as_deref().unwrap_or("Ref");
                    if expected.iter().any(|(t, a)| *t == ty && *a == attr) {
                        continue;
                    }
                    let what = match &attribute {
                        Some(a) => format!("the {a} attribute of {:?}", target.logical_id),
                        None => format!("a Ref to {:?}", target.logical_id),
                    };
                    diagnostic.received = format!("{} ({what}, an {ty})", diagnostic.received);
                    out.push(diagnostic);
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_use_only_what_cloudformation_allows() {
        let import = |attribute: Option<&str>| Import {
            producer: StackId::for_tests(),
            logical_id: "Orders".into(),
            attribute: attribute.map(str::to_owned),
        };
        assert_eq!(import(Some("Arn")).export_name("App-1"), "App-1:Orders:Arn");
        assert_eq!(import(None).export_name("App"), "App:Orders:Ref");
        assert_eq!(
            import(Some("Endpoint.Address")).export_name("App"),
            "App:Orders:Endpoint-Address"
        );
        assert_eq!(
            import(Some("Endpoint.Address")).output_name(),
            "ExportOrdersEndpointAddress"
        );
        assert_eq!(import(None).output_name(), "ExportOrdersRef");
    }
}
