//! Reading a template to diff: JSON as `aws cloudformation get-template` prints it (with or
//! without `--query TemplateBody`) or as synth writes it, checked enough to compare.

use serde_json::{Map, Value};
use std::fmt;

/// Why a text or value is not a template the diff can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// Not JSON: where the parser stopped, and why.
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        reason: String,
    },
    /// YAML (a file, or a `TemplateBody` string of a stack deployed from YAML).
    Yaml,
    /// JSON, but not an object.
    NotAnObject,
    /// No `Resources` section (or `TemplateBody` with one).
    NoResources,
    /// `Resources` is not an object.
    ResourcesNotAnObject,
    /// A resource the diff cannot read.
    Resource {
        /// Its logical ID.
        logical_id: String,
        /// What is wrong with it.
        problem: &'static str,
    },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::Json {
                line,
                column,
                reason,
            } => write!(f, "not JSON: line {line}, column {column}: {reason}"),
            TemplateError::Yaml => f.write_str(
                "a YAML template; the diff reads JSON: run `aws cloudformation get-template` \
                 with `--output json` (a stack deployed from YAML returns its body as YAML: \
                 convert it first, e.g. with cfn-flip)",
            ),
            TemplateError::NotAnObject => f.write_str("not a template: the JSON is not an object"),
            TemplateError::NoResources => f.write_str(
                "not a template: no \"Resources\" section (expected a template, get-template's \
                 output, or a stack file with \"constructs\")",
            ),
            TemplateError::ResourcesNotAnObject => {
                f.write_str("not a template: \"Resources\" is not an object")
            }
            TemplateError::Resource {
                logical_id,
                problem,
            } => write!(f, "resource {logical_id:?}: {problem}"),
        }
    }
}

impl std::error::Error for TemplateError {}

/// Parses a template from JSON text: a template, or `get-template`'s whole answer
/// (`{"TemplateBody": …}`, where the body may be an object or a JSON string).
///
/// # Errors
///
/// [`TemplateError`] when the text is not JSON (with line and column), is YAML, or is not a
/// template the diff can read (see [`check`]).
pub fn parse_template(text: &str) -> Result<Value, TemplateError> {
    let value = parse_json(text)?;
    let value = match value {
        Value::Object(mut m) if !m.contains_key("Resources") && m.contains_key("TemplateBody") => {
            match m.remove("TemplateBody").unwrap_or_default() {
                Value::String(body) => parse_json(&body)?,
                body => body,
            }
        }
        other => other,
    };
    check(&value)?;
    Ok(value)
}

fn parse_json(text: &str) -> Result<Value, TemplateError> {
    serde_json::from_str(text).map_err(|e| {
        let start = text.trim_start().chars().next();
        if e.is_syntax() && !matches!(start, Some('{' | '[' | '"') | None) {
            TemplateError::Yaml
        } else {
            TemplateError::Json {
                line: e.line(),
                column: e.column(),
                reason: e
                    .to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or("")
                    .to_owned(),
            }
        }
    })
}

/// Checks that `template` is an object whose `Resources` maps each logical ID to an object
/// with a string `Type` and, when present, an object `Properties`.
///
/// # Errors
///
/// The first problem found, as a [`TemplateError`].
pub fn check(template: &Value) -> Result<(), TemplateError> {
    resources(template).map(|_| ())
}

/// The `Resources` of a checked template.
pub(crate) fn resources(template: &Value) -> Result<&Map<String, Value>, TemplateError> {
    let top = template.as_object().ok_or(TemplateError::NotAnObject)?;
    let resources = top
        .get("Resources")
        .ok_or(TemplateError::NoResources)?
        .as_object()
        .ok_or(TemplateError::ResourcesNotAnObject)?;
    for (id, r) in resources {
        let problem = match r.as_object() {
            None => Some("not an object"),
            Some(r) => match (r.get("Type"), r.get("Properties")) {
                (None, _) => Some("no \"Type\""),
                (Some(t), _) if !t.is_string() => Some("\"Type\" is not a string"),
                (_, Some(p)) if !p.is_object() => Some("\"Properties\" is not an object"),
                _ => None,
            },
        };
        if let Some(problem) = problem {
            return Err(TemplateError::Resource {
                logical_id: id.clone(),
                problem,
            });
        }
    }
    Ok(resources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_templates_whole_answer_is_read_with_its_body_as_object_or_string() {
        let body = r#"{"Resources": {"T": {"Type": "AWS::SQS::Queue"}}}"#;
        let whole = format!(r#"{{"TemplateBody": {body}, "StagesAvailable": ["Original"]}}"#);
        assert!(parse_template(&whole).unwrap()["Resources"]["T"].is_object());
        let as_string = serde_json::json!({ "TemplateBody": body }).to_string();
        assert!(parse_template(&as_string).unwrap()["Resources"]["T"].is_object());
        let yaml_body = serde_json::json!({ "TemplateBody": "Resources:\n  T: {}\n" }).to_string();
        assert_eq!(parse_template(&yaml_body), Err(TemplateError::Yaml));
    }

    #[test]
    fn bad_inputs_say_what_is_wrong() {
        let yaml = "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n";
        assert_eq!(parse_template(yaml), Err(TemplateError::Yaml));
        match parse_template("{\n  \"Resources\": {,}\n}") {
            Err(TemplateError::Json {
                line: 2, column, ..
            }) => assert!(column > 1),
            other => panic!("{other:?}"),
        }
        assert_eq!(parse_template("[1]"), Err(TemplateError::NotAnObject));
        assert_eq!(parse_template("{}"), Err(TemplateError::NoResources));
        assert_eq!(
            parse_template(r#"{"Resources": []}"#),
            Err(TemplateError::ResourcesNotAnObject)
        );
        let no_type = parse_template(r#"{"Resources": {"T": {"Properties": {}}}}"#);
        assert_eq!(
            no_type.unwrap_err().to_string(),
            "resource \"T\": no \"Type\""
        );
        let bad_props = r#"{"Resources": {"T": {"Type": "X", "Properties": 3}}}"#;
        assert!(parse_template(bad_props).is_err());
        assert!(parse_template("").is_err());
    }
}
