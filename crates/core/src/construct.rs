//! The construct protocol: what `Stack::add` accepts and what a construct sees during synth.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::expr::{Expr, Target, ToTemplate};
use crate::links::{Deferred, Links};
use crate::rules::Rule;
use crate::stack::StackId;
use crate::template::Resource;
use std::collections::BTreeSet;

/// The `Ref` / `Fn::GetAtt` targets a value is (through `Fn::If` branches), with the attribute.
fn top_references(e: &Expr, out: &mut Vec<(Target, Option<String>)>) {
    match e {
        Expr::Ref(t) => out.push((t.clone(), None)),
        Expr::GetAtt(t, a) => out.push((t.clone(), Some(a.clone()))),
        Expr::If(_, a, b) => {
            top_references(a, out);
            top_references(b, out);
        }
        _ => {}
    }
}

/// Settings every construct has: a logical-ID override and tags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Common {
    pub(crate) logical_id: Option<String>,
    pub(crate) tags: Vec<(String, String)>,
}

impl Common {
    /// The logical ID of the construct's main resource: the override, else the construct id.
    #[must_use]
    pub fn logical_id_or<'a>(&'a self, id: &'a str) -> &'a str {
        self.logical_id.as_deref().unwrap_or(id)
    }
}

/// Setters shared by every construct (import `ferrocdk::prelude::*`).
pub trait ConstructProps: Sized {
    /// The construct's shared settings.
    fn common_mut(&mut self) -> &mut Common;

    /// Overrides the logical ID of the construct's main resource (default: the construct id).
    /// Derived resources follow it (`<id>Role`, `<id>RolePolicy`, …). Changing a logical ID
    /// makes CloudFormation replace the resource.
    #[must_use]
    fn logical_id(mut self, id: impl Into<String>) -> Self {
        self.common_mut().logical_id = Some(id.into());
        self
    }

    /// Adds a tag to every taggable resource of this construct (it wins over a stack tag with
    /// the same key). Default: only the stack's tags.
    #[must_use]
    fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        let value = value.into();
        let tags = &mut self.common_mut().tags;
        tags.retain(|(k, _)| *k != key);
        tags.push((key, value));
        self
    }
}

/// A construct: a builder that defines one or more resources when the stack is synthesized.
pub trait Construct: 'static {
    /// The typed handle `Stack::add` returns for wiring this construct into others.
    type Handle;
    /// The construct id given to `new` (its path is `<Stack>/<id>`).
    fn id(&self) -> &str;
    /// The shared settings (logical-ID override, tags).
    fn common(&self) -> &Common;
    /// The handle, given the stack and the construct's main logical ID.
    fn handle(&self, target: Target) -> Self::Handle;
    /// Defines the resources and reports problems. Must not panic on any input.
    fn synth(&self, ctx: &mut SynthContext<'_>);
}

pub(crate) trait AnyConstruct {
    fn id(&self) -> &str;
    fn common(&self) -> &Common;
    fn synth(&self, ctx: &mut SynthContext<'_>);
}

impl<C: Construct> AnyConstruct for C {
    fn id(&self) -> &str {
        Construct::id(self)
    }
    fn common(&self) -> &Common {
        Construct::common(self)
    }
    fn synth(&self, ctx: &mut SynthContext<'_>) {
        Construct::synth(self, ctx)
    }
}

/// A resource a construct defined, with the construct's path and tags.
#[derive(Debug)]
pub(crate) struct Defined {
    pub logical_id: String,
    pub resource: Resource,
    pub path: String,
    pub tags: Vec<(String, String)>,
}

/// What a construct sees while it defines its resources.
pub struct SynthContext<'a> {
    pub(crate) stack: StackId,
    pub(crate) stack_name: &'a str,
    pub(crate) path: String,
    pub(crate) base_id: String,
    pub(crate) defined: &'a mut Vec<Defined>,
    pub(crate) diags: &'a mut Diagnostics,
    pub(crate) referenced: &'a mut BTreeSet<(String, String)>,
    pub(crate) tags: &'a [(String, String)],
    pub(crate) tallies: &'a mut crate::synth::Tallies,
    pub(crate) links: &'a mut Links,
}

impl SynthContext<'_> {
    /// The construct path, `<Stack>/<ConstructId>`.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The stack's name.
    #[must_use]
    pub fn stack_name(&self) -> &str {
        self.stack_name
    }

    /// The logical ID of the construct's main resource.
    #[must_use]
    pub fn logical_id(&self) -> &str {
        &self.base_id
    }

    /// The logical ID of a derived resource: the main ID plus `suffix`.
    #[must_use]
    pub fn child_id(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.base_id)
    }

    /// The target of a resource of this stack (for building handles during synth).
    #[must_use]
    pub fn target(&self, logical_id: &str) -> Target {
        Target {
            stack: self.stack,
            logical_id: logical_id.to_owned(),
        }
    }

    /// How to name `target` from this stack: its logical ID for a resource of this stack,
    /// `<Stack>/<LogicalId>` for one of another stack of the app (for tallies and messages that
    /// must not mix two stacks' resources with the same logical ID).
    #[must_use]
    pub fn qualified_id(&self, target: &Target) -> String {
        if target.stack == self.stack {
            return target.logical_id.clone();
        }
        match self.links.app_stack(target.stack) {
            Some((name, _)) => format!("{name}/{}", target.logical_id),
            None => format!("another stack's {}", target.logical_id),
        }
    }

    /// A key naming `target` alike in every stack of an app, for [`SynthContext::tally`]:
    /// a stream counts its readers in its own stack and in the others under one key.
    #[must_use]
    pub fn tally_key(&self, target: &Target) -> String {
        format!("{:?}/{}", target.stack, target.logical_id)
    }

    /// A key naming a resource outside the app (`what`: its name or ARN as written) alike in
    /// the stacks of one environment, for [`SynthContext::tally`]: this stack's account and
    /// Region in an app (a name resolves per environment), then `what`.
    #[must_use]
    pub fn tally_key_outside(&self, what: &str) -> String {
        match self.links.app_stack(self.stack) {
            Some((_, env)) => format!("{}:{}/{what}", env.account(), env.region()),
            None => what.to_owned(),
        }
    }

    /// The name of the other stack of the app that holds `target`; `None` for a resource of
    /// this stack, or of a stack outside the app.
    #[must_use]
    pub fn app_stack_name(&self, target: &Target) -> Option<&str> {
        if target.stack == self.stack {
            return None;
        }
        self.links
            .app_stack(target.stack)
            .map(|(name, _)| name.as_str())
    }

    /// `{"Ref": id}` for a resource of this stack.
    #[must_use]
    pub fn ref_(&self, logical_id: &str) -> Expr {
        Expr::Ref(Target {
            stack: self.stack,
            logical_id: logical_id.to_owned(),
        })
    }

    /// `{"Fn::GetAtt": [id, attr]}` for a resource of this stack.
    #[must_use]
    pub fn get_att(&self, logical_id: &str, attribute: &str) -> Expr {
        Expr::GetAtt(
            Target {
                stack: self.stack,
                logical_id: logical_id.to_owned(),
            },
            attribute.to_owned(),
        )
    }

    /// Renders a value for `property`. A reference to a resource of another stack of the same
    /// [`App`](crate::App) is rendered as `Fn::ImportValue` (and that stack exports it); one
    /// to a stack outside the app, or in another account or Region, is reported.
    pub fn value(&mut self, property: &str, v: &impl ToTemplate) -> serde_json::Value {
        let site = crate::references::Site {
            path: &self.path,
            property,
            noted_as: format!("{}: {property}", self.path),
        };
        crate::references::check(v, self.links, &site, self.referenced, self.diags);
        self.links.render(v)
    }

    /// Reports `rule` on `property` (with `received` and `allowed`) once every construct of
    /// the stack — or of the app — has been synthesized, unless one of them calls
    /// [`SynthContext::provide`] with the same target and need. For a wiring no single
    /// construct sees whole, e.g. "a stream a table writes to has a reader".
    pub fn require(
        &mut self,
        target: &Target,
        need: &'static str,
        rule: &'static Rule,
        property: &str,
        received: impl Into<String>,
        allowed: impl Into<String>,
    ) {
        let diagnostic = Diagnostic::of(rule, self.path.clone(), property, received, allowed);
        self.links.deferred.push(Deferred::Unless {
            target: target.clone(),
            need,
            diagnostic,
        });
    }

    /// Meets the need `need` of `target` (see [`SynthContext::require`]).
    pub fn provide(&mut self, target: &Target, need: &'static str) {
        self.links.provided.insert((target.clone(), need));
    }

    /// Checks `value`, once every resource of the stack (or app) is known, where it is a `Ref`
    /// or `Fn::GetAtt` of a resource (either branch of an `Fn::If`): its resource type and
    /// attribute (`"Ref"` for a `Ref`) must be one of `expected`. Otherwise `rule` is reported
    /// on `property`, saying what the value is (a `Ref` to a stream is its name; a delivery
    /// stream's `Arn` is no stream ARN), with `allowed`. Literals, parameters, imports and
    /// joins are left to the caller.
    pub fn expect_attribute(
        &mut self,
        rule: &'static Rule,
        property: &str,
        value: &Expr,
        expected: &'static [(&'static str, &'static str)],
        allowed: impl Into<String>,
    ) {
        let mut candidates = Vec::new();
        top_references(value, &mut candidates);
        if candidates.is_empty() {
            return;
        }
        let diagnostic = Diagnostic::of(
            rule,
            self.path.clone(),
            property,
            value.to_json().to_string(),
            allowed,
        );
        self.links.deferred.push(Deferred::Kind {
            candidates,
            expected,
            diagnostic,
        });
    }

    /// Counts one more of `key` across the whole stack, or every stack of an app, and returns
    /// the new count (constructs are synthesized in the order added, an app's stacks in the
    /// order added). Lets a construct see how many others share a resource before it — e.g.
    /// the third reader of a DynamoDB stream reports the limit. Name a resource of the app in
    /// `key` with [`SynthContext::tally_key`].
    pub fn tally(&mut self, key: &str) -> u32 {
        let n = self.tallies.entry(key.to_owned()).or_insert(0);
        *n += 1;
        *n
    }

    /// How many times `key` was tallied so far, without counting one more.
    #[must_use]
    pub fn tallied(&self, key: &str) -> u32 {
        self.tallies.get(key).copied().unwrap_or(0)
    }

    /// Runs `f` with `<id><suffix>` as the main logical ID, so that a construct can define a
    /// second resource family (e.g. a custom resource `<id>` served by a function `<id>Handler`
    /// with `<id>HandlerRole`, …). Diagnostics keep the construct's path.
    pub fn scoped<R>(&mut self, suffix: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        let scoped = format!("{}{suffix}", self.base_id);
        let saved = std::mem::replace(&mut self.base_id, scoped);
        let out = f(self);
        self.base_id = saved;
        out
    }

    /// Reports an error on `property` of this construct.
    pub fn error(
        &mut self,
        rule: &'static Rule,
        property: &str,
        received: impl Into<String>,
        allowed: impl Into<String>,
    ) {
        self.diags.push(Diagnostic::error(
            rule,
            self.path.clone(),
            property,
            received,
            allowed,
        ));
    }

    /// Reports a warning on `property` of this construct.
    pub fn warn(
        &mut self,
        rule: &'static Rule,
        property: &str,
        received: impl Into<String>,
        allowed: impl Into<String>,
    ) {
        self.diags.push(Diagnostic::warning(
            rule,
            self.path.clone(),
            property,
            received,
            allowed,
        ));
    }

    /// A resource of this stack that a construct added earlier defined, to add to: e.g. the
    /// statement a key's user needs in the key's policy (CloudFormation has no separate
    /// resource for a key policy). `None` for another stack's resource, or one not defined.
    pub fn defined_mut(&mut self, target: &Target) -> Option<&mut Resource> {
        if target.stack != self.stack {
            return None;
        }
        self.defined
            .iter_mut()
            .find(|d| d.logical_id == target.logical_id)
            .map(|d| &mut d.resource)
    }

    /// Defines a resource. A duplicate logical ID is reported at the end of synth.
    pub fn define(&mut self, logical_id: impl Into<String>, resource: Resource) {
        self.defined.push(Defined {
            logical_id: logical_id.into(),
            resource,
            path: self.path.clone(),
            tags: self.tags.to_vec(),
        });
    }
}
