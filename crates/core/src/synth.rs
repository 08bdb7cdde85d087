//! Synth: constructs define resources, then the stack checks the whole template.
//!
//! The phases, in order (every problem is collected; none stops the others): the stack name;
//! each construct in the order added; logical IDs (valid, unique), tags and an empty stack;
//! parameters and conditions (names valid and unique); raw resources (type, references,
//! `DependsOn`); outputs (and references to other stacks); references to undefined resources;
//! overrides; resource conditions (a construct's condition reaches every resource it defines);
//! template limits.

use crate::construct::{Defined, SynthContext};
use crate::diagnostic::{Diagnostic, Diagnostics, SynthError};
use crate::expr::Expr;
use crate::links::Links;
use crate::stack::{PendingOutput, Stack, Synthesized};
use crate::template::{Export, Output, Resource, Template};
use crate::{limits, logical_id, raw, rules};
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
    /// Each construct's main logical ID and the logical IDs of every resource it defined.
    groups: Vec<(String, Vec<String>)>,
    /// Every logical ID a construct or raw resource asked for, valid or not.
    attempted: BTreeSet<String>,
    links: Links,
    /// The constructs' counts ([`SynthContext::tally`]): one stack's, or shared by the stacks
    /// of an app.
    tallies: &'s mut Tallies,
}

/// Counts by key ([`SynthContext::tally`]).
pub(crate) type Tallies = BTreeMap<String, u32>;

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
    let mut ran = run(stack, Links::alone(stack.id), &[], &mut Tallies::new());
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
/// adds for its imports (`exports`) and the counts so far of the app's other stacks
/// (`tallies`).
pub(crate) fn run(
    stack: &Stack,
    links: Links,
    exports: &[PendingOutput],
    tallies: &mut Tallies,
) -> Ran {
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
        groups: Vec::new(),
        attempted: BTreeSet::new(),
        links,
        tallies,
    };
    s.stack_name();
    let defined = s.constructs();
    s.resources(defined);
    s.parameters_and_conditions();
    s.raw_resources();
    s.outputs();
    crate::exports::check_names(stack, &s.template, &mut s.diags);
    crate::exports::check_imports(stack, &s.template, &mut s.diags);
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
        for c in &self.stack.constructs {
            let start = defined.len();
            let mut ctx = SynthContext {
                stack: self.stack.id,
                stack_name: &self.stack.name,
                path: format!("{}/{}", self.stack.name, c.id()),
                base_id: c.common().logical_id_or(c.id()).to_owned(),
                defined: &mut defined,
                diags: &mut self.diags,
                referenced: &mut self.referenced,
                tags: &c.common().tags,
                tallies: &mut *self.tallies,
                links: &mut self.links,
            };
            c.synth(&mut ctx);
            let ids = defined[start..]
                .iter()
                .map(|d| d.logical_id.clone())
                .collect();
            self.groups
                .push((c.common().logical_id_or(c.id()).to_owned(), ids));
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
            self.attempted.insert(d.logical_id.clone());
            if logical_id::problem(&d.logical_id).is_some() {
                let first = reported.insert(d.path.clone());
                if let Some((id, n)) = bad.get(&d.path).filter(|_| first) {
                    let problem = logical_id::problem(id).unwrap_or_default();
                    let received = match n - 1 {
                        0 => format!("{id:?}"),
                        1 => format!("{id:?} (and 1 logical ID derived from it)"),
                        more => format!("{id:?} (and {more} logical IDs derived from it)"),
                    };
                    self.error(&rules::LOGICAL_ID, d.path, "LogicalId", received, problem);
                }
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
        if self.attempted.is_empty() {
            self.error(
                &rules::TEMPLATE_EMPTY,
                self.stack.name.clone(),
                "Resources",
                "a stack of 0 resources".into(),
                "at least one resource: CloudFormation rejects a template without one \
                 (\"At least one Resources member must be defined\"); add a construct or a raw resource",
            );
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
            let path = format!("{}/Conditions/{name}", self.stack.name);
            if let Some(problem) = logical_id::problem(name) {
                self.error(
                    &rules::CONDITION_NAME,
                    path,
                    "Conditions",
                    format!("{name:?}"),
                    problem,
                );
            } else if self.template.conditions.contains_key(name) {
                self.error(
                    &rules::DUPLICATE_CONDITION,
                    path,
                    "Conditions",
                    format!("{name:?}, declared twice"),
                    "a condition name declared once (a second stack.condition(…) with the same \
                     name would replace the first)",
                );
            } else {
                self.template.conditions.insert(name.clone(), body.clone());
            }
        }
    }

    /// Raw resources are added as given; their type, references and `DependsOn` must still
    /// name things the template has.
    fn raw_resources(&mut self) {
        let known = raw::Known {
            resources: &self.attempted,
            parameters: self
                .stack
                .parameters
                .iter()
                .map(|p| p.name.as_str())
                .collect(),
            conditions: &self.stack.conditions,
            listed: &self.template.resources,
        };
        for (id, r) in &self.stack.raw {
            let path = format!("{}/{id}", self.stack.name);
            raw::check(&path, r, &known, &mut self.diags);
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
            let (shown, received) = shown_path(path);
            let Some(r) = self.template.resources.get_mut(id) else {
                let allowed = format!("a logical ID of this template: {}", self.logical_ids());
                self.error(
                    &rules::OVERRIDE_TARGET,
                    at,
                    &shown,
                    format!("an override of {id:?}"),
                    allowed,
                );
                continue;
            };
            if let Err(why) = crate::overrides::apply(&mut r.properties, path, value.clone()) {
                self.error(&rules::OVERRIDE_PATH, at, &shown, received, why);
            }
        }
    }

    /// `Condition` on the resources asked for. A construct's main logical ID stands for every
    /// resource the construct defines (a bucket and its policy, a function and its role, policy
    /// and log group): a resource left unconditional would refer to one that may not exist.
    fn resource_conditions(&mut self) {
        for (id, condition) in &self.stack.resource_conditions {
            let path = format!("{}/{id}", self.stack.name);
            if !self.template.conditions.contains_key(condition)
                && !self.stack.conditions.iter().any(|(n, _)| n == condition)
            {
                self.error(
                    &rules::CONDITION_UNKNOWN,
                    path.clone(),
                    "Condition",
                    format!("{condition:?}"),
                    "a condition declared with stack.condition(…)",
                );
            }
            // A construct's main logical ID, even when no resource has it (alarms are
            // `<Id><Target><Metric>`), or else one resource.
            let group = self
                .groups
                .iter()
                .find(|(main, ids)| main == id && !ids.is_empty());
            let targets: Vec<String> = match group {
                Some((_, ids)) => ids.clone(),
                None if self.template.resources.contains_key(id) => vec![id.clone()],
                None => {
                    self.error(
                        &rules::OVERRIDE_TARGET,
                        path,
                        "Condition",
                        format!("a condition on {id:?}"),
                        "a logical ID of this template, or the logical ID of a construct",
                    );
                    continue;
                }
            };
            for target in targets {
                let Some(r) = self.template.resources.get_mut(&target) else {
                    continue;
                };
                match &r.condition {
                    Some(c) if c != condition => {
                        let received = format!("{condition:?}, while it is already under {c:?}");
                        self.error(
                            &rules::CONDITION_CONFLICT,
                            format!("{}/{target}", self.stack.name),
                            "Condition",
                            received,
                            "one condition per resource (a construct's condition applies to every \
                             resource it defines); combine them with Fn::And in one condition",
                        );
                    }
                    _ => r.condition = Some(condition.clone()),
                }
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

/// An override path for a diagnostic: (property, received). A long path is cut, so that a
/// path of 100,000 segments makes a short line.
fn shown_path(path: &str) -> (String, String) {
    const SHOWN: usize = 100;
    if path.chars().count() <= 120 {
        return (path.to_owned(), format!("{path:?}"));
    }
    let head: String = path.chars().take(SHOWN).collect();
    let segments = path.split('.').count();
    (
        format!("{head}…"),
        format!("a path of {segments} segments, {head:?}…"),
    )
}
