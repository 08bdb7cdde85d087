//! Customer-managed keys: the `Key` construct, its policy derived from its users, and the exact
//! KMS grant of every user — the Firehose role (stream reader, bucket writer), the forwarder's
//! role (failure-queue sender), and the key-policy statements of the services that use the key
//! on their own behalf (CloudWatch Logs, CloudWatch alarms).
//!
//! `*` as a resource appears in exactly one place: the statements of a key policy. KMS requires
//! it there — a key policy is attached to its key, and `"Resource": "*"` means "this key" — so
//! each such case below names it. No IAM policy ferrocdk derives has a `*` resource.

#[path = "../examples/customer_managed_keys.rs"]
#[allow(dead_code)]
mod customer_managed_keys;

mod common;

use common::*;
use ferrocdk::aws::cloudwatch::{AlarmTopic, Alarms};
use ferrocdk::prelude::*;
use ferrocdk::Severity;
use serde_json::{json, Value};

const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn props<'a>(t: &'a Value, id: &str) -> &'a Value {
    &resource(t, id)["Properties"]
}

/// The statements of the key policy of `id`.
fn key_policy(t: &Value, id: &str) -> Vec<Value> {
    let k = resource(t, id);
    assert_eq!(k["Type"], "AWS::KMS::Key");
    assert_eq!(k["Properties"]["KeyPolicy"]["Version"], "2012-10-17");
    k["Properties"]["KeyPolicy"]["Statement"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The account statement every key policy starts with. `"Resource": "*"` is required by KMS:
/// the policy is attached to the key, and `*` there is the key itself.
fn account_statement() -> Value {
    json!({
        "Sid": "AccountIamPolicies",
        "Effect": "Allow",
        "Principal": { "AWS": { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" } },
        "Action": "kms:*",
        "Resource": "*"
    })
}

/// CloudWatch Logs' statement, as its guide documents it (encrypt-log-data-kms), scoped to the
/// log groups of the stack's account and Region. `"Resource": "*"`: required by KMS in a key
/// policy (the key itself).
fn logs_statement() -> Value {
    json!({
        "Sid": "CloudWatchLogsLogGroups",
        "Effect": "Allow",
        "Principal": { "Service": { "Fn::Sub": "logs.${AWS::Region}.amazonaws.com" } },
        "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        "Resource": "*",
        "Condition": {
            "ArnLike": {
                "kms:EncryptionContext:aws:logs:arn": {
                    "Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"
                }
            }
        }
    })
}

/// CloudWatch's statement for alarms publishing to a topic under the key, as the SNS guide
/// documents it (sns-key-management, compatibility with AWS services). `"Resource": "*"`:
/// required by KMS in a key policy (the key itself).
fn cloudwatch_statement() -> Value {
    json!({
        "Sid": "CloudWatchAlarmsToEncryptedTopics",
        "Effect": "Allow",
        "Principal": { "Service": "cloudwatch.amazonaws.com" },
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*"
    })
}

/// Firehose's statement for writing to a bucket of this stack under SSE-KMS with a Bucket Key:
/// the encryption context is then the bucket ARN itself.
fn bucket_key_statement(bucket: &str) -> Value {
    json!({
        "Effect": "Allow",
        "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
        "Resource": [get_att("Key", "Arn")],
        "Condition": {
            "StringEquals": {
                "kms:ViaService": { "Fn::Sub": "s3.${AWS::Region}.amazonaws.com" },
                "kms:EncryptionContext:aws:s3:arn": get_att(bucket, "Arn")
            }
        }
    })
}

/// The Kinesis route with every data store under one `Key`: stream, table, bucket.
fn kinesis_route_under_one_key() -> Stack {
    let mut stack = Stack::new("K");
    let key = stack.add(Key::new("Key"));
    let stream = stack.add(
        KinesisStream::new("Changes").encryption(StreamEncryption::CustomerManaged(key.clone())),
    );
    stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .encryption(TableEncryption::CustomerManaged(key.clone()))
            .kinesis_stream(&stream),
    );
    let bucket = stack.add(Bucket::new("ChangeLog").encryption(BucketEncryption::Kms(key)));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
    stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream),
    );
    stack
}

/// The DynamoDB Streams route with a `Key` handed to `wire`.
fn streams_route(wire: impl FnOnce(Forwarder, &KeyRef) -> Forwarder) -> Stack {
    let mut stack = Stack::new("S");
    let key = stack.add(Key::new("Key"));
    let table = stack
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(wire(
        Forwarder::dynamodb_changes("Forward", &table, &ds),
        &key,
    ));
    stack
}

// ---------------------------------------------------------------- the key itself

#[test]
fn a_key_is_rotated_retained_on_delete_and_replace_and_waits_thirty_days_before_deletion() {
    let mut stack = Stack::new("K");
    stack.add(Key::new("Key"));
    let t = template(&stack);
    let k = resource(&t, "Key");
    assert_eq!(k["Type"], "AWS::KMS::Key");
    let keys: Vec<&String> = k["Properties"].as_object().unwrap().keys().collect();
    // No KeySpec/KeyUsage: the defaults (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT), the only kind
    // every user here accepts; changing either later fails, whatever the replace policy.
    assert_eq!(
        keys,
        ["EnableKeyRotation", "KeyPolicy", "PendingWindowInDays"]
    );
    assert_eq!(k["Properties"]["EnableKeyRotation"], true);
    assert_eq!(k["Properties"]["PendingWindowInDays"], 30);
    assert_eq!(k["DeletionPolicy"], "Retain");
    assert_eq!(k["UpdateReplacePolicy"], "Retain");
    assert_eq!(key_policy(&t, "Key"), [account_statement()]);
}

#[test]
fn a_key_removed_with_delete_waits_its_pending_window() {
    let mut stack = Stack::new("K");
    stack.add(
        Key::new("Key")
            .pending_window_days(7)
            .removal_policy(RemovalPolicy::Delete)
            .tag("Purpose", "change-log"),
    );
    let t = template(&stack);
    let k = resource(&t, "Key");
    assert_eq!(k["Properties"]["PendingWindowInDays"], 7);
    assert_eq!(k["DeletionPolicy"], "Delete");
    assert_eq!(
        k["Properties"]["Tags"],
        json!([{ "Key": "Purpose", "Value": "change-log" }])
    );
}

#[test]
fn a_pending_window_outside_7_to_30_days_is_reported() {
    for days in [6, 31] {
        let mut stack = Stack::new("K");
        stack.add(Key::new("Key").pending_window_days(days));
        let d = the_error(&stack, "kms-pending-window");
        assert_diag(
            &d,
            Severity::Error,
            "K/Key",
            "PendingWindowInDays",
            &[&days.to_string()],
            &["7–30", "days"],
        );
    }
    let mut stack = Stack::new("K");
    let days = stack.parameter(Parameter::number("Days"));
    stack.add(Key::new("Key").pending_window_days(days));
    assert_eq!(
        props(&template(&stack), "Key")["PendingWindowInDays"],
        ref_("Days")
    );
}

// ---------------------------------------------------------------- stream, table, bucket

#[test]
fn a_created_keys_handle_goes_wherever_an_existing_keys_does() {
    let t = template(&kinesis_route_under_one_key());
    let key = get_att("Key", "Arn");
    assert_eq!(
        props(&t, "Changes")["StreamEncryption"],
        json!({ "EncryptionType": "KMS", "KeyId": key })
    );
    assert_eq!(
        props(&t, "Orders")["SSESpecification"],
        json!({ "SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": key })
    );
    // A DirectPut delivery stream's own encryption takes it too.
    let mut stack = Stack::new("D");
    let k = stack.add(Key::new("Key"));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    stack.add(
        DeliveryStream::new("ToS3", S3Destination::new(&bucket))
            .encryption(Encryption::CustomerManaged(k.clone())),
    );
    let t = template(&stack);
    assert_eq!(
        props(&t, "ToS3")["DeliveryStreamEncryptionConfigurationInput"],
        json!({ "KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": key })
    );
    assert_eq!(k.arn().to_json(), key);
    assert_eq!(k.key_id().to_json(), ref_("Key"));
    assert_eq!(k.logical_id(), Some("Key"));
    let existing = KeyRef::from_arn(KEY_ARN);
    assert_eq!(
        existing.key_id().to_json(),
        json!("1234abcd-12ab-34cd-56ef-1234567890ab")
    );
    assert_eq!(existing.logical_id(), None);
}

#[test]
fn the_bucket_is_sse_kms_with_a_bucket_key() {
    let t = template(&kinesis_route_under_one_key());
    assert_eq!(
        props(&t, "ChangeLog")["BucketEncryption"],
        json!({ "ServerSideEncryptionConfiguration": [{
            "ServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": get_att("Key", "Arn") },
            "BucketKeyEnabled": true
        }] })
    );
}

#[test]
fn stream_table_and_bucket_need_nothing_in_the_key_policy_beyond_the_account_statement() {
    // Firehose's role reads and writes through its own IAM policy; DynamoDB writes to the
    // stream through its service-linked role, whose managed policy
    // (DynamoDBKinesisReplicationServiceRolePolicy) allows kms:GenerateDataKey through Kinesis;
    // the table's own encryption uses grants DynamoDB creates with the deployer's rights. The
    // account statement lets IAM decide all of them, so it is the whole policy.
    let t = template(&kinesis_route_under_one_key());
    assert_eq!(key_policy(&t, "Key"), [account_statement()]);
}

#[test]
fn the_firehose_role_gets_decrypt_for_the_stream_and_the_documented_s3_grant_for_the_bucket() {
    let t = template(&kinesis_route_under_one_key());
    let st = statements(&t, "ToS3RolePolicy");
    let kms: Vec<&Value> = st
        .iter()
        .filter(|s| actions(s).iter().any(|a| a.starts_with("kms:")))
        .collect();
    assert_eq!(kms.len(), 2, "{kms:#?}");
    // Reading the stream: kms:Decrypt on the key (the Kinesis guide's consumer permission).
    assert_eq!(
        *kms[0],
        json!({ "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [get_att("Key", "Arn")] })
    );
    // Writing the bucket: exactly the Firehose guide's statement, with the Bucket Key's
    // encryption context (the bucket ARN, not `bucket/prefix*`, which would deny every write).
    assert_eq!(*kms[1], bucket_key_statement("ChangeLog"));
    // Nothing else: S3, Kinesis, Lambda and logs statements as without a key.
    assert_eq!(st.len(), 6, "{st:#?}");
}

#[test]
fn an_existing_bucket_with_a_key_grants_writers_either_encryption_context() {
    let mut stack = Stack::new("E");
    let stream = stack.add(KinesisStream::new("Changes"));
    let bucket = Bucket::from_name("acme-change-log").with_key(&KeyRef::from_arn(KEY_ARN));
    stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&stream));
    let t = template(&stack);
    let kms = statement_with(&t, "ToS3RolePolicy", "kms:GenerateDataKey");
    // Whether an existing bucket has a Bucket Key ferrocdk cannot see: the context is then
    // the bucket ARN, else the object's ARN.
    assert_eq!(
        kms,
        json!({
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": [KEY_ARN],
            "Condition": {
                "StringEquals": { "kms:ViaService": { "Fn::Sub": "s3.${AWS::Region}.amazonaws.com" } },
                "StringLike": { "kms:EncryptionContext:aws:s3:arn": [
                    { "Fn::Sub": "arn:${AWS::Partition}:s3:::acme-change-log" },
                    { "Fn::Sub": "arn:${AWS::Partition}:s3:::acme-change-log/*" }
                ] }
            }
        })
    );
    // An existing key's policy is not ferrocdk's: the role's own grant is all it adds.
    assert!(ids_of_type(&t, "AWS::KMS::Key").is_empty());
}

#[test]
fn the_writer_grant_is_on_the_bucket_handle_and_empty_without_a_key() {
    let mut stack = Stack::new("G");
    let key = stack.add(Key::new("Key"));
    let plain = stack.add(Bucket::new("Plain"));
    let kms = stack.add(Bucket::new("Sealed").encryption(BucketEncryption::Kms(key.clone())));
    assert!(plain.grant_key_for_writers().statements().is_empty());
    assert_eq!(plain.key(), None);
    assert_eq!(kms.key(), Some(&key));
    let g = kms.grant_key_for_writers();
    assert_eq!(g.statements().len(), 1);
    assert_eq!(
        g.statements()[0].actions(),
        ["kms:Decrypt", "kms:GenerateDataKey"]
    );
    assert_eq!(g.statements()[0].resources(), [key.arn()]);
    // A DirectPut stream to the plain bucket has no KMS at all.
    stack.add(DeliveryStream::new("ToPlain", S3Destination::new(&plain)));
    let t = template(&stack);
    assert!(!all_actions(&t, "ToPlainRolePolicy")
        .iter()
        .any(|a| a.starts_with("kms:")));
    assert_eq!(
        props(&t, "Plain")["BucketEncryption"]["ServerSideEncryptionConfiguration"][0],
        json!({ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } })
    );
}

// ---------------------------------------------------------------- log groups

#[test]
fn log_groups_under_a_key_take_its_arn_and_give_logs_one_statement_in_its_policy() {
    let mut stack = Stack::new("L");
    let key = stack.add(Key::new("Key"));
    let table = stack
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape").log_group_key(&key));
    let ds = stack.add(DeliveryStream::new(
        "ToS3",
        S3Destination::new(&bucket)
            .processor(&shape)
            .log_group_key(&key),
    ));
    stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds).log_group_key(&key));
    let t = template(&stack);
    for group in ["ShapeLogGroup", "ToS3LogGroup", "ForwardLogGroup"] {
        assert_eq!(
            *props(&t, group),
            json!({ "RetentionInDays": 30, "KmsKeyId": get_att("Key", "Arn") }),
            "{group}"
        );
    }
    // Three log groups, one statement: it names no log group (naming one would make the key
    // depend on the log group, which depends on the key).
    assert_eq!(
        key_policy(&t, "Key"),
        [account_statement(), logs_statement()]
    );
    // Writers of an encrypted log group need no KMS permission: CloudWatch Logs encrypts.
    for policy in ["ShapeRolePolicy", "ToS3RolePolicy", "ForwardRolePolicy"] {
        assert!(
            !all_actions(&t, policy)
                .iter()
                .any(|a| a.starts_with("kms:")),
            "{policy}"
        );
    }
}

#[test]
fn a_condition_on_a_key_user_covers_the_users_resources_not_the_key_whose_policy_it_extends() {
    let mut stack = Stack::new("L");
    stack.condition(
        "IsProd",
        json!({ "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] }),
    );
    let key = stack.add(Key::new("Key"));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let shape = stack.add(TransformFunction::dynamodb_changes("Shape").log_group_key(&key));
    stack.add(DeliveryStream::new(
        "ToS3",
        S3Destination::new(&bucket).processor(&shape),
    ));
    stack.add(
        Alarms::new("Paging")
            .topic(AlarmTopic::CreateEncrypted(key.clone()))
            .function(&shape),
    );
    stack.set_condition("Shape", "IsProd");
    stack.set_condition("Paging", "IsProd");
    let t = template(&stack);
    for id in [
        "Shape",
        "ShapeRole",
        "ShapeRolePolicy",
        "ShapeLogGroup",
        "PagingTopic",
    ] {
        assert_eq!(resource(&t, id)["Condition"], "IsProd", "{id}");
    }
    // The statements the two users add through the key are in the key's policy, and the key
    // stays unconditional: it is shared, and the statements name no resource of the users.
    assert_eq!(resource(&t, "Key").get("Condition"), None);
    assert_eq!(
        key_policy(&t, "Key"),
        [
            account_statement(),
            logs_statement(),
            cloudwatch_statement()
        ]
    );
    // A condition on the key covers the key alone.
    stack.set_condition("Key", "IsProd");
    let t = template(&stack);
    assert_eq!(resource(&t, "Key")["Condition"], "IsProd");
    assert_eq!(resource(&t, "ChangeLog").get("Condition"), None);
    assert_eq!(key_policy(&t, "Key").len(), 3);
}

#[test]
fn a_log_group_key_on_a_destination_that_does_not_log_is_reported() {
    let mut stack = Stack::new("L");
    let key = stack.add(Key::new("Key"));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    stack.add(DeliveryStream::new(
        "ToS3",
        S3Destination::new(&bucket)
            .logging(false)
            .log_group_key(&key),
    ));
    let d = the_warning(&stack, "firehose-log-key-unused");
    assert_diag(
        &d,
        Severity::Warning,
        "L/ToS3",
        "ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions",
        &["log-group key", "logging off"],
        &["no log group to encrypt"],
    );
    // No log group, so nothing in the key policy either.
    let t = template(&stack);
    assert!(ids_of_type(&t, "AWS::Logs::LogGroup").is_empty());
    assert_eq!(key_policy(&t, "Key"), [account_statement()]);
}

#[test]
fn log_groups_without_a_key_use_cloudwatch_logs_own_encryption() {
    let mut stack = Stack::new("L");
    stack.add(TransformFunction::dynamodb_changes("Shape"));
    let t = template(&stack);
    assert_eq!(
        *props(&t, "ShapeLogGroup"),
        json!({ "RetentionInDays": 30 })
    );
}

// ---------------------------------------------------------------- alarm topic

#[test]
fn an_alarm_topic_under_a_key_lets_cloudwatch_publish_through_the_key_policy() {
    let mut stack = Stack::new("A");
    let key = stack.add(Key::new("Key"));
    let stream = stack.add(KinesisStream::new("Changes"));
    stack.add(
        Alarms::new("Alarms")
            .topic(AlarmTopic::CreateEncrypted(key))
            .stream(&stream),
    );
    let t = template(&stack);
    assert_eq!(
        *props(&t, "AlarmsTopic"),
        json!({ "KmsMasterKeyId": get_att("Key", "Arn") })
    );
    assert_eq!(
        key_policy(&t, "Key"),
        [account_statement(), cloudwatch_statement()]
    );
    assert_eq!(
        props(&t, "AlarmsChangesIteratorAge")["AlarmActions"],
        json!([ref_("AlarmsTopic")])
    );
}

#[test]
fn the_default_alarm_topic_is_not_encrypted_because_cloudwatch_cannot_use_the_aws_managed_key() {
    let mut stack = Stack::new("A");
    let stream = stack.add(KinesisStream::new("Changes"));
    stack.add(Alarms::new("Alarms").stream(&stream));
    let t = template(&stack);
    assert!(props(&t, "AlarmsTopic").get("KmsMasterKeyId").is_none());
}

// ---------------------------------------------------------------- failure queue

#[test]
fn a_failure_queue_under_a_key_gives_the_forwarders_role_decrypt_and_generate_data_key() {
    let t = template(&streams_route(|f, key| f.failure_queue_key(key)));
    assert_eq!(
        *props(&t, "ForwardFailureQueue"),
        json!({ "KmsMasterKeyId": get_att("Key", "Arn"), "MessageRetentionPeriod": 1_209_600 })
    );
    // Lambda sends the on-failure record with the function's role; SQS then asks KMS for a
    // data key on that role's behalf (the Lambda guide: kms:Decrypt and kms:GenerateDataKey).
    let kms = statement_with(&t, "ForwardRolePolicy", "kms:GenerateDataKey");
    assert_eq!(
        kms,
        json!({
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": [get_att("Key", "Arn")]
        })
    );
    let sqs = statement_with(&t, "ForwardRolePolicy", "sqs:SendMessage");
    assert_eq!(resources_of(&sqs), [get_att("ForwardFailureQueue", "Arn")]);
    // SQS is a user like the roles: the key policy keeps only the account statement.
    assert_eq!(key_policy(&t, "Key"), [account_statement()]);
}

#[test]
fn the_reader_of_the_stream_of_a_table_under_a_key_gets_decrypt_and_describe_key() {
    let mut stack = Stack::new("S");
    let key = stack.add(Key::new("Key"));
    let table = stack.add(
        Table::new("Orders", Attribute::string("pk"))
            .encryption(TableEncryption::CustomerManaged(key.clone()))
            .stream(StreamViewType::NewAndOldImages),
    );
    assert_eq!(table.key(), Some(&key));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
    let t = template(&stack);
    // DynamoDB may call KMS with the reader's rights (aws/aws-cdk#22796): the two CDK grants.
    assert_eq!(
        statement_with(&t, "ForwardRolePolicy", "kms:DescribeKey"),
        json!({
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:DescribeKey"],
            "Resource": [get_att("Key", "Arn")]
        })
    );
    assert_eq!(key_policy(&t, "Key"), [account_statement()]);
    // A table with DynamoDB's own keys gives its readers nothing to add.
    let t = template(&streams_route(|f, _| f));
    assert!(!all_actions(&t, "ForwardRolePolicy")
        .iter()
        .any(|a| a.starts_with("kms:")));
}

const ORDERS_STREAM: &str =
    "arn:aws:dynamodb:us-east-1:111122223333:table/Orders/stream/2024-11-18T10:09:15.370";

/// Two existing tables under keys, each read by a forwarder: `Orders` (stream given) under a
/// `Key` of the stack, `Invoices` (stream read by a `StreamLookup`) under an existing key.
fn existing_tables_under_keys() -> Stack {
    let mut stack = Stack::new("S");
    let key = stack.add(Key::new("Key"));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    let given = Table::from_name("Orders")
        .with_stream(ORDERS_STREAM, StreamViewType::NewAndOldImages)
        .with_key(&key);
    assert_eq!(given.key(), Some(&key));
    stack.add(Forwarder::dynamodb_changes("Forward", &given, &ds));
    // The handle a StreamLookup gives keeps the table's key.
    let existing = KeyRef::from_arn(KEY_ARN);
    let looked_up = stack.add(StreamLookup::new(
        "InvoicesStream",
        &Table::from_name("Invoices").with_key(&existing),
    ));
    assert_eq!(looked_up.key(), Some(&existing));
    stack.add(Forwarder::dynamodb_changes(
        "ForwardInvoices",
        &looked_up,
        &ds,
    ));
    stack
}

#[test]
fn the_reader_of_an_existing_tables_stream_gets_the_same_grant_on_the_key_the_table_states() {
    let decrypt = |key: Value| json!({ "Effect": "Allow", "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": [key] });
    let t = template(&existing_tables_under_keys());
    assert_eq!(
        statement_with(&t, "ForwardRolePolicy", "kms:DescribeKey"),
        decrypt(get_att("Key", "Arn"))
    );
    assert_eq!(
        statement_with(&t, "ForwardInvoicesRolePolicy", "kms:DescribeKey"),
        decrypt(json!(KEY_ARN))
    );
    // Reading a table's stream adds nothing to the key policy.
    assert_eq!(key_policy(&t, "Key"), [account_statement()]);
    // Without a stated key, nothing on KMS: an existing table's AWS-owned or AWS-managed key
    // needs no grant.
    let mut stack = Stack::new("S");
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    let plain =
        Table::from_name("Orders").with_stream(ORDERS_STREAM, StreamViewType::NewAndOldImages);
    assert_eq!(plain.key(), None);
    stack.add(Forwarder::dynamodb_changes("Forward", &plain, &ds));
    assert!(!all_actions(&template(&stack), "ForwardRolePolicy")
        .iter()
        .any(|a| a.starts_with("kms:")));
}

#[test]
fn in_a_stack_file_an_existing_table_states_its_key_by_id_or_by_arn() {
    let text = format!(
        r#"{{
  "name": "S",
  "constructs": [
    {{ "type": "Key", "id": "Key" }},
    {{ "type": "Bucket", "id": "ChangeLog" }},
    {{ "type": "DeliveryStream", "id": "ToS3", "destination": {{ "bucket": "ChangeLog" }} }},
    {{
      "type": "ExistingTable",
      "id": "Orders",
      "tableName": "Orders",
      "stream": {{ "arn": "{ORDERS_STREAM}", "viewType": "NEW_AND_OLD_IMAGES" }},
      "key": "Key"
    }},
    {{ "type": "Forwarder", "id": "Forward", "table": "Orders", "deliveryStream": "ToS3" }},
    {{ "type": "ExistingTable", "id": "Invoices", "tableName": "Invoices", "key": "{KEY_ARN}" }},
    {{ "type": "StreamLookup", "id": "InvoicesStream", "table": "Invoices" }},
    {{ "type": "Forwarder", "id": "ForwardInvoices", "table": "InvoicesStream", "deliveryStream": "ToS3" }}
  ]
}}"#
    );
    let file = ferrocdk::stack_file::synth_text("s.json", &text)
        .unwrap_or_else(|d| panic!("{d:#?}"))
        .to_json_pretty();
    let rust = existing_tables_under_keys()
        .synth()
        .unwrap_or_else(|e| panic!("{e}"))
        .to_json_pretty();
    assert_eq!(file, rust);
}

#[test]
fn an_alias_as_an_existing_tables_key_is_reported_where_the_table_is_read() {
    let mut stack = Stack::new("S");
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    let orders = Table::from_name("Orders")
        .with_stream(
            "arn:aws:dynamodb:us-east-1:111122223333:table/Orders/stream/2024-11-18T10:09:15.370",
            StreamViewType::NewAndOldImages,
        )
        .with_key(&KeyRef::from_arn(
            "arn:aws:kms:us-east-1:111122223333:alias/orders",
        ));
    stack.add(Forwarder::dynamodb_changes("Forward", &orders, &ds));
    let d = the_error(&stack, "kms-key-arn");
    assert_diag(
        &d,
        Severity::Error,
        "S/Forward",
        "EventSourceArn",
        &["alias/orders"],
        &["not an alias"],
    );
}

#[test]
fn the_forwarder_keeping_records_in_a_bucket_under_a_key_gets_the_buckets_writer_grant() {
    let mut stack = Stack::new("S");
    let key = stack.add(Key::new("Key"));
    let table = stack
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket = stack.add(Bucket::new("ChangeLog").encryption(BucketEncryption::Kms(key)));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
    let t = template(&stack);
    // The same grant as Firehose's, from the bucket's handle: the forwarder's PutObject under
    // the error prefix asks KMS for a data key through S3, for this bucket.
    assert_eq!(
        statement_with(&t, "ForwardRolePolicy", "kms:GenerateDataKey"),
        bucket_key_statement("ChangeLog")
    );
    assert_eq!(
        statement_with(&t, "ToS3RolePolicy", "kms:GenerateDataKey"),
        bucket_key_statement("ChangeLog")
    );
}

#[test]
fn a_failure_queue_without_a_key_is_sqs_managed_and_the_role_has_no_kms() {
    let t = template(&streams_route(|f, _| f));
    assert_eq!(
        props(&t, "ForwardFailureQueue")["SqsManagedSseEnabled"],
        true
    );
    assert!(!all_actions(&t, "ForwardRolePolicy")
        .iter()
        .any(|a| a.starts_with("kms:")));
}

// ---------------------------------------------------------------- existing keys, other stacks

#[test]
fn an_existing_key_for_a_service_principal_is_reported_with_the_statement_its_policy_needs() {
    let existing = KeyRef::from_arn(KEY_ARN);
    let mut stack = Stack::new("X");
    stack.add(TransformFunction::dynamodb_changes("Shape").log_group_key(&existing));
    let d = the_warning(&stack, "kms-existing-key-policy");
    assert_diag(
        &d,
        Severity::Warning,
        "X/Shape",
        "LogGroup.KmsKeyId",
        &[KEY_ARN, "CloudWatch Logs"],
        &[
            "a Key of this stack",
            "\"Service\":{\"Fn::Sub\":\"logs.${AWS::Region}.amazonaws.com\"}",
            "kms:EncryptionContext:aws:logs:arn",
        ],
    );
    // The log group still uses the key.
    let t = template(&stack);
    assert_eq!(props(&t, "ShapeLogGroup")["KmsKeyId"], KEY_ARN);

    let mut stack = Stack::new("X");
    let stream = stack.add(KinesisStream::new("Changes"));
    stack.add(
        Alarms::new("Alarms")
            .topic(AlarmTopic::CreateEncrypted(existing.clone()))
            .stream(&stream),
    );
    let d = the_warning(&stack, "kms-existing-key-policy");
    assert_diag(
        &d,
        Severity::Warning,
        "X/Alarms",
        "Topic.KmsMasterKeyId",
        &[KEY_ARN, "cloudwatch.amazonaws.com"],
        &["\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey*\"]"],
    );

    // Roles carry their own grants: an existing key for the stream, the bucket or the queue is
    // not reported.
    let mut stack = Stack::new("X");
    let s = stack.add(
        KinesisStream::new("Changes")
            .encryption(StreamEncryption::CustomerManaged(existing.clone())),
    );
    let b = Bucket::from_name("acme-change-log").with_key(&existing);
    stack.add(DeliveryStream::new("ToS3", S3Destination::new(&b)).source(&s));
    assert!(no_diag(&stack, "kms-existing-key-policy"));
}

#[test]
fn an_alias_where_a_key_arn_belongs_is_reported_on_every_new_key_property() {
    let alias = KeyRef::from_arn("arn:aws:kms:us-east-1:111122223333:alias/changes");
    let mut stack = Stack::new("X");
    let table = stack
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket =
        stack.add(Bucket::new("ChangeLog").encryption(BucketEncryption::Kms(alias.clone())));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(
        Forwarder::dynamodb_changes("Forward", &table, &ds)
            .log_group_key(&alias)
            .failure_queue_key(&alias),
    );
    let e = synth_err(&stack);
    let mut at: Vec<(String, String)> = e
        .diagnostics
        .iter()
        .filter(|d| d.code == "kms-key-arn")
        .map(|d| (d.path.clone(), d.property.clone()))
        .collect();
    at.sort();
    assert_eq!(
        at,
        [
            ("X/ChangeLog".to_owned(), "BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.KMSMasterKeyID".to_owned()),
            ("X/Forward".to_owned(), "FailureQueue.KmsMasterKeyId".to_owned()),
            ("X/Forward".to_owned(), "LogGroup.KmsKeyId".to_owned()),
        ]
    );
}

#[test]
fn a_key_of_another_stack_is_a_cross_stack_error_and_its_policy_is_left_alone() {
    let mut shared = Stack::new("Shared");
    let key = shared.add(Key::new("Key"));
    let mut stack = Stack::new("Pipeline");
    stack.add(TransformFunction::dynamodb_changes("Shape").log_group_key(&key));
    let d = the_error(&stack, "cross-stack-reference");
    assert_eq!(d.path, "Pipeline/Shape");
    assert_eq!(d.property, "LogGroup.KmsKeyId");
    assert_eq!(key_policy(&template(&shared), "Key"), [account_statement()]);
}

#[test]
fn in_an_app_a_key_of_another_stack_is_imported_for_readers_and_reported_for_a_service_principal() {
    let env = Environment::new("111122223333", "us-east-1");
    let shared = || {
        let mut shared = Stack::new("Shared");
        let key = shared.add(Key::new("Key"));
        let stream = shared.add(
            KinesisStream::new("Changes")
                .encryption(StreamEncryption::CustomerManaged(key.clone())),
        );
        (shared, key, stream)
    };
    // A reader's grant is in its own role's policy: the key's ARN is imported.
    let (a, _, stream) = shared();
    let mut b = Stack::new("Pipeline");
    let bucket = b.add(Bucket::new("ChangeLog"));
    b.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)).source(&stream));
    let mut app = App::new();
    app.add(a, env.clone()).add(b, env.clone());
    let out = app
        .synth()
        .expect("a reader of another stack's key synthesizes");
    let t = out
        .stack("Pipeline")
        .expect("synthesized")
        .template
        .to_json_pretty();
    let t: Value = serde_json::from_str(&t).unwrap();
    let decrypt = statements(&t, "ToS3RolePolicy")
        .into_iter()
        .find(|s| actions(s) == ["kms:Decrypt"])
        .expect("kms:Decrypt for the stream's reader");
    assert_eq!(
        decrypt["Resource"],
        json!([{"Fn::ImportValue": "Shared:Key:Arn"}])
    );
    // CloudWatch Logs needs a statement in the key policy, which is written in Shared.
    let (a, key, _) = shared();
    let mut b = Stack::new("Pipeline");
    b.add(TransformFunction::dynamodb_changes("Shape").log_group_key(&key));
    let mut app = App::new();
    app.add(a, env.clone()).add(b, env);
    let d = app
        .synth()
        .expect_err("the log group's key policy statement is missing");
    let d: Vec<_> = d
        .diagnostics
        .iter()
        .filter(|d| d.code == "kms-key-other-stack")
        .collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (d[0].path.as_str(), d[0].property.as_str()),
        ("Pipeline/Shape", "LogGroup.KmsKeyId")
    );
    assert!(d[0].received.contains("Shared/Key"), "{}", d[0]);
    assert!(d[0].allowed.contains("logs."), "{}", d[0]);
}

// ---------------------------------------------------------------- checkov

/// The checkov checks the Metadata of `id` suppresses.
fn checkov_skips(t: &Value, id: &str) -> Vec<String> {
    resource(t, id)["Metadata"]["checkov"]["skip"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_resource_under_a_key_passes_checkovs_kms_check_unsuppressed_and_one_without_keeps_the_suppression(
) {
    // The checkov check that a customer-managed key answers, per type.
    let checks = [
        ("AWS::DynamoDB::Table", "CKV_AWS_119"),
        ("AWS::Logs::LogGroup", "CKV_AWS_158"),
        ("AWS::SQS::Queue", "CKV_AWS_27"),
        ("AWS::SNS::Topic", "CKV_AWS_26"),
    ];
    // The example puts every one of them under its key.
    let keyed = template(&customer_managed_keys::stack());
    // The same kinds of resources with ferrocdk's default encryption.
    let mut stack = Stack::new("Plain");
    let table = stack
        .add(Table::new("Orders", Attribute::string("pk")).stream(StreamViewType::NewAndOldImages));
    let bucket = stack.add(Bucket::new("ChangeLog"));
    let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    stack.add(Forwarder::dynamodb_changes("Forward", &table, &ds));
    stack.add(Alarms::new("Alarms").delivery_stream(&ds));
    let plain = template(&stack);
    for (ty, check) in checks {
        let ids = ids_of_type(&keyed, ty);
        assert!(!ids.is_empty(), "the example has no {ty}");
        for id in ids {
            assert!(
                !checkov_skips(&keyed, &id).iter().any(|c| c == check),
                "{id}: {check}"
            );
        }
        let ids = ids_of_type(&plain, ty);
        assert!(!ids.is_empty(), "the plain stack has no {ty}");
        for id in ids {
            assert!(
                checkov_skips(&plain, &id).iter().any(|c| c == check),
                "{id}: {check}"
            );
        }
    }
}

// ---------------------------------------------------------------- the example

#[test]
fn in_the_example_every_key_user_gets_exactly_its_grant_and_the_policy_its_two_services() {
    let t = template(&customer_managed_keys::stack());
    // Services acting on their own behalf: in the order they were wired (log groups first).
    assert_eq!(
        key_policy(&t, "Key"),
        [
            account_statement(),
            logs_statement(),
            cloudwatch_statement()
        ]
    );
    // Every resource that stores data takes the key.
    let key = get_att("Key", "Arn");
    assert_eq!(props(&t, "Changes")["StreamEncryption"]["KeyId"], key);
    for table in ["Orders", "Customers"] {
        assert_eq!(props(&t, table)["SSESpecification"]["KMSMasterKeyId"], key);
    }
    assert_eq!(
        props(&t, "ChangeLog")["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
            ["ServerSideEncryptionByDefault"]["KMSMasterKeyID"],
        key
    );
    for group in ids_of_type(&t, "AWS::Logs::LogGroup") {
        assert_eq!(props(&t, &group)["KmsKeyId"], key, "{group}");
    }
    assert_eq!(ids_of_type(&t, "AWS::Logs::LogGroup").len(), 4);
    assert_eq!(props(&t, "ForwardFailureQueue")["KmsMasterKeyId"], key);
    assert_eq!(props(&t, "AlarmsTopic")["KmsMasterKeyId"], key);

    // Every KMS statement of every role, exactly.
    let kms_of = |policy: &str| -> Vec<Value> {
        statements(&t, policy)
            .into_iter()
            .filter(|s| actions(s).iter().any(|a| a.starts_with("kms:")))
            .collect()
    };
    let decrypt = json!({ "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [key] });
    assert_eq!(
        kms_of("ToS3RolePolicy"),
        [decrypt, bucket_key_statement("ChangeLog")]
    );
    assert_eq!(
        kms_of("CustomersToS3RolePolicy"),
        [bucket_key_statement("ChangeLog")]
    );
    assert_eq!(
        kms_of("ForwardRolePolicy"),
        [
            // Keeping what Firehose cannot take under the bucket's error prefix (PutObject).
            bucket_key_statement("ChangeLog"),
            // Reading the Customers table's stream.
            json!({ "Effect": "Allow", "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": [key] }),
            // Sending to the failure queue.
            json!({ "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": [key] })
        ]
    );
    assert_eq!(kms_of("ShapeRolePolicy"), Vec::<Value>::new());
    assert_eq!(
        ids_of_type(&t, "AWS::IAM::Policy"),
        strs(&[
            "ShapeRolePolicy",
            "ToS3RolePolicy",
            "CustomersToS3RolePolicy",
            "ForwardRolePolicy"
        ])
    );

    // No `*` resource in any IAM policy; in the key policy, every statement has it (KMS
    // requires it there: the policy is attached to the key).
    for policy in ids_of_type(&t, "AWS::IAM::Policy") {
        for s in statements(&t, &policy) {
            assert!(!resources_of(&s).contains(&json!("*")), "{policy}: {s}");
        }
    }
    for s in key_policy(&t, "Key") {
        assert_eq!(s["Resource"], "*", "{s}");
    }
}
