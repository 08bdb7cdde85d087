//! One template pair per `ferrocdk diff` rule, each built from two versions of a stack through
//! the Rust API, with its known answer: which resources change how, and exactly which
//! findings (code, resource, property path) come out. `every_diff_rule_has_a_pair` (at the
//! end) fails when a `diff-…` rule of the registry has no pair here.

use ferrocdk::core::diff::{ChangeKind, Effect, Level, StackDiff};
use ferrocdk::core::rules;
use ferrocdk::prelude::*;
use serde_json::{json, Value};

/// The knobs the pairs turn on a Kinesis-route stack (table → stream → Firehose → S3).
#[derive(Clone)]
struct Kinesis {
    table_id: &'static str,
    key: &'static str,
    table_name: Option<&'static str>,
    table: bool,
    table_removal: RemovalPolicy,
    precision: TimestampPrecision,
    indexes: Vec<(&'static str, &'static str)>,
    stream_name: Option<&'static str>,
    shards: Option<u32>,
    retention_hours: u32,
    kinesis_source: bool,
    log_retention_days: u32,
}

impl Default for Kinesis {
    fn default() -> Self {
        Kinesis {
            table_id: "Orders",
            key: "pk",
            table_name: None,
            table: true,
            table_removal: RemovalPolicy::Retain,
            precision: TimestampPrecision::Millisecond,
            indexes: Vec::new(),
            stream_name: None,
            shards: None,
            retention_hours: 24,
            kinesis_source: true,
            log_retention_days: 30,
        }
    }
}

fn kinesis(k: &Kinesis) -> Stack {
    let mut stack = Stack::new("OrdersChangeLog");
    let mut stream = KinesisStream::new("Changes").retention_hours(k.retention_hours);
    if let Some(n) = k.shards {
        stream = stream.mode(StreamMode::Provisioned(n.into()));
    }
    if let Some(name) = k.stream_name {
        stream = stream.stream_name(name);
    }
    let stream = stack.add(stream);
    if k.table {
        let mut table = Table::new("Orders", Attribute::string(k.key))
            .kinesis_stream(&stream)
            .kinesis_precision(k.precision)
            .removal_policy(k.table_removal);
        if k.table_id != "Orders" {
            table = table.logical_id(k.table_id);
        }
        if let Some(name) = k.table_name {
            table = table.table_name(name);
        }
        for (name, key) in &k.indexes {
            table = table
                .global_secondary_index(GlobalSecondaryIndex::new(*name, Attribute::string(*key)));
        }
        stack.add(table);
    }
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    let destination = S3Destination::new(&bucket)
        .processor(&shape)
        .log_retention_days(k.log_retention_days);
    if k.kinesis_source {
        stack.add(DeliveryStream::new("ToS3", destination).source(&stream));
    } else {
        stack.add(DeliveryStream::new("ToS3", destination));
    }
    stack
}

/// The DynamoDB Streams route, with the table's stream view type as the knob.
fn streams(view: StreamViewType) -> Stack {
    let mut stack = Stack::new("OrdersChangeLogStreams");
    let table = stack.add(Table::new("Orders", Attribute::string("pk")).stream(view));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let delivery = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(Forwarder::dynamodb_changes("Forward", &table, &delivery));
    stack
}

fn template(stack: &Stack) -> Value {
    match stack.synth() {
        Ok(s) => s.template.to_value(),
        Err(e) => panic!("the stack does not synthesize:\n{e}"),
    }
}

/// The diff of deploying `new` over a stack deployed from `old`.
fn diff(old: &Stack, new: &Stack) -> StackDiff {
    new.diff_against(&template(old)).expect("diffable")
}

/// The findings as (code, logical ID, path).
fn findings(d: &StackDiff) -> Vec<(&'static str, &str, &str)> {
    d.findings
        .iter()
        .map(|f| (f.rule.code, f.logical_id.as_str(), f.path.as_str()))
        .collect()
}

fn kind(d: &StackDiff, id: &str) -> Option<ChangeKind> {
    d.resource(id).map(|r| r.kind)
}

/// The causes of `id` as (path, effect, why).
fn causes<'a>(d: &'a StackDiff, id: &str) -> Vec<(&'a str, Effect, &'a str)> {
    d.resource(id)
        .map(|r| {
            r.causes
                .iter()
                .map(|c| (c.path.as_str(), c.effect, c.why.as_str()))
                .collect()
        })
        .unwrap_or_default()
}

fn lost<'a>(d: &'a StackDiff, code: &str) -> &'a str {
    &d.findings
        .iter()
        .find(|f| f.rule.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", findings(d)))
        .lost
}

fn with(f: impl FnOnce(&mut Kinesis)) -> Stack {
    let mut k = Kinesis::default();
    f(&mut k);
    kinesis(&k)
}

fn base() -> Stack {
    kinesis(&Kinesis::default())
}

#[test]
fn the_same_stack_twice_has_no_changes_and_fails_at_no_level() {
    let d = diff(&base(), &base());
    assert!(d.is_empty(), "{}", d.to_table(false));
    assert!(!d.reaches(Level::Replace));
    assert!(!d.reaches(Level::DataLoss));
}

#[test]
fn a_changed_table_key_replaces_the_table_and_leaves_its_items_behind() {
    let d = diff(&base(), &with(|k| k.key = "id"));
    assert_eq!(kind(&d, "Orders"), Some(ChangeKind::Replace));
    assert_eq!(
        causes(&d, "Orders"),
        [
            (
                "KeySchema[0].AttributeName",
                Effect::Replacement,
                "create-only (conditional)"
            ),
            (
                "AttributeDefinitions[0].AttributeName",
                Effect::InPlace,
                "in place"
            ),
        ]
    );
    assert_eq!(
        findings(&d),
        [(
            "diff-table-replaced",
            "Orders",
            "KeySchema[0].AttributeName"
        )]
    );
    assert!(lost(&d, "diff-table-replaced").contains("new, empty table"));
    assert!(lost(&d, "diff-table-replaced").contains("orphaned (UpdateReplacePolicy Retain)"));
    assert!(d.reaches(Level::DataLoss));
}

#[test]
fn a_removed_table_is_reported_with_what_happens_to_its_items() {
    let d = diff(&base(), &with(|k| k.table = false));
    assert_eq!(kind(&d, "Orders"), Some(ChangeKind::Remove));
    assert_eq!(findings(&d), [("diff-table-replaced", "Orders", "-")]);
    assert!(lost(&d, "diff-table-replaced").contains("kept (DeletionPolicy Retain) but orphaned"));

    let deletable = |k: &mut Kinesis| k.table_removal = RemovalPolicy::Delete;
    let d = diff(
        &with(deletable),
        &with(|k| {
            deletable(k);
            k.table = false;
        }),
    );
    assert!(lost(&d, "diff-table-replaced").contains("deletes the table and every item"));
}

#[test]
fn a_named_stream_is_replaced_and_the_replacement_reaches_the_table_and_the_delivery_stream() {
    let d = diff(&base(), &with(|k| k.stream_name = Some("orders-changes")));
    assert_eq!(kind(&d, "Changes"), Some(ChangeKind::Replace));
    assert_eq!(
        causes(&d, "Changes")[0],
        ("Name", Effect::Replacement, "create-only")
    );
    // The table keeps its identity; its streaming destination moves to the new stream.
    assert_eq!(kind(&d, "Orders"), Some(ChangeKind::Update));
    assert_eq!(
        causes(&d, "Orders"),
        [(
            "KinesisStreamSpecification.StreamArn",
            Effect::InPlace,
            "refers to Changes (replaced)"
        )]
    );
    // The delivery stream's source is create-only: it is replaced too.
    assert_eq!(kind(&d, "ToS3"), Some(ChangeKind::Replace));
    assert_eq!(
        causes(&d, "ToS3")[0],
        (
            "KinesisStreamSourceConfiguration.KinesisStreamARN",
            Effect::Replacement,
            "refers to Changes (replaced); create-only"
        )
    );
    assert_eq!(
        findings(&d),
        [
            ("diff-kinesis-stream-replaced", "Changes", "Name"),
            (
                "diff-kinesis-destination-changed",
                "Orders",
                "KinesisStreamSpecification.StreamArn"
            ),
            (
                "diff-delivery-stream-replaced",
                "ToS3",
                "KinesisStreamSourceConfiguration.KinesisStreamARN"
            ),
        ]
    );
    assert!(lost(&d, "diff-kinesis-stream-replaced").contains("records not yet read"));
    assert!(lost(&d, "diff-delivery-stream-replaced").contains("LATEST"));
}

#[test]
fn a_removed_stream_loses_its_unread_records() {
    // (The new version keeps a bucket: CloudFormation rejects a template with no resource.)
    let mut old = Stack::new("S");
    old.add(Bucket::new("Keep"));
    old.add(KinesisStream::new("Changes"));
    let mut new = Stack::new("S");
    new.add(Bucket::new("Keep"));
    let d = diff(&old, &new);
    assert_eq!(
        findings(&d),
        [("diff-kinesis-stream-replaced", "Changes", "-")]
    );
}

#[test]
fn a_delivery_stream_whose_source_changes_is_replaced_and_restarts_at_latest() {
    let d = diff(&with(|k| k.kinesis_source = false), &base());
    assert_eq!(kind(&d, "ToS3"), Some(ChangeKind::Replace));
    let replacing: Vec<&str> = causes(&d, "ToS3")
        .into_iter()
        .filter(|c| c.1 == Effect::Replacement)
        .map(|c| c.0)
        .collect();
    assert_eq!(
        replacing,
        ["DeliveryStreamType", "KinesisStreamSourceConfiguration"]
    );
    assert_eq!(
        findings(&d),
        [(
            "diff-delivery-stream-replaced",
            "ToS3",
            "DeliveryStreamType, KinesisStreamSourceConfiguration"
        )]
    );
    assert!(lost(&d, "diff-delivery-stream-replaced").contains("from LATEST"));
}

#[test]
fn a_shorter_stream_retention_loses_older_records() {
    let d = diff(&with(|k| k.retention_hours = 168), &base());
    assert_eq!(kind(&d, "Changes"), Some(ChangeKind::Update));
    assert_eq!(
        findings(&d),
        [(
            "diff-retention-decreased",
            "Changes",
            "RetentionPeriodHours"
        )]
    );
    assert!(lost(&d, "diff-retention-decreased").contains("from 168 hours to 24 hours"));
    // Longer is safe.
    assert!(findings(&diff(&base(), &with(|k| k.retention_hours = 168))).is_empty());
}

#[test]
fn a_shorter_log_retention_deletes_older_log_events() {
    let d = diff(&base(), &with(|k| k.log_retention_days = 7));
    assert_eq!(
        findings(&d),
        [(
            "diff-retention-decreased",
            "ToS3LogGroup",
            "RetentionInDays"
        )]
    );
    assert!(lost(&d, "diff-retention-decreased").contains("from 30 days to 7 days"));
}

#[test]
fn a_changed_kinesis_precision_opens_a_window_without_streaming() {
    let d = diff(
        &base(),
        &with(|k| k.precision = TimestampPrecision::Microsecond),
    );
    assert_eq!(kind(&d, "Orders"), Some(ChangeKind::Update));
    assert_eq!(
        findings(&d),
        [(
            "diff-kinesis-destination-changed",
            "Orders",
            "KinesisStreamSpecification.ApproximateCreationDateTimePrecision"
        )]
    );
    assert!(lost(&d, "diff-kinesis-destination-changed").contains("never sent to Kinesis"));
}

#[test]
fn a_changed_stream_view_type_gives_a_new_stream_and_replaces_the_mapping() {
    let d = diff(
        &streams(StreamViewType::NewAndOldImages),
        &streams(StreamViewType::NewImage),
    );
    assert_eq!(kind(&d, "Orders"), Some(ChangeKind::Update));
    assert_eq!(kind(&d, "ForwardMapping"), Some(ChangeKind::Replace));
    assert_eq!(
        causes(&d, "ForwardMapping")[0],
        (
            "EventSourceArn",
            Effect::Replacement,
            "Orders.StreamArn changes; create-only"
        )
    );
    assert_eq!(
        findings(&d),
        [(
            "diff-stream-view-type",
            "Orders",
            "StreamSpecification.StreamViewType"
        )]
    );
    assert!(lost(&d, "diff-stream-view-type").contains("new StreamArn"));
}

#[test]
fn two_new_global_secondary_indexes_in_one_update_fail() {
    let two = with(|k| k.indexes = vec![("ByCustomer", "customer"), ("ByStatus", "status")]);
    let d = diff(&base(), &two);
    assert_eq!(
        findings(&d),
        [("diff-gsi-changes", "Orders", "GlobalSecondaryIndexes")]
    );
    assert!(lost(&d, "diff-gsi-changes")
        .contains("2 index operations in one update (create ByCustomer, create ByStatus)"));
    // One at a time is fine, and so is the second one after it.
    let one = with(|k| k.indexes = vec![("ByCustomer", "customer")]);
    assert!(findings(&diff(&base(), &one)).is_empty());
    assert!(findings(&diff(&one, &two)).is_empty());
    // A changed index key is a deletion and a creation.
    let rekeyed = with(|k| k.indexes = vec![("ByCustomer", "account")]);
    assert!(lost(&diff(&one, &rekeyed), "diff-gsi-changes")
        .contains("delete ByCustomer, create ByCustomer again"));
}

#[test]
fn a_shard_count_beyond_double_or_half_fails_and_the_steps_are_named() {
    let d = diff(
        &with(|k| k.shards = Some(2)),
        &with(|k| k.shards = Some(10)),
    );
    assert_eq!(
        findings(&d),
        [("diff-shard-count-step", "Changes", "ShardCount")]
    );
    let f = &d.findings[0];
    assert!(f.avoid.contains("2 → 4 → 8 → 10"), "{}", f.avoid);
    let down = diff(&with(|k| k.shards = Some(9)), &with(|k| k.shards = Some(2)));
    assert!(
        down.findings[0].avoid.contains("9 → 5 → 3 → 2"),
        "{}",
        down.findings[0].avoid
    );
    // Doubling and halving are fine.
    assert!(findings(&diff(
        &with(|k| k.shards = Some(2)),
        &with(|k| k.shards = Some(4))
    ))
    .is_empty());
    assert!(findings(&diff(
        &with(|k| k.shards = Some(4)),
        &with(|k| k.shards = Some(2))
    ))
    .is_empty());
}

#[test]
fn a_renamed_table_logical_id_is_a_new_empty_table() {
    let d = diff(&base(), &with(|k| k.table_id = "OrdersTable"));
    assert_eq!(kind(&d, "Orders"), Some(ChangeKind::Remove));
    assert_eq!(kind(&d, "OrdersTable"), Some(ChangeKind::Add));
    assert_eq!(
        findings(&d),
        [
            ("diff-table-replaced", "Orders", "-"),
            ("diff-logical-id-renamed", "Orders", "-"),
        ]
    );
    let f = &d.findings[1];
    assert!(f.lost.contains("Orders is removed and OrdersTable added, the same AWS::DynamoDB::Table with equal properties"), "{}", f.lost);
    assert!(f.avoid.contains(".logical_id(\"Orders\")"));
}

#[test]
fn a_renamed_table_with_another_key_is_still_recognised_as_similar() {
    let d = diff(
        &base(),
        &with(|k| {
            k.table_id = "OrdersTable";
            k.key = "id";
        }),
    );
    let f = d
        .findings
        .iter()
        .find(|f| f.rule.code == "diff-logical-id-renamed")
        .expect("a rename");
    assert!(f.lost.contains("similar properties"), "{}", f.lost);
}

#[test]
fn dropping_retain_from_a_table_is_reported_for_both_policies() {
    let d = diff(&base(), &with(|k| k.table_removal = RemovalPolicy::Delete));
    assert_eq!(
        findings(&d),
        [
            ("diff-retain-dropped", "Orders", "DeletionPolicy"),
            ("diff-retain-dropped", "Orders", "UpdateReplacePolicy"),
        ]
    );
    // Adding Retain back is safe.
    let back = diff(&with(|k| k.table_removal = RemovalPolicy::Delete), &base());
    assert!(findings(&back).is_empty());
}

/// A custom resource (as the existing-table route will add) served by a function.
fn custom(function_name: &str, token_from_function: bool) -> Stack {
    let mut stack = Stack::new("Custom");
    stack.add_raw_resource(
        "Handler",
        Resource::new("AWS::Lambda::Function")
            .prop("FunctionName", function_name)
            .prop("Role", "arn:aws:iam::111122223333:role/handler")
            .prop("Runtime", "python3.13")
            .prop("Handler", "index.handler")
            .prop(
                "Code",
                json!({"ZipFile": "def handler(event, context):\n    pass\n"}),
            ),
    );
    let token = if token_from_function {
        json!({"Fn::GetAtt": ["Handler", "Arn"]})
    } else {
        json!(format!(
            "arn:aws:lambda:us-east-1:111122223333:function:{function_name}"
        ))
    };
    stack.add_raw_resource(
        "Streaming",
        Resource::new("Custom::StreamingDestination")
            .prop("ServiceToken", token)
            .prop("TableName", "orders"),
    );
    stack
}

#[test]
fn a_custom_resource_whose_service_token_changes_is_replaced_and_deleted_by_its_handler() {
    let d = diff(&custom("a", false), &custom("b", false));
    assert_eq!(kind(&d, "Streaming"), Some(ChangeKind::Replace));
    assert!(findings(&d).contains(&("diff-custom-resource-replaced", "Streaming", "ServiceToken")));
    assert!(lost(&d, "diff-custom-resource-replaced").contains("Delete with the old physical ID"));
    // Through a reference: the handler function is replaced (FunctionName), so is the token.
    let d = diff(&custom("a", true), &custom("b", true));
    assert_eq!(kind(&d, "Handler"), Some(ChangeKind::Replace));
    assert_eq!(
        causes(&d, "Streaming")[0],
        (
            "ServiceToken",
            Effect::Replacement,
            "refers to Handler (replaced); create-only"
        )
    );
    assert!(findings(&d).contains(&("diff-custom-resource-replaced", "Streaming", "ServiceToken")));
}

#[test]
fn a_named_table_that_must_be_replaced_fails_the_update() {
    let named = |k: &mut Kinesis| k.table_name = Some("orders");
    let d = diff(
        &with(named),
        &with(|k| {
            named(k);
            k.key = "id";
        }),
    );
    assert_eq!(
        findings(&d),
        [
            (
                "diff-table-replaced",
                "Orders",
                "KeySchema[0].AttributeName"
            ),
            ("diff-update-fails", "Orders", "KeySchema[0].AttributeName"),
        ]
    );
    assert!(lost(&d, "diff-update-fails").contains("fixed TableName"));
    // A new name with the new key is a replacement that works (and still loses the items).
    let d = diff(
        &with(named),
        &with(|k| {
            k.table_name = Some("orders-v2");
            k.key = "id";
        }),
    );
    assert_eq!(
        findings(&d),
        [(
            "diff-table-replaced",
            "Orders",
            "TableName, KeySchema[0].AttributeName"
        )]
    );
}

#[test]
fn a_changed_type_or_key_spec_fails_the_update() {
    let raw = |t: &str, props: Value| {
        let mut s = Stack::new("Raw");
        let mut r = Resource::new(t);
        if let Value::Object(m) = props {
            r.properties = m;
        }
        s.add_raw_resource("Thing", r);
        s
    };
    let d = diff(
        &raw("AWS::SQS::Queue", json!({})),
        &raw("AWS::SNS::Topic", json!({})),
    );
    assert_eq!(findings(&d), [("diff-update-fails", "Thing", "Type")]);
    let d = diff(
        &raw("AWS::KMS::Key", json!({"KeySpec": "SYMMETRIC_DEFAULT"})),
        &raw("AWS::KMS::Key", json!({"KeySpec": "RSA_2048"})),
    );
    assert_eq!(kind(&d, "Thing"), Some(ChangeKind::Update));
    assert_eq!(findings(&d), [("diff-update-fails", "Thing", "KeySpec")]);
}

#[test]
fn dynamic_partitioning_switched_on_later_fails_the_update() {
    let builtin = |keys: bool| {
        let mut stack = Stack::new("DP");
        let bucket = stack.add(Bucket::new("ChangeLog"));
        let shape = stack.add(TransformFunction::dynamodb_changes("Shape").change_options(
            ChangeOptions {
                partition_keys: keys,
                ..ChangeOptions::default()
            },
        ));
        stack.add(DeliveryStream::new(
            "ToS3",
            S3Destination::new(&bucket).processor(&shape),
        ));
        stack
    };
    let d = diff(&builtin(false), &builtin(true));
    assert_eq!(
        findings(&d),
        [(
            "diff-update-fails",
            "ToS3",
            "ExtendedS3DestinationConfiguration.DynamicPartitioningConfiguration"
        )]
    );
}

#[test]
fn the_human_table_names_each_resource_once_and_colours_only_when_asked() {
    let d = diff(&base(), &with(|k| k.key = "id"));
    let plain = d.to_table(false);
    assert!(!plain.contains('\x1b'));
    let expected_head = "\
CHANGE   RESOURCE  TYPE                  PROPERTY                               WHY
replace  Orders    AWS::DynamoDB::Table  KeySchema[0].AttributeName             replaces: create-only (conditional)
                                         AttributeDefinitions[0].AttributeName  in place

error[diff-table-replaced]: Orders: KeySchema[0].AttributeName
  lost:  Orders is replaced";
    assert!(plain.starts_with(expected_head), "{plain}");
    assert!(plain.ends_with("0 to add, 0 to update, 1 to replace, 0 to remove; 1 finding(s).\n"));
    let coloured = d.to_table(true);
    assert!(coloured.contains("\x1b[1;31mreplace\x1b[0m"));
    assert_eq!(strip_ansi(&coloured), plain);
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn the_json_form_carries_resources_causes_findings_and_a_summary() {
    let d = diff(&base(), &with(|k| k.key = "id"));
    let v: Value = serde_json::from_str(&d.to_json_pretty()).unwrap();
    assert_eq!(v["resources"][0]["logicalId"], "Orders");
    assert_eq!(v["resources"][0]["type"], "AWS::DynamoDB::Table");
    assert_eq!(v["resources"][0]["change"], "replace");
    assert_eq!(v["resources"][0]["causes"][0]["effect"], "replacement");
    assert_eq!(v["resources"][0]["causes"][0]["old"], "pk");
    assert_eq!(v["resources"][0]["causes"][0]["new"], "id");
    assert_eq!(v["findings"][0]["code"], "diff-table-replaced");
    assert_eq!(v["findings"][0]["severity"], "error");
    assert_eq!(v["summary"]["replace"], 1);
    assert_eq!(v["summary"]["findings"], 1);
}

#[test]
fn fail_on_replace_also_stops_replacements_that_lose_nothing() {
    // A replaced transform function role loses no data, but it is a replacement.
    let mut old = Stack::new("R");
    old.add_raw_resource("Q", Resource::new("AWS::SQS::Queue"));
    let mut new = Stack::new("R");
    new.add_raw_resource("Q", Resource::new("AWS::SQS::Queue").prop("QueueName", "q"));
    let d = diff(&old, &new);
    assert_eq!(kind(&d, "Q"), Some(ChangeKind::Replace));
    assert!(d.findings.is_empty());
    assert!(d.reaches(Level::Replace));
    assert!(!d.reaches(Level::DataLoss));
}

#[test]
fn an_unknown_type_may_be_replaced() {
    let raw = |size: u32| {
        let mut s = Stack::new("U");
        s.add_raw_resource(
            "Vm",
            Resource::new("AWS::EC2::Instance").prop("InstanceType", format!("t3.{size}")),
        );
        s
    };
    let d = diff(&raw(1), &raw(2));
    assert_eq!(kind(&d, "Vm"), Some(ChangeKind::MayReplace));
    assert_eq!(causes(&d, "Vm")[0].1, Effect::Unknown);
    assert!(d.reaches(Level::Replace));
}

#[test]
fn every_diff_rule_has_a_pair() {
    let this = include_str!("diff_rules.rs");
    let marker = ["fn every_diff_rule", "_has_a_pair"].concat();
    let pairs = &this[..this.find(&marker).expect("marker")];
    let diff_rules: Vec<&str> = rules::ALL
        .iter()
        .map(|r| r.code)
        .filter(|c| c.starts_with("diff-"))
        .collect();
    assert!(diff_rules.len() >= 11, "{diff_rules:?}");
    let missing: Vec<&&str> = diff_rules
        .iter()
        .filter(|c| !pairs.contains(&format!("\"{c}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "diff rules without a known-answer pair: {missing:?}"
    );
    let docs = include_str!("../docs/safe-deploys.md");
    let undocumented: Vec<&&str> = diff_rules
        .iter()
        .filter(|c| !docs.contains(&format!("| `{c}` |")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "diff rules missing from docs/safe-deploys.md: {undocumented:?}"
    );
}
