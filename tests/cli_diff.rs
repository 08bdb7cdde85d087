//! `ferrocdk diff` and `ferrocdk policy`, run as processes: exit codes at each `--fail-on`
//! level, the table and `--json`, standard input, and every kind of bad input (exit 2, a
//! clear message, nothing on standard output).

mod process;

use process::*;

use std::path::{Path, PathBuf};
use std::process::Output;

const DEPLOYED: &str = "tests/diff_files/deployed_pipeline.json";
const DEPLOYED_V0: &str = "tests/diff_files/deployed_pipeline_v0.json";
const STACK_FILE: &str = "examples/pipeline.json";

/// A file with `text` in this test binary's scratch directory.
fn scratch(name: &str, text: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_diff");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// An input error: exit 2, nothing on standard output, `message` on standard error.
fn assert_input_error(o: &Output, message: &str) {
    assert_eq!(code(o), 2, "stderr: {}", stderr(o));
    assert_eq!(stdout(o), "", "nothing may be written on standard output");
    assert!(
        stderr(o).contains(message),
        "{message:?} not in {}",
        stderr(o)
    );
}

#[test]
fn the_deployed_template_against_its_stack_file_has_no_changes_and_exits_0() {
    let o = run(&["diff", DEPLOYED, STACK_FILE]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "No changes.\n\n0 to add, 0 to update, 0 to replace, 0 to remove; 0 finding(s).\n"
    );
    assert_eq!(stderr(&o), "");
}

#[test]
fn a_data_loss_exits_1_by_default_and_names_resource_property_and_reason() {
    let o = run(&["diff", DEPLOYED_V0, STACK_FILE]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains("error[diff-table-replaced]: Orders: KeySchema[0].AttributeName"));
    assert!(out.contains("new, empty table"));
    assert!(out.contains("error[diff-retention-decreased]: Changes: RetentionPeriodHours"));
    assert!(
        !out.contains('\x1b'),
        "no colours when standard output is not a terminal"
    );
    assert_eq!(
        code(&run(&[
            "diff",
            DEPLOYED_V0,
            STACK_FILE,
            "--fail-on",
            "data-loss"
        ])),
        1
    );
    assert_eq!(
        code(&run(&[
            "diff",
            DEPLOYED_V0,
            STACK_FILE,
            "--fail-on",
            "replace"
        ])),
        1
    );
    let none = run(&["diff", DEPLOYED_V0, STACK_FILE, "--fail-on", "none"]);
    assert_eq!(code(&none), 0);
    assert_eq!(stdout(&none), out);
}

#[test]
fn fail_on_replace_stops_a_replacement_that_data_loss_lets_through() {
    let template = |props: &str| {
        format!(
            r#"{{"Resources": {{"Queue": {{"Type": "AWS::SQS::Queue", "Properties": {props}}}}}}}"#
        )
    };
    let old = scratch("queue_old.json", template("{}").as_bytes());
    let new = scratch(
        "queue_new.json",
        template(r#"{"FifoQueue": true}"#).as_bytes(),
    );
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let replace = run(&["diff", old, new, "--fail-on", "replace"]);
    assert_eq!(code(&replace), 1);
    assert!(stdout(&replace).contains("replace  Queue"));
    assert_eq!(code(&run(&["diff", old, new, "--fail-on", "data-loss"])), 0);
    assert_eq!(code(&run(&["diff", old, new])), 0);
}

#[test]
fn json_output_is_the_whole_diff_for_machines() {
    let o = run(&["diff", DEPLOYED_V0, STACK_FILE, "--json"]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON on stdout");
    assert_eq!(v["summary"]["replace"], 1);
    assert_eq!(v["summary"]["update"], 1);
    assert_eq!(v["summary"]["findings"], 2);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["diff-retention-decreased", "diff-table-replaced"]);
    assert_eq!(v["resources"][1]["logicalId"], "Orders");
    assert_eq!(v["resources"][1]["change"], "replace");
    let none = run(&["diff", DEPLOYED, STACK_FILE, "--json"]);
    assert_eq!(code(&none), 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&none)).unwrap();
    assert_eq!(v["resources"], serde_json::json!([]));
}

#[test]
fn either_side_may_come_from_standard_input() {
    let deployed = std::fs::read(root().join(DEPLOYED_V0)).unwrap();
    let o = run_with_stdin(&["diff", "-", STACK_FILE, "--fail-on", "none"], &deployed);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("diff-table-replaced"));
    let stack = std::fs::read(root().join(STACK_FILE)).unwrap();
    let o = run_with_stdin(&["diff", DEPLOYED, "-"], &stack);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn a_missing_file_is_an_input_error() {
    let o = run(&["diff", "no/such/deployed.json", STACK_FILE]);
    assert_input_error(&o, "error: OLD no/such/deployed.json: cannot read it:");
    let o = run(&["diff", DEPLOYED, "no/such/stack.json"]);
    assert_input_error(&o, "error: NEW no/such/stack.json: cannot read it:");
}

#[test]
fn non_json_is_an_input_error_with_its_place() {
    let f = scratch("broken.json", b"{\n  \"Resources\": {\n    \"A\": \n}\n");
    let o = run(&["diff", f.to_str().unwrap(), STACK_FILE]);
    assert_input_error(&o, "not JSON: line 4, column 1");
}

#[test]
fn yaml_is_an_input_error_that_says_how_to_get_json() {
    let f = scratch(
        "deployed.yaml",
        b"AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n",
    );
    let o = run(&["diff", f.to_str().unwrap(), STACK_FILE]);
    assert_input_error(&o, "a YAML template");
    assert!(stderr(&o).contains("--output json"));
    // A stack deployed from YAML: get-template's body is a YAML string.
    let body =
        serde_json::json!({"TemplateBody": "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"});
    let f = scratch("yaml_body.json", body.to_string().as_bytes());
    assert_input_error(
        &run(&["diff", f.to_str().unwrap(), STACK_FILE]),
        "a YAML template",
    );
}

#[test]
fn a_template_without_resources_is_an_input_error() {
    let f = scratch(
        "no_resources.json",
        br#"{"AWSTemplateFormatVersion": "2010-09-09", "Outputs": {}}"#,
    );
    let o = run(&["diff", f.to_str().unwrap(), STACK_FILE]);
    assert_input_error(&o, "no \"Resources\" section");
    let f = scratch(
        "bad_resource.json",
        br#"{"Resources": {"Queue": {"Properties": {}}}}"#,
    );
    assert_input_error(
        &run(&["diff", DEPLOYED, f.to_str().unwrap()]),
        "error: NEW ",
    );
}

#[test]
fn other_bad_inputs_are_input_errors_too() {
    for (name, text) in [
        ("empty.json", &b""[..]),
        ("array.json", b"[1, 2]"),
        ("binary.json", b"\xff\xfe\x00{"),
        ("number.json", b"42"),
        ("resources_list.json", br#"{"Resources": []}"#),
    ] {
        let f = scratch(name, text);
        let o = run(&["diff", f.to_str().unwrap(), STACK_FILE]);
        assert_input_error(&o, "error: OLD ");
    }
}

#[test]
fn a_stack_file_with_errors_is_an_input_error_listing_every_problem() {
    let o = run(&["diff", DEPLOYED, "tests/stack_files/bad/many_problems.json"]);
    assert_input_error(&o, "a stack file with");
    assert!(stderr(&o).matches("error[").count() >= 2, "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2_and_print_nothing_on_standard_output() {
    for args in [
        &["diff"][..],
        &["diff", DEPLOYED],
        &["diff", DEPLOYED, STACK_FILE, "third.json"],
        &["diff", DEPLOYED, STACK_FILE, "--fail-on", "sometimes"],
        &["diff", DEPLOYED, STACK_FILE, "--fail-on"],
        &["diff", DEPLOYED, STACK_FILE, "--colour"],
        &["diff", "-", "-"],
        &["policy"],
        &["policy", STACK_FILE, "extra.json"],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{args:?}");
        assert!(
            stderr(&o).starts_with("error: "),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("Try: ferrocdk help "), "{args:?}");
    }
}

#[test]
fn help_names_both_commands_and_their_exit_codes() {
    let o = run(&["help", "diff"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).starts_with("Usage: ferrocdk diff OLD NEW"));
    assert!(stdout(&o).contains("--fail-on LEVEL"));
    assert_eq!(stdout(&run(&["diff", "--help"])), stdout(&o));
    let o = run(&["help", "policy"]);
    assert!(stdout(&o).contains("--stack-policy-body"));
    let top = stdout(&run(&["--help"]));
    assert!(
        top.contains("diff OLD NEW") && top.contains("policy FILE"),
        "{top}"
    );
}

#[test]
fn policy_denies_replacing_and_deleting_each_stateful_type_of_the_stack() {
    let o = run(&["policy", STACK_FILE]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let p: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        p,
        serde_json::json!({"Statement": [
            {"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": ["Update:Replace", "Update:Delete"], "Principal": "*",
             "Resource": "*", "Condition": {"StringEquals": {"ResourceType": [
                "AWS::DynamoDB::Table", "AWS::Kinesis::Stream",
                "AWS::KinesisFirehose::DeliveryStream", "AWS::S3::Bucket", "AWS::Logs::LogGroup"]}}}
        ]})
    );
    // The same policy from the deployed template.
    assert_eq!(stdout(&run(&["policy", DEPLOYED])), stdout(&o));
    let bad = run(&["policy", "no/such/file.json"]);
    assert_eq!(code(&bad), 1);
    assert_eq!(stdout(&bad), "");
}

#[test]
fn the_readme_shows_the_commands_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let prompt = format!("$ ferrocdk diff {DEPLOYED_V0} {STACK_FILE}\n");
    let start = readme.find(&prompt).expect("the example in README.md") + prompt.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let o = run(&["diff", DEPLOYED_V0, STACK_FILE]);
    assert_eq!(code(&o), 1);
    assert_eq!(shown, stdout(&o));
}

const APP_FILE: &str = "examples/app.json";

#[test]
fn one_stack_of_an_app_file_diffs_against_its_deployed_template_with_stack() {
    // What `ferrocdk synth examples/app.json --out DIR` wrote is what each stack deploys.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_diff_app");
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.to_str().unwrap();
    let synth = run(&["synth", APP_FILE, "--out", out]);
    assert_eq!(code(&synth), 0, "{}", stderr(&synth));
    for name in ["OrdersApplication", "OrdersPipeline"] {
        let deployed = dir.join(format!("{name}.template.json"));
        let o = run(&[
            "diff",
            deployed.to_str().unwrap(),
            APP_FILE,
            "--stack",
            name,
        ]);
        assert_eq!(code(&o), 0, "{name}: {}", stderr(&o));
        assert!(
            stdout(&o).starts_with("No changes."),
            "{name}: {}",
            stdout(&o)
        );
    }
    // One stack against the other: everything is removed or added, and the table's removal
    // is a data-loss finding.
    let application = dir.join("OrdersApplication.template.json");
    let o = run(&[
        "diff",
        application.to_str().unwrap(),
        APP_FILE,
        "--stack",
        "OrdersPipeline",
    ]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    // Both sides may be the app file: a stack against itself has no changes.
    let o = run(&["diff", APP_FILE, APP_FILE, "--stack", "OrdersPipeline"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn an_app_file_without_stack_or_with_an_unknown_stack_names_its_stacks() {
    let o = run(&["diff", DEPLOYED, APP_FILE]);
    assert_input_error(
        &o,
        "error: NEW examples/app.json: an app file: name the stack to use with --stack NAME \
         (one of OrdersApplication, OrdersPipeline)",
    );
    let o = run(&["diff", DEPLOYED, APP_FILE, "--stack", "Orders"]);
    assert_input_error(
        &o,
        "the app file has no stack \"Orders\" (it has OrdersApplication, OrdersPipeline)",
    );
    let o = run(&["policy", APP_FILE]);
    assert_eq!((code(&o), stdout(&o).as_str()), (1, ""));
    assert!(stderr(&o).contains("--stack NAME"), "{}", stderr(&o));
}

#[test]
fn stack_without_an_app_file_is_a_usage_error() {
    let o = run(&["diff", DEPLOYED, STACK_FILE, "--stack", "Pipeline"]);
    assert_input_error(&o, "--stack NAME selects a stack of an app file");
    let o = run(&["policy", STACK_FILE, "--stack", "Pipeline"]);
    assert_input_error(&o, "--stack NAME selects a stack of an app file");
    let o = run(&["diff", DEPLOYED, APP_FILE, "--stack"]);
    assert_input_error(&o, "--stack");
}

#[test]
fn policy_of_one_stack_of_an_app_file_protects_that_stacks_stateful_types() {
    let deny = |args: &[&str]| {
        let o = run(args);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let p: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        p["Statement"][1]["Condition"]["StringEquals"]["ResourceType"].clone()
    };
    let application = deny(&["policy", APP_FILE, "--stack", "OrdersApplication"]);
    let pipeline = deny(&["policy", APP_FILE, "--stack", "OrdersPipeline"]);
    assert!(
        application
            .as_array()
            .is_some_and(|t| t.contains(&serde_json::json!("AWS::DynamoDB::Table"))),
        "{application}"
    );
    assert_ne!(application, pipeline);
}
