//! Fuzzing that stays: the stack-file path (parse, build, synth) on arbitrary input never
//! panics, and every problem it reports has a place in the file (`<file>:<line>:<column>`,
//! both from 1) — property tests over arbitrary JSON (deep, wide, long), over stack files
//! with arbitrary members, and over mutated text; and the corpus of inputs that once went
//! wrong (`tests/stack_files/fuzz/`, see its README.md), each run and checked the same way.

use ferrocdk::stack_file::{synth_text, StackFile};
use ferrocdk::Diagnostic;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::path::Path;

/// Checks the invariants on one input; returns the diagnostics for further checks.
fn check(name: &str, text: &str) -> Vec<Diagnostic> {
    let diagnostics = match synth_text(name, text) {
        Ok(s) => s.warnings,
        Err(d) => {
            assert!(!d.is_empty(), "{name}: an error result with no diagnostic");
            d
        }
    };
    for d in &diagnostics {
        assert!(placed(name, &d.path), "{name}: no place in the file: {d}");
        assert!(!d.code.is_empty(), "{d}");
        if d.code.starts_with("file-") {
            assert!(
                ferrocdk::core::rules::by_code(d.code).is_some(),
                "{d}: not in the registry"
            );
        }
        assert!(!d.to_string().contains('\n'), "{d}");
    }
    // Parsing alone agrees: it fails exactly when the file itself has a problem.
    if let Err(parse) = StackFile::parse(name, text) {
        assert!(!parse.is_empty());
        for d in &parse {
            assert!(placed(name, &d.path), "{name}: parse: no place: {d}");
        }
    }
    diagnostics
}

/// `<name>:<line>:<column>` with both at least 1.
fn placed(name: &str, path: &str) -> bool {
    let Some(rest) = path.strip_prefix(name).and_then(|r| r.strip_prefix(':')) else {
        return false;
    };
    let mut parts = rest.split(':');
    let mut number = || parts.next().and_then(|n| n.parse::<usize>().ok());
    matches!((number(), number(), parts.next()), (Some(l), Some(c), None) if l >= 1 && c >= 1)
}

/// `n` cases per property, or `FERROCDK_FUZZ_CASES` (for a longer run by hand:
/// `FERROCDK_FUZZ_CASES=5000 cargo test --release --test stack_file_fuzz`).
fn cases(n: u32) -> u32 {
    std::env::var("FERROCDK_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n)
}

/// The construct types.
const TYPES: [&str; 7] = [
    "KinesisStream",
    "Table",
    "Bucket",
    "TransformFunction",
    "DeliveryStream",
    "Forwarder",
    "Alarms",
];

/// Member names of the format, so that random objects often hit real members.
const NAMES: &[&str] = &[
    "name",
    "constructs",
    "type",
    "id",
    "partitionKey",
    "sortKey",
    "kinesisStream",
    "source",
    "destination",
    "bucket",
    "processor",
    "function",
    "mode",
    "provisioned",
    "onDemand",
    "retentionHours",
    "encryption",
    "customerManaged",
    "ref",
    "sub",
    "importValue",
    "outputs",
    "arn",
    "value",
    "export",
    "parameters",
    "default",
    "overrides",
    "rawResources",
    "properties",
    "dependsOn",
    "condition",
    "conditions",
    "tags",
    "logicalId",
    "stream",
    "table",
    "deliveryStream",
    "watch",
    "topic",
    "grants",
    "putRecords",
    "readStream",
    "lifecycleRules",
    "transitions",
    "storageClass",
    "days",
    "buffering",
    "intervalSeconds",
    "sizeMb",
    "changeOptions",
    "partitionKeys",
    "code",
    "inlinePython",
    "memoryMb",
    "timeoutSeconds",
    "billing",
    "read",
    "write",
    "globalSecondaryIndexes",
    "expectedWrites",
    "peakWritesPerSecond",
    "itemBytes",
    "KinesisStream",
    "Table",
    "Bucket",
    "TransformFunction",
    "DeliveryStream",
    "Forwarder",
    "Alarms",
    "S",
    "N",
    "B",
    "NEW_AND_OLD_IMAGES",
    "GZIP",
    "AWS::Region",
    "${AWS::StackName}",
    "Changes",
    "Log",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(NAMES).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
        1 => "[a-z.\\[\\]\"\\\\]{0,8}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        (0u32..100_000).prop_map(Value::from),
        key().prop_map(Value::String),
        "\\PC{0,40}".prop_map(Value::String),
    ]
}

/// Arbitrary JSON: up to 6 levels of nesting and 12 members or elements per container.
fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 256, 12, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..12).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..12)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A stack file whose constructs have real types and ids and arbitrary other members.
fn stack_file() -> impl Strategy<Value = Value> {
    let construct = (
        proptest::sample::select(&TYPES[..]),
        proptest::sample::select(&["Changes", "Log", "Shape", "ToS3", "T", "A-b", ""][..]),
        proptest::collection::vec((key(), json_value()), 0..6),
    )
        .prop_map(|(ty, id, members)| {
            let mut o: Map<String, Value> = members.into_iter().collect();
            o.insert("type".into(), json!(ty));
            o.insert("id".into(), json!(id));
            Value::Object(o)
        });
    (
        proptest::collection::vec(construct, 0..8),
        proptest::collection::vec((key(), json_value()), 0..4),
    )
        .prop_map(|(constructs, top)| {
            let mut o: Map<String, Value> = top.into_iter().collect();
            o.insert("name".into(), json!("Fuzz"));
            o.insert("constructs".into(), Value::Array(constructs));
            Value::Object(o)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(128), .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics_and_every_problem_has_a_place(v in json_value()) {
        check("fuzz.json", &v.to_string());
        check("fuzz.json", &serde_json::to_string_pretty(&v).unwrap());
    }

    #[test]
    fn stack_files_with_arbitrary_members_never_panic_and_every_problem_has_a_place(
        v in stack_file()
    ) {
        check("fuzz.json", &serde_json::to_string_pretty(&v).unwrap());
    }

    #[test]
    fn mutated_text_never_panics_and_every_problem_has_a_place(
        v in stack_file(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, "\\PC{0,3}"), 1..6),
    ) {
        let mut text = serde_json::to_string_pretty(&v).unwrap();
        for (at, op, with) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            match op {
                0 => text.insert_str(i, &with),
                1 => {
                    let end = (i + 3).min(text.len());
                    let end = (end..=text.len()).find(|e| text.is_char_boundary(*e)).unwrap();
                    text.replace_range(i..end, "");
                }
                2 => text.insert_str(i, "\\ud800"),
                _ => text.insert(i, '\u{feff}'),
            }
        }
        check("fuzz.json", &text);
    }

}

proptest! {
    // Each case is three large inputs: fewer cases.
    #![proptest_config(ProptestConfig { cases: cases(32), .. ProptestConfig::default() })]

    #[test]
    fn deep_wide_and_long_inputs_never_panic_and_every_problem_has_a_place(
        depth in 0usize..300,
        width in 0usize..3000,
        long in 0usize..200_000,
        open in proptest::sample::select(&["[", "{\"a\":"][..]),
    ) {
        let close = if open == "[" { "]" } else { "}" };
        let deep = format!(
            r#"{{"name": "D", "constructs": [{{"type": "Bucket", "id": "B", "x": {}1{}}}]}}"#,
            open.repeat(depth),
            close.repeat(depth)
        );
        check("fuzz.json", &deep);
        let members: String = (0..width).map(|i| format!(r#", "m{i}": {i}"#)).collect();
        check("fuzz.json", &format!(r#"{{"name": "W", "constructs": []{members}}}"#));
        check(
            "fuzz.json",
            &format!(r#"{{"name": "{}", "constructs": [{{"type": "Bucket", "id": "{}"}}]}}"#, "n".repeat(long), "i".repeat(long / 2)),
        );
    }
}

/// Inputs of the corpus that still break the process, each with the fix it waits for: they
/// run in `the_inputs_that_await_a_fix_in_core` (ignored until then), and must be listed here
/// as long as they are in the corpus.
const AWAITING_A_FIX: &[(&str, &str)] = &[];

fn corpus() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/stack_files/fuzz");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/stack_files/fuzz")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn run_corpus(awaiting: bool) -> usize {
    let mut ran = 0;
    for f in corpus() {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if AWAITING_A_FIX.iter().any(|(n, _)| *n == name) != awaiting {
            continue;
        }
        check(&name, &std::fs::read_to_string(&f).unwrap());
        ran += 1;
    }
    ran
}

#[test]
fn every_input_of_the_fuzz_corpus_is_read_without_panic_and_every_problem_has_a_place() {
    assert!(run_corpus(false) >= 16);
    for (name, why) in AWAITING_A_FIX {
        assert!(
            corpus().iter().any(|f| f.ends_with(name)),
            "{name} ({why}) is not in the corpus"
        );
    }
}
