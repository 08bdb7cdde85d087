//! References between constructs: ids resolved to the handles of constructs built before,
//! checked for kind, references to existing Kinesis streams, and keys (a `Key`'s id or a key
//! ARN).

use super::build::Builder;
use super::read::did_you_mean;
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
    /// The customer-managed KMS key the stream is encrypted with (a key ARN, or the id of a
    /// `Key` defined before), so that readers are granted `kms:Decrypt` on it. Default: none
    /// (AWS-managed key or unencrypted).
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
    Key(KeyRef),
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
            Handle::Key(h) => h.arn(),
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
            Handle::Key(h) => h.key_id(),
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
    /// The construct types that may be named (a handle may refine it: `accept`).
    pub(super) types: &'static [&'static str],
}

pub(super) const STREAM: Want = Want {
    what: "a KinesisStream",
    also: ", or {\"existingArn\": \"arn:aws:kinesis:…\"} for an existing stream",
    types: &["KinesisStream"],
};
pub(super) const BUCKET: Want = Want {
    what: "a Bucket",
    also: ", or {\"existingName\": \"…\"} for an existing bucket",
    types: &["Bucket"],
};
pub(super) const FUNCTION: Want = Want {
    what: "a TransformFunction",
    also: "",
    types: &["TransformFunction"],
};
pub(super) const TABLE: Want = Want {
    what: "a Table",
    also: "",
    types: &["Table", "StreamLookup"],
};
pub(super) const KEY: Want = Want {
    what: "a Key",
    also: ", or a key ARN (arn:aws:kms:…:key/…)",
    types: &["Key"],
};
pub(super) const EXISTING_TABLE: Want = Want {
    what: "an ExistingTable",
    also: "",
    types: &["ExistingTable"],
};

impl Builder {
    /// The ids of the constructs before the current one (every one, for outputs) that a
    /// reference may name, for "allowed" texts: built ones that `accept` takes, and ones not
    /// built (their problems are reported) whose type `want` takes.
    pub(super) fn candidates(&self, want: &Want, accept: &dyn Fn(&Handle) -> bool) -> String {
        let mut ids: Vec<(usize, &str)> = self
            .positions
            .iter()
            .filter(|(_, (at, _))| self.in_outputs || *at < self.current)
            .filter(|(id, (_, ty))| match self.handles.get(*id) {
                Some(h) => accept(h),
                None => ty.is_some_and(|t| want.types.contains(&t)),
            })
            .map(|(id, (at, _))| (*at, id.as_str()))
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
    /// when `accept` takes it. A construct that was not built (its own problems are reported)
    /// still has its id and type: a reference of the wrong kind to it is reported, one of the
    /// right kind gives `None` without a report.
    pub(super) fn lookup(
        &mut self,
        property: String,
        id: &str,
        want: &Want,
        accept: &dyn Fn(&Handle) -> bool,
        why_not: &dyn Fn(&Handle) -> Option<&'static str>,
    ) -> Option<&Handle> {
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
                b.candidates(want, accept),
                want.also
            )
        };
        let Some(&(at, ty)) = self.positions.get(id) else {
            let mut ids: Vec<&str> = self.positions.keys().map(String::as_str).collect();
            ids.sort_unstable();
            let allowed = did_you_mean(id, &ids, allowed(self));
            self.report(
                &rules::FILE_REFERENCE,
                property,
                format!("{id:?}, which is not the id of any construct"),
                allowed,
            );
            return None;
        };
        let a_ty = ty.map_or("a construct".to_owned(), |t| format!("a {t}"));
        if !self.in_outputs && at >= self.current {
            let allowed = allowed(self);
            self.report(
                &rules::FILE_REFERENCE,
                property,
                format!("{id:?}, {a_ty} defined later, at constructs[{at}]"),
                format!(
                    "{allowed}; constructs are created in file order, so move it above \
                     constructs[{}]",
                    self.current
                ),
            );
            return None;
        }
        let detail = match self.handles.get(id) {
            Some(h) if accept(h) => return self.handles.get(id),
            Some(h) => why_not(h).unwrap_or(""),
            None if ty.is_none_or(|t| want.types.contains(&t)) => return None,
            None => "",
        };
        let allowed = allowed(self);
        self.report(
            &rules::FILE_REFERENCE,
            property,
            format!("{id:?}, the id of {a_ty} (constructs[{at}]){detail}"),
            allowed,
        );
        None
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
                    Some(k) => Some(self.key_ref(format!("{property}.keyArn"), k)?),
                    None => None,
                };
                let mut s = KinesisStream::from_arn(arn?);
                if let Some(k) = key {
                    s = s.with_key(k);
                }
                Some(s)
            }
        }
    }

    /// A key: the id of a `Key` defined before (a literal without `:`), else a key ARN.
    pub(super) fn key_ref(&mut self, property: String, v: &StringValue) -> Option<KeyRef> {
        if let StringValue::Literal(id) = v {
            if !id.contains(':') {
                return match self.lookup(
                    property,
                    id,
                    &KEY,
                    &|h| matches!(h, Handle::Key(_)),
                    &|_| None,
                )? {
                    Handle::Key(k) => Some(k.clone()),
                    _ => None,
                };
            }
        }
        self.expr(property, v).map(KeyRef::from_arn)
    }

    /// The key of the current construct's `member` (see [`Builder::key_ref`]); `ok` tracks
    /// whether every member was valid.
    pub(super) fn key(&mut self, ok: &mut bool, member: &str, v: &StringValue) -> Option<KeyRef> {
        let at = self.at(member);
        let r = self.key_ref(at, v);
        *ok &= r.is_some();
        r
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
            types: &["DeliveryStream"],
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
