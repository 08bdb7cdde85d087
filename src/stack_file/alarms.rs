//! `Alarms`: the CloudWatch alarms AWS recommends for the watched constructs.

use super::build::Builder;
use super::construct::{common, construct_props};
use super::resolve::{Handle, Want};
use super::*;
use ferrocdk_aws::cloudwatch::{AlarmTopic, Alarms};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

construct_props! {
    /// Opt-in alarms on a pipeline (`AWS::CloudWatch::Alarm`), thresholds derived from the
    /// watched constructs' configuration, notifying an SNS topic.
    pub struct AlarmsProps {
        required {
        }
        optional {
            /// The topic to notify: `"create"` (a new topic `<id>Topic`, not encrypted at rest),
            /// `{"createEncrypted": "<key>"}` (a new topic encrypted with a customer-managed
            /// key) or `{"existingArn": "<topic ARN>"}`. Default: `"create"`.
            topic: AlarmTopicSpec,
            /// The ids of the constructs to watch, defined before: a `Table` streaming to
            /// Kinesis or an `ExistingTable` (the changes DynamoDB skips on the way),
            /// `KinesisStream`, `DeliveryStream`, `TransformFunction` or `Forwarder`.
            /// Default: none.
            watch: Vec<String>,
        }
    }
}

/// Where alarms notify.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum AlarmTopicSpec {
    /// A new SNS topic, `<id>Topic`, not encrypted at rest (CloudWatch cannot publish to a
    /// topic under the AWS-managed `aws/sns` key). Subscribe to it after deploying.
    Create,
    /// `{"createEncrypted": "<key>"}`: a new SNS topic, `<id>Topic`, encrypted with this
    /// customer-managed key (the id of a `Key` defined before, whose policy then lets
    /// CloudWatch publish, or a key ARN).
    CreateEncrypted(StringValue),
    /// `{"existingArn": "<topic ARN>"}`: an existing SNS topic.
    ExistingArn(StringValue),
}

impl AlarmsProps {
    /// Where synth's findings on CloudFormation properties are placed in the file:
    /// `(property, member)`, `*` standing for a list index.
    pub(super) const PLACES: &'static [(&'static str, &'static str)] =
        &[("AlarmActions", "topic"), ("OKActions", "topic")];

    /// Adds the construct through its builder; `None` when a reference or value could not
    /// be resolved (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        let p = self;
        let mut ok = true;
        let mut a = common(Alarms::new(&p.id), &p.logical_id, &p.tags);
        match &p.topic {
            None => {}
            Some(AlarmTopicSpec::Create) => a = a.topic(AlarmTopic::Create),
            Some(AlarmTopicSpec::CreateEncrypted(k)) => {
                if let Some(key) = b.key(&mut ok, "topic.createEncrypted", k) {
                    a = a.topic(AlarmTopic::CreateEncrypted(key));
                }
            }
            Some(AlarmTopicSpec::ExistingArn(v)) => {
                let at = b.at("topic.existingArn");
                match b.expr(at, v) {
                    Some(arn) => a = a.topic(AlarmTopic::Existing(arn)),
                    None => ok = false,
                }
            }
        }
        let watchable = |h: &Handle| {
            matches!(
                h,
                Handle::Table(_)
                    | Handle::Stream(_)
                    | Handle::DirectPut(_)
                    | Handle::KinesisFed(_)
                    | Handle::Function(_)
                    | Handle::Forwarder(_)
            )
        };
        let want = Want {
            what: "a Table, ExistingTable, KinesisStream, DeliveryStream, TransformFunction or Forwarder",
            also: "",
            types: &[
                "Table",
                "ExistingTable",
                "KinesisStream",
                "DeliveryStream",
                "TransformFunction",
                "Forwarder",
            ],
        };
        for (i, id) in p.watch.iter().flatten().enumerate() {
            let at = format!("constructs[{}].watch[{i}]", b.current);
            match b.lookup(at, id, &want, &watchable, &|_| None) {
                Some(Handle::Table(t)) => a = a.table(t),
                Some(Handle::Stream(s)) => a = a.stream(s),
                Some(Handle::DirectPut(d)) => a = a.delivery_stream(d),
                Some(Handle::KinesisFed(d)) => a = a.delivery_stream(d),
                Some(Handle::Function(f)) => a = a.function(f),
                Some(Handle::Forwarder(f)) => a = a.forwarder(f),
                _ => ok = false,
            }
        }
        if !ok {
            return None;
        }
        b.stack.add(a);
        Some(Handle::Alarms)
    }
}
