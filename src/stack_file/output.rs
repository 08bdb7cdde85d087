//! Stack outputs of a stack file.

use super::build::Builder;
use super::resolve::{Handle, Want};
use super::StringValue;
use ferrocdk_core::rules;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A stack output: exactly one of `arn`, `name`, `streamArn` or `value`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    {"required": ["arn"]},
    {"required": ["name"]},
    {"required": ["streamArn"]},
    {"required": ["value"]}
]))]
pub struct OutputProps {
    /// The ARN of the construct with this id (`Fn::GetAtt [id, Arn]`): a `KinesisStream`,
    /// `Table`, `Bucket`, `TransformFunction`, `DeliveryStream` or `Forwarder`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The name of the construct with this id (`Ref`): same constructs as `arn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The DynamoDB stream ARN of the `Table` with this id (a table with `stream`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_arn: Option<String>,
    /// Any other value: a literal or an expression (`{"ref": …}`, `{"sub": …}`,
    /// `{"importValue": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<StringValue>,
    /// The output's `Description`. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Exports the value under this name, for `Fn::ImportValue` in other stacks (e.g.
    /// `{"sub": "${AWS::StackName}-StreamArn"}`). Default: not exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export: Option<StringValue>,
}

impl Builder {
    pub(super) fn output(&mut self, name: &str, o: &OutputProps) {
        let base = super::parse::join("outputs", name);
        let at = |m: &str| format!("{base}.{m}");
        let given: Vec<&str> = [
            ("arn", o.arn.is_some()),
            ("name", o.name.is_some()),
            ("streamArn", o.stream_arn.is_some()),
            ("value", o.value.is_some()),
        ]
        .iter()
        .filter(|(_, set)| *set)
        .map(|(m, _)| *m)
        .collect();
        if given.len() != 1 {
            self.report(
                &rules::FILE_VALUE,
                base.clone(),
                if given.is_empty() {
                    "an output with no value".to_owned()
                } else {
                    format!("an output with {}", given.join(" and "))
                },
                "exactly one of arn, name, streamArn or value",
            );
            return;
        }
        let any = |h: &Handle| !matches!(h, Handle::Alarms | Handle::Destination);
        let want = Want {
            what: "a construct other than Alarms or KinesisStreamingDestination",
            also: "",
            types: &[
                "KinesisStream",
                "Table",
                "Bucket",
                "TransformFunction",
                "DeliveryStream",
                "Forwarder",
            ],
        };
        let value = if let Some(id) = &o.arn {
            self.lookup(at("arn"), id, &want, &any, &|_| None)
                .and_then(Handle::arn)
        } else if let Some(id) = &o.name {
            self.lookup(at("name"), id, &want, &any, &|_| None)
                .and_then(Handle::name)
        } else if let Some(id) = &o.stream_arn {
            let with_stream =
                |h: &Handle| matches!(h, Handle::Table(t) if t.stream_arn().is_some());
            let why = |h: &Handle| matches!(h, Handle::Table(_)).then_some(" without \"stream\"");
            let want = Want {
                what: "a Table with \"stream\"",
                also: "",
                types: &["Table"],
            };
            match self.lookup(at("streamArn"), id, &want, &with_stream, &why) {
                Some(Handle::Table(t)) => t.stream_arn(),
                _ => None,
            }
        } else if let Some(v) = &o.value {
            self.expr(at("value"), v)
        } else {
            None
        };
        let export = match &o.export {
            Some(e) => match self.expr(at("export"), e) {
                Some(x) => Some(x),
                None => return,
            },
            None => None,
        };
        let Some(value) = value else { return };
        match export {
            Some(e) => self.stack.output_export(name.to_owned(), value, e),
            None => self.stack.output(name.to_owned(), value),
        };
        if let Some(d) = &o.description {
            self.stack.describe_output(name, d.clone());
        }
    }
}
