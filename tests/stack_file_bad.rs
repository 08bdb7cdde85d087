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
fn synth_diagnostics_are_placed_at_the_member_that_sets_the_property() {
    let d = bad("synth_errors.json");
    let r = find(&d, "constructs[0].retentionHours");
    assert_eq!(
        (r.code, r.path.as_str()),
        ("kinesis-retention", "synth_errors.json:4:49")
    );
    assert_eq!(r.received, "12");
}

#[test]
fn file_and_synth_problems_come_in_one_run_synths_placed_in_the_file() {
    // The stream has a member in error and the table an unknown one; synth still checks the
    // delivery stream that reads the stream (30 s of buffering with dynamic partitioning),
    // and a bad id is one logical-id error, not one per derived resource.
    let d = bad("one_round.json");
    let got: Vec<String> = d.iter().map(line).collect();
    assert_eq!(
        got,
        [
            "error file-type | constructs[0].retentionHours | one_round.json:4:48",
            "error file-unknown-field | constructs[1].kinesisStrem | one_round.json:5:84",
            "error firehose-buffering | constructs[4].destination.buffering.intervalSeconds | one_round.json:9:75",
            "error logical-id | constructs[5].id | one_round.json:10:32",
            // A DirectPut stream nothing writes to (the app branch's rule), at its construct.
            "warning firehose-no-producer | DeliveryStreamType | one_round.json:10:5",
        ]
    );
    assert!(
        d[1].allowed.starts_with("did you mean \"kinesisStream\"? "),
        "{}",
        d[1]
    );
    assert_eq!(
        d[3].received,
        "\"Bad!\" (and 4 logical IDs derived from it)"
    );
}

#[test]
fn a_construct_with_an_error_keeps_its_id_and_type_for_the_references_to_it() {
    let text = r#"{"name": "Kept", "constructs": [
        {"type": "KinesisStream", "id": "Changes", "retentionHours": "long"},
        {"type": "Bucket", "id": "Log", "versioning": true},
        {"type": "Table", "id": "Orders", "kinesisStream": "Change"},
        {"type": "Table", "id": "Audit", "partitionKey": {"name": "pk", "type": "S"}, "kinesisStream": "Log"},
        {"type": "Alarms", "id": "Watch", "watch": ["Changes", "Log"]}
    ]}"#;
    let d = synth_text("kept.json", text).unwrap_err();
    let got: Vec<String> = d.iter().map(line).collect();
    assert_eq!(
        got,
        [
            "error file-type | constructs[0].retentionHours | kept.json:2:52",
            "error file-unknown-field | constructs[1].versioning | kept.json:3:41",
            "error file-missing-field | constructs[2].partitionKey | kept.json:4:9",
            "error file-reference | constructs[3].kinesisStream | kept.json:5:87",
            "error file-reference | constructs[4].watch[1] | kept.json:6:64",
        ]
    );
    // The stream that has an error is still a stream: no "none is defined before it".
    assert!(
        d[3].received.contains("the id of a Bucket (constructs[1])"),
        "{}",
        d[3]
    );
    assert!(d[3].allowed.contains("(\"Changes\")"), "{}", d[3]);
    assert!(d[4].received.contains("a Bucket"), "{}", d[4]);
}

#[test]
fn misspelt_names_get_a_suggestion() {
    let text = r#"{"name": "Typos", "constructs": [
        {"type": "KinesisStream", "id": "Changes"},
        {"type": "Tabel", "id": "Orders"},
        {"type": "Bucket", "id": "Log"},
        {"type": "DeliveryStream", "id": "ToS3", "source": "Chnages",
         "destination": {"bucket": "Log", "compression": "GZP", "bufering": {}}}
    ], "outputs": {"Arn": {"value": {"sub": "${AWS::StackNam}"}}}}"#;
    let d = synth_text("typos.json", text).unwrap_err();
    let mean = |property: &str| {
        let d = find(&d, property);
        d.allowed
            .strip_prefix("did you mean ")
            .and_then(|a| a.split_once('?'))
            .map(|(s, _)| s.to_owned())
            .unwrap_or_else(|| panic!("no suggestion: {d}"))
    };
    assert_eq!(mean("constructs[1].type"), "\"Table\"");
    assert_eq!(mean("constructs[3].destination.bufering"), "\"buffering\"");
    assert_eq!(mean("constructs[3].destination.compression"), "\"GZIP\"");
    assert_eq!(mean("constructs[3].source"), "\"Changes\"");
    assert_eq!(mean("outputs.Arn.value.sub"), "\"AWS::StackName\"");
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
fn a_byte_order_mark_is_ignored_and_columns_are_counted_without_it() {
    let text = "{\"name\": \"Bom\", \"constructs\": [{\"type\": \"Bucket\", \"id\": \"Log\"}]}";
    let plain = synth_text("plain.json", text).unwrap().to_json_pretty();
    let with_bom = synth_text("bom.json", &format!("\u{feff}{text}")).unwrap();
    assert_eq!(with_bom.to_json_pretty(), plain);
    let bad = text.replace("\"Log\"}", "\"Log\", \"x\": 1}");
    let d = synth_text("bom.json", &format!("\u{feff}{bad}")).unwrap_err();
    let x = bad.find("\"x\"").unwrap();
    assert_eq!(d[0].path, format!("bom.json:1:{}", x + 1));
}

#[test]
fn a_lone_surrogate_is_named_and_placed_at_its_escape() {
    for (text, escape) in [
        (
            r#"{"name": "S", "description": "x \ud800 y", "constructs": []}"#,
            r"\ud800",
        ),
        (
            r#"{"name": "S", "description": "\ud800\u0041", "constructs": []}"#,
            r"\ud800",
        ),
        (
            r#"{"name": "S", "description": "\udc00", "constructs": []}"#,
            r"\udc00",
        ),
    ] {
        let d = synth_text("s.json", text).unwrap_err();
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code, "file-syntax");
        assert_eq!(
            d[0].path,
            format!("s.json:1:{}", text.find(escape).unwrap() + 1)
        );
        assert!(d[0].received.starts_with(escape), "{}", d[0]);
        assert!(d[0].received.contains("surrogate pair"), "{}", d[0]);
        assert!(d[0].allowed.contains(r"\ud83d\ude00"), "{}", d[0]);
    }
}

#[test]
fn an_empty_file_is_called_empty_at_line_1_column_1() {
    for text in ["", "  \n\n  "] {
        let d = synth_text("empty.json", text).unwrap_err();
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].path.as_str(), d[0].received.as_str()),
            ("empty.json:1:1", "an empty file")
        );
    }
    // Text that ends early is placed at the end, column 1 of the line after the last newline.
    let d = synth_text("cut.json", "{\"name\": \"Cut\", \"constructs\": [\n").unwrap_err();
    assert_eq!(d[0].path, "cut.json:2:1");
    assert_eq!(d[0].received, "EOF while parsing a list");
}

#[test]
fn every_unknown_member_is_reported_up_to_the_limit_then_counted() {
    // One object with 1,200 unknown members: each one listed (they used to stop after 256,
    // silently) until 1,000 problems, then one note with the count of the others.
    let members: String = (0..1200).map(|i| format!(", \"m{i}\": 0")).collect();
    let text =
        format!(r#"{{"name": "X", "constructs": [{{"type": "Bucket", "id": "B"{members}}}]}}"#);
    let d = synth_text("wide.json", &text).unwrap_err();
    assert_eq!(d.len(), 1001);
    assert!(d[..1000].iter().all(|d| d.code == "file-unknown-field"));
    assert_eq!(d[999].property, "constructs[0].m999");
    let note = &d[1000];
    assert_eq!(note.code, "file-too-many-problems");
    assert_eq!(note.received, "200 more problem(s) after the first 1000");
    assert_eq!(note.path, "wide.json:1:1");
}

#[test]
fn a_value_with_more_members_in_error_than_are_checked_says_so() {
    // Each retry reads the whole value again: after 64, a note instead of the rest.
    let rules: Vec<String> = (0..70)
        .map(|i| format!(r#"{{"id": "r{i}", "expirationDays": "soon"}}"#))
        .collect();
    let text = format!(
        r#"{{"name": "X", "constructs": [{{"type": "Bucket", "id": "B", "lifecycleRules": [{}]}}]}}"#,
        rules.join(", ")
    );
    let d = synth_text("rules.json", &text).unwrap_err();
    let types = d.iter().filter(|d| d.code == "file-type").count();
    assert_eq!(types, 64, "{d:#?}");
    let note = d
        .iter()
        .find(|d| d.code == "file-too-many-problems")
        .expect("a note");
    assert_eq!(note.property, "constructs[0]");
    assert_eq!(note.path, "rules.json:1:30");
}

#[test]
fn a_file_larger_than_any_deployable_stack_file_is_refused_before_parsing() {
    use ferrocdk::stack_file::MAX_FILE_BYTES;
    // Over the limit: one problem, nothing parsed (the rest of the text is not even JSON).
    let text = format!("{{\"name\": \"{}", "x".repeat(MAX_FILE_BYTES));
    let d = synth_text("big.json", &text).unwrap_err();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "file-too-large");
    assert_eq!(d[0].path, "big.json:1:1");
    assert_eq!(d[0].received, format!("a file of {} bytes", text.len()));
    // At the limit, the file is read (here: a description too long for synth).
    let pad = MAX_FILE_BYTES - r#"{"name": "Big", "description": "", "constructs": []}"#.len();
    let text = format!(
        r#"{{"name": "Big", "description": "{}", "constructs": []}}"#,
        "d".repeat(pad)
    );
    assert_eq!(text.len(), MAX_FILE_BYTES);
    let d = synth_text("big.json", &text).unwrap_err();
    assert!(d.iter().all(|d| d.code != "file-too-large"), "{d:#?}");
}

#[test]
fn more_constructs_than_a_template_holds_is_one_problem_and_nothing_is_built() {
    let buckets: Vec<String> = (0..501)
        .map(|i| format!(r#"{{"type": "Bucket", "id": "B{i}"}}"#))
        .collect();
    let text = format!(r#"{{"name": "X", "constructs": [{}]}}"#, buckets.join(","));
    let d = synth_text("many.json", &text).unwrap_err();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (d[0].code, d[0].property.as_str(), d[0].received.as_str()),
        ("file-value", "constructs", "an array of 501 constructs")
    );
    // Outputs, parameters and raw resources likewise, each counted against its own limit.
    let outputs: Vec<String> = (0..201)
        .map(|i| format!(r#""O{i}": {{"value": "v"}}"#))
        .collect();
    let text = format!(
        r#"{{"name": "X", "constructs": [{{"type": "Bucket", "id": "B"}}], "outputs": {{{}}}}}"#,
        outputs.join(",")
    );
    let d = synth_text("many.json", &text).unwrap_err();
    let got: Vec<String> = d.iter().map(line).collect();
    assert_eq!(got, ["error file-value | outputs | many.json:1:62"]);
    assert_eq!(d[0].received, "201 entries");
}

#[test]
fn every_file_rule_of_the_registry_is_triggered_by_the_corpus_or_the_command_tests() {
    // The stack-file rules (`file-…`) of crates/core/src/rules.rs: each one appears in an
    // .expected file of the bad corpus, in the command's tests (file-read needs a path), or in
    // an assertion `code, "file-…"` of a test above.
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
    for test in ["tests/stack_file_cli.rs", "tests/stack_file_bad.rs"] {
        tested.push_str(&std::fs::read_to_string(root.join(test)).unwrap());
    }
    let untested: Vec<&&str> = file_rules
        .iter()
        .filter(|c| {
            !tested.contains(&format!("error {c} |"))
                && !tested.contains(&format!("[{c}]"))
                && !tested.contains(&format!("code, \"{c}\""))
        })
        .collect();
    assert!(
        untested.is_empty(),
        "file rules without a test: {untested:?}"
    );
}
