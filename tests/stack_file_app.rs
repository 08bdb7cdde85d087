//! App files: several stacks in one stack file (`{"stacks": […]}`), each with its account and
//! Region; `"<Stack>/<id>"` refers to a construct of a stack before. Every problem is placed in
//! the whole file, with its JSON path under `stacks[i]`.

use ferrocdk::stack_file::{synth_app_text, synth_text};
use ferrocdk::Diagnostic;

fn problems(text: &str) -> Vec<Diagnostic> {
    match synth_app_text("app.json", text) {
        Ok(a) => panic!("synthesized {:?}", a.deploy_order()),
        Err(d) => d,
    }
}

/// (code, property, path) of each diagnostic.
fn summary(d: &[Diagnostic]) -> Vec<(&str, &str, &str)> {
    d.iter()
        .map(|d| (d.code, d.property.as_str(), d.path.as_str()))
        .collect()
}

/// Two stacks: `App` (a stream `Changes` and a table writing to it) and `Pipe` (a bucket and
/// a delivery stream reading `source`), in `region_b` for `Pipe`.
fn two(source: &str, region_b: &str) -> String {
    format!(
        r#"{{
  "stacks": [
    {{
      "name": "App", "account": "111122223333", "region": "us-east-1",
      "constructs": [
        {{"type": "KinesisStream", "id": "Changes"}},
        {{"type": "Table", "id": "Orders", "partitionKey": {{"name": "pk", "type": "S"}}, "kinesisStream": "Changes"}}
      ]
    }},
    {{
      "name": "Pipe", "account": "111122223333", "region": "{region_b}",
      "constructs": [
        {{"type": "Bucket", "id": "Log"}},
        {{"type": "DeliveryStream", "id": "ToS3", "source": {source}, "destination": {{"bucket": "Log"}}}}
      ]
    }}
  ]
}}"#
    )
}

#[test]
fn a_construct_of_a_stack_before_is_referred_to_as_stack_slash_id() {
    let app = synth_app_text("app.json", &two("\"App/Changes\"", "us-east-1")).expect("an app");
    assert_eq!(app.deploy_order(), ["App", "Pipe"]);
    assert!(app.warnings.is_empty(), "{:?}", app.warnings);
    let pipe = &app.stack("Pipe").expect("Pipe").template;
    assert_eq!(
        pipe.resources["ToS3"].properties["KinesisStreamSourceConfiguration"]["KinesisStreamARN"],
        serde_json::json!({"Fn::ImportValue": "App:Changes:Arn"})
    );
}

#[test]
fn a_reference_to_a_later_stack_an_unknown_stack_or_construct_is_placed_in_the_file() {
    // The stacks swapped: Pipe comes first and refers to App, which comes later.
    let swapped = r#"{"stacks": [
  {"name": "Pipe", "account": "111122223333", "region": "us-east-1",
   "constructs": [{"type": "Bucket", "id": "Log"},
     {"type": "DeliveryStream", "id": "ToS3", "source": "App/Changes", "destination": {"bucket": "Log"}}]},
  {"name": "App", "account": "111122223333", "region": "us-east-1",
   "constructs": [{"type": "KinesisStream", "id": "Changes", "externalConsumers": 1}]}
]}"#;
    let d = problems(swapped);
    assert_eq!(
        summary(&d),
        [(
            "file-reference",
            "stacks[0].constructs[1].source",
            "app.json:4:47"
        )]
    );
    assert!(
        d[0].received
            .contains("a construct of the stack App, which comes later in the file"),
        "{}",
        d[0]
    );
    assert!(d[0].allowed.contains("move App above Pipe"), "{}", d[0]);

    let d = problems(&two("\"Ap/Changes\"", "us-east-1"));
    // (The delivery stream is not built, so synth adds that the stream is unread.)
    assert_eq!(
        summary(&d[..1]),
        [(
            "file-reference",
            "stacks[1].constructs[1].source",
            "app.json:14:50"
        )]
    );
    assert!(d[0].received.contains("no stack named \"Ap\""), "{}", d[0]);
    assert!(d[0].allowed.contains("\"App/Changes\""), "{}", d[0]);

    let d = problems(&two("\"App/Orders\"", "us-east-1"));
    assert!(
        d[0].received
            .contains("\"App/Orders\", the id of a Table of the stack App"),
        "{}",
        d[0]
    );
    let d = problems(&two("\"App/Stream\"", "us-east-1"));
    assert!(
        d[0].received
            .contains("not the id of any construct of the stack App"),
        "{}",
        d[0]
    );
}

#[test]
fn a_stack_in_another_region_cannot_import() {
    let d = problems(&two("\"App/Changes\"", "eu-west-1"));
    // Placed as a stack file's findings are: the source at its member, the role's policy
    // (which no member sets) at the delivery stream.
    assert_eq!(
        summary(&d),
        [
            (
                "cross-environment-reference",
                "PolicyDocument",
                "app.json:14:9"
            ),
            (
                "cross-environment-reference",
                "stacks[1].constructs[1].source",
                "app.json:14:50"
            ),
        ]
    );
}

#[test]
fn every_stack_of_an_app_file_has_an_account_and_a_region() {
    let text = two("\"App/Changes\"", "us-east-1")
        .replace(r#""account": "111122223333", "region": "us-east-1","#, "");
    let d = problems(&text);
    assert_eq!(
        summary(&d),
        [
            ("file-missing-field", "stacks[0].account", "app.json:3:5"),
            ("file-missing-field", "stacks[0].region", "app.json:3:5"),
            ("file-missing-field", "stacks[1].account", "app.json:10:5"),
            ("file-missing-field", "stacks[1].region", "app.json:10:5"),
        ]
    );
    // A malformed one is the environment rule, at the stack.
    let text = two("\"App/Changes\"", "us-east");
    let d = problems(&text);
    assert_eq!(
        summary(&d),
        [("environment", "stacks[1].region", "app.json:11:50")]
    );
}

#[test]
fn a_stacks_own_problems_are_placed_in_the_whole_file() {
    let text = two("\"App/Changes\"", "us-east-1").replace(
        r#"{"type": "Bucket", "id": "Log"}"#,
        r#"{"type": "Bucket", "id": "Log", "versiond": true}"#,
    );
    let d = problems(&text);
    let errors: Vec<Diagnostic> = d.iter().filter(|d| d.is_error()).cloned().collect();
    assert_eq!(
        summary(&errors),
        [(
            "file-unknown-field",
            "stacks[1].constructs[0].versiond",
            "app.json:13:41"
        )]
    );
    // The bucket is built without its member in error, for the delivery stream that uses it:
    // the stream of the other stack is read, and synth's findings on the bucket itself wait
    // until it is fixed.
    assert!(
        !d.iter().any(|d| d.code == "kinesis-stream-unread"),
        "{d:?}"
    );
    assert!(
        d.iter()
            .filter(|d| d.path.starts_with("app.json:13:"))
            .all(|d| d.code == "file-unknown-field"),
        "{d:?}"
    );
}

#[test]
fn the_app_file_itself_is_checked() {
    let d = problems(r#"{"stacks": [], "stack": 1}"#);
    assert_eq!(
        summary(&d),
        [
            ("file-value", "stacks", "app.json:1:2"),
            ("file-unknown-field", "stack", "app.json:1:16"),
        ]
    );
    let d = problems(r#"{"stacks": [1]}"#);
    assert_eq!(summary(&d), [("file-type", "stacks[0]", "app.json:1:13")]);
    let d = problems(r#"{"stacks": [}"#);
    assert_eq!(d[0].code, "file-syntax");
}

#[test]
fn account_and_region_belong_to_app_files_and_an_app_file_to_synth_out() {
    let single = r#"{"name": "S", "region": "us-east-1",
 "constructs": [{"type": "Bucket", "id": "Log"}]}"#;
    let d = synth_text("s.json", single).expect_err("region in a file of one stack");
    assert_eq!(
        summary(&d),
        [("file-unknown-field", "region", "s.json:1:15")]
    );
    let d = synth_text("app.json", &two("\"App/Changes\"", "us-east-1"))
        .expect_err("an app file is no stack file");
    assert_eq!(summary(&d), [("file-value", "stacks", "app.json:1:1")]);
    assert!(d[0].allowed.contains("--out DIR"), "{}", d[0]);
}

#[test]
fn its_own_stack_name_before_an_id_is_the_id() {
    let text = two("\"App/Changes\"", "us-east-1").replace(
        r#""kinesisStream": "Changes""#,
        r#""kinesisStream": "App/Changes""#,
    );
    let app = synth_app_text("app.json", &text).expect("an app");
    let t = &app.stack("App").expect("App").template;
    assert_eq!(
        t.resources["Orders"].properties["KinesisStreamSpecification"]["StreamArn"],
        serde_json::json!({"Fn::GetAtt": ["Changes", "Arn"]})
    );
}
