//! Property values that may be known only at deploy time: literals or expressions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A string property: a literal, or an expression resolved at deploy time.
///
/// Expressions are not checked at synth (their value is known only at deploy time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StringValue {
    /// A literal string, checked at synth against what the property allows.
    Literal(String),
    /// An expression: `{"ref": …}`, `{"sub": …}` or `{"importValue": …}`.
    Expr(Expression),
}

impl From<&str> for StringValue {
    fn from(s: &str) -> Self {
        StringValue::Literal(s.to_owned())
    }
}

impl From<String> for StringValue {
    fn from(s: String) -> Self {
        StringValue::Literal(s)
    }
}

/// A number property: a literal, or an expression resolved at deploy time (e.g. a parameter).
///
/// Literals are range-checked at synth; expressions are not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "NumberValue_{T}")]
pub enum NumberValue<T> {
    /// A literal number, checked at synth against what the property allows.
    Literal(T),
    /// An expression, typically `{"ref": "<parameter>"}`.
    Expr(Expression),
}

impl<T> From<T> for NumberValue<T> {
    fn from(v: T) -> Self {
        NumberValue::Literal(v)
    }
}

/// An expression resolved at deploy time. Exactly one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Expression {
    /// `{"ref": "Name"}`: the value of a parameter of this file (`parameters`), or of a pseudo
    /// parameter: `AWS::AccountId`, `AWS::Partition`, `AWS::Region`, `AWS::StackName`,
    /// `AWS::URLSuffix`.
    Ref(String),
    /// `{"sub": "${AWS::StackName}-Arn"}`: text with `${Name}` placeholders, each a parameter of
    /// this file or a pseudo parameter (as for `ref`); `${!` writes a literal `${`.
    Sub(String),
    /// `{"importValue": "ExportName"}`: the value another stack exported under this name
    /// (`Fn::ImportValue`).
    ImportValue(Box<StringValue>),
}
