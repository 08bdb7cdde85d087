//! Property values that may be known only at deploy time: literals or expressions
//! (`{"ref": …}`, `{"sub": …}`, `{"importValue": …}`), and their lowering to `Expr` / `Val`.

use super::build::Builder;
use super::read::did_you_mean;
use ferrocdk_core::rules;
use ferrocdk_core::{Expr, Pseudo, Val};
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

impl Builder {
    /// The expression `{"ref": name}` stands for.
    pub(super) fn reference(&mut self, property: String, name: &str) -> Option<Expr> {
        if let Some(p) = Pseudo::from_name(name) {
            return Some(Expr::Pseudo(p));
        }
        if let Some(e) = self.params.get(name) {
            return Some(e.clone());
        }
        let mut names: Vec<&str> = self.params.keys().map(String::as_str).collect();
        names.sort_unstable();
        let mut pseudos = Pseudo::ALL.map(Pseudo::name);
        pseudos.sort_unstable();
        let known: Vec<&str> = names.iter().chain(&pseudos).copied().collect();
        let allowed = format!(
            "a parameter declared under \"parameters\" ({}) or a pseudo parameter: {}",
            if names.is_empty() {
                "none is".to_owned()
            } else {
                names.join(", ")
            },
            pseudos.join(", ")
        );
        self.report(
            &rules::FILE_REFERENCE,
            property,
            format!("{name:?}, which is not a parameter of this file"),
            did_you_mean(name, &known, allowed),
        );
        None
    }

    pub(super) fn expr(&mut self, property: String, v: &StringValue) -> Option<Expr> {
        match v {
            StringValue::Literal(s) => Some(Expr::from(s.as_str())),
            StringValue::Expr(e) => self.expression(property, e),
        }
    }

    pub(super) fn expression(&mut self, property: String, e: &Expression) -> Option<Expr> {
        match e {
            Expression::Ref(name) => self.reference(format!("{property}.ref"), name),
            Expression::ImportValue(v) => {
                let inner = self.expr(format!("{property}.importValue"), v)?;
                Some(Expr::import_value(inner))
            }
            Expression::Sub(text) => self.sub(format!("{property}.sub"), text),
        }
    }

    pub(super) fn sub(&mut self, property: String, text: &str) -> Option<Expr> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("${") {
            literal.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            if let Some(stripped) = after.strip_prefix('!') {
                literal.push_str("${");
                rest = stripped;
                continue;
            }
            let Some(end) = after.find('}') else {
                self.report(
                    &rules::FILE_VALUE,
                    property,
                    format!("{text:?}: an unclosed ${{"),
                    "text with ${Name} placeholders (parameters of this file or pseudo \
                     parameters); ${! for a literal ${",
                );
                return None;
            };
            let name = &after[..end];
            let e = self.reference(property.clone(), name)?;
            if !literal.is_empty() {
                parts.push(Expr::from(std::mem::take(&mut literal)));
            }
            parts.push(e);
            rest = &after[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Expr::from(literal));
        }
        Some(Expr::join(parts))
    }

    pub(super) fn string_val(&mut self, property: String, v: &StringValue) -> Option<Val<String>> {
        match v {
            StringValue::Literal(s) => Some(Val::Lit(s.clone())),
            StringValue::Expr(e) => self.expression(property, e).map(Val::Expr),
        }
    }

    pub(super) fn number_val<T: Clone>(
        &mut self,
        property: String,
        v: &NumberValue<T>,
    ) -> Option<Val<T>> {
        match v {
            NumberValue::Literal(n) => Some(Val::Lit(n.clone())),
            NumberValue::Expr(e) => self.expression(property, e).map(Val::Expr),
        }
    }

    /// `Some(value)` for a member that is set and valid; reports and gives `None` otherwise.
    /// `ok` tracks whether every member was valid.
    pub(super) fn opt_number<T: Clone>(
        &mut self,
        ok: &mut bool,
        member: &str,
        v: &Option<NumberValue<T>>,
    ) -> Option<Val<T>> {
        let v = v.as_ref()?;
        let at = self.at(member);
        let r = self.number_val(at, v);
        *ok &= r.is_some();
        r
    }

    pub(super) fn opt_string(
        &mut self,
        ok: &mut bool,
        member: &str,
        v: &Option<StringValue>,
    ) -> Option<Val<String>> {
        let v = v.as_ref()?;
        let at = self.at(member);
        let r = self.string_val(at, v);
        *ok &= r.is_some();
        r
    }
}
