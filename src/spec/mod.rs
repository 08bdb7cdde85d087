//! Declarative stacks: the same stack as the Rust builders, described in a JSON file.
//!
//! A stack file is a [`StackFile`]: the stack's name, description, tags, parameters and
//! outputs, and its constructs in order, each `{"type": "<Construct>", "id": "<Id>", …}` with
//! the options of that construct's builder in camelCase. Constructs refer to each other by id
//! (a construct may only refer to constructs before it), and to existing resources with
//! `{"existingArn": …}` / `{"existingName": …}`. `schemas/stack.schema.json` (from
//! [`schema_json`]) lets editors validate and complete such files; `docs/declarative-stacks.md`
//! describes the format.
//!
//! ```
//! let text = r#"{
//!   "name": "OrdersChangeLog",
//!   "constructs": [
//!     {"type": "KinesisStream", "id": "Changes"},
//!     {"type": "Table", "id": "Orders", "partitionKey": {"name": "pk", "type": "S"}, "kinesisStream": "Changes"},
//!     {"type": "Bucket", "id": "ChangeLog"},
//!     {"type": "TransformFunction", "id": "Shape"},
//!     {"type": "DeliveryStream", "id": "ToS3", "source": "Changes",
//!      "destination": {"bucket": "ChangeLog", "processor": "Shape"}}
//!   ],
//!   "outputs": {"StreamArn": {"arn": "Changes"}}
//! }"#;
//! let synthesized = ferrocdk::spec::synth_text("orders.json", text).expect("a valid stack");
//! assert!(synthesized.to_json_pretty().contains("KinesisStreamAsSource"));
//!
//! // Every problem at once, each with its place in the file:
//! let bad = text.replace(r#""source": "Changes""#, r#""source": "ChangeLog""#);
//! let problems = ferrocdk::spec::synth_text("orders.json", &bad).unwrap_err();
//! assert_eq!(problems[0].code, "file-reference");
//! assert_eq!(problems[0].property, "constructs[4].source");
//! assert_eq!(problems[0].path, "orders.json:8:46");
//! ```

mod build;
mod parse;
mod props;
mod value;

pub use props::*;
pub use value::{Expression, NumberValue, StringValue};

use ferrocdk_core::{Diagnostic, Synthesized};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The `Diagnostic::path` of problems found in a [`StackFile`] value that has no source text;
/// diagnostics from [`StackFile::parse`] and [`synth_text`] carry `<source>:<line>:<column>`.
pub const NO_SOURCE: &str = "<stack file>";

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
    pub name: String,
    /// The template `Description` (at most 1,024 bytes). Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    /// construct may only refer to constructs before it.
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
        let parsed = parse::parse(source, text);
        if parsed.diagnostics.is_empty() {
            if let Some(file) = parsed.file {
                return Ok(file);
            }
        }
        Err(parsed.diagnostics)
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

/// A template parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParameterProps {
    /// `Type`: `"String"` or `"Number"`.
    #[serde(rename = "type")]
    pub parameter_type: ParameterType,
    /// `Default`. Default: none (the value must be given at deploy time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// `AllowedValues`. Default: any value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_values: Option<Vec<serde_json::Value>>,
    /// `MinValue` (Number parameters). Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    /// `MaxValue` (Number parameters). Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    /// `Description`. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl ParameterProps {
    /// A parameter of this type with no other settings.
    #[must_use]
    pub fn new(parameter_type: ParameterType) -> Self {
        ParameterProps {
            parameter_type,
            default: None,
            allowed_values: None,
            min_value: None,
            max_value: None,
            description: None,
        }
    }
}

/// The type of a template parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ParameterType {
    /// `String`.
    String,
    /// `Number`.
    Number,
}

/// A stack output: exactly one of `arn`, `name`, `streamArn` or `value`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    {"required": ["arn"]},
    {"required": ["name"]},
    {"required": ["streamArn"]},
    {"required": ["value"]}
]))]
pub struct OutputProps {
    /// The ARN of the construct with this id (`Fn::GetAtt [id, Arn]`): a `KinesisStream`,
    /// `Table`, `Bucket`, `TransformFunction`, `DeliveryStream` or `Forwarder`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The name of the construct with this id (`Ref`): same constructs as `arn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The DynamoDB stream ARN of the `Table` with this id (a table with `stream`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_arn: Option<String>,
    /// Any other value: a literal or an expression (`{"ref": …}`, `{"sub": …}`,
    /// `{"importValue": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<StringValue>,
    /// The output's `Description`. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Exports the value under this name, for `Fn::ImportValue` in other stacks (e.g.
    /// `{"sub": "${AWS::StackName}-StreamArn"}`). Default: not exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export: Option<StringValue>,
}

/// A resource added as given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawResourceProps {
    /// The resource `Type`, e.g. `"AWS::CloudWatch::Dashboard"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// `Properties`, as CloudFormation writes them (intrinsics allowed). Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<serde_json::Map<String, serde_json::Value>>,
    /// `DependsOn`: logical IDs. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<String>>,
    /// `DeletionPolicy` and `UpdateReplacePolicy`. Default: none (CloudFormation deletes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removal_policy: Option<RemovalPolicyName>,
    /// `Metadata`. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
    /// `Condition`: the name of a condition of this file; the resource is created only when
    /// it holds. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// The JSON Schema of stack files (what `schemas/stack.schema.json` holds), pretty-printed
/// and ending with a newline.
#[must_use]
pub fn schema_json() -> String {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<StackFile>();
    let mut schema = schema.to_value();
    tidy(&mut schema);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// Readies the generated schema for editors. An absent optional member and `null` mean the
/// same to the parser; the schema offers only the absent form, so that editors do not suggest
/// `null`: `anyOf [X, null]` becomes `X`, and `"type": [T, "null"]` becomes `"type": T`.
fn tidy(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(o) => {
            let null = serde_json::json!({"type": "null"});
            if let Some(Value::Array(any)) = o.get("anyOf") {
                if any.len() == 2 && any.contains(&null) {
                    let other = any.iter().find(|s| **s != null).cloned();
                    o.shift_remove("anyOf");
                    if let Some(Value::Object(other)) = other {
                        for (k, x) in other {
                            o.entry(k).or_insert(x);
                        }
                    }
                }
            }
            if let Some(Value::Array(types)) = o.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let t = types.remove(0);
                    o.insert("type".into(), t);
                }
            }
            // An enum variant written `{"member": …}`: its description on the member too, for
            // editors' hover on the member.
            let description = o.get("description").cloned();
            if let (Some(d), Some(Value::Object(props))) = (description, o.get_mut("properties")) {
                if props.len() == 1 {
                    if let Some(Value::Object(p)) = props.values_mut().next() {
                        p.entry("description").or_insert(d);
                    }
                }
            }
            for x in o.values_mut() {
                tidy(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// Parses, builds and synthesizes a stack file: the template and its warnings, or every
/// problem at once — the file's (with `<source>:<line>:<column>` as path and the JSON path as
/// property) first, then synth's (construct paths, as for a Rust stack). Synth's diagnostics
/// are included even when the file has problems, for the constructs that could be built.
///
/// # Errors
///
/// Every error found, with the warnings found alongside them.
pub fn synth_text(source: &str, text: &str) -> Result<Synthesized, Vec<Diagnostic>> {
    let mut parsed = parse::parse(source, text);
    let Some(file) = parsed.file.take() else {
        return Err(parsed.diagnostics);
    };
    let mut diagnostics = std::mem::take(&mut parsed.diagnostics);
    let (stack, build_diags) = build::build(&file, &parsed.unusable_ids, parsed.name_ok);
    diagnostics.extend(build_diags.into_iter().map(|d| parsed.locate(d)));
    // The file's problems in the order of the text.
    diagnostics.sort_by_key(|d| parse::line_column(&d.path));
    let Some(stack) = stack else {
        return Err(diagnostics);
    };
    match stack.synth() {
        Ok(mut s) if !diagnostics.iter().any(Diagnostic::is_error) => {
            diagnostics.append(&mut s.warnings);
            s.warnings = diagnostics;
            Ok(s)
        }
        Ok(s) => {
            diagnostics.extend(s.warnings);
            Err(diagnostics)
        }
        Err(e) => {
            // Constructs with file errors are not built: a stack left empty by them is not a
            // problem of its own.
            let declared = !file.constructs.is_empty()
                || file.raw_resources.as_ref().is_some_and(|r| !r.is_empty())
                || diagnostics
                    .iter()
                    .any(|d| d.property.starts_with("constructs["));
            diagnostics.extend(
                e.diagnostics
                    .into_iter()
                    .filter(|d| !(declared && d.code == "template-empty")),
            );
            Err(diagnostics)
        }
    }
}
