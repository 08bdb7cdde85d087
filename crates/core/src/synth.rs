//! Synth: constructs define resources, then the stack checks the whole template.
//!
//! The phases, in order (every problem is collected; none stops the others): the stack name;
//! each construct in the order added; logical IDs (valid, unique) and tags; parameters and
//! conditions; outputs (and references to other stacks); references to undefined resources;
//! overrides; resource conditions; template limits.

use crate::construct::{Defined, SynthContext};
use crate::diagnostic::{Diagnostic, Diagnostics, SynthError};
use crate::expr::Expr;
use crate::links::Links;
use crate::rules;
use crate::stack::{PendingOutput, Stack, Synthesized};
use crate::template::{Export, Output, Resource, Template};
use crate::{limits, logical_id};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The state shared by the phases.
struct Synth<'s> {
    stack: &'s Stack,
    /// Outputs an app adds: the values other stacks of the app import.
    exports: &'s [PendingOutput],
    template: Template,
    diags: Diagnostics,
    /// (logical ID, where it is referenced) for every reference to this stack.
    referenced: BTreeSet<(String, String)>,
    /// Logical ID → path of the construct that defined it.
    owner_of: IndexMap<String, String>,
    links: Links,
}

/// A stack synthesized, before its deferred checks are settled (alone, or across an app).
pub(crate) struct Ran {
    pub(crate) template: Template,
    pub(crate) diags: Diagnostics,
    pub(crate) links: Links,
}

impl Ran {
    /// The template, or every error.
    pub(crate) fn finish(self) -> Result<Synthesized, SynthError> {
        if self.diags.has_errors() {
            return Err(SynthError {
                diagnostics: self.diags.into_sorted(),
            });
        }
        Ok(Synthesized {
            template: self.template,
            warnings: self.diags.into_sorted(),
        })
    }
}

pub(crate) fn synth(stack: &Stack) -> Result<Synthesized, SynthError> {
    let mut ran = run(stack, Links::alone(stack.id), &[]);
    let deferred = std::mem::take(&mut ran.links.deferred);
    let found = crate::links::settle(deferred, &ran.links.provided, &|t| {
        (t.stack == stack.id)
            .then(|| ran.template.resources.get(&t.logical_id))
            .flatten()
            .map(|r| r.resource_type.clone())
    });
    ran.diags.extend(found);
    ran.finish()
}

/// Every phase of synth, for a stack alone or in an app (`links`), with the outputs an app
/// adds for its imports (`exports`).
pub(crate) fn run(stack: &Stack, links: Links, exports: &[PendingOutput]) -> Ran {
    let mut s = Synth {
        stack,
        exports,
        template: Template {
            description: stack.description.clone(),
            ..Template::default()
        },
        diags: Diagnostics::default(),
        referenced: BTreeSet::new(),
        owner_of: IndexMap::new(),
        links,
    };
    s.stack_name();
    let defined = s.constructs();
    s.resources(defined);
    s.parameters_and_conditions();
    s.outputs();
    crate::exports::check_names(stack, &s.template, &mut s.diags);
    s.dangling_references();
    s.overrides();
    s.resource_conditions();
    s.diags.extend(stack.pending_problems.iter().cloned());
    limits::check(&stack.name, &s.template, &mut s.diags);

    let Synth {
        template,
        diags,
        links,
        ..
    } = s;
    Ran {
        template,
        diags,
        links,
    }
}

impl Synth<'_> {
    fn error(
        &mut self,
        code: &'static rules::Rule,
        path: String,
        property: &str,
        received: String,
        allowed: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::error(code, path, property, received, allowed));
    }

    fn stack_name(&mut self) {
        let name = &self.stack.name;
        let ok = !name.is_empty()
            && name.len() <= 128
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            self.error(
                &rules::STACK_NAME,
                name.clone(),
                "StackName",
                format!("{name:?}"),
                "1–128 characters: a letter, then letters, digits and '-'",
            );
        }
    }

    /// Each construct defines its resources, in the order added.
    fn constructs(&mut self) -> Vec<Defined> {
        let mut defined = Vec::new();
        let mut tallies = BTreeMap::new();
        for c in &self.stack.constructs {
            let mut ctx = SynthContext {
                stack: self.stack.id,
                stack_name: &self.stack.name,
                path: format!("{}/{}", self.stack.name, c.id()),
                base_id: c.common().logical_id_or(c.id()).to_owned(),
                defined: &mut defined,
                diags: &mut self.diags,
                referenced: &mut self.referenced,
                tags: &c.common().tags,
                tallies: &mut tallies,
                links: &mut self.links,
            };
            c.synth(&mut ctx);
        }
        defined
    }

    /// Defined and raw resources into the template: valid, unique logical IDs; tags applied.
    fn resources(&mut self, defined: Vec<Defined>) {
        let name = &self.stack.name;
        let raw = self.stack.raw.iter().map(|(id, r)| Defined {
            logical_id: id.clone(),
            resource: r.clone(),
            path: format!("{name}/{id}"),
            tags: Vec::new(),
        });
        for d in defined.into_iter().chain(raw) {
            if let Some(problem) = logical_id::problem(&d.logical_id) {
                self.error(
                    &rules::LOGICAL_ID,
                    d.path,
                    "LogicalId",
                    format!("{:?}", d.logical_id),
                    problem,
                );
                continue;
            }
            if let Some(first) = self.owner_of.get(&d.logical_id) {
                let received = format!("{:?}, already used by {first}", d.logical_id);
                self.error(
                    &rules::DUPLICATE_LOGICAL_ID,
                    d.path,
                    "LogicalId",
                    received,
                    "a logical ID unique in the template: rename one construct or set .logical_id(…)",
                );
                continue;
            }
            let mut resource = d.resource;
            if resource.taggable {
                apply_tags(
                    &mut resource,
                    &self.stack.tags,
                    &d.tags,
                    &d.path,
                    &mut self.diags,
                );
            }
            self.owner_of.insert(d.logical_id.clone(), d.path);
            self.template.resources.insert(d.logical_id, resource);
        }
    }

    fn parameters_and_conditions(&mut self) {
        for p in &self.stack.parameters {
            let path = format!("{}/{}", self.stack.name, p.name);
            if let Some(problem) = logical_id::problem(&p.name) {
                self.error(
                    &rules::PARAMETER_NAME,
                    path,
                    "Parameters",
                    format!("{:?}", p.name),
                    problem,
                );
            } else if self.template.resources.contains_key(&p.name)
                || self.template.parameters.contains_key(&p.name)
            {
                self.error(
                    &rules::DUPLICATE_LOGICAL_ID,
                    path,
                    "Parameters",
                    format!("{:?}", p.name),
                    "a name not used by another parameter or resource",
                );
            } else {
                self.template
                    .parameters
                    .insert(p.name.clone(), Value::Object(p.body.clone()));
            }
        }
        for (name, body) in &self.stack.conditions {
            self.template.conditions.insert(name.clone(), body.clone());
        }
    }

    fn outputs(&mut self) {
        for o in self.stack.outputs.iter().chain(self.exports) {
            let path = format!("{}/Outputs/{}", self.stack.name, o.name);
            if let Some(problem) = logical_id::problem(&o.name) {
                self.error(
                    &rules::OUTPUT_NAME,
                    path,
                    "Outputs",
                    format!("{:?}", o.name),
                    problem,
                );
                continue;
            }
            if self.template.outputs.contains_key(&o.name) {
                self.error(
                    &rules::DUPLICATE_OUTPUT,
                    path,
                    "Outputs",
                    format!("{:?}", o.name),
                    "an output name used once",
                );
                continue;
            }
            self.check_references(&o.value, &path);
            if let Some(e) = &o.export {
                self.check_references(e, &path);
            }
            let value = self.links.render(&o.value);
            let export = o.export.as_ref().map(|e| Export {
                name: self.links.render(e),
            });
            self.template.outputs.insert(
                o.name.clone(),
                Output {
                    description: o.description.clone(),
                    value,
                    export,
                },
            );
        }
    }

    /// Notes references to this stack; reports references to another stack's resources.
    fn check_references(&mut self, e: &Expr, path: &str) {
        let site = crate::references::Site {
            path,
            property: "Value",
            noted_as: path.to_owned(),
        };
        crate::references::check(e, &self.links, &site, &mut self.referenced, &mut self.diags);
    }

    fn dangling_references(&mut self) {
        let missing: Vec<(String, String)> = self
            .referenced
            .iter()
            .filter(|(id, _)| {
                !self.template.resources.contains_key(id)
                    && !self.template.parameters.contains_key(id)
                    // Ids that failed validation were reported already.
                    && logical_id::problem(id).is_none()
                    && !self.owner_of.contains_key(id)
            })
            .cloned()
            .collect();
        for (id, where_) in missing {
            self.error(
                &rules::DANGLING_REFERENCE,
                where_,
                "Ref",
                format!("{id:?}"),
                "a resource or parameter defined in this stack",
            );
        }
    }

    fn overrides(&mut self) {
        for (id, path, value) in &self.stack.overrides {
            let at = format!("{}/{id}", self.stack.name);
            let Some(r) = self.template.resources.get_mut(id) else {
                let allowed = format!("a logical ID of this template: {}", self.logical_ids());
                self.error(
                    &rules::OVERRIDE_TARGET,
                    at,
                    path,
                    format!("an override of {id:?}"),
                    allowed,
                );
                continue;
            };
            if let Err(why) = crate::overrides::apply(&mut r.properties, path, value.clone()) {
                self.error(&rules::OVERRIDE_PATH, at, path, format!("{path:?}"), why);
            }
        }
    }

    fn resource_conditions(&mut self) {
        for (id, condition) in &self.stack.resource_conditions {
            let path = format!("{}/{id}", self.stack.name);
            if !self.template.conditions.contains_key(condition) {
                self.error(
                    &rules::CONDITION_UNKNOWN,
                    path.clone(),
                    "Condition",
                    format!("{condition:?}"),
                    "a condition declared with stack.condition(…)",
                );
            }
            match self.template.resources.get_mut(id) {
                Some(r) => r.condition = Some(condition.clone()),
                None => self.error(
                    &rules::OVERRIDE_TARGET,
                    path,
                    "Condition",
                    format!("a condition on {id:?}"),
                    "a logical ID of this template",
                ),
            }
        }
    }

    fn logical_ids(&self) -> String {
        self.template
            .resources
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Writes the stack's and the construct's tags (the construct wins on a key) as `Tags`.
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
                &rules::TAG_KEY,
                path,
                "Tags",
                format!("{k:?}"),
                "1–128 characters, not starting with \"aws:\"",
            ));
        }
        if v.chars().count() > 256 {
            diags.push(Diagnostic::error(
                &rules::TAG_VALUE,
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
            &rules::TAG_COUNT,
            path,
            "Tags",
            format!("{} tags", list.len()),
            "at most 50 tags per resource",
        ));
    }
    r.properties.insert("Tags".into(), Value::Array(list));
}
