//! Update behaviours AWS documents but the resource schemas do not express (aws-facts-2 D1,
//! D2; the CloudFormation User Guide's property pages, "Update requires").

use super::value::{at, same_opt};
use serde_json::Value;

/// Properties (`A/B` under `Properties`) whose change replaces the resource although no
/// schema marks them create-only.
pub(crate) const REPLACES: &[(&str, &str, &str)] = &[(
    "AWS::DynamoDB::Table",
    "LocalSecondaryIndexes",
    "local secondary indexes exist only from the table's creation (documented: Replacement)",
)];

/// Properties (`A/B` under `Properties`) whose change fails the update, whatever the replace
/// policy.
pub(crate) const FAILS: &[(&str, &str, &str)] = &[
    ("AWS::KMS::Key", "KeySpec", "a key's KeySpec cannot change"),
    (
        "AWS::KMS::Key",
        "KeyUsage",
        "a key's KeyUsage cannot change",
    ),
    (
        "AWS::KMS::Key",
        "MultiRegion",
        "a key's MultiRegion cannot change",
    ),
    (
        "AWS::KinesisFirehose::DeliveryStream",
        "ExtendedS3DestinationConfiguration/DynamicPartitioningConfiguration/Enabled",
        "dynamic partitioning is chosen when a delivery stream is created and cannot be \
         switched on or off later",
    ),
];

/// The property that gives a resource a fixed physical name. A resource with one cannot be
/// replaced under the same name: "You can't perform an update that causes a custom-named
/// resource to be replaced" (User Guide, Name type).
#[must_use]
pub(crate) fn name_property(resource_type: &str) -> Option<&'static str> {
    Some(match resource_type {
        "AWS::DynamoDB::Table" => "TableName",
        "AWS::Kinesis::Stream" => "Name",
        "AWS::KinesisFirehose::DeliveryStream" => "DeliveryStreamName",
        "AWS::S3::Bucket" => "BucketName",
        "AWS::Logs::LogGroup" => "LogGroupName",
        "AWS::Lambda::Function" => "FunctionName",
        "AWS::SQS::Queue" => "QueueName",
        "AWS::IAM::Role" => "RoleName",
        "AWS::SNS::Topic" => "TopicName",
        "AWS::CloudWatch::Alarm" => "AlarmName",
        "AWS::CloudWatch::Dashboard" => "DashboardName",
        "AWS::StepFunctions::StateMachine" => "StateMachineName",
        "AWS::Athena::WorkGroup" => "Name",
        _ => return None,
    })
}

/// "Replacement if you edit an existing AttributeDefinition" (a table's attribute that keeps
/// its name but changes type): the index of each such definition in the new template.
pub(crate) fn edited_attribute_definitions(
    resource_type: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Vec<(usize, Value, Value)> {
    if resource_type != "AWS::DynamoDB::Table" {
        return Vec::new();
    }
    let defs = |props: Option<&Value>| {
        at(props, &["AttributeDefinitions".to_owned()])
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (old_defs, new_defs) = (defs(old), defs(new));
    let mut edited = Vec::new();
    for (i, d) in new_defs.iter().enumerate() {
        let name = d.get("AttributeName");
        let before = old_defs
            .iter()
            .find(|o| name.is_some() && same_opt(o.get("AttributeName"), name));
        if let Some(o) = before {
            if !same_opt(o.get("AttributeType"), d.get("AttributeType")) {
                let t = |v: &Value| v.get("AttributeType").cloned().unwrap_or(Value::Null);
                edited.push((i, t(o), t(d)));
            }
        }
    }
    edited
}

/// Attributes (`Fn::GetAtt`) whose value changes in an in-place update: a table's
/// `StreamArn` when its stream view type changes or its stream is switched on or off ("the
/// stream is replaced").
pub(crate) fn changed_attributes(
    resource_type: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Vec<&'static str> {
    let view = [
        "StreamSpecification".to_owned(),
        "StreamViewType".to_owned(),
    ];
    if resource_type == "AWS::DynamoDB::Table" && !same_opt(at(old, &view), at(new, &view)) {
        vec!["StreamArn"]
    } else {
        Vec::new()
    }
}
