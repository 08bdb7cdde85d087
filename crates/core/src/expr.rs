//! CloudFormation expressions: literals, intrinsic functions and pseudo parameters.
//!
//! A reference between resources is never a string with a token inside: a typed handle's
//! `.arn()` or `.name()` returns an [`Expr`], and the template renders it as the intrinsic
//! (`{"Ref": …}`, `{"Fn::GetAtt": […]}`, …) when the stack is synthesized.

use crate::stack::StackId;

/// A pseudo parameter that CloudFormation resolves at deploy time.
///
/// See <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html>.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pseudo {
    /// `AWS::Partition` (`aws`, `aws-cn`, `aws-us-gov`).
    Partition,
    /// `AWS::Region`.
    Region,
    /// `AWS::AccountId`.
    AccountId,
    /// `AWS::StackName`.
    StackName,
    /// `AWS::URLSuffix` (`amazonaws.com`, `amazonaws.com.cn`).
    UrlSuffix,
}

impl Pseudo {
    /// Every pseudo parameter ferrocdk knows.
    pub const ALL: [Pseudo; 5] = [
        Pseudo::Partition,
        Pseudo::Region,
        Pseudo::AccountId,
        Pseudo::StackName,
        Pseudo::UrlSuffix,
    ];

    /// The pseudo parameter named `name` as in `{"Ref": …}` (`"AWS::Region"`), if any.
    ///
    /// ```
    /// use ferrocdk_core::Pseudo;
    /// assert_eq!(Pseudo::from_name("AWS::Region"), Some(Pseudo::Region));
    /// assert_eq!(Pseudo::from_name("AWS::NoValue"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<Pseudo> {
        Pseudo::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The name used in `{"Ref": …}`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Pseudo::Partition => "AWS::Partition",
            Pseudo::Region => "AWS::Region",
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
        }
    }
}

/// Which template a `Ref`/`Fn::GetAtt` target lives in, and its logical ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    pub(crate) stack: StackId,
    pub(crate) logical_id: String,
}

impl Target {
    /// The logical ID of the referenced resource or parameter.
    #[must_use]
    pub fn logical_id(&self) -> &str {
        &self.logical_id
    }
}

/// A CloudFormation value that may be known only at deploy time.
///
/// Literals are plain strings; everything else is an intrinsic function. Build ARNs from
/// pieces with [`Expr::join`] and [`Pseudo::Partition`], never by writing `arn:aws:` by hand.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal string.
    Str(String),
    /// `{"Ref": "<LogicalId>"}` — a resource's primary identifier or a parameter's value.
    Ref(Target),
    /// `{"Fn::GetAtt": ["<LogicalId>", "<Attribute>"]}`.
    GetAtt(Target, String),
    /// `{"Ref": "AWS::…"}`.
    Pseudo(Pseudo),
    /// `{"Fn::Join": ["<sep>", [parts…]]}`.
    Join(String, Vec<Expr>),
    /// `{"Fn::ImportValue": …}` — an output exported by another stack.
    ImportValue(Box<Expr>),
    /// `{"Fn::If": ["<Condition>", then, else]}`.
    If(String, Box<Expr>, Box<Expr>),
    /// `{"Fn::Select": [index, {"Fn::Split": ["<sep>", source]}]}` — one piece of a string
    /// known at deploy time (e.g. the name inside an imported ARN).
    SplitSelect(String, u32, Box<Expr>),
}

impl Expr {
    /// A `Fn::Join` of the parts with no separator, with adjacent literals merged.
    #[must_use]
    pub fn join(parts: impl IntoIterator<Item = Expr>) -> Expr {
        let mut out: Vec<Expr> = Vec::new();
        for part in parts {
            match (out.last_mut(), part) {
                (Some(Expr::Str(prev)), Expr::Str(next)) => prev.push_str(&next),
                (_, Expr::Join(sep, inner)) if sep.is_empty() => {
                    for p in inner {
                        match (out.last_mut(), p) {
                            (Some(Expr::Str(prev)), Expr::Str(next)) => prev.push_str(&next),
                            (_, p) => out.push(p),
                        }
                    }
                }
                (_, part) => out.push(part),
            }
        }
        match out.len() {
            0 => Expr::Str(String::new()),
            1 if matches!(out[0], Expr::Str(_)) => out.remove(0),
            _ => Expr::Join(String::new(), out),
        }
    }

    /// `{"Fn::ImportValue": "<name>"}`: the value another stack exported under `name`.
    #[must_use]
    pub fn import_value(name: impl Into<Expr>) -> Expr {
        Expr::ImportValue(Box::new(name.into()))
    }

    /// `{"Fn::If": [condition, then, else]}`.
    #[must_use]
    pub fn if_(
        condition: impl Into<String>,
        then: impl Into<Expr>,
        otherwise: impl Into<Expr>,
    ) -> Expr {
        Expr::If(
            condition.into(),
            Box::new(then.into()),
            Box::new(otherwise.into()),
        )
    }

    /// Piece `index` of `source` split at `sep`; computed now when `source` is a literal.
    #[must_use]
    pub fn split_select(sep: &str, index: u32, source: Expr) -> Expr {
        match &source {
            Expr::Str(s) => Expr::Str(
                s.split(sep)
                    .nth(index as usize)
                    .unwrap_or_default()
                    .to_owned(),
            ),
            _ => Expr::SplitSelect(sep.to_owned(), index, Box::new(source)),
        }
    }

    /// The literal text, when this expression is a plain string.
    #[must_use]
    pub fn as_literal(&self) -> Option<&str> {
        match self {
            Expr::Str(s) => Some(s),
            _ => None,
        }
    }

    /// An ARN in the stack's partition: `arn:${AWS::Partition}:<service>:<region>:<account>:<resource>`,
    /// where `region` and `account` are the stack's when `true`, empty otherwise.
    #[must_use]
    pub fn arn(
        service: &str,
        regional: bool,
        account: bool,
        resource: impl IntoIterator<Item = Expr>,
    ) -> Expr {
        let mut parts = vec![
            Expr::from("arn:"),
            Expr::Pseudo(Pseudo::Partition),
            Expr::from(format!(":{service}:")),
        ];
        if regional {
            parts.push(Expr::Pseudo(Pseudo::Region));
        }
        parts.push(Expr::from(":"));
        if account {
            parts.push(Expr::Pseudo(Pseudo::AccountId));
        }
        parts.push(Expr::from(":"));
        parts.extend(resource);
        Expr::join(parts)
    }

    /// This expression with each `Ref` / `Fn::GetAtt` for which `resolve` gives a value
    /// replaced by that value (`resolve` sees the target and the attribute, `None` for a `Ref`).
    /// An app renders a reference to another stack's resource this way, as `Fn::ImportValue`.
    pub(crate) fn resolve(&self, resolve: &dyn Fn(&Target, Option<&str>) -> Option<Expr>) -> Expr {
        let inner = |e: &Expr| Box::new(e.resolve(resolve));
        match self {
            Expr::Str(_) | Expr::Pseudo(_) => self.clone(),
            Expr::Ref(t) => resolve(t, None).unwrap_or_else(|| self.clone()),
            Expr::GetAtt(t, attr) => resolve(t, Some(attr)).unwrap_or_else(|| self.clone()),
            Expr::Join(sep, parts) => Expr::Join(
                sep.clone(),
                parts.iter().map(|p| p.resolve(resolve)).collect(),
            ),
            Expr::ImportValue(e) => Expr::ImportValue(inner(e)),
            Expr::If(c, a, b) => Expr::If(c.clone(), inner(a), inner(b)),
            Expr::SplitSelect(sep, i, e) => Expr::SplitSelect(sep.clone(), *i, inner(e)),
        }
    }

    pub(crate) fn visit_targets<'a>(&'a self, f: &mut dyn FnMut(&'a Target)) {
        match self {
            Expr::Str(_) | Expr::Pseudo(_) => {}
            Expr::Ref(t) | Expr::GetAtt(t, _) => f(t),
            Expr::Join(_, parts) => parts.iter().for_each(|p| p.visit_targets(f)),
            Expr::ImportValue(e) | Expr::SplitSelect(_, _, e) => e.visit_targets(f),
            Expr::If(_, a, b) => {
                a.visit_targets(f);
                b.visit_targets(f);
            }
        }
    }

    /// The JSON form of this expression in a template.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::{json, Value};
        match self {
            Expr::Str(s) => Value::String(s.clone()),
            Expr::Ref(t) => json!({ "Ref": t.logical_id }),
            Expr::GetAtt(t, attr) => json!({ "Fn::GetAtt": [t.logical_id, attr] }),
            Expr::Pseudo(p) => json!({ "Ref": p.name() }),
            Expr::Join(sep, parts) if sep.is_empty() => sub(parts),
            Expr::Join(sep, parts) => {
                let parts: Vec<Value> = parts.iter().map(Expr::to_json).collect();
                json!({ "Fn::Join": [sep, parts] })
            }
            Expr::ImportValue(e) => json!({ "Fn::ImportValue": e.to_json() }),
            Expr::If(c, a, b) => json!({ "Fn::If": [c, a.to_json(), b.to_json()] }),
            Expr::SplitSelect(sep, i, e) => {
                json!({ "Fn::Select": [i, { "Fn::Split": [sep, e.to_json()] }] })
            }
        }
    }
}

/// A concatenation as `Fn::Sub` (what cfn-lint prefers over `Fn::Join` with `""`):
/// references become `${Id}` / `${Id.Attr}` / `${AWS::…}`, literal `${` is escaped as `${!`,
/// and any other intrinsic is passed as a variable (`${V0}`, `${V1}`, …).
fn sub(parts: &[Expr]) -> serde_json::Value {
    use serde_json::{json, Map};
    let mut text = String::new();
    let mut vars = Map::new();
    // Adjacent literals are escaped together: "$" then "{x}" is the literal "${x}", not a
    // reference to x.
    let mut literal = String::new();
    // A variable is never named like a resource this Sub references: `${V0}` would then be
    // the variable, not the resource `V0`.
    let referenced: Vec<&str> = parts
        .iter()
        .filter_map(|p| match p {
            Expr::Ref(t) | Expr::GetAtt(t, _) => Some(t.logical_id.as_str()),
            _ => None,
        })
        .collect();
    let flush = |literal: &mut String, text: &mut String| {
        text.push_str(&literal.replace("${", "${!"));
        literal.clear();
    };
    for p in parts {
        if let Expr::Str(s) = p {
            literal.push_str(s);
            continue;
        }
        flush(&mut literal, &mut text);
        match p {
            Expr::Str(_) => unreachable!("literals are gathered above"),
            Expr::Ref(t) => text.push_str(&format!("${{{}}}", t.logical_id)),
            Expr::GetAtt(t, attr) => text.push_str(&format!("${{{}.{attr}}}", t.logical_id)),
            Expr::Pseudo(ps) => text.push_str(&format!("${{{}}}", ps.name())),
            other => {
                let name = (vars.len()..)
                    .map(|n| format!("V{n}"))
                    .find(|n| !referenced.contains(&n.as_str()) && !vars.contains_key(n))
                    .unwrap_or_default();
                text.push_str(&format!("${{{name}}}"));
                vars.insert(name, other.to_json());
            }
        }
    }
    flush(&mut literal, &mut text);
    if vars.is_empty() {
        json!({ "Fn::Sub": text })
    } else {
        json!({ "Fn::Sub": [text, vars] })
    }
}

impl From<&str> for Expr {
    fn from(s: &str) -> Self {
        Expr::Str(s.to_owned())
    }
}

impl From<String> for Expr {
    fn from(s: String) -> Self {
        Expr::Str(s)
    }
}

impl From<&String> for Expr {
    fn from(s: &String) -> Self {
        Expr::Str(s.clone())
    }
}

impl From<Pseudo> for Expr {
    fn from(p: Pseudo) -> Self {
        Expr::Pseudo(p)
    }
}

/// A property value that is either a literal `T` (validated at synth) or an expression
/// resolved at deploy time (not range-checked: its value is unknown until then).
#[derive(Debug, Clone, PartialEq)]
pub enum Val<T> {
    /// A literal, checked against the property's allowed values at synth.
    Lit(T),
    /// An intrinsic, e.g. a parameter's `Ref`; passed through unchecked.
    Expr(Expr),
}

impl<T> Val<T> {
    /// The literal, if this is one.
    #[must_use]
    pub fn literal(&self) -> Option<&T> {
        match self {
            Val::Lit(v) => Some(v),
            Val::Expr(_) => None,
        }
    }
}

impl<T: serde::Serialize> Val<T> {
    /// The JSON form: the literal serialized, or the expression rendered.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Val::Lit(v) => serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
            Val::Expr(e) => e.to_json(),
        }
    }

    pub(crate) fn expr(&self) -> Option<&Expr> {
        match self {
            Val::Lit(_) => None,
            Val::Expr(e) => Some(e),
        }
    }
}

macro_rules! val_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Val<$t> {
            fn from(v: $t) -> Self { Val::Lit(v) }
        }
    )*};
}
val_from!(u8, u16, u32, u64, i32, i64, f64, bool, String);

impl From<&str> for Val<String> {
    fn from(v: &str) -> Self {
        Val::Lit(v.to_owned())
    }
}

impl<T> From<Expr> for Val<T> {
    fn from(e: Expr) -> Self {
        Val::Expr(e)
    }
}

/// Something that renders to a template value and may reference resources.
pub trait ToTemplate {
    /// The JSON form of the value.
    fn to_template(&self) -> serde_json::Value;
    /// Calls `f` on every `Ref` / `Fn::GetAtt` target inside the value.
    fn targets(&self, f: &mut dyn FnMut(&Target));
    /// The JSON form of the value, with each `Ref` / `Fn::GetAtt` for which `resolve` gives an
    /// expression (it sees the target and the attribute, `None` for a `Ref`) rendered as that
    /// expression: how an app renders a reference to another stack's resource, as
    /// `Fn::ImportValue`.
    fn to_template_resolved(
        &self,
        resolve: &dyn Fn(&Target, Option<&str>) -> Option<Expr>,
    ) -> serde_json::Value;
}

impl ToTemplate for Expr {
    fn to_template(&self) -> serde_json::Value {
        self.to_json()
    }
    fn targets(&self, f: &mut dyn FnMut(&Target)) {
        self.visit_targets(&mut |t| f(t));
    }
    fn to_template_resolved(
        &self,
        resolve: &dyn Fn(&Target, Option<&str>) -> Option<Expr>,
    ) -> serde_json::Value {
        self.resolve(resolve).to_json()
    }
}

impl<T: serde::Serialize> ToTemplate for Val<T> {
    fn to_template(&self) -> serde_json::Value {
        self.to_json()
    }
    fn targets(&self, f: &mut dyn FnMut(&Target)) {
        if let Some(e) = self.expr() {
            e.visit_targets(&mut |t| f(t));
        }
    }
    fn to_template_resolved(
        &self,
        resolve: &dyn Fn(&Target, Option<&str>) -> Option<Expr>,
    ) -> serde_json::Value {
        match self {
            Val::Lit(_) => self.to_json(),
            Val::Expr(e) => e.resolve(resolve).to_json(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_merges_adjacent_literals() {
        let e = Expr::join([
            Expr::from("a"),
            Expr::from("b"),
            Expr::Pseudo(Pseudo::Region),
            Expr::from("c"),
        ]);
        assert_eq!(
            e,
            Expr::Join(
                String::new(),
                vec![
                    Expr::from("ab"),
                    Expr::Pseudo(Pseudo::Region),
                    Expr::from("c")
                ]
            )
        );
        assert_eq!(
            e.to_json(),
            serde_json::json!({"Fn::Sub": "ab${AWS::Region}c"})
        );
        assert_eq!(
            Expr::join([Expr::from("x"), Expr::from("y")]),
            Expr::from("xy")
        );
    }

    #[test]
    fn arn_uses_the_partition() {
        let e = Expr::arn("logs", true, true, [Expr::from("log-group:x")]);
        assert_eq!(
            e.to_json(),
            serde_json::json!({"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:x"})
        );
    }

    #[test]
    fn sub_escapes_literals_and_passes_other_intrinsics_as_variables() {
        let t = Target {
            stack: StackId::for_tests(),
            logical_id: "Log".into(),
        };
        let e = Expr::join([
            Expr::from("${not-a-var}/"),
            Expr::GetAtt(t.clone(), "Arn".into()),
            Expr::from("/"),
            Expr::import_value("Shared"),
        ]);
        assert_eq!(
            e.to_json(),
            serde_json::json!({"Fn::Sub": ["${!not-a-var}/${Log.Arn}/${V0}", {"V0": {"Fn::ImportValue": "Shared"}}]})
        );
    }

    /// CloudFormation's `Fn::Sub` on `text` with `vars`, where every `${Name}` not in `vars`
    /// resolves to `<Name>` (a reference or pseudo parameter) and `${!` is a literal `${`.
    fn evaluate_sub(v: &serde_json::Value) -> String {
        let (text, vars) = match v.get("Fn::Sub") {
            Some(serde_json::Value::String(t)) => (t.clone(), serde_json::Map::new()),
            Some(serde_json::Value::Array(a)) => (
                a[0].as_str().expect("text").to_owned(),
                a[1].as_object().expect("vars").clone(),
            ),
            _ => panic!("not a Fn::Sub: {v}"),
        };
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            rest = &rest[i + 2..];
            if let Some(r) = rest.strip_prefix('!') {
                out.push_str("${");
                rest = r;
                continue;
            }
            let end = rest.find('}').expect("an unclosed ${ in the text");
            let name = &rest[..end];
            match vars.get(name) {
                Some(value) => out.push_str(&format!("<{value}>")),
                None => out.push_str(&format!("<{name}>")),
            }
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// What the parts mean, evaluated the same way as [`evaluate_sub`].
    fn meaning(parts: &[Expr]) -> String {
        parts
            .iter()
            .map(|p| match p {
                Expr::Str(s) => s.clone(),
                Expr::Ref(t) => format!("<{}>", t.logical_id),
                Expr::GetAtt(t, a) => format!("<{}.{a}>", t.logical_id),
                Expr::Pseudo(ps) => format!("<{}>", ps.name()),
                other => format!("<{}>", other.to_json()),
            })
            .collect()
    }

    fn part() -> impl proptest::strategy::Strategy<Value = Expr> {
        use proptest::prelude::*;
        let target = |id: String| Target {
            stack: StackId::for_tests(),
            logical_id: id,
        };
        prop_oneof![
            4 => "[a-z${}!/:]{0,6}".prop_map(Expr::Str),
            1 => "[A-Z][a-z0-9]{0,4}".prop_map(move |id| Expr::Ref(target(id))),
            1 => "[A-Z][a-z0-9]{0,4}".prop_map(move |id| Expr::GetAtt(
                Target { stack: StackId::for_tests(), logical_id: id },
                "Arn".into()
            )),
            1 => Just(Expr::Pseudo(Pseudo::Region)),
            1 => "[a-z]{1,5}".prop_map(Expr::import_value),
        ]
    }

    proptest::proptest! {
        /// Whatever the literals hold (`$`, `{`, `}`, `!`, split across parts or not), the
        /// `Fn::Sub` ferrocdk writes evaluates to exactly the concatenation of its parts.
        #[test]
        fn sub_escaping_round_trips(parts in proptest::collection::vec(part(), 0..8)) {
            let rendered = sub(&parts);
            proptest::prop_assert_eq!(evaluate_sub(&rendered), meaning(&parts), "{}", rendered);
        }
    }
}
