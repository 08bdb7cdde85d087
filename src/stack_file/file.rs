//! [`StackFile`]: a stack described as data.

use super::*;
use ferrocdk_core::{Diagnostic, Stack};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A stack described as data: what a stack file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(
    title = "ferrocdk stack file",
    description = "A ferrocdk stack: constructs in order, wired by id; `ferrocdk synth FILE` prints its CloudFormation template. See docs/declarative-stacks.md."
)]
pub struct StackFile {
    /// The JSON Schema of this file, for editors (e.g. `"../schemas/stack.schema.json"`).
    /// Ignored by ferrocdk.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The stack name you deploy with (1–128 characters: a letter, then letters, digits and
    /// `-`); it prefixes construct paths in diagnostics.
    #[schemars(regex(pattern = r"^[A-Za-z][A-Za-z0-9-]{0,127}$"))]
    pub name: String,
    /// The AWS account ID (12 digits) the stack is deployed to: required for each stack of an
    /// app file (`stacks`), not allowed in a file of one stack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The Region the stack is deployed to (e.g. `us-east-1`): required for each stack of an
    /// app file (`stacks`), not allowed in a file of one stack. A stack imports only from
    /// stacks of its own account and Region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The template `Description` (at most 1,024 bytes). Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1024))]
    pub description: Option<String>,
    /// Tags on every taggable resource of the stack; a construct's own tags with the same key
    /// win. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<IndexMap<String, String>>,
    /// Template parameters (values chosen at deploy time), by name; use one with
    /// `{"ref": "<name>"}` where a property accepts an expression. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<IndexMap<String, ParameterProps>>,
    /// Template conditions, by name: each a condition function as CloudFormation writes it
    /// (e.g. `{"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}`). Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<IndexMap<String, serde_json::Value>>,
    /// The constructs, in order: resources appear in the template in this order, and a
    /// construct may only refer to constructs before it (in an app file, also to the
    /// constructs of the stacks before its own, as `"<StackName>/<id>"`).
    pub constructs: Vec<ConstructSpec>,
    /// Resources added exactly as given (escape hatch for anything ferrocdk does not model),
    /// by logical ID; they follow the constructs' resources in the template. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_resources: Option<IndexMap<String, RawResourceProps>>,
    /// Property overrides applied after synthesis (escape hatch, not checked): logical ID →
    /// dotted property path under `Properties` (a numeric segment indexes a list) → value;
    /// `null` removes the property, as in JSON Merge Patch. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<IndexMap<String, IndexMap<String, serde_json::Value>>>,
    /// Stack outputs, by name. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outputs: Option<IndexMap<String, OutputProps>>,
}

impl StackFile {
    /// A stack file with this name and nothing else.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        StackFile {
            schema: None,
            name: name.into(),
            account: None,
            region: None,
            description: None,
            tags: None,
            parameters: None,
            conditions: None,
            constructs: Vec::new(),
            raw_resources: None,
            overrides: None,
            outputs: None,
        }
    }

    /// Parses a stack file. `source` names it in diagnostics (`<source>:<line>:<column>`).
    ///
    /// # Errors
    ///
    /// Every problem found, at once: a syntax error (one diagnostic, code `file-syntax`), or
    /// else every unknown member, wrong type or missing member of every construct
    /// (`file-unknown-field`, `file-type`, `file-value`, `file-missing-field`,
    /// `file-duplicate-key`). `property` is the JSON path (`constructs[4].source`).
    pub fn parse(source: &str, text: &str) -> Result<StackFile, Vec<Diagnostic>> {
        let mut parsed = parse::parse(source, text);
        match parsed.file.take() {
            Some(file) if parsed.problems.count() == 0 => Ok(file),
            _ => Err(parsed.finish(text, Vec::new())),
        }
    }

    /// The file as pretty JSON (two-space indents, members in schema order), ending with a
    /// newline.
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

impl StackFile {
    /// Builds the stack: every construct through its builder, in file order, references
    /// resolved by id.
    ///
    /// # Errors
    ///
    /// Every reference problem at once (code `file-reference`: an unknown id, an id of the
    /// wrong kind, an id defined only later in the file; `file-duplicate-id`; `file-value` for
    /// contradictory members), each with the JSON path as `property` and [`NO_SOURCE`] as
    /// `path`. Property values are checked later, by `Stack::synth`.
    pub fn build(&self) -> Result<Stack, Vec<Diagnostic>> {
        match super::build::build(self, &super::build::Layout::of(self)) {
            (Some(stack), diags) if diags.is_empty() => Ok(stack),
            (_, diags) => Err(diags),
        }
    }
}
