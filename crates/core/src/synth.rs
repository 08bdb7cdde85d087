//! Synth: constructs define resources, then the stack checks the whole template.
//!
//! The phases, in order (every problem is collected; none stops the others): the stack name;
//! each construct in the order added; logical IDs (valid, unique) and tags; parameters and
//! conditions; outputs (and references to other stacks); references to undefined resources;
//! overrides; resource conditions; template limits.

use crate::construct::{Defined, SynthContext};
use crate::diagnostic::{Diagnostic, Diagnostics, SynthError};
use crate::expr::{Expr, ToTemplate};
use crate::stack::{Stack, Synthesized};
use crate::template::{Export, Output, Resource, Template};
use crate::{limits, logical_id};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The state shared by the phases.
struct Synth<'s> {
    stack: &'s Stack,
    template: Template,
    diags: Diagnostics,
    /// (logical ID, where it is referenced) for every reference to this stack.
    referenced: BTreeSet<(String, String)>,
    /// Logical ID → path of the construct that defined it.
    owner_of: IndexMap<String, String>,
}

pub(crate) fn synth(stack: &Stack) -> Result<Synthesized, SynthError> {
    let mut s = Synth {
        stack,
        template: Template {
            description: stack.description.clone(),
            ..Template::default()
        },
        diags: Diagnostics::default(),
        referenced: BTreeSet::new(),
        owner_of: IndexMap::new(),
    };
    s.stack_name();
    let defined = s.constructs();
    s.resources(defined);
    s.parameters_and_conditions();
    s.outputs();
    s.dangling_references();
    s.overrides();
    s.resource_conditions();
    s.diags.extend(stack.pending_problems.iter().cloned());
    limits::check(&stack.name, &s.template, &mut s.diags);

    let Synth {
        template, diags, ..
    } = s;
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

impl Synth<'_> {
    fn error(
        &mut self,
        code: &'static str,
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
                "stack-name",
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
        let all: Vec<Defined> = defined.into_iter().chain(raw).collect();
        // A bad construct id makes every ID derived from it bad: one error per construct,
        // naming the shortest (its own) and how many derive from it.
        let mut bad: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
        for d in &all {
            if logical_id::problem(&d.logical_id).is_some() {
                let e = bad.entry(&d.path).or_insert((&d.logical_id, 0));
                if d.logical_id.len() < e.0.len() {
                    e.0 = &d.logical_id;
                }
                e.1 += 1;
            }
        }
        let bad: BTreeMap<String, (String, usize)> = bad
            .into_iter()
            .map(|(path, (id, n))| (path.to_owned(), (id.to_owned(), n)))
            .collect();
        let mut reported = BTreeSet::new();
        for d in all {
            if logical_id::problem(&d.logical_id).is_some() {
                let first = reported.insert(d.path.clone());
                if let Some((id, n)) = bad.get(&d.path).filter(|_| first) {
                    let problem = logical_id::problem(id).unwrap_or_default();
                    let received = match n - 1 {
                        0 => format!("{id:?}"),
                        1 => format!("{id:?} (and 1 logical ID derived from it)"),
                        more => format!("{id:?} (and {more} logical IDs derived from it)"),
                    };
                    self.error("logical-id", d.path, "LogicalId", received, problem);
                }
                continue;
            }
            if let Some(first) = self.owner_of.get(&d.logical_id) {
                let received = format!("{:?}, already used by {first}", d.logical_id);
                self.error(
                    "duplicate-logical-id",
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
                    "parameter-name",
                    path,
                    "Parameters",
                    format!("{:?}", p.name),
                    problem,
                );
            } else if self.template.resources.contains_key(&p.name)
                || self.template.parameters.contains_key(&p.name)
            {
                self.error(
                    "duplicate-logical-id",
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
        for o in &self.stack.outputs {
            let path = format!("{}/Outputs/{}", self.stack.name, o.name);
            if let Some(problem) = logical_id::problem(&o.name) {
                self.error(
                    "output-name",
                    path,
                    "Outputs",
                    format!("{:?}", o.name),
                    problem,
                );
                continue;
            }
            if self.template.outputs.contains_key(&o.name) {
                self.error(
                    "duplicate-output",
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
            self.template.outputs.insert(
                o.name.clone(),
                Output {
                    description: o.description.clone(),
                    value: o.value.to_json(),
                    export: o.export.as_ref().map(|e| Export { name: e.to_json() }),
                },
            );
        }
    }

    /// Notes references to this stack; reports references to another stack's resources.
    fn check_references(&mut self, e: &Expr, path: &str) {
        let mut foreign = Vec::new();
        let (id, referenced) = (self.stack.id, &mut self.referenced);
        e.targets(&mut |t| {
            if t.stack == id {
                referenced.insert((t.logical_id.clone(), path.to_owned()));
            } else {
                foreign.push(t.logical_id.clone());
            }
        });
        for target in foreign {
            self.error(
                "cross-stack-reference",
                path.to_owned(),
                "Value",
                format!("a reference to {target:?}, a resource of another stack"),
                "resources of this stack (export the value from its own stack instead)",
            );
        }
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
                "dangling-reference",
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
                    "override-target",
                    at,
                    path,
                    format!("an override of {id:?}"),
                    allowed,
                );
                continue;
            };
            if let Err(why) = crate::overrides::apply(&mut r.properties, path, value.clone()) {
                self.error("override-path", at, path, format!("{path:?}"), why);
            }
        }
    }

    fn resource_conditions(&mut self) {
        for (id, condition) in &self.stack.resource_conditions {
            let path = format!("{}/{id}", self.stack.name);
            if !self.template.conditions.contains_key(condition) {
                self.error(
                    "condition-unknown",
                    path.clone(),
                    "Condition",
                    format!("{condition:?}"),
                    "a condition declared with stack.condition(…)",
                );
            }
            match self.template.resources.get_mut(id) {
                Some(r) => r.condition = Some(condition.clone()),
                None => self.error(
                    "override-target",
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
