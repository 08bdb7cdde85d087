//! References between constructs: ids resolved to the handles of constructs built before,
//! checked for kind, and references to existing Kinesis streams.

use super::build::Builder;
use super::*;
use ferrocdk_aws::dynamodb::TableRef;
use ferrocdk_aws::firehose::{DeliveryStreamRef, DirectPut, KinesisSource};
use ferrocdk_aws::kinesis::{KinesisStream, StreamRef};
use ferrocdk_aws::kms::KeyRef;
use ferrocdk_aws::lambda::{ForwarderRef, FunctionRef};
use ferrocdk_aws::s3::BucketRef;
use ferrocdk_core::rules;
use ferrocdk_core::Expr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Kinesis stream a construct reads or is written to: the id of a `KinesisStream` defined
/// before (a string), or an existing stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StreamReference {
    /// The id of a `KinesisStream` construct defined earlier in the file.
    Id(String),
    /// An existing stream, by ARN.
    Existing(ExistingStream),
}

/// An existing Kinesis stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExistingStream {
    /// The stream ARN (`arn:aws:kinesis:<region>:<account>:stream/<name>`), or an expression
    /// such as `{"importValue": …}`.
    pub existing_arn: StringValue,
    /// The ARN of the customer-managed KMS key the stream is encrypted with, so that readers
    /// are granted `kms:Decrypt` on it. Default: none (AWS-managed key or unencrypted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_arn: Option<StringValue>,
}

/// What a construct of the file became: its handle.
pub(super) enum Handle {
    Stream(StreamRef),
    Table(TableRef),
    Bucket(BucketRef),
    Function(FunctionRef),
    DirectPut(DeliveryStreamRef<DirectPut>),
    KinesisFed(DeliveryStreamRef<KinesisSource>),
    Forwarder(ForwarderRef),
    Alarms,
    /// A `KinesisStreamingDestination` (nothing refers to it).
    Destination,
}

impl Handle {
    pub(super) fn arn(&self) -> Option<Expr> {
        Some(match self {
            Handle::Stream(h) => h.arn(),
            Handle::Table(h) => h.arn(),
            Handle::Bucket(h) => h.arn(),
            Handle::Function(h) => h.arn(),
            Handle::DirectPut(h) => h.arn(),
            Handle::KinesisFed(h) => h.arn(),
            Handle::Forwarder(h) => h.arn(),
            Handle::Alarms | Handle::Destination => return None,
        })
    }

    pub(super) fn name(&self) -> Option<Expr> {
        Some(match self {
            Handle::Stream(h) => h.name(),
            Handle::Table(h) => h.name(),
            Handle::Bucket(h) => h.name(),
            Handle::Function(h) => h.name(),
            Handle::DirectPut(h) => h.name(),
            Handle::KinesisFed(h) => h.name(),
            Handle::Forwarder(h) => h.name(),
            Handle::Alarms | Handle::Destination => return None,
        })
    }
}

/// What a reference may name.
pub(super) struct Want {
    /// e.g. "a KinesisStream".
    pub(super) what: &'static str,
    /// Extra forms allowed besides an id, e.g. `or {"existingArn": …}`.
    pub(super) also: &'static str,
}

pub(super) const STREAM: Want = Want {
    what: "a KinesisStream",
    also: ", or {\"existingArn\": \"arn:aws:kinesis:…\"} for an existing stream",
};
pub(super) const BUCKET: Want = Want {
    what: "a Bucket",
    also: ", or {\"existingName\": \"…\"} for an existing bucket",
};
pub(super) const FUNCTION: Want = Want {
    what: "a TransformFunction",
    also: "",
};
pub(super) const TABLE: Want = Want {
    what: "a Table",
    also: "",
};
pub(super) const EXISTING_TABLE: Want = Want {
    what: "an ExistingTable",
    also: "",
};

impl Builder {
    /// The ids of the constructs built so far that `accept` takes, for "allowed" texts.
    pub(super) fn candidates(&self, accept: &dyn Fn(&Handle) -> bool) -> String {
        let mut ids: Vec<(usize, &str)> = self
            .handles
            .iter()
            .filter(|(_, h)| accept(h))
            .filter_map(|(id, _)| self.positions.get(id).map(|(i, _)| (*i, id.as_str())))
            .collect();
        ids.sort_unstable();
        if ids.is_empty() {
            "none is defined before it".to_owned()
        } else {
            ids.iter()
                .map(|(_, id)| format!("{id:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// Looks `id` up as a reference at `property`; reports what is wrong, or returns the handle
    /// when `accept` takes it. `None` without a report when `id` names an unusable construct.
    pub(super) fn lookup(
        &mut self,
        property: String,
        id: &str,
        want: &Want,
        accept: &dyn Fn(&Handle) -> bool,
        why_not: &dyn Fn(&Handle) -> Option<&'static str>,
    ) -> Option<&Handle> {
        if self.unusable.contains(id) {
            return None;
        }
        // `<Stack>/<id>`: a construct of a stack before this one in an app file.
        if self.foreign.is_some() && id.contains('/') {
            return self.lookup_foreign(property, id, want, accept, why_not);
        }
        let allowed = |b: &Builder| {
            format!(
                "the id of {}{} ({}){}",
                want.what,
                if b.in_outputs {
                    ""
                } else {
                    " defined before this construct"
                },
                b.candidates(accept),
                want.also
            )
        };
        match (self.handles.get(id), self.positions.get(id)) {
            (Some(h), _) if accept(h) => {}
            (Some(h), Some(&(at, ty))) => {
                let detail = why_not(h).unwrap_or("");
                let allowed = allowed(self);
                self.report(
                    &rules::FILE_REFERENCE,
                    property,
                    format!("{id:?}, the id of a {ty} (constructs[{at}]){detail}"),
                    allowed,
                );
                return None;
            }
            (None, Some(&(at, ty))) => {
                let allowed = allowed(self);
                self.report(
                    &rules::FILE_REFERENCE,
                    property,
                    format!("{id:?}, a {ty} defined later, at constructs[{at}]"),
                    format!(
                        "{allowed}; constructs are created in file order, so move it above \
                         constructs[{}]",
                        self.current
                    ),
                );
                return None;
            }
            _ => {
                let allowed = allowed(self);
                self.report(
                    &rules::FILE_REFERENCE,
                    property,
                    format!("{id:?}, which is not the id of any construct"),
                    allowed,
                );
                return None;
            }
        }
        self.handles.get(id)
    }

    pub(super) fn stream_ref(
        &mut self,
        property: String,
        r: &StreamReference,
    ) -> Option<StreamRef> {
        match r {
            StreamReference::Id(id) => {
                match self.lookup(
                    property,
                    id,
                    &STREAM,
                    &|h| matches!(h, Handle::Stream(_)),
                    &|_| None,
                )? {
                    Handle::Stream(s) => Some(s.clone()),
                    _ => None,
                }
            }
            StreamReference::Existing(e) => {
                let arn = self.expr(format!("{property}.existingArn"), &e.existing_arn);
                let key = match &e.key_arn {
                    Some(k) => Some(self.expr(format!("{property}.keyArn"), k)?),
                    None => None,
                };
                let mut s = KinesisStream::from_arn(arn?);
                if let Some(k) = key {
                    s = s.with_key(KeyRef::from_arn(k));
                }
                Some(s)
            }
        }
    }

    /// The table a construct serving an existing table names at `table`: the id of an
    /// `ExistingTable`.
    pub(super) fn existing_table_ref(&mut self, id: &str) -> Option<TableRef> {
        let at = self.at("table");
        let why = |h: &Handle| {
            matches!(h, Handle::Table(t) if t.logical_id().is_some())
                .then_some(": a Table of this file streams with kinesisStream or stream")
        };
        let existing = |h: &Handle| matches!(h, Handle::Table(t) if t.logical_id().is_none());
        match self.lookup(at, id, &EXISTING_TABLE, &existing, &why)? {
            Handle::Table(t) => Some(t.clone()),
            _ => None,
        }
    }

    pub(super) fn function_ref(&mut self, property: String, id: &str) -> Option<FunctionRef> {
        let why = |h: &Handle| {
            matches!(h, Handle::Forwarder(_)).then_some(
                ": a forwarder is fed by a DynamoDB stream and would fail on Firehose's records",
            )
        };
        match self.lookup(
            property,
            id,
            &FUNCTION,
            &|h| matches!(h, Handle::Function(_)),
            &why,
        )? {
            Handle::Function(f) => Some(f.clone()),
            _ => None,
        }
    }

    pub(super) fn direct_put_ref(
        &mut self,
        property: String,
        id: &str,
        purpose: &'static str,
    ) -> Option<DeliveryStreamRef<DirectPut>> {
        let why = move |h: &Handle| matches!(h, Handle::KinesisFed(_)).then_some(purpose);
        let want = Want {
            what: "a DeliveryStream without \"source\" (DirectPut)",
            also: "",
        };
        match self.lookup(
            property,
            id,
            &want,
            &|h| matches!(h, Handle::DirectPut(_)),
            &why,
        )? {
            Handle::DirectPut(d) => Some(d.clone()),
            _ => None,
        }
    }
}
