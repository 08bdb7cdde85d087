//! Template parameters: values chosen at deploy time.

use serde_json::{Map, Value};

/// A template parameter (`Parameters` section).
///
/// Its [`crate::Stack::parameter`] handle is an [`crate::Expr`] (`{"Ref": name}`) that any
/// property setter taking `impl Into<Val<_>>` accepts; such values are not range-checked at
/// synth, because their value is known only at deploy time.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Parameter {
    pub(crate) name: String,
    pub(crate) body: Map<String, Value>,
}

impl Parameter {
    fn typed(name: impl Into<String>, ty: &str) -> Self {
        let mut body = Map::new();
        body.insert("Type".into(), Value::String(ty.into()));
        Parameter {
            name: name.into(),
            body,
        }
    }

    /// A `String` parameter.
    pub fn string(name: impl Into<String>) -> Self {
        Self::typed(name, "String")
    }

    /// A `Number` parameter.
    pub fn number(name: impl Into<String>) -> Self {
        Self::typed(name, "Number")
    }

    /// `Default`. Default: none (the value must be given at deploy time).
    pub fn default_value(mut self, v: impl Into<Value>) -> Self {
        self.body.insert("Default".into(), v.into());
        self
    }

    /// `Description`. Default: none.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.body
            .insert("Description".into(), Value::String(d.into()));
        self
    }

    /// `MinValue` (Number parameters). Default: none.
    pub fn min_value(mut self, v: i64) -> Self {
        self.body.insert("MinValue".into(), v.into());
        self
    }

    /// `MaxValue` (Number parameters). Default: none.
    pub fn max_value(mut self, v: i64) -> Self {
        self.body.insert("MaxValue".into(), v.into());
        self
    }

    /// `AllowedValues`. Default: any value.
    pub fn allowed_values<V: Into<Value>>(mut self, values: impl IntoIterator<Item = V>) -> Self {
        let list: Vec<Value> = values.into_iter().map(Into::into).collect();
        self.body.insert("AllowedValues".into(), Value::Array(list));
        self
    }
}
