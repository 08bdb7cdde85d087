//! The rule registry: every diagnostic code ferrocdk reports, with its severity and a summary.
//!
//! A construct reports through a rule, never a loose string:
//! `ctx.error(&rules::KINESIS_RETENTION, "RetentionPeriodHours", received, allowed)`.
//! [`ALL`] lists every rule; `docs/rules.md` is generated from it (a test keeps the page fresh),
//! and a test triggers every rule in [`ALL`].

use crate::diagnostic::Severity;

/// One rule: a stable code, how bad it is, and what it checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// A stable code, e.g. `kinesis-retention`.
    pub code: &'static str,
    /// Errors fail synth (or a file's validation, or `ferrocdk diff --fail-on`); warnings do not.
    pub severity: Severity,
    /// One sentence: what the rule checks.
    pub summary: &'static str,
}

/// Declares rules as `pub const`s and the [`ALL`] list, in one place.
macro_rules! rules {
    ($($(#[$doc:meta])* $name:ident = ($code:literal, $sev:ident, $summary:literal);)*) => {
        $(
            $(#[$doc])*
            #[doc = concat!("`", $code, "`: ", $summary)]
            pub const $name: Rule = Rule { code: $code, severity: Severity::$sev, summary: $summary };
        )*
        /// Every rule, in registry order.
        pub const ALL: &[&Rule] = &[$(&$name),*];
    };
}

rules! {
    CROSS_STACK_REFERENCE = ("cross-stack-reference", Error,
        "A property refers to a resource of another stack.");
    TEMPLATE_EMPTY = ("template-empty", Error,
        "A stack defines no resource (CloudFormation: \"At least one Resources member must be defined\").");
    TEMPLATE_DEPTH = ("template-depth", Error,
        "The template nests objects and lists deeper than 128 levels.");
    CONDITION_NAME = ("condition-name", Error,
        "A condition name is not 1–255 ASCII letters and digits.");
    DUPLICATE_CONDITION = ("duplicate-condition", Error,
        "Two conditions have the same name.");
    CONDITION_CONFLICT = ("condition-conflict", Error,
        "A resource is put under two different conditions.");
    RAW_RESOURCE_TYPE = ("raw-resource-type", Error,
        "A raw resource's Type is not AWS::Service::Resource, Org::Service::Resource(::MODULE) or Custom::Name.");
    RAW_RESOURCE_REFERENCE = ("raw-resource-reference", Error,
        "A raw resource's Ref, Fn::GetAtt, Fn::Sub variable or Fn::If names nothing the stack defines.");
    RAW_RESOURCE_DEPENDS_ON = ("raw-resource-depends-on", Error,
        "A raw resource's DependsOn names no resource of the stack.");
}

/// The rule with `code`, if any.
#[must_use]
pub fn by_code(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}
