//! Targeted assertions on the wiring of synthesized templates: exact least-privilege policies,
//! trust, `DependsOn`, removal policies, which resources exist, logical-ID stability,
//! determinism, existing and imported resources, tags, escape hatches and template limits.

#[path = "../examples/pipeline.rs"]
#[allow(dead_code)]
mod pipeline;

#[path = "../examples/dynamodb_streams_pipeline.rs"]
#[allow(dead_code)]
mod dynamodb_streams_pipeline;

mod common;

use common::*;
use ferrocdk::prelude::*;
use serde_json::{json, Value};

const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const S3: &str = "ExtendedS3DestinationConfiguration";

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn props<'a>(t: &'a Value, id: &str) -> &'a Value {
    &resource(t, id)["Properties"]
}

/// The Kinesis route with the stream built by `stream`.
fn kinesis_route(stream: KinesisStream) -> Stack {
    let mut stack = Stack::new("K");
    let s = stack.add(stream);
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&s));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    stack
        .add(DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&s));
    stack
}

// ---------------------------------------------------------------- policies

#[test]
fn firehose_role_policy_is_exactly_what_the_wiring_needs() {
    let t = template(&pipeline::stack());
    let st = statements(&t, "ToS3RolePolicy");
    assert_eq!(st.len(), 4, "{st:#?}");
    for s in &st {
        assert_eq!(s["Effect"], "Allow");
        assert!(s.get("Condition").is_none());
    }

    let kinesis = statement_with(&t, "ToS3RolePolicy", "kinesis:GetRecords");
    assert_eq!(
        actions(&kinesis),
        strs(&[
            "kinesis:DescribeStream",
            "kinesis:GetShardIterator",
            "kinesis:GetRecords",
            "kinesis:ListShards"
        ])
    );
    assert_eq!(resources_of(&kinesis), [get_att("Changes", "Arn")]);

    let s3 = statement_with(&t, "ToS3RolePolicy", "s3:PutObject");
    assert_eq!(
        actions(&s3),
        strs(&[
            "s3:AbortMultipartUpload",
            "s3:GetBucketLocation",
            "s3:GetObject",
            "s3:ListBucket",
            "s3:ListBucketMultipartUploads",
            "s3:PutObject"
        ])
    );
    assert_eq!(
        resources_of(&s3),
        [
            get_att("ChangeLog", "Arn"),
            json!({"Fn::Sub": "${ChangeLog.Arn}/*"})
        ]
    );

    let lambda = statement_with(&t, "ToS3RolePolicy", "lambda:InvokeFunction");
    assert_eq!(
        actions(&lambda),
        strs(&["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"])
    );
    assert_eq!(
        resources_of(&lambda),
        [
            get_att("Shape", "Arn"),
            json!({"Fn::Sub": "${Shape.Arn}:*"})
        ]
    );

    let logs = statement_with(&t, "ToS3RolePolicy", "logs:PutLogEvents");
    assert_eq!(actions(&logs), strs(&["logs:PutLogEvents"]));
    // Its own log stream, whose name is the one the LogStream resource declares.
    let stream_name = props(&t, "ToS3LogStream")["LogStreamName"]
        .as_str()
        .expect("stream name")
        .to_owned();
    assert_eq!(
        props(&t, "ToS3LogStream")["LogGroupName"],
        ref_("ToS3LogGroup")
    );
    assert_eq!(
        resources_of(&logs),
        [json!({"Fn::Sub": format!(
            "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:${{ToS3LogGroup}}:log-stream:{stream_name}"
        )})]
    );
    // Without a customer key, no KMS at all.
    assert!(!all_actions(&t, "ToS3RolePolicy")
        .iter()
        .any(|a| a.starts_with("kms:")));
    assert_eq!(
        props(&t, "ToS3RolePolicy")["Roles"],
        json!([ref_("ToS3Role")])
    );
}

#[test]
fn forwarder_role_policy_is_exactly_what_the_code_calls() {
    let t = template(&dynamodb_streams_pipeline::stack());
    let st = statements(&t, "ForwardRolePolicy");
    assert_eq!(st.len(), 5, "{st:#?}");
    for s in &st {
        assert_eq!(s["Effect"], "Allow");
        assert!(s.get("Condition").is_none());
    }
    let logs = statement_with(&t, "ForwardRolePolicy", "logs:PutLogEvents");
    assert_eq!(
        actions(&logs),
        strs(&["logs:CreateLogStream", "logs:PutLogEvents"])
    );
    assert_eq!(resources_of(&logs), [get_att("ForwardLogGroup", "Arn")]);
    let firehose = statement_with(&t, "ForwardRolePolicy", "firehose:PutRecordBatch");
    assert_eq!(actions(&firehose), strs(&["firehose:PutRecordBatch"]));
    assert_eq!(resources_of(&firehose), [get_att("ToS3", "Arn")]);
    // What Firehose cannot take is kept: PutObject only, only under the two folders of the
    // error prefix the forwarder writes (not the bucket, not Firehose's own change log)
    let s3 = statement_with(&t, "ForwardRolePolicy", "s3:PutObject");
    assert_eq!(actions(&s3), strs(&["s3:PutObject"]));
    assert_eq!(
        resources_of(&s3),
        [
            json!({"Fn::Sub": "${ChangeLog.Arn}/errors/oversize/*"}),
            json!({"Fn::Sub": "${ChangeLog.Arn}/errors/processing-failed/*"})
        ]
    );
    let read = statement_with(&t, "ForwardRolePolicy", "dynamodb:GetRecords");
    assert_eq!(
        actions(&read),
        strs(&[
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator"
        ])
    );
    assert_eq!(resources_of(&read), [get_att("Orders", "StreamArn")]);
    let queue = statement_with(&t, "ForwardRolePolicy", "sqs:SendMessage");
    assert_eq!(actions(&queue), strs(&["sqs:SendMessage"]));
    assert_eq!(
        resources_of(&queue),
        [get_att("ForwardFailureQueue", "Arn")]
    );
    // The bucket is SSE-S3 (ferrocdk's buckets have no customer key): no KMS at all.
    assert!(!all_actions(&t, "ForwardRolePolicy")
        .iter()
        .any(|a| a.starts_with("kms:")));
}

#[test]
fn forwarder_keeps_records_where_its_delivery_stream_keeps_errors() {
    let t = template(&dynamodb_streams_pipeline::stack());
    let vars = &props(&t, "Forward")["Environment"]["Variables"];
    assert_eq!(vars["FERROCDK_ERROR_BUCKET"], ref_("ChangeLog"));
    // one source of truth: the delivery stream's ErrorOutputPrefix, passed as it is
    assert_eq!(
        vars["FERROCDK_ERROR_PREFIX"],
        props(&t, "ToS3")[S3]["ErrorOutputPrefix"]
    );
    assert_eq!(
        vars["FERROCDK_ERROR_PREFIX"],
        "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/"
    );
}

#[test]
fn forwarder_keeps_records_in_an_existing_bucket_under_a_literal_error_prefix() {
    let mut stack = Stack::new("S");
    let table = stack
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket = Bucket::from_name("shared-change-log");
    let ds = stack.add(DeliveryStream::new(
        "ToS3",
        S3Destination::new(&bucket)
            .prefix("changes/")
            .error_output_prefix("failed/"),
    ));
    stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
    let t = template(&stack);
    let vars = &props(&t, "Forward")["Environment"]["Variables"];
    assert_eq!(vars["FERROCDK_ERROR_BUCKET"], "shared-change-log");
    assert_eq!(props(&t, "ToS3")[S3]["ErrorOutputPrefix"], "failed/");
    // a prefix without expressions: the forwarder appends the type and hour, so that a key
    // still says why and when
    assert_eq!(
        vars["FERROCDK_ERROR_PREFIX"],
        "failed/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/"
    );
    let s3 = statement_with(&t, "ForwardRolePolicy", "s3:PutObject");
    assert_eq!(
        resources_of(&s3),
        [
            json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::shared-change-log/failed/oversize/*"}),
            json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::shared-change-log/failed/processing-failed/*"})
        ]
    );
}

#[test]
fn forwarder_alarm_watches_the_metric_its_code_emits() {
    use ferrocdk::aws::cloudwatch::Alarms;
    use ferrocdk::aws::lambda::{KEPT_METRIC_NAME, KEPT_METRIC_NAMESPACE};
    let mut stack = Stack::new("A");
    let table = stack
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    let forward = stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    stack.add(Alarms::new("Alarms").forwarder(&forward).function(&shape));
    let t = template(&stack);
    let alarm = props(&t, "AlarmsForwardRecordsKept");
    assert_eq!(
        (&alarm["Namespace"], &alarm["MetricName"]),
        (&json!(KEPT_METRIC_NAMESPACE), &json!(KEPT_METRIC_NAME))
    );
    assert_eq!(
        alarm["Dimensions"],
        json!([{"Name": "FunctionName", "Value": ref_("Forward")}])
    );
    assert_eq!(
        (
            &alarm["Statistic"],
            &alarm["Threshold"],
            &alarm["ComparisonOperator"]
        ),
        (
            &json!("Sum"),
            &json!(1),
            &json!("GreaterThanOrEqualToThreshold")
        )
    );
    // the code writes that metric (Embedded Metric Format), with the function's name as the
    // dimension: tests/python/test_forwarder_unit.py checks the document it prints
    let code = props(&t, "Forward")["Code"]["ZipFile"]
        .as_str()
        .expect("code");
    assert!(code.contains(&format!("METRIC_NAMESPACE = {KEPT_METRIC_NAMESPACE:?}")));
    assert!(code.contains(&format!("METRIC_NAME = {KEPT_METRIC_NAME:?}")));
    assert!(code.contains("\"Dimensions\": [[\"FunctionName\"]]"));
    // a transform keeps nothing itself (Firehose does): no such alarm
    assert!(!resource_ids(&t).contains(&"AlarmsShapeRecordsKept".to_owned()));
}

#[test]
fn transform_role_may_only_write_its_own_logs() {
    let t = template(&pipeline::stack());
    let st = statements(&t, "ShapeRolePolicy");
    assert_eq!(st.len(), 1, "{st:#?}");
    assert_eq!(
        actions(&st[0]),
        strs(&["logs:CreateLogStream", "logs:PutLogEvents"])
    );
    assert_eq!(resources_of(&st[0]), [get_att("ShapeLogGroup", "Arn")]);
    assert_eq!(
        props(&t, "ShapeRolePolicy")["Roles"],
        json!([ref_("ShapeRole")])
    );
    assert_eq!(props(&t, "Shape")["Role"], get_att("ShapeRole", "Arn"));
    assert_eq!(
        props(&t, "Shape")["LoggingConfig"]["LogGroup"],
        ref_("ShapeLogGroup")
    );
    let trust = &props(&t, "ShapeRole")["AssumeRolePolicyDocument"]["Statement"];
    assert_eq!(
        trust,
        &json!([{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}])
    );
}

#[test]
fn kms_decrypt_only_for_a_customer_managed_stream_key() {
    let key = KeyRef::from_arn(KEY_ARN);
    let t = template(&kinesis_route(
        KinesisStream::new("Changes").encryption(StreamEncryption::CustomerManaged(key.clone())),
    ));
    assert_eq!(
        props(&t, "Changes")["StreamEncryption"],
        json!({"EncryptionType": "KMS", "KeyId": KEY_ARN})
    );
    let kms = statement_with(&t, "ToS3RolePolicy", "kms:Decrypt");
    assert_eq!(actions(&kms), strs(&["kms:Decrypt"]));
    assert_eq!(resources_of(&kms), [json!(KEY_ARN)]);
    // Nobody else gets the key.
    assert!(!all_actions(&t, "ShapeRolePolicy")
        .iter()
        .any(|a| a.starts_with("kms:")));

    // AWS-managed key and no encryption: no KMS statement.
    for enc in [StreamEncryption::AwsManaged, StreamEncryption::Unencrypted] {
        let t = template(&kinesis_route(
            KinesisStream::new("Changes").encryption(enc),
        ));
        assert!(!all_actions(&t, "ToS3RolePolicy")
            .iter()
            .any(|a| a.starts_with("kms:")));
    }

    // An existing stream declared with its key.
    let mut stack = Stack::new("K");
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let existing =
        KinesisStream::from_arn("arn:aws:kinesis:us-east-1:123456789012:stream/s").with_key(key);
    stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&existing));
    let t = template(&stack);
    assert_eq!(
        resources_of(&statement_with(&t, "ToS3RolePolicy", "kms:Decrypt")),
        [json!(KEY_ARN)]
    );
}

/// Every statement of every `AWS::IAM::Policy`: named actions on scoped resources.
fn assert_no_wildcards(t: &Value) {
    let policies = ids_of_type(t, "AWS::IAM::Policy");
    assert!(!policies.is_empty());
    for p in policies {
        for s in statements(t, &p) {
            assert_eq!(s["Effect"], "Allow", "{p}: {s}");
            assert!(!actions(&s).is_empty(), "{p}: {s}");
            for a in actions(&s) {
                assert!(!a.contains('*'), "{p}: wildcard action {a}");
            }
            let rs = resources_of(&s);
            assert!(!rs.is_empty(), "{p}: no resource in {s}");
            for r in rs {
                assert_ne!(r, json!("*"), "{p}: resource * in {s}");
            }
            assert!(
                s.get("NotAction").is_none() && s.get("NotResource").is_none(),
                "{p}: {s}"
            );
        }
    }
}

#[test]
fn no_policy_has_a_wildcard() {
    assert_no_wildcards(&template(&pipeline::stack()));
    assert_no_wildcards(&template(&dynamodb_streams_pipeline::stack()));
    assert_no_wildcards(&template(&kinesis_route(
        KinesisStream::new("Changes")
            .encryption(StreamEncryption::CustomerManaged(KeyRef::from_arn(KEY_ARN))),
    )));
    // Dynamic partitioning with the built-in keys.
    let mut stack = Stack::new("K");
    let b = stack.add(Bucket::new("ChangeLog"));
    let f = stack.add(
        TransformFunction::dynamodb_changes("Shape").change_options(ChangeOptions {
            partition_keys: true,
            ..ChangeOptions::default()
        }),
    );
    stack.add(DeliveryStream::new(
        "ToS3",
        S3Destination::new(&b).processor(&f),
    ));
    assert_no_wildcards(&template(&stack));
}

#[test]
fn resources_depend_on_their_policies() {
    let t = template(&pipeline::stack());
    assert_eq!(resource(&t, "ToS3")["DependsOn"], json!(["ToS3RolePolicy"]));
    assert_eq!(
        resource(&t, "Shape")["DependsOn"],
        json!(["ShapeRolePolicy"])
    );
    // Every role a resource uses is the role its DependsOn policy is attached to.
    assert_eq!(
        props(&t, "ToS3")["KinesisStreamSourceConfiguration"]["RoleARN"],
        get_att("ToS3Role", "Arn")
    );
    assert_eq!(props(&t, "ToS3")[S3]["RoleARN"], get_att("ToS3Role", "Arn"));
}

#[test]
fn firehose_trust_policy_requires_the_account_as_external_id() {
    let t = template(&pipeline::stack());
    let trust = &props(&t, "ToS3Role")["AssumeRolePolicyDocument"];
    assert_eq!(trust["Version"], "2012-10-17");
    assert_eq!(
        trust["Statement"],
        json!([{
            "Effect": "Allow",
            "Principal": {"Service": "firehose.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": {"Ref": "AWS::AccountId"}}}
        }])
    );
}

#[test]
fn pipeline_references_point_where_they_should() {
    let t = template(&pipeline::stack());
    assert_eq!(
        props(&t, "Orders")["KinesisStreamSpecification"]["StreamArn"],
        get_att("Changes", "Arn")
    );
    let ds = props(&t, "ToS3");
    assert_eq!(ds["DeliveryStreamType"], "KinesisStreamAsSource");
    assert_eq!(
        ds["KinesisStreamSourceConfiguration"]["KinesisStreamARN"],
        get_att("Changes", "Arn")
    );
    assert!(ds
        .get("DeliveryStreamEncryptionConfigurationInput")
        .is_none());
    let d = &ds[S3];
    assert_eq!(d["BucketARN"], get_att("ChangeLog", "Arn"));
    assert_eq!(
        d["CloudWatchLoggingOptions"],
        json!({"Enabled": true, "LogGroupName": ref_("ToS3LogGroup"), "LogStreamName": ref_("ToS3LogStream")})
    );
    // Processor parameters: exact names, string values.
    let params = d["ProcessingConfiguration"]["Processors"][0]["Parameters"]
        .as_array()
        .expect("parameters")
        .clone();
    assert_eq!(
        d["ProcessingConfiguration"]["Processors"][0]["Type"],
        "Lambda"
    );
    let names: Vec<&str> = params
        .iter()
        .filter_map(|p| p["ParameterName"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "LambdaArn",
            "RoleArn",
            "NumberOfRetries",
            "BufferSizeInMBs",
            "BufferIntervalInSeconds"
        ]
    );
    assert_eq!(params[0]["ParameterValue"], get_att("Shape", "Arn"));
    assert_eq!(params[1]["ParameterValue"], get_att("ToS3Role", "Arn"));
    for p in &params[2..] {
        assert!(p["ParameterValue"].is_string(), "{p}");
    }
    assert!(d["ErrorOutputPrefix"]
        .as_str()
        .unwrap()
        .contains("!{firehose:error-output-type}"));
    assert_eq!(t["Outputs"]["DeliveryStreamName"]["Value"], ref_("ToS3"));
}

// ---------------------------------------------------------------- removal policies

fn assert_removal(t: &Value, id: &str, policy: &str) {
    let r = resource(t, id);
    assert_eq!(r["DeletionPolicy"], policy, "{id}");
    assert_eq!(r["UpdateReplacePolicy"], policy, "{id}");
}

const STATEFUL: [&str; 4] = [
    "AWS::DynamoDB::Table",
    "AWS::Kinesis::Stream",
    "AWS::S3::Bucket",
    "AWS::Logs::LogGroup",
];

#[test]
fn stateful_resources_are_retained_by_default() {
    let t = template(&pipeline::stack());
    let mut seen = 0;
    for ty in STATEFUL {
        for id in ids_of_type(&t, ty) {
            assert_removal(&t, &id, "Retain");
            seen += 1;
        }
    }
    assert_eq!(
        seen, 5,
        "Changes, Orders, ChangeLog, ShapeLogGroup, ToS3LogGroup"
    );
    // Stateless resources carry no policy.
    for ty in [
        "AWS::IAM::Role",
        "AWS::IAM::Policy",
        "AWS::Lambda::Function",
        "AWS::KinesisFirehose::DeliveryStream",
    ] {
        for id in ids_of_type(&t, ty) {
            assert!(resource(&t, &id).get("DeletionPolicy").is_none(), "{id}");
        }
    }
}

#[test]
fn removal_policy_delete_is_honoured() {
    let mut stack = Stack::new("K");
    let s = stack.add(KinesisStream::new("Changes").removal_policy(RemovalPolicy::Delete));
    stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .kinesis_stream(&s)
            .removal_policy(RemovalPolicy::Delete),
    );
    let b = stack.add(Bucket::new("ChangeLog").removal_policy(RemovalPolicy::Delete));
    stack.add(DeliveryStream::new("ToS3", S3Destination::new(&b)).source(&s));
    let t = template(&stack);
    for id in ["Changes", "Orders", "ChangeLog"] {
        assert_removal(&t, id, "Delete");
    }
    // Log groups have no setter and stay retained.
    assert_removal(&t, "ToS3LogGroup", "Retain");
}

// ---------------------------------------------------------------- which resources exist

#[test]
fn only_the_needed_resources_exist() {
    // No processor, no logging: a role for Firehose only, no log group.
    let t = template(&direct_put("D", |d| d.logging(false)));
    assert_eq!(
        resource_ids(&t),
        strs(&[
            "ChangeLog",
            "ChangeLogPolicy",
            "ToS3Role",
            "ToS3RolePolicy",
            "ToS3"
        ])
    );
    assert!(props(&t, "ToS3")[S3]
        .get("CloudWatchLoggingOptions")
        .is_none());
    assert!(props(&t, "ToS3")[S3]
        .get("ProcessingConfiguration")
        .is_none());
    assert_eq!(
        all_actions(&t, "ToS3RolePolicy").len(),
        6,
        "S3 actions only"
    );
    // DirectPut: no Kinesis statement, no source configuration.
    assert!(props(&t, "ToS3")
        .get("KinesisStreamSourceConfiguration")
        .is_none());
    assert_eq!(props(&t, "ToS3")["DeliveryStreamType"], "DirectPut");

    // Logging on, still no processor: a log group and stream, still no Lambda role.
    let t = template(&direct_put("D", |d| d));
    assert_eq!(ids_of_type(&t, "AWS::IAM::Role"), strs(&["ToS3Role"]));
    assert_eq!(
        ids_of_type(&t, "AWS::Logs::LogGroup"),
        strs(&["ToS3LogGroup"])
    );
    assert!(ids_of_type(&t, "AWS::Lambda::Function").is_empty());
    assert!(!all_actions(&t, "ToS3RolePolicy")
        .iter()
        .any(|a| a.starts_with("lambda:")));
}

// ---------------------------------------------------------------- logical IDs

#[test]
fn adding_an_unrelated_construct_changes_no_existing_resource() {
    let base = template(&pipeline::stack());
    // After.
    let mut after = pipeline::stack();
    after.add(Bucket::new("Archive"));
    after.add(TransformFunction::dynamodb_changes("Other"));
    // Before: the same pipeline built after other constructs.
    let mut before = Stack::new("OrdersChangeLog")
        .description("Orders table change log in S3 (ferrocdk Kinesis route)");
    before.add(KinesisStream::new("Audit"));
    before.add(Bucket::new("Archive"));
    let stream = before.add(KinesisStream::new("Changes"));
    let table = before.add(
        Table::new("Orders", Attribute::string("pk"))
            .sort_key(Attribute::string("sk"))
            .time_to_live_attribute("expiresAt")
            .kinesis_stream(&stream),
    );
    let bucket = before.add(Bucket::new("ChangeLog"));
    let shape = before.add(TransformFunction::dynamodb_changes("Shape"));
    let delivery = before.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    before.output("TableName", table.name());
    before.output("StreamArn", stream.arn());
    before.output("BucketName", bucket.name());
    before.output("DeliveryStreamName", delivery.name());

    for variant in [template(&after), template(&before)] {
        for id in resource_ids(&base) {
            assert_eq!(
                resource(&variant, &id),
                resource(&base, &id),
                "{id} changed"
            );
        }
        assert_eq!(variant["Outputs"], base["Outputs"]);
    }
}

#[test]
fn logical_id_override_renames_the_construct_and_its_children() {
    let mut stack = Stack::new("K");
    let s = stack.add(KinesisStream::new("Changes").logical_id("ChangeStream"));
    let b = stack.add(Bucket::new("ChangeLog").logical_id("Archive"));
    let f = stack.add(TransformFunction::dynamodb_changes("Shape").logical_id("Xform"));
    let ds = stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&b).processor(&f))
            .source(&s)
            .logical_id("X"),
    );
    stack.output("DeliveryStreamName", ds.name());
    let t = template(&stack);
    assert_eq!(
        resource_ids(&t),
        strs(&[
            "ChangeStream",
            "Archive",
            "ArchivePolicy",
            "XformLogGroup",
            "XformRole",
            "XformRolePolicy",
            "Xform",
            "XLogGroup",
            "XLogStream",
            "XRole",
            "XRolePolicy",
            "X",
        ])
    );
    assert_eq!(resource(&t, "X")["DependsOn"], json!(["XRolePolicy"]));
    assert_eq!(props(&t, "XRolePolicy")["Roles"], json!([ref_("XRole")]));
    assert_eq!(props(&t, "XRolePolicy")["PolicyName"], "XRolePolicy");
    assert_eq!(
        resource(&t, "Xform")["DependsOn"],
        json!(["XformRolePolicy"])
    );
    assert_eq!(
        props(&t, "X")["KinesisStreamSourceConfiguration"]["KinesisStreamARN"],
        get_att("ChangeStream", "Arn")
    );
    assert_eq!(
        resources_of(&statement_with(&t, "XRolePolicy", "lambda:InvokeFunction"))[0],
        get_att("Xform", "Arn")
    );
    assert_eq!(
        resources_of(&statement_with(&t, "XRolePolicy", "s3:PutObject"))[0],
        get_att("Archive", "Arn")
    );
    assert_eq!(t["Outputs"]["DeliveryStreamName"]["Value"], ref_("X"));
    // Diagnostics still name the construct by its path.
    let mut stack = Stack::new("K");
    stack.add(
        KinesisStream::new("Changes")
            .logical_id("ChangeStream")
            .retention_hours(1),
    );
    assert_eq!(synth_err(&stack).diagnostics[0].path, "K/Changes");
}

// ---------------------------------------------------------------- determinism

#[test]
fn synth_is_deterministic() {
    let stack = pipeline::stack();
    let a = stack.synth().expect("synth").to_json_pretty();
    let b = stack.synth().expect("synth").to_json_pretty();
    assert_eq!(a, b);
    let c = pipeline::stack().synth().expect("synth").to_json_pretty();
    assert_eq!(a, c, "two separately built identical stacks differ");
    let d1 = dynamodb_streams_pipeline::stack()
        .synth()
        .expect("synth")
        .template
        .to_json_compact();
    let d2 = dynamodb_streams_pipeline::stack()
        .synth()
        .expect("synth")
        .template
        .to_json_compact();
    assert_eq!(d1, d2);
    // And equal to the template's own JSON value.
    assert_eq!(
        serde_json::from_str::<Value>(&a).expect("json"),
        template(&stack)
    );
}

// ---------------------------------------------------------------- existing and imported resources

#[test]
fn existing_stream_and_bucket_are_referenced_not_defined() {
    let stream_arn = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
    let mut stack = Stack::new("E");
    let stream = KinesisStream::from_arn(stream_arn);
    let bucket = Bucket::from_name("my-bucket");
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&stream));
    stack.output("StreamName", stream.name());
    stack.output("DeliveryStreamArn", ds.arn());
    let t = template(&stack);
    assert!(ids_of_type(&t, "AWS::Kinesis::Stream").is_empty());
    assert!(ids_of_type(&t, "AWS::S3::Bucket").is_empty());
    assert!(ids_of_type(&t, "AWS::S3::BucketPolicy").is_empty());
    assert_eq!(
        props(&t, "ToS3")["KinesisStreamSourceConfiguration"]["KinesisStreamARN"],
        stream_arn
    );
    assert_eq!(
        props(&t, "ToS3")[S3]["BucketARN"],
        json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::my-bucket"})
    );
    assert_eq!(
        resources_of(&statement_with(&t, "ToS3RolePolicy", "kinesis:GetRecords")),
        [json!(stream_arn)]
    );
    assert_eq!(
        resources_of(&statement_with(&t, "ToS3RolePolicy", "s3:PutObject")),
        [
            json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::my-bucket"}),
            json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::my-bucket/*"})
        ]
    );
    assert_eq!(t["Outputs"]["StreamName"]["Value"], "s");
}

#[test]
fn a_handle_of_another_stack_is_an_error_not_a_dangling_ref() {
    let mut shared = Stack::new("Shared");
    let stream = shared.add(KinesisStream::new("Changes"));
    let mut stack = Stack::new("Consumer");
    let b = stack.add(Bucket::new("ChangeLog"));
    stack.add(DeliveryStream::new("ToS3", S3Destination::new(&b)).source(&stream));
    let e = synth_err(&stack);
    let props: Vec<&str> = e
        .diagnostics
        .iter()
        .filter(|d| d.code == "cross-stack-reference")
        .map(|d| d.property.as_str())
        .collect();
    assert!(
        props.contains(&"KinesisStreamSourceConfiguration.KinesisStreamARN"),
        "{e}"
    );
    assert!(props.contains(&"PolicyDocument"), "{e}");
    assert!(
        e.diagnostics
            .iter()
            .all(|d| d.code == "cross-stack-reference" && d.path == "Consumer/ToS3"),
        "{e}"
    );
}

#[test]
fn export_in_one_stack_import_in_another() {
    let mut shared = Stack::new("Shared");
    let stream = shared.add(KinesisStream::new("Changes"));
    shared.output_export("StreamArn", stream.arn(), "OrdersChangeStreamArn");
    let t = template(&shared);
    assert_eq!(
        t["Outputs"]["StreamArn"],
        json!({"Value": get_att("Changes", "Arn"), "Export": {"Name": "OrdersChangeStreamArn"}})
    );

    let mut consumer = Stack::new("Consumer");
    let imported = KinesisStream::from_arn(Expr::import_value("OrdersChangeStreamArn"));
    consumer.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&imported));
    let b = consumer.add(Bucket::new("ChangeLog"));
    consumer.add(DeliveryStream::new("ToS3", S3Destination::new(&b)).source(&imported));
    consumer.output("StreamName", imported.name());
    let t = template(&consumer);
    let import = json!({"Fn::ImportValue": "OrdersChangeStreamArn"});
    assert_eq!(
        props(&t, "Orders")["KinesisStreamSpecification"]["StreamArn"],
        import
    );
    assert_eq!(
        props(&t, "ToS3")["KinesisStreamSourceConfiguration"]["KinesisStreamARN"],
        import
    );
    assert_eq!(
        resources_of(&statement_with(&t, "ToS3RolePolicy", "kinesis:GetRecords")),
        std::slice::from_ref(&import)
    );
    assert_eq!(
        t["Outputs"]["StreamName"]["Value"],
        json!({"Fn::Select": [1, {"Fn::Split": ["/", import]}]})
    );
}

// ---------------------------------------------------------------- tags

fn tags_of(t: &Value, id: &str) -> Vec<(String, String)> {
    props(t, id)["Tags"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|kv| {
                    (
                        kv["Key"].as_str().unwrap_or("").to_owned(),
                        kv["Value"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn tags_reach_every_taggable_resource_and_construct_tags_win() {
    let mut stack = pipeline::stack();
    stack.tag("team", "data").tag("env", "prod");
    stack.add(Bucket::new("Archive").tag("env", "dev").tag("owner", "me"));
    let t = template(&stack);
    let untaggable = [
        "AWS::IAM::Policy",
        "AWS::S3::BucketPolicy",
        "AWS::Logs::LogStream",
    ];
    let mut tagged = 0;
    for id in resource_ids(&t) {
        let ty = resource(&t, &id)["Type"].as_str().unwrap().to_owned();
        let tags = tags_of(&t, &id);
        if untaggable.contains(&ty.as_str()) {
            assert!(
                props(&t, &id).get("Tags").is_none(),
                "{id} ({ty}) must not have Tags"
            );
            continue;
        }
        tagged += 1;
        let expected = if id == "Archive" {
            vec![("team", "data"), ("env", "dev"), ("owner", "me")]
        } else {
            vec![("team", "data"), ("env", "prod")]
        };
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        assert_eq!(tags, expected, "{id} ({ty})");
    }
    // Stream, table, 2 buckets, 2 log groups, 2 roles, function, delivery stream.
    assert_eq!(tagged, 10);
    // A construct tag covers the resources the construct derives (role, log group).
    let mut tagged_ds = Stack::new("T");
    let b = tagged_ds.add(Bucket::new("ChangeLog"));
    tagged_ds.add(DeliveryStream::new("ToS3", S3Destination::new(&b)).tag("env", "dev"));
    let t = template(&tagged_ds);
    for id in ["ToS3", "ToS3Role", "ToS3LogGroup"] {
        assert_eq!(
            tags_of(&t, id),
            [("env".to_owned(), "dev".to_owned())],
            "{id}"
        );
    }
    assert!(props(&t, "ChangeLog").get("Tags").is_none());
}

// ---------------------------------------------------------------- escape hatches

#[test]
fn overrides_and_raw_resources_show_up_in_the_template() {
    let mut stack = pipeline::stack();
    stack.override_property(
        "ToS3",
        "ExtendedS3DestinationConfiguration.BufferingHints.IntervalInSeconds",
        60,
    );
    stack.override_property(
        "ToS3",
        "ExtendedS3DestinationConfiguration.S3BackupMode",
        "Disabled",
    );
    stack.override_property(
        "Changes",
        "StreamModeDetails",
        json!({"StreamMode": "PROVISIONED"}),
    );
    stack.override_property("Changes", "ShardCount", 2);
    stack.override_property("ToS3", "ExtendedS3DestinationConfiguration.ProcessingConfiguration.Processors.0.Parameters.2.ParameterValue", "5");
    stack.remove_property("Orders", "TimeToLiveSpecification");
    stack.add_raw_resource(
        "Topic",
        Resource::new("AWS::SNS::Topic").prop("TopicName", "changes"),
    );
    let t = template(&stack);
    let d = &props(&t, "ToS3")[S3];
    assert_eq!(
        d["BufferingHints"],
        json!({"IntervalInSeconds": 60, "SizeInMBs": 5})
    );
    assert_eq!(d["S3BackupMode"], "Disabled");
    assert_eq!(
        d["ProcessingConfiguration"]["Processors"][0]["Parameters"][2],
        json!({"ParameterName": "NumberOfRetries", "ParameterValue": "5"})
    );
    assert_eq!(props(&t, "Changes")["ShardCount"], 2);
    assert_eq!(
        props(&t, "Changes")["StreamModeDetails"],
        json!({"StreamMode": "PROVISIONED"})
    );
    assert!(props(&t, "Orders").get("TimeToLiveSpecification").is_none());
    assert_eq!(
        resource(&t, "Topic"),
        &json!({"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "changes"}})
    );
    // The rest of the template is untouched.
    let base = template(&pipeline::stack());
    for id in ["Shape", "ShapeRolePolicy", "ToS3RolePolicy", "ChangeLog"] {
        assert_eq!(resource(&t, id), resource(&base, id));
    }
}

// ---------------------------------------------------------------- template limits

#[test]
fn more_than_500_resources_is_an_error() {
    let mut stack = pipeline::stack();
    let n = resource_ids(&template(&pipeline::stack())).len();
    for i in 0..(501 - n) {
        stack.add_raw_resource(format!("Topic{i}"), Resource::new("AWS::SNS::Topic"));
    }
    let e = synth_err(&stack);
    let d = e
        .diagnostics
        .iter()
        .find(|d| d.code == "template-resources")
        .expect("template-resources");
    assert_eq!(
        (d.path.as_str(), d.received.as_str()),
        ("OrdersChangeLog", "501 Resources")
    );
    // One fewer is fine.
    let mut stack = pipeline::stack();
    for i in 0..(500 - n) {
        stack.add_raw_resource(format!("Topic{i}"), Resource::new("AWS::SNS::Topic"));
    }
    assert!(stack.synth().is_ok());
}

#[test]
fn a_large_stack_warns_about_the_direct_upload_limit() {
    let s = pipeline::stack().synth().expect("pipeline");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert!(s.to_json_pretty().len() <= 51_200);
    // Several pipelines in one stack, each with its inline transform code.
    let mut stack = pipeline::stack();
    let mut size = 0;
    for i in 0..20 {
        stack.add(TransformFunction::dynamodb_changes(format!("Shape{i}")));
        size = stack.synth().map(|s| s.to_json_pretty().len()).unwrap_or(0);
        if size > 51_200 {
            break;
        }
    }
    assert!(size > 51_200, "could not build a large stack");
    let s = stack.synth().expect("a large stack still synthesizes");
    let w: Vec<_> = s
        .warnings
        .iter()
        .filter(|d| d.code == "template-size-s3")
        .collect();
    assert_eq!(w.len(), 1, "{:?}", s.warnings);
    assert!(w[0].received.contains(&size.to_string()), "{}", w[0]);
}

// ---------------------------------------------------------------- known bugs (ignored until fixed)

#[test]
fn kinesis_precision_does_not_depend_on_call_order() {
    let mut stack = Stack::new("W");
    let s = stack.add(KinesisStream::new("Changes"));
    stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .kinesis_precision(TimestampPrecision::Microsecond)
            .kinesis_stream(&s),
    );
    let t = template(&stack);
    assert_eq!(
        props(&t, "Orders")["KinesisStreamSpecification"]["ApproximateCreationDateTimePrecision"],
        "MICROSECOND"
    );
}
