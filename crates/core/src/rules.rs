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
    // The query layer (glue/, athena/; tested in tests/query.rs).
    GLUE_NAME = ("glue-name", Error,
        "A Glue database or table name is 1–255 of [a-z0-9_].");
    GLUE_PROJECTION = ("glue-projection", Error,
        "The delivery stream's prefix can be turned into Athena partition projection.");
    GLUE_PROJECTION_START = ("glue-projection-start", Error,
        "The first projected day is a valid YYYY-MM-DD date.");
    GLUE_RECORD_CONTRACT = ("glue-record-contract", Error,
        "The catalog reads a delivery stream that writes the record contract's change lines.");
    GLUE_COMPRESSION = ("glue-compression", Error,
        "The catalog reads GZIP or uncompressed objects, which Athena can decompress.");
    GLUE_ATTRIBUTE = ("glue-attribute", Error,
        "A declared attribute or key has a usable name, a unique column and a valid type.");
    ATHENA_WORKGROUP_NAME = ("athena-workgroup-name", Error,
        "An Athena workgroup name is 1–128 of [a-zA-Z0-9._-].");
    ATHENA_BYTES_SCANNED_CUTOFF = ("athena-bytes-scanned-cutoff", Error,
        "The bytes-scanned cutoff per query is at least 10,000,000 bytes.");
    FIREHOSE_CONVERSION_BUFFERING = ("firehose-conversion-buffering", Error,
        "Record format conversion has buffers of at least 64 MB.");
    FIREHOSE_CONVERSION_COMPRESSION = ("firehose-conversion-compression", Error,
        "Record format conversion writes UNCOMPRESSED objects (the Parquet serializer compresses).");
    FIREHOSE_CONVERSION_PROCESSOR = ("firehose-conversion-processor", Error,
        "Record format conversion reads the built-in transform's change lines.");
    FIREHOSE_CONVERSION_ATTRIBUTE = ("firehose-conversion-attribute", Error,
        "A typed Parquet attribute has a usable, unique name and a valid type.");
    ATHENA_NAMED_QUERY = ("athena-named-query", Error,
        "A named query's name is at most 128 characters and its query at most 262,144 bytes.");
    ATHENA_RESULTS_LOCATION = ("athena-results-location", Error,
        "Query results go to a valid prefix outside the change log.");
}

/// The rule with `code`, if any.
#[must_use]
pub fn by_code(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}
