//! The corpus of bad stack files: each `tests/stack_files/bad/<name>.json` reports exactly the
//! diagnostics listed in `<name>.expected` (severity, code, property, path with line and
//! column), in that order, all at once — the file's own problems first, then synth's.

use ferrocdk::stack_file::{synth_text, StackFile};
use ferrocdk::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/stack_files/bad");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/stack_files/bad")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn line(d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("{severity} {} | {} | {}", d.code, d.property, d.path)
}

fn problems(file: &Path) -> Vec<Diagnostic> {
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(file).expect("readable");
    match synth_text(&name, &text) {
        Ok(s) => panic!("{name} synthesized; warnings: {:?}", s.warnings),
        Err(d) => d,
    }
}

#[test]
fn every_bad_file_reports_exactly_its_expected_diagnostics() {
    let files = corpus();
    assert!(files.len() >= 10, "the corpus has {} files", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let expected_path = file.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no .expected file", file.display()));
        let expected: Vec<&str> = expected
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect();
        let got: Vec<String> = problems(file).iter().map(line).collect();
        if got != expected {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  got:\n    {}",
                file.display(),
                expected.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn parse_alone_reports_the_same_file_problems_without_synth() {
    // StackFile::parse reports what the text itself gets wrong; references and synth come later.
    let file = corpus()
        .into_iter()
        .find(|f| f.ends_with("wrong_type.json"))
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let d = StackFile::parse("wrong_type.json", &text).unwrap_err();
    assert_eq!(d.len(), 7, "{d:#?}");
    assert!(d.iter().all(|d| d.code.starts_with("file-")));
}

fn find<'a>(d: &'a [Diagnostic], property: &str) -> &'a Diagnostic {
    d.iter()
        .find(|d| d.property == property)
        .unwrap_or_else(|| panic!("no diagnostic for {property}: {d:#?}"))
}

fn bad(name: &str) -> Vec<Diagnostic> {
    problems(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/stack_files/bad")
            .join(name),
    )
}

#[test]
fn a_reference_to_the_wrong_kind_names_the_kind_and_what_is_allowed() {
    let d = bad("wrong_kind.json");
    let source = find(&d, "constructs[4].source");
    assert_eq!(
        source.received,
        "\"ChangeLog\", the id of a Bucket (constructs[2])"
    );
    assert!(source.allowed.contains("a KinesisStream"), "{source}");
    assert!(source.allowed.contains("\"Changes\""), "{source}");
    assert!(source.allowed.contains("existingArn"), "{source}");
    let fed = find(&d, "constructs[6].deliveryStream");
    assert!(fed.received.contains("Kinesis-fed"), "{fed}");
    assert!(fed.allowed.contains("DirectPut"), "{fed}");
}

#[test]
fn a_reference_before_its_definition_says_where_the_definition_is() {
    let d = bad("reference_before_definition.json");
    assert_eq!(d.len(), 1);
    assert!(
        d[0].received.contains("defined later, at constructs[1]"),
        "{}",
        d[0]
    );
    assert!(
        d[0].allowed.contains("move it above constructs[0]"),
        "{}",
        d[0]
    );
}

#[test]
fn a_syntax_error_is_one_diagnostic_with_line_and_column() {
    let d = bad("syntax_error.json");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].path, "syntax_error.json:5:3");
    assert_eq!(d[0].received, "trailing comma");
}

#[test]
fn unknown_members_list_the_members_allowed() {
    let d = bad("unknown_field.json");
    let f = find(&d, "constructs[0].retention");
    assert!(f.allowed.contains("retentionHours"), "{f}");
    assert!(!f.allowed.contains('`'), "{f}");
}

#[test]
fn synth_diagnostics_keep_their_construct_paths() {
    let d = bad("synth_errors.json");
    let r = find(&d, "RetentionPeriodHours");
    assert_eq!(r.path, "OrdersChangeLog/Changes");
    assert_eq!(r.received, "12");
}

#[test]
fn building_a_value_reports_reference_problems_without_a_source() {
    use ferrocdk::stack_file::*;
    let mut file = StackFile::new("Values");
    file.constructs
        .push(ConstructSpec::Bucket(BucketProps::new("Log")));
    let mut ds = DeliveryStreamProps::new(
        "ToS3",
        S3DestinationProps::new(BucketReference::Id("Log".into())),
    );
    ds.source = Some(StreamReference::Id("Log".into()));
    file.constructs.push(ConstructSpec::DeliveryStream(ds));
    file.constructs
        .push(ConstructSpec::Bucket(BucketProps::new("Log")));
    let d = match file.build() {
        Ok(_) => panic!("built"),
        Err(d) => d,
    };
    let got: Vec<String> = d.iter().map(line).collect();
    assert_eq!(
        got,
        [
            "error file-duplicate-id | constructs[2].id | <stack file>",
            "error file-reference | constructs[1].source | <stack file>",
        ]
    );
}

#[test]
fn odd_inputs_never_panic() {
    for text in [
        "",
        "null",
        "{}",
        "[]",
        "\"x\"",
        "{\"name\": 1, \"constructs\": 2}",
        "{\"name\": \"X\", \"constructs\": [null, [], 1, {\"type\": 1}, {\"type\": \"Table\"}]}",
        "{\"name\": \"X\", \"constructs\": [{\"type\": \"Table\", \"id\": \"T\", \"partitionKey\": []}]}",
        "{\"name\": \"X\", \"constructs\": [], \"outputs\": {\"\": {}, \"a.b\": {\"arn\": \"\"}}}",
        "{\"name\": \"X\", \"constructs\": [], \"parameters\": {\"P\": {\"type\": \"Number\"}}, \"outputs\": {\"O\": {\"value\": {\"sub\": \"${P}${!x}${\"}}}}",
        "{\"name\": \"\\u00e9\", \"constructs\": [{\"type\": \"Bucket\", \"id\": \"\\n\"}]}",
        &format!("{}{}", "[".repeat(200), "]".repeat(200)),
    ] {
        match synth_text("odd.json", text) {
            Ok(s) => assert!(!s.template.resources.is_empty() || text.contains("\"constructs\": []"), "{text}"),
            Err(d) => {
                assert!(!d.is_empty(), "{text}");
                for x in &d {
                    assert!(!x.to_string().contains('\n'), "{x}");
                }
            }
        }
    }
}

#[test]
fn every_file_rule_of_the_registry_is_triggered_by_the_corpus_or_the_command_tests() {
    // The stack-file rules (`file-…`) of crates/core/src/rules.rs: each one appears in an
    // .expected file of the bad corpus, or in the command's tests (file-read needs a path).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file_rules: Vec<&str> = ferrocdk::core::rules::ALL
        .iter()
        .map(|r| r.code)
        .filter(|c| c.starts_with("file-"))
        .collect();
    assert!(file_rules.len() >= 9, "{file_rules:?}");
    let mut tested: String = corpus()
        .iter()
        .map(|f| std::fs::read_to_string(f.with_extension("expected")).unwrap())
        .collect();
    tested.push_str(&std::fs::read_to_string(root.join("tests/stack_file_cli.rs")).unwrap());
    let untested: Vec<&&str> = file_rules
        .iter()
        .filter(|c| {
            !tested.contains(&format!("error {c} |")) && !tested.contains(&format!("[{c}]"))
        })
        .collect();
    assert!(
        untested.is_empty(),
        "file rules without a test: {untested:?}"
    );
}
