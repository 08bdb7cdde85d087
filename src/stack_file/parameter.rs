//! Template parameters of a stack file.

use super::build::Builder;
use ferrocdk_core::Parameter;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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

impl Builder {
    pub(super) fn parameter(&mut self, name: &str, p: &ParameterProps) {
        let mut param = match p.parameter_type {
            ParameterType::String => Parameter::string(name),
            ParameterType::Number => Parameter::number(name),
        };
        if let Some(v) = &p.default {
            param = param.default_value(v.clone());
        }
        if let Some(v) = &p.allowed_values {
            param = param.allowed_values(v.iter().cloned());
        }
        if let Some(v) = p.min_value {
            param = param.min_value(v);
        }
        if let Some(v) = p.max_value {
            param = param.max_value(v);
        }
        if let Some(v) = &p.description {
            param = param.description(v.clone());
        }
        let value = self.stack.parameter(param);
        self.params.insert(name.to_owned(), value);
    }
}
