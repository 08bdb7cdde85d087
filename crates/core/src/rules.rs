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
    KINESIS_EXPECTED_LOAD = ("kinesis-expected-load", Error,
        "A stream's declared load is a finite rate of at least 0 with items of 1 byte to 400 KB.");
    KINESIS_SHARDS_TOO_FEW = ("kinesis-shards-too-few", Error,
        "A provisioned stream's shards take its declared peak writes (1 MiB/s and 1,000 records/s per shard).");
    KINESIS_READ_CAPACITY = ("kinesis-read-capacity", Error,
        "A provisioned stream's shards serve its polling consumers at the declared peak (2 MiB/s and 5 GetRecords/s per shard, shared).");
    KINESIS_ON_DEMAND_CAPACITY = ("kinesis-on-demand-capacity", Warning,
        "An on-demand stream's declared peak fits what a new stream starts with (4 MB/s) and serves its polling consumers (reads twice the write capacity).");
    KINESIS_READ_BUDGET = ("kinesis-read-budget", Warning,
        "A stream without a declared load (or shard count) has at most 2 polling consumers, and never more than 5.");
}

/// The rule with `code`, if any.
#[must_use]
pub fn by_code(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}
