//! The stack: constructs in, one template out.

use crate::construct::{AnyConstruct, Construct, Defined, SynthContext};
use crate::diagnostic::{Diagnostic, Diagnostics, SynthError};
use crate::expr::{Expr, Target, ToTemplate};
use crate::parameter::Parameter;
use crate::template::{Export, Output, Resource, Template};
use crate::{limits, logical_id};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};

/// Identifies a stack, so that a handle used in another stack is caught at synth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StackId(u64);

static NEXT_STACK: AtomicU64 = AtomicU64::new(1);

impl StackId {
    #[cfg(test)]
    pub(crate) fn for_tests() -> StackId {
        StackId(0)
    }
}

struct PendingOutput {
    name: String,
    value: Expr,
    description: Option<String>,
    export: Option<Expr>,
}

/// A CloudFormation stack under construction.
///
/// Add constructs with [`Stack::add`] (each returns a typed handle), then call
/// [`Stack::synth`]. Synth never panics: every problem comes back at once in a [`SynthError`].
///
/// ```
/// use ferrocdk_core::{Stack, Expr, Pseudo};
/// let mut stack = Stack::new("Demo").description("An empty demo stack");
/// stack.output("Region", Expr::Pseudo(Pseudo::Region));
/// let template = stack.synth()?;
/// assert!(template.to_json_pretty().contains("\"Ref\": \"AWS::Region\""));
/// # Ok::<(), ferrocdk_core::SynthError>(())
/// ```
#[must_use]
pub struct Stack {
    id: StackId,
    name: String,
    description: Option<String>,
    constructs: Vec<Box<dyn AnyConstruct>>,
    tags: Vec<(String, String)>,
    parameters: Vec<Parameter>,
    conditions: Vec<(String, Value)>,
    outputs: Vec<PendingOutput>,
    raw: Vec<(String, Resource)>,
    overrides: Vec<(String, String, Option<Value>)>,
    resource_conditions: Vec<(String, String)>,
    pending_problems: Vec<Diagnostic>,
}

impl Stack {
    /// A new, empty stack. `name` is the stack name you deploy with (1–128 characters,
    /// a letter first, then letters, digits and `-`); it also prefixes construct paths in diagnostics.
    pub fn new(name: impl Into<String>) -> Self {
        Stack {
            id: StackId(NEXT_STACK.fetch_add(1, Ordering::Relaxed)),
            name: name.into(),
            description: None,
            constructs: Vec::new(),
            tags: Vec::new(),
            parameters: Vec::new(),
            conditions: Vec::new(),
            outputs: Vec::new(),
            raw: Vec::new(),
            overrides: Vec::new(),
            resource_conditions: Vec::new(),
            pending_problems: Vec::new(),
        }
    }

    /// The template `Description` (at most 1,024 bytes). Default: none.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// The stack name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// This stack's id (for handles).
    #[must_use]
    pub fn id(&self) -> StackId {
        self.id
    }

    /// Adds a construct and returns its typed handle.
    pub fn add<C: Construct>(&mut self, construct: C) -> C::Handle {
        let logical_id = construct.common().logical_id_or(construct.id()).to_owned();
        let handle = construct.handle(Target {
            stack: self.id,
            logical_id,
        });
        self.constructs.push(Box::new(construct));
        handle
    }

    /// Adds a tag to every taggable resource of the stack. Construct tags with the same key win.
    pub fn tag(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        let key = key.into();
        self.tags.retain(|(k, _)| *k != key);
        self.tags.push((key, value.into()));
        self
    }

    /// Declares a parameter and returns its value, `{"Ref": name}`.
    pub fn parameter(&mut self, parameter: Parameter) -> Expr {
        let target = Target {
            stack: self.id,
            logical_id: parameter.name.clone(),
        };
        self.parameters.push(parameter);
        Expr::Ref(target)
    }

    /// Declares a condition (its body is a condition function, e.g. `Fn::Equals`, as JSON).
    pub fn condition(&mut self, name: impl Into<String>, body: Value) -> &mut Self {
        self.conditions.push((name.into(), body));
        self
    }

    /// Adds an output.
    pub fn output(&mut self, name: impl Into<String>, value: impl Into<Expr>) -> &mut Self {
        self.outputs.push(PendingOutput {
            name: name.into(),
            value: value.into(),
            description: None,
            export: None,
        });
        self
    }

    /// Adds an output exported under `export_name`, for `Fn::ImportValue` in other stacks.
    pub fn output_export(
        &mut self,
        name: impl Into<String>,
        value: impl Into<Expr>,
        export_name: impl Into<Expr>,
    ) -> &mut Self {
        self.outputs.push(PendingOutput {
            name: name.into(),
            value: value.into(),
            description: None,
            export: Some(export_name.into()),
        });
        self
    }

    /// Sets the `Description` of the output `name` (added before). Default: none. An unknown
    /// name is reported at synth.
    pub fn describe_output(&mut self, name: &str, description: impl Into<String>) -> &mut Self {
        let description = description.into();
        match self.outputs.iter_mut().find(|o| o.name == name) {
            Some(o) => o.description = Some(description),
            None => self.pending_problems.push(Diagnostic::error(
                "output-unknown",
                format!("{}/Outputs/{name}", self.name),
                "Description",
                format!("a description for {name:?}"),
                "the name of an output added before with stack.output(…)",
            )),
        }
        self
    }

    /// Puts the resource `logical_id` under the template condition `condition` (its
    /// `Condition` attribute): it is created only when the condition holds. Unknown ids and
    /// conditions are reported at synth.
    pub fn set_condition(
        &mut self,
        logical_id: impl Into<String>,
        condition: impl Into<String>,
    ) -> &mut Self {
        self.resource_conditions
            .push((logical_id.into(), condition.into()));
        self
    }

    /// Adds a resource exactly as given (escape hatch for anything ferrocdk does not model).
    pub fn add_raw_resource(
        &mut self,
        logical_id: impl Into<String>,
        resource: Resource,
    ) -> &mut Self {
        self.raw.push((logical_id.into(), resource));
        self
    }

    /// Sets a property of a synthesized resource by dotted path under `Properties`
    /// (`"ExtendedS3DestinationConfiguration.BufferingHints.IntervalInSeconds"`; a numeric
    /// segment indexes a list). Missing objects on the way are created. Applied after the
    /// constructs have been synthesized and validated: it is an escape hatch, not checked.
    pub fn override_property(
        &mut self,
        logical_id: impl Into<String>,
        path: impl Into<String>,
        value: impl Into<Value>,
    ) -> &mut Self {
        self.overrides
            .push((logical_id.into(), path.into(), Some(value.into())));
        self
    }

    /// Removes a property of a synthesized resource by dotted path under `Properties`.
    pub fn remove_property(
        &mut self,
        logical_id: impl Into<String>,
        path: impl Into<String>,
    ) -> &mut Self {
        self.overrides.push((logical_id.into(), path.into(), None));
        self
    }

    /// Synthesizes the template.
    ///
    /// # Errors
    ///
    /// Returns every error found (with the warnings found alongside them): invalid properties,
    /// invalid or duplicate logical IDs, references to resources of another stack, overrides of
    /// unknown resources, and template limits (500 resources, 200 outputs, 200 parameters,
    /// 1,024-byte description, 1 MiB body).
    pub fn synth(&self) -> Result<Synthesized, SynthError> {
        let mut diags = Diagnostics::default();
        let mut defined: Vec<Defined> = Vec::new();
        let mut tallies = std::collections::BTreeMap::new();
        let mut referenced = BTreeSet::new();

        if let Some(p) = stack_name_problem(&self.name) {
            diags.push(Diagnostic::error(
                "stack-name",
                self.name.clone(),
                "StackName",
                format!("{:?}", self.name),
                p,
            ));
        }

        for c in &self.constructs {
            let base = c.common().logical_id_or(c.id()).to_owned();
            let path = format!("{}/{}", self.name, c.id());
            let mut ctx = SynthContext {
                stack: self.id,
                stack_name: &self.name,
                path,
                base_id: base,
                defined: &mut defined,
                diags: &mut diags,
                referenced: &mut referenced,
                tags: &c.common().tags,
                tallies: &mut tallies,
            };
            c.synth(&mut ctx);
        }

        let mut template = Template {
            description: self.description.clone(),
            ..Template::default()
        };
        let mut owner_of: IndexMap<String, String> = IndexMap::new();
        let raw = self.raw.iter().map(|(id, r)| Defined {
            logical_id: id.clone(),
            resource: r.clone(),
            path: format!("{}/{}", self.name, id),
            tags: Vec::new(),
        });
        for d in defined.into_iter().chain(raw) {
            if let Some(problem) = logical_id::problem(&d.logical_id) {
                diags.push(Diagnostic::error(
                    "logical-id",
                    d.path.clone(),
                    "LogicalId",
                    format!("{:?}", d.logical_id),
                    problem,
                ));
                continue;
            }
            if let Some(first) = owner_of.get(&d.logical_id) {
                diags.push(Diagnostic::error(
                    "duplicate-logical-id",
                    d.path.clone(),
                    "LogicalId",
                    format!("{:?}, already used by {first}", d.logical_id),
                    "a logical ID unique in the template: rename one construct or set .logical_id(…)",
                ));
                continue;
            }
            let mut resource = d.resource;
            if resource.taggable {
                apply_tags(&mut resource, &self.tags, &d.tags, &d.path, &mut diags);
            }
            owner_of.insert(d.logical_id.clone(), d.path);
            template.resources.insert(d.logical_id, resource);
        }

        for p in &self.parameters {
            if let Some(problem) = logical_id::problem(&p.name) {
                diags.push(Diagnostic::error(
                    "parameter-name",
                    format!("{}/{}", self.name, p.name),
                    "Parameters",
                    format!("{:?}", p.name),
                    problem,
                ));
            } else if template.resources.contains_key(&p.name)
                || template.parameters.contains_key(&p.name)
            {
                diags.push(Diagnostic::error(
                    "duplicate-logical-id",
                    format!("{}/{}", self.name, p.name),
                    "Parameters",
                    format!("{:?}", p.name),
                    "a name not used by another parameter or resource",
                ));
            } else {
                template
                    .parameters
                    .insert(p.name.clone(), Value::Object(p.body.clone()));
            }
        }
        for (name, body) in &self.conditions {
            template.conditions.insert(name.clone(), body.clone());
        }

        for o in &self.outputs {
            let path = format!("{}/Outputs/{}", self.name, o.name);
            if let Some(problem) = logical_id::problem(&o.name) {
                diags.push(Diagnostic::error(
                    "output-name",
                    path.clone(),
                    "Outputs",
                    format!("{:?}", o.name),
                    problem,
                ));
                continue;
            }
            if template.outputs.contains_key(&o.name) {
                diags.push(Diagnostic::error(
                    "duplicate-output",
                    path.clone(),
                    "Outputs",
                    format!("{:?}", o.name),
                    "an output name used once",
                ));
                continue;
            }
            let mut check = |e: &Expr| {
                e.targets(&mut |t| {
                    if t.stack == self.id {
                        referenced.insert((t.logical_id.clone(), path.clone()));
                    } else {
                        diags.push(Diagnostic::error(
                            "cross-stack-reference",
                            path.clone(),
                            "Value",
                            format!(
                                "a reference to {:?}, a resource of another stack",
                                t.logical_id
                            ),
                            "resources of this stack (export the value from its own stack instead)",
                        ));
                    }
                })
            };
            check(&o.value);
            if let Some(e) = &o.export {
                check(e);
            }
            template.outputs.insert(
                o.name.clone(),
                Output {
                    description: o.description.clone(),
                    value: o.value.to_json(),
                    export: o.export.as_ref().map(|e| Export { name: e.to_json() }),
                },
            );
        }

        for (id, where_) in &referenced {
            if !template.resources.contains_key(id) && !template.parameters.contains_key(id) {
                // Skip ids that failed validation above: they were reported already.
                if logical_id::problem(id).is_none() && !owner_of.contains_key(id) {
                    diags.push(Diagnostic::error(
                        "dangling-reference",
                        where_.clone(),
                        "Ref",
                        format!("{id:?}"),
                        "a resource or parameter defined in this stack",
                    ));
                }
            }
        }

        for (id, path, value) in &self.overrides {
            match template.resources.get_mut(id) {
                None => diags.push(Diagnostic::error(
                    "override-target",
                    format!("{}/{id}", self.name),
                    path.clone(),
                    format!("an override of {id:?}"),
                    format!(
                        "a logical ID of this template: {}",
                        template
                            .resources
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
                Some(r) => {
                    if let Err(why) =
                        crate::overrides::apply(&mut r.properties, path, value.clone())
                    {
                        diags.push(Diagnostic::error(
                            "override-path",
                            format!("{}/{id}", self.name),
                            path.clone(),
                            format!("{path:?}"),
                            why,
                        ));
                    }
                }
            }
        }

        for (id, condition) in &self.resource_conditions {
            let path = format!("{}/{id}", self.name);
            if !template.conditions.contains_key(condition) {
                diags.push(Diagnostic::error(
                    "condition-unknown",
                    path.clone(),
                    "Condition",
                    format!("{condition:?}"),
                    "a condition declared with stack.condition(…)",
                ));
            }
            match template.resources.get_mut(id) {
                Some(r) => r.condition = Some(condition.clone()),
                None => diags.push(Diagnostic::error(
                    "override-target",
                    path,
                    "Condition",
                    format!("a condition on {id:?}"),
                    "a logical ID of this template",
                )),
            }
        }
        for d in &self.pending_problems {
            diags.push(d.clone());
        }

        limits::check(&self.name, &template, &mut diags);

        if diags.has_errors() {
            return Err(SynthError {
                diagnostics: diags.into_sorted(),
            });
        }
        Ok(Synthesized {
            template,
            warnings: diags.into_sorted(),
        })
    }
}

fn stack_name_problem(name: &str) -> Option<String> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (!ok).then(|| "1–128 characters: a letter, then letters, digits and '-'".to_owned())
}

fn apply_tags(
    r: &mut Resource,
    stack: &[(String, String)],
    own: &[(String, String)],
    path: &str,
    diags: &mut Diagnostics,
) {
    let mut merged: IndexMap<&str, &str> = IndexMap::new();
    for (k, v) in stack.iter().chain(own) {
        merged.insert(k, v);
    }
    if merged.is_empty() {
        return;
    }
    let mut list = Vec::new();
    for (k, v) in &merged {
        if k.is_empty() || k.chars().count() > 128 || k.starts_with("aws:") {
            diags.push(Diagnostic::error(
                "tag-key",
                path,
                "Tags",
                format!("{k:?}"),
                "1–128 characters, not starting with \"aws:\"",
            ));
        }
        if v.chars().count() > 256 {
            diags.push(Diagnostic::error(
                "tag-value",
                path,
                "Tags",
                format!("a value of {} characters for {k:?}", v.chars().count()),
                "0–256 characters",
            ));
        }
        list.push(serde_json::json!({ "Key": k, "Value": v }));
    }
    if list.len() > 50 {
        diags.push(Diagnostic::error(
            "tag-count",
            path,
            "Tags",
            format!("{} tags", list.len()),
            "at most 50 tags per resource",
        ));
    }
    r.properties.insert("Tags".into(), Value::Array(list));
}

/// A synthesized template, with the warnings synth found.
#[derive(Debug, Clone)]
pub struct Synthesized {
    /// The template.
    pub template: Template,
    /// Warnings (synth succeeded despite them).
    pub warnings: Vec<Diagnostic>,
}

impl Synthesized {
    /// The template as pretty JSON, ending with a newline — what `aws cloudformation deploy` takes.
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        self.template.to_json_pretty()
    }
}
