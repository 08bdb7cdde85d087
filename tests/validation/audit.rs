//! Stack-level rules added by the hardening of issue 10: override depth, template depth, an
//! empty stack, condition names and duplicates, conditions reaching a construct's derived
//! resources, raw resources' references and types, and IAM policy names derived from long
//! logical IDs. Each test names the input an outside audit found passing synth.

use crate::common::*;
use ferrocdk::core::rules;
use ferrocdk::prelude::*;
use ferrocdk::Severity;
use serde_json::{json, Value};

const E: Severity = Severity::Error;

/// A stack with one bucket `ChangeLog` (and its policy `ChangeLogPolicy`).
fn with_bucket() -> Stack {
    let mut stack = Stack::new("V");
    stack.add(Bucket::new("ChangeLog"));
    stack
}

fn is_prod() -> Value {
    json!({"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]})
}

// ---------------------------------------------------------------- overrides and depth

#[test]
fn an_override_path_deeper_than_the_limit_is_a_diagnostic() {
    let limit = ferrocdk::core::limits::MAX_OVERRIDE_SEGMENTS;
    let path = |n: usize| vec!["A"; n].join(".");
    let mut stack = with_bucket();
    stack.override_property("ChangeLog", path(limit), 1);
    let t = template(&stack);
    assert!(t["Resources"]["ChangeLog"]["Properties"]["A"].is_object());

    let mut stack = with_bucket();
    stack.override_property("ChangeLog", path(limit + 1), 1);
    let d = the_error(&stack, "override-path");
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        &d.property.clone(),
        &[&format!("{} segments", limit + 1)],
        &[&format!("at most {limit} segments")],
    );
    // Removing is limited the same way (it would not build anything, but the path is as wrong).
    let mut stack = with_bucket();
    stack.remove_property("ChangeLog", path(limit + 1));
    the_error(&stack, "override-path");
}

#[test]
fn a_hundred_thousand_override_segments_cost_a_diagnostic_not_gigabytes() {
    let path = vec!["Deep"; 100_000].join(".");
    let mut stack = with_bucket();
    stack.override_property("ChangeLog", path.as_str(), json!({"X": 1}));
    stack.remove_property("ChangeLog", path.as_str());
    let e = synth_err(&stack);
    let found: Vec<_> = e
        .diagnostics
        .iter()
        .filter(|d| d.code == "override-path")
        .collect();
    assert_eq!(found.len(), 2, "{e}");
    for d in found {
        assert!(d.received.contains("100000 segments"), "{d}");
        // The diagnostic shows the start of the path, not 600 KB of it.
        assert!(d.property.len() < 200 && d.received.len() < 300, "{d}");
    }
}

/// A JSON value nested `depth` objects deep.
fn nested(depth: usize) -> Value {
    let mut v = json!(1);
    for _ in 0..depth {
        v = json!({ "N": v });
    }
    v
}

#[test]
fn a_template_nested_deeper_than_128_levels_is_an_error() {
    // Root, Resources, the resource and Properties are 4 levels; the property value adds hers.
    let with_value = |depth: usize| {
        let mut stack = Stack::new("V");
        stack.add_raw_resource(
            "Deep",
            Resource::new("AWS::SSM::Parameter")
                .prop("Type", "String")
                .prop("Value", nested(depth)),
        );
        stack
    };
    assert!(no_diag(&with_value(124), "template-depth"));
    let d = the_error(&with_value(125), "template-depth");
    assert_diag(&d, E, "V", "-", &["129 levels"], &["at most 128"]);
    // Deep values arriving by an override are caught the same way.
    let mut stack = with_bucket();
    stack.override_property("ChangeLog", "Extra", nested(200));
    the_error(&stack, "template-depth");
    assert_eq!(rules::TEMPLATE_DEPTH.code, "template-depth");
}

// ---------------------------------------------------------------- an empty stack

#[test]
fn a_stack_without_resources_is_an_error() {
    let d = the_error(&Stack::new("Empty"), "template-empty");
    assert_diag(
        &d,
        E,
        "Empty",
        "Resources",
        &["0 resources"],
        &["At least one Resources member must be defined"],
    );
    // Outputs, parameters and conditions alone do not make a deployable stack.
    let mut stack = Stack::new("Empty");
    let p = stack.parameter(Parameter::string("Env"));
    stack.output("Env", p);
    stack.condition("IsProd", is_prod());
    the_error(&stack, "template-empty");
    // One resource is enough.
    assert!(no_diag(&with_bucket(), "template-empty"));
    assert_eq!(rules::TEMPLATE_EMPTY.code, "template-empty");
}

#[test]
fn a_stack_file_without_resources_is_an_error_and_not_a_follow_up_of_broken_constructs() {
    let codes = |text: &str| -> Vec<&'static str> {
        match ferrocdk::stack_file::synth_text("stack.json", text) {
            Ok(s) => panic!("expected errors, got a template:\n{}", s.to_json_pretty()),
            Err(ds) => ds.iter().filter(|d| d.is_error()).map(|d| d.code).collect(),
        }
    };
    assert_eq!(
        codes(r#"{ "name": "Empty", "constructs": [] }"#),
        ["template-empty"]
    );
    // A file whose only construct has a file error: that error only.
    assert_eq!(
        codes(
            r#"{ "name": "X", "constructs": [{ "type": "KinesisStream", "id": "S", "retentionHours": "48" }] }"#
        ),
        ["file-type"]
    );
}

// ---------------------------------------------------------------- conditions

#[test]
fn a_condition_name_must_be_alphanumeric() {
    let mut stack = with_bucket();
    stack.condition("Bad-Name!", is_prod());
    let d = the_error(&stack, "condition-name");
    assert_diag(
        &d,
        E,
        "V/Conditions/Bad-Name!",
        "Conditions",
        &["\"Bad-Name!\""],
        &["A-Za-z0-9"],
    );
    let mut stack = with_bucket();
    stack.condition("", is_prod());
    the_error(&stack, "condition-name");
    let mut stack = with_bucket();
    stack.condition("C".repeat(256), is_prod());
    the_error(&stack, "condition-name");
    let mut stack = with_bucket();
    stack.condition("IsProd2", is_prod());
    assert!(stack.synth().is_ok());
    assert_eq!(rules::CONDITION_NAME.code, "condition-name");
}

#[test]
fn a_duplicate_condition_name_is_an_error_not_an_overwrite() {
    let mut stack = with_bucket();
    stack.condition("IsProd", is_prod());
    stack.condition(
        "IsProd",
        json!({"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-west-1"]}),
    );
    let d = the_error(&stack, "duplicate-condition");
    assert_diag(
        &d,
        E,
        "V/Conditions/IsProd",
        "Conditions",
        &["\"IsProd\""],
        &["declared once"],
    );
    assert_eq!(rules::DUPLICATE_CONDITION.code, "duplicate-condition");
}

#[test]
fn a_conditional_bucket_takes_its_bucket_policy_along() {
    let mut stack = with_bucket();
    stack.condition("IsProd", is_prod());
    stack.set_condition("ChangeLog", "IsProd");
    let t = template(&stack);
    assert_eq!(resource(&t, "ChangeLog")["Condition"], "IsProd");
    assert_eq!(resource(&t, "ChangeLogPolicy")["Condition"], "IsProd");
}

#[test]
fn a_conditional_function_takes_its_role_policy_and_log_group_along() {
    let mut stack = Stack::new("V");
    stack.add(TransformFunction::dynamodb_changes("Shape"));
    stack.add(Bucket::new("ChangeLog"));
    stack.condition("IsProd", is_prod());
    stack.set_condition("Shape", "IsProd");
    let t = template(&stack);
    for id in ["Shape", "ShapeRole", "ShapeRolePolicy", "ShapeLogGroup"] {
        assert_eq!(resource(&t, id)["Condition"], "IsProd", "{id}");
    }
    // Other constructs stay unconditional.
    for id in ["ChangeLog", "ChangeLogPolicy"] {
        assert!(resource(&t, id).get("Condition").is_none(), "{id}");
    }
}

#[test]
fn a_conditional_forwarder_takes_every_resource_it_defines_along() {
    let mut stack = Stack::new("V");
    let table = stack
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
    stack.condition("IsProd", is_prod());
    stack.set_condition("Forward", "IsProd");
    let t = template(&stack);
    let own: Vec<String> = resource_ids(&t)
        .into_iter()
        .filter(|id| id.starts_with("Forward"))
        .collect();
    assert!(own.len() >= 6, "{own:?}");
    for id in &own {
        assert_eq!(resource(&t, id)["Condition"], "IsProd", "{id}");
    }
}

#[test]
fn a_conditional_construct_without_a_resource_of_its_own_id_takes_all_it_defines_along() {
    use ferrocdk::aws::cloudwatch::Alarms;
    let mut stack = Stack::new("V");
    let stream = stack.add(KinesisStream::new("Changes"));
    stack.add(Alarms::new("Alarms").stream(&stream));
    stack.condition("IsProd", is_prod());
    stack.set_condition("Alarms", "IsProd");
    let t = template(&stack);
    let alarms = ids_of_type(&t, "AWS::CloudWatch::Alarm");
    assert!(!alarms.is_empty());
    for id in alarms.iter().chain(&ids_of_type(&t, "AWS::SNS::Topic")) {
        assert_eq!(resource(&t, id)["Condition"], "IsProd", "{id}");
    }
    assert!(resource(&t, "Changes").get("Condition").is_none());
}

#[test]
fn a_condition_on_a_derived_resource_applies_to_it_alone() {
    let mut stack = with_bucket();
    stack.condition("IsProd", is_prod());
    stack.set_condition("ChangeLogPolicy", "IsProd");
    let t = template(&stack);
    assert_eq!(resource(&t, "ChangeLogPolicy")["Condition"], "IsProd");
    assert!(resource(&t, "ChangeLog").get("Condition").is_none());
}

#[test]
fn two_conditions_on_one_resource_are_an_error() {
    let mut stack = with_bucket();
    stack.condition("IsProd", is_prod());
    stack.condition("IsTest", json!({"Fn::Not": [{"Condition": "IsProd"}]}));
    stack.set_condition("ChangeLog", "IsProd");
    stack.set_condition("ChangeLogPolicy", "IsTest");
    let d = the_error(&stack, "condition-conflict");
    assert_diag(
        &d,
        E,
        "V/ChangeLogPolicy",
        "Condition",
        &["\"IsTest\"", "\"IsProd\""],
        &["one condition"],
    );
    // The same condition twice is fine.
    let mut stack = with_bucket();
    stack.condition("IsProd", is_prod());
    stack.set_condition("ChangeLog", "IsProd");
    stack.set_condition("ChangeLogPolicy", "IsProd");
    assert!(stack.synth().is_ok());
    assert_eq!(rules::CONDITION_CONFLICT.code, "condition-conflict");
}

// ---------------------------------------------------------------- raw resources

fn raw(r: Resource) -> Stack {
    let mut stack = with_bucket();
    let _ = stack.parameter(Parameter::string("Env"));
    stack.condition("IsProd", is_prod());
    stack.add_raw_resource("Extra", r);
    stack
}

fn topic() -> Resource {
    Resource::new("AWS::SNS::Topic")
}

#[test]
fn a_raw_ref_to_nothing_is_an_error() {
    let d = the_error(
        &raw(topic().prop("TopicName", json!({"Ref": "Nope"}))),
        "raw-resource-reference",
    );
    assert_diag(
        &d,
        E,
        "V/Extra",
        "Properties.TopicName.Ref",
        &["\"Nope\""],
        &["a resource or parameter of this stack", "AWS::Region"],
    );
    // Resources, parameters and pseudo parameters are fine.
    for target in ["ChangeLog", "Env", "AWS::Region", "AWS::NoValue", "Extra2"] {
        let mut stack = raw(topic().prop("TopicName", json!({"Ref": target})));
        stack.add_raw_resource("Extra2", topic());
        assert!(stack.synth().is_ok(), "{target}");
    }
    assert_eq!(rules::RAW_RESOURCE_REFERENCE.code, "raw-resource-reference");
}

#[test]
fn a_raw_get_att_to_nothing_is_an_error_in_both_forms() {
    let d = the_error(
        &raw(topic().prop("DisplayName", json!({"Fn::GetAtt": ["Missing", "Arn"]}))),
        "raw-resource-reference",
    );
    assert_diag(
        &d,
        E,
        "V/Extra",
        "Properties.DisplayName.Fn::GetAtt",
        &["\"Missing\""],
        &["a resource of this stack"],
    );
    the_error(
        &raw(topic().prop("DisplayName", json!({"Fn::GetAtt": "Missing.Arn"}))),
        "raw-resource-reference",
    );
    // A parameter has no attributes.
    the_error(
        &raw(topic().prop("DisplayName", json!({"Fn::GetAtt": ["Env", "Arn"]}))),
        "raw-resource-reference",
    );
    assert!(
        raw(topic().prop("DisplayName", json!({"Fn::GetAtt": ["ChangeLog", "Arn"]})))
            .synth()
            .is_ok()
    );
}

#[test]
fn a_raw_sub_variable_to_nothing_is_an_error() {
    let sub = |text: &str| raw(topic().prop("DisplayName", json!({ "Fn::Sub": text })));
    let d = the_error(&sub("${Ghost}-x"), "raw-resource-reference");
    assert_diag(
        &d,
        E,
        "V/Extra",
        "Properties.DisplayName.Fn::Sub",
        &["\"Ghost\""],
        &["a resource or parameter"],
    );
    the_error(&sub("${Ghost.Arn}"), "raw-resource-reference");
    // Resources, attributes, parameters, pseudo parameters and escaped `${!…}` are fine.
    assert!(
        sub("${ChangeLog}/${ChangeLog.Arn}/${Env}/${AWS::StackName}/${!Literal}")
            .synth()
            .is_ok()
    );
    // Variables declared in the Sub's own map are fine too.
    let local = raw(topic().prop(
        "DisplayName",
        json!({ "Fn::Sub": ["${Local}-x", { "Local": "y" }] }),
    ));
    assert!(local.synth().is_ok());
}

#[test]
fn a_raw_fn_if_or_condition_naming_no_condition_is_an_error() {
    let d = the_error(
        &raw(topic().prop("DisplayName", json!({"Fn::If": ["Unknown", "a", "b"]}))),
        "raw-resource-reference",
    );
    assert_diag(
        &d,
        E,
        "V/Extra",
        "Properties.DisplayName.Fn::If",
        &["\"Unknown\""],
        &["a condition declared with stack.condition"],
    );
    let mut r = topic();
    r.condition = Some("Unknown".into());
    let d = the_error(&raw(r), "condition-unknown");
    assert_eq!(
        (d.path.as_str(), d.property.as_str()),
        ("V/Extra", "Condition")
    );
    assert!(raw(topic().prop(
        "DisplayName",
        json!({"Fn::If": ["IsProd", "a", {"Ref": "AWS::NoValue"}]})
    ))
    .synth()
    .is_ok());
}

#[test]
fn references_in_raw_metadata_are_checked_too() {
    let mut r = topic();
    r.metadata = Some(json!({"Note": {"Ref": "Nope"}}));
    let d = the_error(&raw(r), "raw-resource-reference");
    assert_eq!(d.property, "Metadata.Note.Ref");
}

#[test]
fn a_raw_depends_on_to_nothing_is_an_error() {
    let d = the_error(&raw(topic().depends_on("Ghost")), "raw-resource-depends-on");
    assert_diag(
        &d,
        E,
        "V/Extra",
        "DependsOn",
        &["\"Ghost\""],
        &["a resource of this stack", "ChangeLog"],
    );
    // A parameter is not something to wait for.
    the_error(&raw(topic().depends_on("Env")), "raw-resource-depends-on");
    assert!(raw(topic().depends_on("ChangeLog")).synth().is_ok());
    assert_eq!(
        rules::RAW_RESOURCE_DEPENDS_ON.code,
        "raw-resource-depends-on"
    );
}

#[test]
fn a_raw_resource_type_must_have_a_cloudformation_shape() {
    let d = the_error(&raw(Resource::new("Not::A::Type")), "raw-resource-type");
    assert_diag(
        &d,
        E,
        "V/Extra",
        "Type",
        &["\"Not::A::Type\""],
        &["AWS::Service::Resource", "Custom::"],
    );
    for bad in [
        "",
        "SNS::Topic",
        "AWS::SNS",
        "AWS::SNS::Topic::Extra",
        "AWS:SNS:Topic",
        "AWS::SNS::To pic",
        "Custom::",
        "Custom::Has Space",
        &format!("Custom::{}", "x".repeat(61)),
        "aws::sns::topic::module",
    ] {
        the_error(&raw(Resource::new(bad)), "raw-resource-type");
    }
    for good in [
        "AWS::SNS::Topic",
        "AWS::CloudFormation::CustomResource",
        "Custom::Seeder",
        "Custom::My_Resource-v2@1",
        "MyOrg::Data::Pipeline",
        "MyOrg::Data::Pipeline::MODULE",
        "Alexa::ASK::Skill",
    ] {
        assert!(raw(Resource::new(good)).synth().is_ok(), "{good}");
    }
    assert_eq!(rules::RAW_RESOURCE_TYPE.code, "raw-resource-type");
}

#[test]
fn the_audit_inputs_fail_validate_all_at_once() {
    let mut stack = with_bucket();
    stack.add_raw_resource("A", topic().prop("TopicName", json!({"Ref": "Nope"})));
    stack.add_raw_resource(
        "B",
        topic().prop("DisplayName", json!({"Fn::GetAtt": ["Missing", "Arn"]})),
    );
    stack.add_raw_resource("C", topic().depends_on("Ghost"));
    stack.add_raw_resource("D", Resource::new("Not::A::Type"));
    let e = synth_err(&stack);
    let codes: Vec<&str> = e.errors().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "raw-resource-reference",
            "raw-resource-reference",
            "raw-resource-depends-on",
            "raw-resource-type"
        ],
        "{e}"
    );
}

// ---------------------------------------------------------------- IAM policy names

fn policy_name(t: &Value, id: &str) -> String {
    resource(t, id)["Properties"]["PolicyName"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn valid_policy_name(n: &str) -> bool {
    (1..=128).contains(&n.len())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
}

#[test]
fn a_policy_name_from_a_long_logical_id_is_at_most_128_characters() {
    let long = |tail: &str| format!("{}{tail}", "S".repeat(200));
    let mut stack = Stack::new("V");
    stack.add(TransformFunction::dynamodb_changes(long("A")));
    stack.add(TransformFunction::dynamodb_changes(long("B")));
    let t = template(&stack);
    let a = policy_name(&t, &format!("{}RolePolicy", long("A")));
    let b = policy_name(&t, &format!("{}RolePolicy", long("B")));
    assert!(valid_policy_name(&a) && valid_policy_name(&b), "{a} {b}");
    assert_eq!(a.len(), 128);
    // Distinct ids keep distinct names, although they share the first 128 characters.
    assert_ne!(a, b);
    assert!(a.starts_with(&"S".repeat(100)), "{a}");
    // Deterministic.
    assert_eq!(template(&stack), t);
    // A short one is its logical ID, as before.
    let mut stack = Stack::new("V");
    stack.add(TransformFunction::dynamodb_changes("Shape"));
    assert_eq!(
        policy_name(&template(&stack), "ShapeRolePolicy"),
        "ShapeRolePolicy"
    );
    // At exactly 128 characters the logical ID is kept.
    let id = "P".repeat(128 - "RolePolicy".len());
    let mut stack = Stack::new("V");
    stack.add(TransformFunction::dynamodb_changes(id.as_str()));
    assert_eq!(
        policy_name(&template(&stack), &format!("{id}RolePolicy")),
        format!("{id}RolePolicy")
    );
}
