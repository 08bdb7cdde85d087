//! The stack: constructs in, one template out.

use crate::construct::{AnyConstruct, Construct};
use crate::diagnostic::{Diagnostic, SynthError};
use crate::expr::{Expr, Target};
use crate::parameter::Parameter;
use crate::rules;
use crate::template::{Resource, Template};
use serde_json::Value;
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

pub(crate) struct PendingOutput {
    pub(crate) name: String,
    pub(crate) value: Expr,
    pub(crate) description: Option<String>,
    pub(crate) export: Option<Expr>,
}

/// A CloudFormation stack under construction.
///
/// Add constructs with [`Stack::add`] (each returns a typed handle), then call
/// [`Stack::synth`]. Synth never panics: every problem comes back at once in a [`SynthError`].
///
/// ```
/// use ferrocdk_core::{Expr, Pseudo, Resource, Stack};
/// let mut stack = Stack::new("Demo").description("A demo stack with one topic");
/// stack.add_raw_resource("Topic", Resource::new("AWS::SNS::Topic"));
/// stack.output("Region", Expr::Pseudo(Pseudo::Region));
/// let template = stack.synth()?;
/// assert!(template.to_json_pretty().contains("\"Ref\": \"AWS::Region\""));
/// # Ok::<(), ferrocdk_core::SynthError>(())
/// ```
///
/// A stack needs at least one resource: CloudFormation rejects an empty template.
#[must_use]
pub struct Stack {
    pub(crate) id: StackId,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) constructs: Vec<Box<dyn AnyConstruct>>,
    pub(crate) tags: Vec<(String, String)>,
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) conditions: Vec<(String, Value)>,
    pub(crate) outputs: Vec<PendingOutput>,
    pub(crate) raw: Vec<(String, Resource)>,
    pub(crate) overrides: Vec<(String, String, Option<Value>)>,
    pub(crate) resource_conditions: Vec<(String, String)>,
    pub(crate) pending_problems: Vec<Diagnostic>,
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

    /// The target of the resource `logical_id` of this stack, for `Expr::Ref` and
    /// `Expr::GetAtt` of a resource added with [`Stack::add_raw_resource`]. Used in another
    /// stack of the same [`App`](crate::App), it becomes an import, like a construct's handle.
    #[must_use]
    pub fn target(&self, logical_id: impl Into<String>) -> Target {
        Target {
            stack: self.id,
            logical_id: logical_id.into(),
        }
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
    /// The name is 1–255 ASCII letters and digits and used once; both are checked at synth
    /// (`condition-name`, `duplicate-condition`).
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
                &rules::OUTPUT_UNKNOWN,
                format!("{}/Outputs/{name}", self.name),
                "Description",
                format!("a description for {name:?}"),
                "the name of an output added before with stack.output(…)",
            )),
        }
        self
    }

    /// Puts the resource `logical_id` under the template condition `condition` (its
    /// `Condition` attribute): it is created only when the condition holds. The main logical ID
    /// of a construct stands for every resource the construct defines (a bucket and its policy;
    /// a function and its role, policy and log group), so that none is left referring to a
    /// resource that is not created; a derived resource's own ID puts that resource alone under
    /// the condition. Unknown ids and conditions, and a resource put under two conditions
    /// (`condition-conflict`), are reported at synth.
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
    /// Synth still checks its `Type` (`AWS::Service::Resource`, `Org::Service::Resource`,
    /// `Custom::Name`), that every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable and `Fn::If`
    /// condition in its `Properties` and `Metadata` names something of the stack, and that its
    /// `DependsOn` names resources of the stack.
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
    /// constructs have been synthesized and validated: it is an escape hatch, not checked,
    /// except that the path has at most [`crate::limits::MAX_OVERRIDE_SEGMENTS`] segments.
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
    /// invalid or duplicate logical IDs, references to resources of another stack, invalid or
    /// duplicate condition names, raw resources naming what the stack lacks, overrides of
    /// unknown resources, and template limits (at least 1 and at most 500 resources, 200
    /// outputs, 200 parameters, 1,024-byte description, 128 levels of nesting, 1 MiB body).
    pub fn synth(&self) -> Result<Synthesized, SynthError> {
        crate::synth::synth(self)
    }
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
