//! The diff against deployed templates in CloudFormation's own formatting, as `aws
//! cloudformation get-template --query TemplateBody --output json` prints them: members in
//! another order, numbers and booleans as strings, a one-entry `DependsOn` as a string, four
//! spaces of indentation. `tests/diff_files/deployed_pipeline.json` is the pipeline example
//! so formatted; `deployed_pipeline_v0.json` is the same, hand-edited to an older version (the
//! table keyed on `id`, the stream retaining 168 hours).

#[path = "../examples/pipeline.rs"]
#[allow(dead_code)]
mod pipeline;

use ferrocdk::core::diff::{parse_template, ChangeKind, Level};
use serde_json::Value;

fn deployed(name: &str) -> Value {
    let path = format!("{}/tests/diff_files/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_template(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_deployed_pipeline_in_cloudformations_formatting_equals_the_example() {
    let old = deployed("deployed_pipeline.json");
    // The fixture really is formatted differently: strings for numbers, DependsOn a string.
    assert_eq!(
        old["Resources"]["Changes"]["Properties"]["RetentionPeriodHours"],
        "24"
    );
    assert!(old["Resources"]["Shape"]["DependsOn"].is_string());
    let d = pipeline::stack().diff_against(&old).unwrap();
    assert!(d.is_empty(), "{}", d.to_table(false));
}

#[test]
fn an_older_deployed_version_shows_the_replaced_table_and_the_shorter_retention() {
    let d = pipeline::stack()
        .diff_against(&deployed("deployed_pipeline_v0.json"))
        .unwrap();
    let changes: Vec<(&str, ChangeKind)> = d
        .resources
        .iter()
        .map(|r| (r.logical_id.as_str(), r.kind))
        .collect();
    assert_eq!(
        changes,
        [
            ("Changes", ChangeKind::Update),
            ("Orders", ChangeKind::Replace)
        ]
    );
    let found: Vec<(&str, &str, &str)> = d
        .findings
        .iter()
        .map(|f| (f.rule.code, f.logical_id.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "diff-retention-decreased",
                "Changes",
                "RetentionPeriodHours"
            ),
            (
                "diff-table-replaced",
                "Orders",
                "KeySchema[0].AttributeName"
            ),
        ]
    );
    assert!(d.reaches(Level::DataLoss));
}

#[test]
fn get_templates_whole_answer_is_read_as_its_body() {
    let body = deployed("deployed_pipeline.json");
    let whole =
        serde_json::json!({"TemplateBody": body, "StagesAvailable": ["Original", "Processed"]});
    let parsed = parse_template(&whole.to_string()).unwrap();
    assert!(pipeline::stack().diff_against(&parsed).unwrap().is_empty());
}
