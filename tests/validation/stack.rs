//! Stack-level rules (names, logical IDs, outputs, references, overrides, tags, conditions) and the template limits.

use super::*;

#[test]
fn stack_name() {
    let d = the_error(&Stack::new("1bad_name"), "stack-name");
    assert_diag(
        &d,
        E,
        "1bad_name",
        "StackName",
        &["\"1bad_name\""],
        &["1–128 characters", "a letter"],
    );
    assert!(no_diag(&Stack::new("a"), "stack-name"));
    assert!(no_diag(
        &Stack::new(format!("A{}", "-".repeat(127))),
        "stack-name"
    ));
    assert!(no_diag(&Stack::new("Orders-ChangeLog-2"), "stack-name"));
    let too_long = "a".repeat(129);
    assert_eq!(
        the_error(&Stack::new(too_long.as_str()), "stack-name").path,
        too_long
    );
    the_error(&Stack::new(""), "stack-name");
    the_error(&Stack::new("Orders_ChangeLog"), "stack-name");
}

#[test]
fn logical_id() {
    let d = the_error(&stream(|s| s.logical_id("Change_Stream")), "logical-id");
    assert_diag(
        &d,
        E,
        "V/Changes",
        "LogicalId",
        &["\"Change_Stream\""],
        &["A-Za-z0-9", "'_'"],
    );
    // One error per construct, however many ids derive from the bad one (a bucket defines
    // `<id>Policy` too), nothing else.
    let e = synth_err(&bucket(|b| b.logical_id("change-log")));
    let ids: Vec<&str> = e.diagnostics.iter().map(|d| d.received.as_str()).collect();
    assert_eq!(
        ids,
        ["\"change-log\" (and 1 logical ID derived from it)"],
        "{e}"
    );
    assert!(e.diagnostics.iter().all(|d| d.code == "logical-id"), "{e}");
    // 255 characters are accepted, 256 are not.
    assert!(stream(|s| s.logical_id("A".repeat(255))).synth().is_ok());
    let d = the_error(&stream(|s| s.logical_id("A".repeat(256))), "logical-id");
    assert!(d.allowed.contains("256 characters"), "{d}");
}

#[test]
fn duplicate_logical_id() {
    // A construct id equal to another construct's derived id.
    let mut stack = Stack::new("V");
    stack.add(Bucket::new("Log"));
    stack.add(KinesisStream::new("LogPolicy"));
    let d = the_error(&stack, "duplicate-logical-id");
    assert_diag(
        &d,
        E,
        "V/LogPolicy",
        "LogicalId",
        &["\"LogPolicy\"", "already used by V/Log"],
        &["unique", ".logical_id("],
    );
    // A parameter named like a resource.
    let mut stack = Stack::new("V");
    stack.add(KinesisStream::new("Changes"));
    let _ = stack.parameter(Parameter::number("Changes"));
    let d = the_error(&stack, "duplicate-logical-id");
    assert_diag(
        &d,
        E,
        "V/Changes",
        "Parameters",
        &["\"Changes\""],
        &["not used by another parameter or resource"],
    );
}

#[test]
fn parameter_name() {
    let mut stack = Stack::new("V");
    let _ = stack.parameter(Parameter::number("shard-count"));
    let d = the_error(&stack, "parameter-name");
    assert_diag(
        &d,
        E,
        "V/shard-count",
        "Parameters",
        &["\"shard-count\""],
        &["A-Za-z0-9"],
    );
}

#[test]
fn output_name() {
    let mut stack = Stack::new("V");
    let s = stack.add(KinesisStream::new("Changes"));
    stack.output("stream-arn", s.arn());
    let d = the_error(&stack, "output-name");
    assert_diag(
        &d,
        E,
        "V/Outputs/stream-arn",
        "Outputs",
        &["\"stream-arn\""],
        &["A-Za-z0-9"],
    );
}

#[test]
fn duplicate_output() {
    let mut stack = Stack::new("V");
    let s = stack.add(KinesisStream::new("Changes"));
    stack.output("Stream", s.arn());
    stack.output("Stream", s.name());
    let d = the_error(&stack, "duplicate-output");
    assert_diag(
        &d,
        E,
        "V/Outputs/Stream",
        "Outputs",
        &["\"Stream\""],
        &["once"],
    );
}

#[test]
fn cross_stack_reference() {
    let mut other = Stack::new("Shared");
    let foreign = other.add(KinesisStream::new("Changes"));
    let mut stack = Stack::new("V");
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&foreign));
    let d = the_error(&stack, "cross-stack-reference");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "KinesisStreamSpecification.StreamArn",
        &["\"Changes\"", "another stack"],
        &["output_export", "Expr::import_value"],
    );
    // In an output too.
    let mut stack = Stack::new("V");
    stack.output("Foreign", foreign.arn());
    let d = the_error(&stack, "cross-stack-reference");
    assert_diag(
        &d,
        E,
        "V/Outputs/Foreign",
        "Value",
        &["\"Changes\""],
        &["export"],
    );
    // The other stack itself is fine.
    assert!(other.synth().is_ok());
}

#[test]
fn dangling_reference() {
    let mut stack = Stack::new("V");
    let ghost = stack.add(Ghost::default());
    stack.output("GhostName", ghost);
    let d = the_error(&stack, "dangling-reference");
    assert_diag(
        &d,
        E,
        "V/Outputs/GhostName",
        "Ref",
        &["\"Ghost\""],
        &["defined in this stack"],
    );
}

#[test]
fn override_target() {
    let mut stack = bucket(|b| b);
    stack.override_property("ChangeLg", "VersioningConfiguration.Status", "Enabled");
    let d = the_error(&stack, "override-target");
    assert_diag(
        &d,
        E,
        "V/ChangeLg",
        "VersioningConfiguration.Status",
        &["\"ChangeLg\""],
        &["ChangeLog, ChangeLogPolicy"],
    );
}

#[test]
fn override_path() {
    let mut stack = bucket(|b| b);
    stack.override_property(
        "ChangeLog",
        "PublicAccessBlockConfiguration.BlockPublicAcls.Extra",
        true,
    );
    let d = the_error(&stack, "override-path");
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "PublicAccessBlockConfiguration.BlockPublicAcls.Extra",
        &["\"PublicAccessBlockConfiguration.BlockPublicAcls.Extra\""],
        &["scalar"],
    );
    let mut stack = bucket(|b| b);
    stack.override_property(
        "ChangeLog",
        "OwnershipControls.Rules.5.ObjectOwnership",
        "x",
    );
    assert_eq!(
        the_error(&stack, "override-path").property,
        "OwnershipControls.Rules.5.ObjectOwnership"
    );
    let mut stack = bucket(|b| b);
    stack.remove_property("ChangeLog", "BucketEncryption..X");
    the_error(&stack, "override-path");
}

#[test]
fn tag_key() {
    let mut stack = stream(|s| s);
    stack.tag("aws:owner", "me");
    let d = the_error(&stack, "tag-key");
    assert_diag(
        &d,
        E,
        "V/Changes",
        "Tags",
        &["\"aws:owner\""],
        &["1–128 characters", "not starting with \"aws:\""],
    );
    the_error(&stream(|s| s.tag("", "x")), "tag-key");
    assert!(stream(|s| s.tag("k".repeat(128), "x")).synth().is_ok());
    the_error(&stream(|s| s.tag("k".repeat(129), "x")), "tag-key");
}

#[test]
fn tag_value() {
    let d = the_error(&stream(|s| s.tag("team", "v".repeat(257))), "tag-value");
    assert_diag(
        &d,
        E,
        "V/Changes",
        "Tags",
        &["257 characters", "\"team\""],
        &["0–256 characters"],
    );
    assert!(stream(|s| s.tag("team", "v".repeat(256))).synth().is_ok());
    assert!(stream(|s| s.tag("team", "")).synth().is_ok());
}

#[test]
fn tag_count() {
    let tagged = |n: usize| {
        let mut stack = Stack::new("V");
        for i in 0..n {
            stack.tag(format!("k{i}"), "v");
        }
        stack.add(KinesisStream::new("Changes"));
        stack
    };
    assert!(tagged(50).synth().is_ok());
    let d = the_error(&tagged(51), "tag-count");
    assert_diag(&d, E, "V/Changes", "Tags", &["51 tags"], &["at most 50"]);
    // A construct tag with a stack tag's key replaces it: 50 in all.
    let mut stack = tagged(50);
    stack.add(Bucket::new("ChangeLog").tag("k0", "mine"));
    assert!(stack.synth().is_ok());
}

fn raw(n: usize) -> Stack {
    let mut stack = Stack::new("V");
    for i in 0..n {
        stack.add_raw_resource(format!("Topic{i}"), Resource::new("AWS::SNS::Topic"));
    }
    stack
}

#[test]
fn template_resources() {
    assert!(no_diag(&raw(500), "template-resources"));
    assert!(raw(500).synth().is_ok());
    let d = the_error(&raw(501), "template-resources");
    assert_diag(&d, E, "V", "Resources", &["501"], &["at most 500"]);
}

#[test]
fn template_outputs() {
    let outputs = |n: usize| {
        let mut stack = Stack::new("V");
        let s = stack.add(KinesisStream::new("Changes"));
        for i in 0..n {
            stack.output(format!("O{i}"), s.arn());
        }
        stack
    };
    assert!(outputs(200).synth().is_ok());
    let d = the_error(&outputs(201), "template-outputs");
    assert_diag(&d, E, "V", "Outputs", &["201"], &["at most 200"]);
}

#[test]
fn template_parameters() {
    let params = |n: usize| {
        let mut stack = Stack::new("V");
        for i in 0..n {
            let _ = stack.parameter(Parameter::string(format!("P{i}")));
        }
        stack
    };
    assert!(no_diag(&params(200), "template-parameters"));
    let d = the_error(&params(201), "template-parameters");
    assert_diag(&d, E, "V", "Parameters", &["201"], &["at most 200"]);
}

#[test]
fn template_description() {
    assert!(no_diag(
        &Stack::new("V").description("d".repeat(1024)),
        "template-description"
    ));
    let d = the_error(
        &Stack::new("V").description("d".repeat(1025)),
        "template-description",
    );
    assert_diag(
        &d,
        E,
        "V",
        "Description",
        &["1025 bytes"],
        &["at most 1024 bytes"],
    );
    // Bytes, not characters: 513 × 'é' is 1,026 bytes.
    the_error(
        &Stack::new("V").description("é".repeat(513)),
        "template-description",
    );
}

fn padded(bytes: usize) -> Stack {
    let mut stack = Stack::new("V");
    stack.add_raw_resource(
        "Padding",
        Resource::new("AWS::SSM::Parameter")
            .prop("Type", "String")
            .prop("Value", "x".repeat(bytes)),
    );
    stack
}

#[test]
fn template_size() {
    assert!(no_diag(&padded(40_000), "template-size"));
    // Above 51,200 bytes: deployable through S3 only, a warning.
    let d = the_warning(&padded(60_000), "template-size-s3");
    assert_diag(&d, W, "V", "-", &["bytes"], &["51200", "S3"]);
    // Above 1 MiB: not deployable at all.
    let d = the_error(&padded(1_100_000), "template-size");
    assert_diag(&d, E, "V", "-", &["bytes"], &["1048576", "split the stack"]);
}

#[test]
fn output_unknown() {
    let mut stack = Stack::new("V");
    stack.output("Region", Expr::Pseudo(Pseudo::Region));
    stack.describe_output("Region", "where it runs");
    stack.describe_output("Nope", "no such output");
    let d = the_error(&stack, "output-unknown");
    assert_diag(
        &d,
        E,
        "V/Outputs/Nope",
        "Description",
        &["\"Nope\""],
        &["stack.output"],
    );
}

#[test]
fn condition_unknown() {
    let mut stack = Stack::new("V");
    stack.add(KinesisStream::new("Changes"));
    stack.condition(
        "IsProd",
        serde_json::json!({"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}),
    );
    stack.set_condition("Changes", "IsProd");
    assert!(stack.synth().is_ok());
    stack.set_condition("Changes", "IsTest");
    let d = the_error(&stack, "condition-unknown");
    assert_diag(
        &d,
        E,
        "V/Changes",
        "Condition",
        &["\"IsTest\""],
        &["stack.condition"],
    );
}
