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

    // `ferrocdk diff` (crate::diff): what an update between two templates loses or breaks.
    DIFF_TABLE_REPLACED = ("diff-table-replaced", Error,
        "A DynamoDB table is replaced or removed: its items stay behind or are deleted.");
    DIFF_KINESIS_STREAM_REPLACED = ("diff-kinesis-stream-replaced", Error,
        "A Kinesis stream is replaced or removed: records not yet read are lost.");
    DIFF_DELIVERY_STREAM_REPLACED = ("diff-delivery-stream-replaced", Error,
        "A Firehose delivery stream is replaced: the new one starts at LATEST, leaving a gap.");
    DIFF_RETENTION_DECREASED = ("diff-retention-decreased", Error,
        "A stream, log group or queue keeps its data for a shorter time: older data is deleted.");
    DIFF_KINESIS_DESTINATION_CHANGED = ("diff-kinesis-destination-changed", Error,
        "A table's Kinesis streaming destination changes or goes: changes in the window are not sent.");
    DIFF_STREAM_VIEW_TYPE = ("diff-stream-view-type", Error,
        "A table's stream view type changes or its stream is disabled: a new stream, unread records lost.");
    DIFF_GSI_CHANGES = ("diff-gsi-changes", Error,
        "More than one global secondary index is created or deleted in one update, which fails.");
    DIFF_SHARD_COUNT_STEP = ("diff-shard-count-step", Error,
        "A shard count changes beyond double or half in one update, which fails.");
    DIFF_LOGICAL_ID_RENAMED = ("diff-logical-id-renamed", Error,
        "A stateful resource's logical ID is renamed: a new, empty resource replaces it.");
    DIFF_RETAIN_DROPPED = ("diff-retain-dropped", Error,
        "A stateful resource loses DeletionPolicy or UpdateReplacePolicy Retain.");
    DIFF_CUSTOM_RESOURCE_REPLACED = ("diff-custom-resource-replaced", Error,
        "A custom resource is replaced: its handler's Delete runs on the old physical ID.");
    DIFF_UPDATE_FAILS = ("diff-update-fails", Error,
        "CloudFormation rejects the change (a type change, a named resource's replacement, a KMS key spec).");
}

/// The rule with `code`, if any.
#[must_use]
pub fn by_code(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}
