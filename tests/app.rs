//! Several stacks in one app: a handle of one stack used in another becomes an export there and
//! an import here, the stacks deploy in dependency order, and the app's own problems (cycles,
//! environments, names) are reported like any other.

#[path = "../examples/app.rs"]
#[allow(dead_code)]
mod example;

mod common;

use common::*;
use ferrocdk::prelude::*;
use ferrocdk::{Diagnostic, Severity, SynthesizedApp};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn env() -> Environment {
    Environment::new("111122223333", "us-east-1")
}

fn synth(app: &App) -> SynthesizedApp {
    match app.synth() {
        Ok(s) => s,
        Err(e) => panic!("expected the app to synthesize, got:\n{e}"),
    }
}

fn errors(app: &App) -> Vec<Diagnostic> {
    match app.synth() {
        Ok(s) => panic!(
            "expected the app to fail, it synthesized {:?}",
            s.deploy_order()
        ),
        Err(e) => e.diagnostics,
    }
}

/// Every `Fn::ImportValue` name anywhere in a template (properties, `Fn::Sub` variables,
/// outputs).
fn imports_of(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(name)) = m.get("Fn::ImportValue") {
                out.insert(name.clone());
            }
            m.values().for_each(|x| imports_of(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| imports_of(x, out)),
        _ => {}
    }
}

/// The export names of a template, each once.
fn exports_of(t: &Value) -> Vec<String> {
    let mut names: Vec<String> = t["Outputs"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(_, o)| o["Export"]["Name"].as_str().map(str::to_owned))
        .collect();
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count, "an export name twice in {t}");
    names
}

/// One line of a printed deploy order: `<n>. <Stack> (<account>/<region>[, after <stacks>]): <file>`.
struct Printed {
    name: String,
    environment: String,
    after: Vec<String>,
    file: String,
}

fn printed_order(text: &str) -> Vec<Printed> {
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("Deploy order (each stack after the stacks it imports from):")
    );
    lines
        .enumerate()
        .map(|(i, line)| {
            let rest = line
                .strip_prefix(&format!("{}. ", i + 1))
                .unwrap_or_else(|| panic!("line {} is not numbered {}: {line}", i + 2, i + 1));
            let (name, rest) = rest.split_once(" (").expect("`<Stack> (`");
            let (inside, file) = rest.split_once("): ").expect("`): <file>`");
            let (environment, after) = match inside.split_once(", after ") {
                Some((e, a)) => (e, a.split(", ").map(str::to_owned).collect()),
                None => (inside, Vec::new()),
            };
            Printed {
                name: name.to_owned(),
                environment: environment.to_owned(),
                after,
                file: file.to_owned(),
            }
        })
        .collect()
}

/// Walks the templates in the printed order, read from the files the order names: every
/// `Fn::ImportValue` of a stack names an export of a stack printed before it, in the same
/// account and Region, and printed as one it comes after.
#[track_caller]
fn assert_imports_follow_exports(printed: &str) -> Vec<String> {
    let order = printed_order(printed);
    let mut exported: BTreeMap<String, (String, String)> = BTreeMap::new();
    for p in &order {
        let text = std::fs::read_to_string(&p.file).unwrap_or_else(|e| panic!("{}: {e}", p.file));
        let t: Value = serde_json::from_str(&text).expect("a JSON template");
        let mut imports = BTreeSet::new();
        imports_of(&t, &mut imports);
        for import in imports {
            let Some((by, where_)) = exported.get(&import) else {
                panic!(
                    "{} imports {import:?}, which no stack printed before it exports",
                    p.name
                );
            };
            assert_eq!(
                *where_, p.environment,
                "{} imports {import:?} from {by}",
                p.name
            );
            assert!(
                p.after.contains(by),
                "{} imports from {by}, printed without it",
                p.name
            );
        }
        for e in exports_of(&t) {
            exported.insert(e, (p.name.clone(), p.environment.clone()));
        }
    }
    order.into_iter().map(|p| p.name).collect()
}

fn out_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ferrocdk-app-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn the_example_app_imports_only_what_a_stack_deployed_before_it_exports() {
    let out = synth(&example::app());
    let dir = out_dir("example");
    ferrocdk::cli::write_templates(&out, &dir).expect("written");
    let printed = ferrocdk::cli::deploy_order(&out, &dir);
    assert_eq!(
        assert_imports_follow_exports(&printed),
        ["OrdersApplication", "OrdersPipeline"]
    );
    assert_eq!(out.deploy_order(), ["OrdersApplication", "OrdersPipeline"]);
    // What was written is what was synthesized, one file per stack.
    for s in &out.stacks {
        let text = std::fs::read_to_string(dir.join(s.file_name())).expect("a template file");
        assert_eq!(text, s.template.to_json_pretty());
        assert!(printed.contains(&dir.join(s.file_name()).display().to_string()));
    }
    let files = std::fs::read_dir(&dir).expect("the directory").count();
    assert_eq!(files, 2);
    // The pipeline reads the stream through the import, in its source and its policy.
    let pipeline = out
        .stack("OrdersPipeline")
        .expect("pipeline")
        .template
        .to_value();
    let import = json!({"Fn::ImportValue": "OrdersApplication:Changes:Arn"});
    assert_eq!(
        resource(&pipeline, "ToS3")["Properties"]["KinesisStreamSourceConfiguration"]
            ["KinesisStreamARN"],
        import
    );
    assert_eq!(
        statements(&pipeline, "ToS3RolePolicy")[0]["Resource"],
        json!([import])
    );
    let application = &out.stack("OrdersApplication").expect("app").template;
    assert_eq!(
        application.outputs["ExportChangesArn"].value,
        json!({"Fn::GetAtt": ["Changes", "Arn"]})
    );
    // Nothing is left unread or unwired across the two stacks.
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Three stacks in a chain (`C` uses `B`, `B` uses `A`) and an independent one, added in the
/// order `C`, `Solo`, `B`, `A`.
fn chain() -> App {
    let mut a = Stack::new("A");
    let stream = a.add(KinesisStream::new("Changes").external_consumers(1));
    let mut b = Stack::new("B");
    let table = b.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let mut c = Stack::new("C");
    c.add(KinesisStream::new("Other").external_consumers(1));
    c.output("OrdersTable", table.name());
    c.output(
        "OrdersStream",
        Expr::join([stream.arn(), Expr::from("/consumer/*")]),
    );
    let mut solo = Stack::new("Solo");
    solo.add(Bucket::new("Archive"));
    let mut app = App::new();
    app.add(c, env())
        .add(solo, env())
        .add(b, env())
        .add(a, env());
    app
}

#[test]
fn stacks_deploy_after_the_stacks_they_import_from_and_otherwise_in_the_order_added() {
    let out = synth(&chain());
    assert_eq!(out.deploy_order(), ["Solo", "A", "B", "C"]);
    let dir = out_dir("chain");
    ferrocdk::cli::write_templates(&out, &dir).expect("written");
    assert_eq!(
        assert_imports_follow_exports(&ferrocdk::cli::deploy_order(&out, &dir)),
        ["Solo", "A", "B", "C"]
    );
    let _ = std::fs::remove_dir_all(&dir);
    let c = out.stack("C").expect("C");
    assert_eq!(c.depends_on, ["A", "B"]);
    assert!(out.stack("Solo").expect("Solo").depends_on.is_empty());
    // An import inside a join is a variable of its Fn::Sub.
    assert_eq!(
        c.template.outputs["OrdersStream"].value,
        json!({"Fn::Sub": ["${V0}/consumer/*", {"V0": {"Fn::ImportValue": "A:Changes:Arn"}}]})
    );
    assert_eq!(
        c.template.outputs["OrdersTable"].value,
        json!({"Fn::ImportValue": "B:Orders:Ref"})
    );
    let printed = ferrocdk::cli::deploy_order(&out, Path::new("o"));
    assert_eq!(
        printed,
        "Deploy order (each stack after the stacks it imports from):\n\
         1. Solo (111122223333/us-east-1): o/Solo.template.json\n\
         2. A (111122223333/us-east-1): o/A.template.json\n\
         3. B (111122223333/us-east-1, after A): o/B.template.json\n\
         4. C (111122223333/us-east-1, after A, B): o/C.template.json\n"
    );
}

#[test]
fn export_names_are_deterministic_and_each_value_is_exported_once() {
    let first = synth(&chain());
    let second = synth(&chain());
    for (x, y) in first.stacks.iter().zip(&second.stacks) {
        assert_eq!(x.template.to_json_pretty(), y.template.to_json_pretty());
    }
    // A's stream ARN is imported by B (the table) and C (an output): one export.
    let a = first.stack("A").expect("A").template.to_value();
    assert_eq!(exports_of(&a), ["A:Changes:Arn"]);
    assert_eq!(
        a["Outputs"]["ExportChangesArn"],
        json!({
            "Description": "Exported for other stacks of the app",
            "Value": {"Fn::GetAtt": ["Changes", "Arn"]},
            "Export": {"Name": "A:Changes:Arn"}
        })
    );
    let b = first.stack("B").expect("B").template.to_value();
    assert_eq!(exports_of(&b), ["B:Orders:Ref"]);
    assert_eq!(
        b["Outputs"]["ExportOrdersRef"]["Value"],
        json!({"Ref": "Orders"})
    );
}

#[test]
fn an_export_name_depends_only_on_its_stack_resource_and_attribute() {
    // The same reference, with other stacks and constructs around it: the same name.
    let mut z = Stack::new("Z");
    z.add(Bucket::new("Z"));
    let mut a = Stack::new("A");
    a.add(Bucket::new("Unrelated"));
    let stream = a.add(KinesisStream::new("Changes").external_consumers(1));
    let mut b = Stack::new("B");
    b.add(Bucket::new("First"));
    b.output("Name", stream.name());
    b.output("Arn", stream.arn());
    let mut app = App::new();
    app.add(z, env()).add(b, env()).add(a, env());
    let out = synth(&app);
    let a = out.stack("A").expect("A").template.to_value();
    assert_eq!(exports_of(&a), ["A:Changes:Arn", "A:Changes:Ref"]);
    let b = &out.stack("B").expect("B").template;
    assert_eq!(
        b.outputs["Name"].value,
        json!({"Fn::ImportValue": "A:Changes:Ref"})
    );
    assert_eq!(
        b.outputs["Arn"].value,
        json!({"Fn::ImportValue": "A:Changes:Arn"})
    );
}

#[test]
fn stacks_that_import_from_each_other_are_a_cycle() {
    let mut a = Stack::new("A");
    let sa = a.add(KinesisStream::new("Changes").external_consumers(1));
    let mut b = Stack::new("B");
    let sb = b.add(KinesisStream::new("Spare").external_consumers(1));
    a.output("SpareArn", sb.arn());
    b.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&sa));
    let mut solo = Stack::new("Solo");
    solo.add(Bucket::new("Archive"));
    let mut app = App::new();
    app.add(a, env()).add(b, env()).add(solo, env());
    let e = errors(&app);
    let cycles: Vec<&Diagnostic> = e
        .iter()
        .filter(|d| d.code == "stack-dependency-cycle")
        .collect();
    assert_eq!(cycles.len(), 1, "{e:#?}");
    assert_diag(
        cycles[0],
        Severity::Error,
        "A",
        "-",
        &["A imports B/Spare.Arn, B imports A/Changes.Arn"],
        &["one direction only"],
    );
    assert_eq!(e.len(), 1, "only the cycle: {e:#?}");
}

#[test]
fn a_stack_cannot_import_from_another_region_or_account() {
    for other in [
        Environment::new("111122223333", "eu-west-1"),
        Environment::new("444455556666", "us-east-1"),
    ] {
        let mut a = Stack::new("A");
        let stream = a.add(KinesisStream::new("Changes"));
        let mut b = Stack::new("B");
        let bucket = b.add(Bucket::new("ChangeLog"));
        b.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&stream));
        let mut app = App::new();
        app.add(a, env()).add(b, other.clone());
        let e = errors(&app);
        let cross: Vec<&Diagnostic> = e
            .iter()
            .filter(|d| d.code == "cross-environment-reference")
            .collect();
        // The role's read statement and the source both use the stream.
        assert_eq!(cross.len(), 2, "{e:#?}");
        assert_diag(
            cross[1],
            Severity::Error,
            "B/ToS3",
            "KinesisStreamSourceConfiguration.KinesisStreamARN",
            &[
                "\"Changes\" of the stack A in 111122223333/us-east-1",
                &format!("from a stack in {other}"),
            ],
            &["same account and Region"],
        );
        assert_eq!(cross[0].property, "PolicyDocument");
        assert!(
            e.iter()
                .all(|d| d.code == "cross-environment-reference" || !d.is_error()),
            "{e:#?}"
        );
    }
}

#[test]
fn a_handle_used_in_a_stack_outside_its_app_stays_an_error() {
    let mut a = Stack::new("A");
    let stream = a.add(KinesisStream::new("Changes"));
    let mut b = Stack::new("B");
    b.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    // B in an app without A: A's stream is a stack outside the app.
    let mut app = App::new();
    app.add(b, env());
    let e = errors(&app);
    let d = e
        .iter()
        .find(|d| d.code == "cross-stack-reference")
        .expect("cross-stack-reference");
    assert_diag(
        d,
        Severity::Error,
        "B/Orders",
        "KinesisStreamSpecification.StreamArn",
        &["\"Changes\", a resource of another stack"],
        &["same App"],
    );
    // And a stack synthesized alone, as before.
    let mut c = Stack::new("C");
    c.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    the_error(&c, "cross-stack-reference");
}

#[test]
fn readers_and_producers_count_across_the_stacks_of_an_app() {
    // A stream written in A and read in B; a DirectPut stream in B fed by a forwarder in C.
    let mut a = Stack::new("A");
    let stream = a.add(KinesisStream::new("Changes"));
    a.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    let legacy = a
        .add(Table::new("Legacy", Attribute::string("id")).stream(StreamViewType::NewAndOldImages));
    let mut b = Stack::new("B");
    let bucket = b.add(Bucket::new("ChangeLog"));
    b.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&stream));
    let direct = b.add(DeliveryStream::new(
        "LegacyToS3",
        S3Destination::new(&bucket),
    ));
    let mut c = Stack::new("C");
    c.add(Forwarder::dynamodb_changes("Forward", &legacy, &direct));
    let mut app = App::new();
    app.add(a, env()).add(b, env()).add(c, env());
    let out = synth(&app);
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    assert_eq!(out.deploy_order(), ["A", "B", "C"]);

    // Each stack alone: A's stream is unread, B's DirectPut stream has no producer (and the
    // references to the other stacks are errors).
    let mut a = Stack::new("A");
    let stream = a.add(KinesisStream::new("Changes"));
    a.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    the_warning(&a, "kinesis-stream-unread");
}

#[test]
fn stack_names_and_environments_are_checked() {
    let mut app = App::new();
    let stack = |name: &str| {
        let mut s = Stack::new(name);
        s.add(Bucket::new("Archive"));
        s
    };
    app.add(stack("Same"), env())
        .add(stack("Same"), Environment::new("111122223333", "eu-west-1"))
        .add(stack("Odd"), Environment::new("1111-2222-3333", "us-east"));
    let e = errors(&app);
    let codes: Vec<(&str, &str, &str)> = e
        .iter()
        .map(|d| (d.code, d.path.as_str(), d.property.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("duplicate-stack", "Same", "StackName"),
            ("environment", "Odd", "Environment.Account"),
            ("environment", "Odd", "Environment.Region"),
        ]
    );
    assert!(e[1].received.contains("\"1111-2222-3333\""));
    assert!(e[2].allowed.contains("us-east-1"));
}

#[test]
fn an_export_name_is_used_once_per_account_and_region() {
    let build = |region_b: &str| {
        let mut a = Stack::new("A");
        let s = a.add(KinesisStream::new("Changes"));
        a.output_export("StreamArn", s.arn(), "shared-stream");
        let mut b = Stack::new("B");
        let t = b.add(Bucket::new("Archive"));
        b.output_export("BucketName", t.name(), "shared-stream");
        let mut app = App::new();
        app.add(a, env())
            .add(b, Environment::new("111122223333", region_b));
        app
    };
    let e = errors(&build("us-east-1"));
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_diag(
        &e[0],
        Severity::Error,
        "B/Outputs/BucketName",
        "Export.Name",
        &["\"shared-stream\", already exported by A/Outputs/StreamArn in 111122223333/us-east-1"],
        &["once per account and Region"],
    );
    // In two Regions, two exports.
    synth(&build("eu-west-1"));
}

#[test]
fn an_automatic_export_that_collides_with_an_output_name_is_reported() {
    let mut a = Stack::new("A");
    let s = a.add(KinesisStream::new("Changes").external_consumers(1));
    a.output("ExportChangesArn", s.name());
    let mut b = Stack::new("B");
    b.output("Arn", s.arn());
    b.add(Bucket::new("Archive"));
    let mut app = App::new();
    app.add(a, env()).add(b, env());
    let e = errors(&app);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(
        (e[0].code, e[0].path.as_str()),
        ("duplicate-output", "A/Outputs/ExportChangesArn")
    );
}

#[test]
fn the_command_writes_the_app_file_and_prints_an_order_the_imports_follow() {
    let dir = out_dir("command");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_ferrocdk"))
        .args(["synth", "examples/app.json", "--out"])
        .arg(&dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("ferrocdk runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        assert_imports_follow_exports(&stdout),
        ["OrdersApplication", "OrdersPipeline"]
    );
    // The same files as the Rust example writes.
    let rust = synth(&example::app());
    for s in &rust.stacks {
        let written = std::fs::read_to_string(dir.join(s.file_name())).expect("written");
        assert_eq!(written, s.template.to_json_pretty(), "{}", s.name);
    }
    let _ = std::fs::remove_dir_all(&dir);

    // An app file needs --out; --out needs an app file.
    for args in [
        vec!["synth", "examples/app.json"],
        vec!["synth", "examples/pipeline.json", "--out", "never-written"],
    ] {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_ferrocdk"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("ferrocdk runs");
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&run.stderr).contains("--out DIR"),
            "{args:?}"
        );
    }
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("never-written")
        .exists());
}

#[test]
fn validate_checks_an_app_file() {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_ferrocdk"))
        .args(["validate", "examples/app.json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("ferrocdk runs");
    assert!(run.status.success());
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "examples/app.json: valid, 2 stack(s) (OrdersApplication, OrdersPipeline), 13 resource(s), 0 warning(s)\n"
    );
}

#[test]
fn an_import_whose_export_name_refers_to_a_resource_is_reported() {
    let mut stack = Stack::new("V");
    let bucket = stack.add(Bucket::new("Log"));
    let env = stack.parameter(Parameter::string("Env"));
    // A resource's name in the export name: in an output, and joined in a property.
    stack.output("Shared", Expr::import_value(bucket.name()));
    let arn = Expr::import_value(Expr::join([bucket.name(), Expr::from("-StreamArn")]));
    stack.add(
        Table::new("Orders", Attribute::string("pk")).kinesis_stream(&KinesisStream::from_arn(arn)),
    );
    // Parameters and pseudo parameters are known before any resource: fine.
    stack.output(
        "FromParameter",
        Expr::import_value(Expr::join([env, Expr::from("-StreamArn")])),
    );
    stack.output(
        "FromStackName",
        Expr::import_value(Expr::join([
            Expr::Pseudo(Pseudo::StackName),
            Expr::from("-StreamArn"),
        ])),
    );
    let e = synth_err(&stack);
    let found: Vec<(&str, &str)> = e
        .diagnostics
        .iter()
        .filter(|d| d.code == "import-value-name")
        .map(|d| (d.path.as_str(), d.received.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "V/Orders",
                "an export name that refers to the resource \"Log\""
            ),
            (
                "V/Outputs/Shared",
                "an export name that refers to the resource \"Log\""
            ),
        ],
        "{e}"
    );
    assert_eq!(e.errors().count(), 2, "{e}");
}

#[test]
fn consumers_of_two_streams_with_one_logical_id_in_two_stacks_are_counted_apart() {
    // A's `Changes` and B's `Changes`: B reads its own twice and A's once. Counted together,
    // B's stream would have three polling consumers (kinesis-read-budget).
    let mut a = Stack::new("A");
    let theirs = a.add(KinesisStream::new("Changes"));
    let mut b = Stack::new("B");
    let mine = b.add(KinesisStream::new("Changes"));
    let bucket = b.add(Bucket::new("Log"));
    for (id, s) in [("D1", &mine), ("D2", &mine), ("D3", &theirs)] {
        b.add(DeliveryStream::new(id, S3Destination::new(&bucket)).source(s));
    }
    let mut app = App::new();
    app.add(a, env()).add(b, env());
    let out = synth(&app);
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    // A third reader of B's own stream is its third consumer.
    let mut b = Stack::new("B");
    let mine = b.add(KinesisStream::new("Changes"));
    let bucket = b.add(Bucket::new("Log"));
    for id in ["D1", "D2", "D3"] {
        b.add(DeliveryStream::new(id, S3Destination::new(&bucket)).source(&mine));
    }
    assert!(!diags_of(&b, "kinesis-read-budget").is_empty());
}

#[test]
fn readers_of_one_stream_in_several_stacks_count_together() {
    // A's stream has one reader in A and two in B: the third, in B, is over the read budget.
    let mut a = Stack::new("A");
    let changes = a.add(KinesisStream::new("Changes"));
    let log = a.add(Bucket::new("Log"));
    a.add(DeliveryStream::new("D1", S3Destination::new(&log)).source(&changes));
    let mut b = Stack::new("B");
    let bucket = b.add(Bucket::new("Log"));
    for id in ["D2", "D3"] {
        b.add(DeliveryStream::new(id, S3Destination::new(&bucket)).source(&changes));
    }
    let mut app = App::new();
    app.add(a, env()).add(b, env());
    let out = synth(&app);
    let over: Vec<(&str, &str)> = out
        .warnings
        .iter()
        .filter(|d| d.code == "kinesis-read-budget")
        .map(|d| (d.path.as_str(), d.received.as_str()))
        .collect();
    assert_eq!(
        over,
        [(
            "B/D3",
            "consumer number 3 of \"A/Changes\", with no declared load"
        )],
        "{:#?}",
        out.warnings
    );
}

#[test]
fn readers_of_an_existing_table_by_name_count_per_environment() {
    // "Orders" in us-east-1 and "Orders" in eu-west-1 are two tables: two forwarders each
    // are within the 2 readers per stream shard. In one environment, the four are one table's.
    let stack = |name: &str| {
        let mut s = Stack::new(name);
        let orders = Table::from_name("Orders").with_stream(
            Expr::from("arn:aws:dynamodb:us-east-1:111122223333:table/Orders/stream/2025-01-01T00:00:00.000"),
            StreamViewType::NewAndOldImages,
        );
        let bucket = s.add(Bucket::new("Log"));
        let direct = s.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
        for id in ["F1", "F2"] {
            s.add(Forwarder::dynamodb_changes(id, &orders, &direct));
        }
        s
    };
    let readers = |second: Environment| {
        let mut app = App::new();
        app.add(stack("A"), env()).add(stack("B"), second);
        synth(&app)
            .warnings
            .iter()
            .filter(|d| d.code == "dynamodb-stream-readers")
            .map(|d| d.path.clone())
            .collect::<Vec<_>>()
    };
    assert!(readers(Environment::new("111122223333", "eu-west-1")).is_empty());
    assert_eq!(readers(env()), ["B/F1", "B/F2"]);
}

#[test]
fn partitioning_by_table_in_one_stack_warns_about_a_generated_table_name_in_another() {
    // A's table has a generated name and writes to A's stream; B partitions it by table.
    let mut a = Stack::new("Shop");
    let changes = a.add(KinesisStream::new("Changes"));
    a.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&changes));
    let mut b = Stack::new("Lake");
    let bucket = b.add(Bucket::new("ChangeLog"));
    let shape = b.add(TransformFunction::dynamodb_changes("Shape").change_options(
        ferrocdk::aws::lambda::ChangeOptions {
            partition_keys: true,
            ..Default::default()
        },
    ));
    b.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&changes),
    );
    let mut app = App::new();
    app.add(a, env()).add(b, env());
    let out = synth(&app);
    let found: Vec<(&str, &str)> = out
        .warnings
        .iter()
        .filter(|d| d.code == "firehose-partition-generated-name")
        .map(|d| (d.path.as_str(), d.allowed.as_str()))
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", out.warnings);
    assert_eq!(found[0].0, "Lake/ToS3");
    // The table is not of Lake: its stack is not named for it.
    assert!(
        found[0].1.contains("\"<StackName>-<TableId>-<random>\""),
        "{}",
        found[0].1
    );
}
