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

    // Stack files (the declarative JSON format): problems of the file itself, reported with
    // `<file>:<line>:<column>` as path and the JSON path as property.
    FILE_SYNTAX = ("file-syntax", Error,
        "A stack file is not JSON text (one diagnostic: parsing stops there).");
    FILE_READ = ("file-read", Error,
        "A stack file cannot be read.");
    FILE_TOO_LARGE = ("file-too-large", Error,
        "A stack file is larger than any stack file whose template CloudFormation accepts.");
    FILE_DUPLICATE_KEY = ("file-duplicate-key", Error,
        "An object of a stack file gives one member twice.");
    FILE_UNKNOWN_FIELD = ("file-unknown-field", Error,
        "An object of a stack file has a member the format does not define.");
    FILE_MISSING_FIELD = ("file-missing-field", Error,
        "An object of a stack file lacks a required member.");
    FILE_TYPE = ("file-type", Error,
        "A value of a stack file has the wrong JSON type.");
    FILE_VALUE = ("file-value", Error,
        "A value of a stack file is not one of its choices, or members contradict each other.");
    FILE_DUPLICATE_ID = ("file-duplicate-id", Error,
        "Two constructs of a stack file have the same id.");
    FILE_TOO_MANY_PROBLEMS = ("file-too-many-problems", Error,
        "A stack file has more problems than are listed one by one: the rest are counted.");
    FILE_REFERENCE = ("file-reference", Error,
        "A reference in a stack file names no construct or parameter, one of the wrong kind, or one defined later.");
}

/// The rule with `code`, if any.
#[must_use]
pub fn by_code(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}
