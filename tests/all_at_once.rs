//! Synth reports every problem at once: one `SynthError` with all of them, errors before
//! warnings, readable through `Display` and `Debug` alike, and synth never panics.

mod common;

use common::*;
use ferrocdk::prelude::*;
use ferrocdk::{Diagnostic, Severity};
use std::error::Error;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A stack with many independent problems, one of each kind.
fn broken() -> Stack {
    let mut other = Stack::new("Shared");
    let foreign_bucket = other.add(Bucket::new("Archive"));

    let mut stack = Stack::new("Broken");
    // kinesis-retention (12 < 24) and the kinesis-unencrypted warning.
    let stream = stack.add(
        KinesisStream::new("Changes")
            .retention_hours(12)
            .encryption(StreamEncryption::Unencrypted),
    );
    // dynamodb-table-name (2 characters).
    stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .table_name("ab")
            .kinesis_stream(&stream),
    );
    // duplicate-logical-id: a bucket with the table's id.
    stack.add(Bucket::new("Orders"));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    // lambda-timeout (Firehose waits 300 s at most) and firehose-processor-timeout.
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape").timeout_seconds(900));
    // firehose-prefix-syntax (unclosed expression).
    stack.add(
        DeliveryStream::new(
            "ToS3",
            S3Destination::new(&bucket)
                .processor(&shape)
                .prefix("changes/!{timestamp:yyyy"),
        )
        .source(&stream),
    );
    // cross-stack-reference: a bucket handle of another stack.
    stack.add(
        DeliveryStream::new("Archive", S3Destination::new(&foreign_bucket)).external_producers(),
    );
    // override-path: through a scalar.
    stack.override_property("ToS3", "DeliveryStreamType.Extra", "x");
    stack
}

const EXPECTED: &[(&str, &str)] = &[
    ("kinesis-retention", "Broken/Changes"),
    ("dynamodb-table-name", "Broken/Orders"),
    ("duplicate-logical-id", "Broken/Orders"),
    ("lambda-timeout", "Broken/Shape"),
    ("firehose-processor-timeout", "Broken/ToS3"),
    ("firehose-prefix-syntax", "Broken/ToS3"),
    ("cross-stack-reference", "Broken/Archive"),
    ("override-path", "Broken/ToS3"),
];

#[test]
fn one_error_lists_every_problem() {
    let e = synth_err(&broken());
    for (code, path) in EXPECTED {
        assert!(
            e.diagnostics
                .iter()
                .any(|d| d.code == *code && d.path == *path && d.is_error()),
            "missing error {code} at {path} in:\n{e}"
        );
    }
    let w: Vec<&Diagnostic> = e.diagnostics.iter().filter(|d| !d.is_error()).collect();
    assert_eq!(w.len(), 1, "{e}");
    assert_eq!(
        (w[0].code, w[0].path.as_str()),
        ("kinesis-unencrypted", "Broken/Changes")
    );
    assert!(e.has("kinesis-unencrypted") && e.has("override-path"));
    // Nothing unexpected: every diagnostic is one of the planted problems.
    for d in &e.diagnostics {
        assert!(
            d.code == "kinesis-unencrypted" || EXPECTED.iter().any(|(c, _)| *c == d.code),
            "unexpected {d}"
        );
    }
    assert_eq!(e.errors().count(), e.diagnostics.len() - 1);
}

#[test]
fn errors_come_before_warnings() {
    let e = synth_err(&broken());
    let severities: Vec<Severity> = e.diagnostics.iter().map(|d| d.severity).collect();
    let first_warning = severities
        .iter()
        .position(|s| *s == Severity::Warning)
        .expect("a warning");
    assert!(
        severities[first_warning..]
            .iter()
            .all(|s| *s == Severity::Warning),
        "{severities:?}"
    );
    assert!(first_warning > 0);
    // The warning was found first (the stream is the first construct), yet it is listed last.
    assert_eq!(
        e.diagnostics.last().map(|d| d.code),
        Some("kinesis-unencrypted")
    );
}

#[test]
fn display_lists_every_diagnostic_on_its_own_line() {
    let e = synth_err(&broken());
    let text = e.to_string();
    let lines: Vec<&str> = text.lines().collect();
    let errors = e.errors().count();
    assert_eq!(lines[0], format!("synth failed with {errors} error(s):"));
    assert_eq!(lines.len(), 1 + e.diagnostics.len(), "{text}");
    for (d, line) in e.diagnostics.iter().zip(&lines[1..]) {
        assert_eq!(line.trim(), d.to_string());
        let level = if d.is_error() { "error" } else { "warning" };
        for part in [level, d.code, &d.path, &d.property, &d.received, &d.allowed] {
            assert!(line.contains(part), "{line:?} should contain {part:?}");
        }
    }
    assert!(text.ends_with('\n'));
    // One diagnostic, fully rendered.
    let d = e
        .diagnostics
        .iter()
        .find(|d| d.code == "kinesis-retention")
        .expect("retention");
    assert!(
        lines.contains(&format!("  error[kinesis-retention]: Broken/Changes: RetentionPeriodHours: received 12; allowed: {}", d.allowed).as_str()),
        "{text}"
    );
}

#[test]
fn debug_equals_display_also_boxed() {
    let e = synth_err(&broken());
    assert_eq!(format!("{e:?}"), format!("{e}"));
    // What `fn main() -> Result<(), Box<dyn Error>>` prints.
    fn main_like(stack: &Stack) -> Result<(), Box<dyn Error>> {
        stack.synth()?;
        Ok(())
    }
    let boxed = main_like(&broken()).expect_err("synth fails");
    assert_eq!(format!("{boxed:?}"), e.to_string());
    assert!(
        !format!("{boxed:?}").contains("SynthError {"),
        "Debug must not be the derived form"
    );
}

#[test]
fn synth_is_repeatable_and_does_not_panic() {
    let stack = broken();
    let first = catch_unwind(AssertUnwindSafe(|| stack.synth())).expect("synth panicked");
    let second = catch_unwind(AssertUnwindSafe(|| stack.synth())).expect("synth panicked");
    assert_eq!(first.err(), second.err());
}

type Case = (&'static str, Box<dyn Fn() -> Stack>);

/// Odd inputs never panic: each of these stacks synthesizes or reports diagnostics.
#[test]
fn odd_inputs_never_panic() {
    let cases: Vec<Case> = vec![
        (
            "empty ids",
            Box::new(|| {
                let mut s = Stack::new("");
                let stream = s.add(KinesisStream::new(""));
                let b = s.add(Bucket::new(""));
                let f = s.add(TransformFunction::dynamodb_changes(""));
                s.add(
                    DeliveryStream::new("", S3Destination::new(&b).processor(&f)).source(&stream),
                );
                s
            }),
        ),
        (
            "unicode ids and names",
            Box::new(|| {
                let mut s = Stack::new("Ünïcødé");
                let stream = s.add(KinesisStream::new("Strøm").stream_name("ström"));
                s.add(
                    Table::new("Tåble", Attribute::string("ключ"))
                        .table_name("表")
                        .kinesis_stream(&stream),
                );
                s.add(Bucket::new("Bücket").bucket_name("bücket"));
                s.tag("ключ", "значение");
                s
            }),
        ),
        (
            "extreme numbers",
            Box::new(|| {
                let mut s = Stack::new("X");
                let stream = s.add(
                    KinesisStream::new("S")
                        .retention_hours(u32::MAX)
                        .mode(StreamMode::Provisioned(u32::MAX.into())),
                );
                let b = s.add(
                    Bucket::new("B").lifecycle_rule(
                        LifecycleRule::new("R")
                            .expiration_days(u32::MAX)
                            .transition(StorageClass::Glacier, u32::MAX),
                    ),
                );
                let f = s.add(
                    TransformFunction::dynamodb_changes("F")
                        .memory_mb(u32::MAX)
                        .timeout_seconds(u32::MAX)
                        .reserved_concurrency(u32::MAX)
                        .log_retention_days(u32::MAX),
                );
                s.add(
                    DeliveryStream::new(
                        "D",
                        S3Destination::new(&b)
                            .lambda_processor(
                                LambdaProcessor::new(&f)
                                    .buffer_size_mb(f64::INFINITY)
                                    .buffer_interval_seconds(u32::MAX)
                                    .retries(u32::MAX),
                            )
                            .buffering(u32::MAX, u32::MAX)
                            .log_retention_days(u32::MAX),
                    )
                    .source(&stream),
                );
                s
            }),
        ),
        (
            "odd prefixes",
            Box::new(|| {
                let mut s = Stack::new("P");
                let b = s.add(Bucket::new("B"));
                for (i, p) in [
                    "!{",
                    "!{}",
                    "!{:}",
                    "}!{a:b",
                    "!{timestamp:!{x}}",
                    "é!{firehose:random-string}",
                    "!{!{",
                ]
                .iter()
                .enumerate()
                {
                    s.add(DeliveryStream::new(
                        format!("D{i}"),
                        S3Destination::new(&b).prefix(*p).error_output_prefix(*p),
                    ));
                }
                s
            }),
        ),
        (
            "odd overrides",
            Box::new(|| {
                let mut s = Stack::new("O");
                s.add(Bucket::new("B"));
                for p in [
                    "",
                    ".",
                    "..",
                    "A.",
                    ".A",
                    "OwnershipControls.Rules.99.X",
                    "OwnershipControls.Rules.x",
                    "OwnershipControls.Rules.18446744073709551616",
                ] {
                    s.override_property("B", p, 1);
                    s.remove_property("B", p);
                }
                s.override_property("", "", 1);
                s
            }),
        ),
    ];
    for (name, build) in cases {
        let result = catch_unwind(AssertUnwindSafe(|| build().synth()));
        assert!(result.is_ok(), "{name}: synth panicked");
        if let Ok(Err(e)) = result {
            // Errors render, one per line.
            assert_eq!(
                e.to_string().lines().count(),
                1 + e.diagnostics.len(),
                "{name}"
            );
        }
    }
}

#[test]
fn a_newline_in_an_id_stays_on_the_diagnostic_line() {
    let mut stack = Stack::new("Demo");
    stack.add(KinesisStream::new("Bad\nId"));
    let e = match stack.synth() {
        Ok(_) => panic!("an id with a newline must be rejected"),
        Err(e) => e,
    };
    let text = e.to_string();
    // The header line, then exactly one line per diagnostic.
    assert_eq!(text.lines().count(), 1 + e.diagnostics.len(), "{text}");
    assert!(text.contains("Demo/Bad\\nId"), "{text}");
}
