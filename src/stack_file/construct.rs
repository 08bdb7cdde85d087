//! What every construct of a stack file shares: the `construct_props!` macro (id, options,
//! `logicalId`, `tags`), the [`ConstructSpec`] enum tagged by `type`, and the removal policy.

use super::build::Builder;
use super::resolve::Handle;
use super::*;
use ferrocdk_core::ConstructProps;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Defines a construct's props struct: `id`, its required members, its optional members
/// (each an `Option`, omitted when `None`), then the members every construct has
/// (`logicalId`, `tags`); and `new(id, required…)` with every option at its default.
macro_rules! construct_props {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            required {
                $(
                    $(#[$rmeta:meta])*
                    $rfield:ident : $rty:ty,
                )*
            }
            optional {
                $(
                    $(#[$ometa:meta])*
                    $ofield:ident : $oty:ty,
                )*
            }
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            /// The construct id: unique in the file, what other constructs and outputs use to
            /// refer to it, and the logical ID of its main resource (unless `logicalId` is set).
            /// Derived resources are named after it (`<id>Role`, `<id>LogGroup`, …).
            pub id: String,
            $(
                $(#[$rmeta])*
                pub $rfield: $rty,
            )*
            $(
                $(#[$ometa])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $ofield: Option<$oty>,
            )*
            /// Overrides the logical ID of the construct's main resource. Default: `id`.
            /// Derived resources follow it (`<logicalId>Role`, …). Changing a logical ID makes
            /// CloudFormation replace the resource.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[schemars(regex(pattern = r"^[A-Za-z0-9]{1,255}$"))]
            pub logical_id: Option<String>,
            /// Tags on every taggable resource of this construct (they win over stack tags
            /// with the same key). Default: only the stack's tags.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub tags: Option<IndexMap<String, String>>,
        }

        impl $name {
            /// Props with this construct id, the required values, and every option at its
            /// default.
            #[must_use]
            pub fn new(id: impl Into<String> $(, $rfield: $rty)*) -> Self {
                $name {
                    id: id.into(),
                    $($rfield,)*
                    $($ofield: None,)*
                    logical_id: None,
                    tags: None,
                }
            }
        }
    };
}

pub(super) use construct_props;

/// One construct of the stack, tagged by `type`. Constructs are added to the stack in file
/// order, which is also the order of their resources in the template; a construct may only
/// refer to constructs before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type")]
pub enum ConstructSpec {
    /// A Kinesis data stream (`AWS::Kinesis::Stream`) — the change feed of the Kinesis route.
    KinesisStream(KinesisStreamProps),
    /// A DynamoDB table (`AWS::DynamoDB::Table`) — the source of the change log.
    Table(TableProps),
    /// An S3 bucket for the change log, with a TLS-only bucket policy.
    Bucket(BucketProps),
    /// A Lambda function Firehose invokes to transform records: the built-in DynamoDB change
    /// shaping, or your own inline Python.
    TransformFunction(TransformFunctionProps),
    /// A Firehose delivery stream to S3: DirectPut, or fed by a Kinesis stream (`source`).
    DeliveryStream(DeliveryStreamProps),
    /// The DynamoDB Streams forwarder: a Lambda function fed by a table's stream that puts
    /// the shaped changes into a DirectPut delivery stream.
    Forwarder(ForwarderProps),
    /// The CloudWatch alarms AWS recommends for the watched constructs, notifying an SNS topic.
    Alarms(AlarmsProps),
    /// A customer-managed KMS key (`AWS::KMS::Key`) whose policy follows from its users; other
    /// constructs use it by id wherever they take a key.
    Key(KeyProps),
    /// A DynamoDB table that already exists (defines nothing; referred to like a `Table`).
    ExistingTable(ExistingTableProps),
    /// An existing table's Kinesis streaming destination (a built-in custom resource).
    KinesisStreamingDestination(KinesisStreamingDestinationProps),
    /// Reads an existing table's DynamoDB stream ARN at deploy time (a built-in custom
    /// resource); referred to like a `Table` with its stream.
    StreamLookup(StreamLookupProps),
}

impl ConstructSpec {
    /// The construct id.
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            ConstructSpec::KinesisStream(p) => &p.id,
            ConstructSpec::Table(p) => &p.id,
            ConstructSpec::Bucket(p) => &p.id,
            ConstructSpec::TransformFunction(p) => &p.id,
            ConstructSpec::DeliveryStream(p) => &p.id,
            ConstructSpec::Forwarder(p) => &p.id,
            ConstructSpec::Alarms(p) => &p.id,
            ConstructSpec::Key(p) => &p.id,
            ConstructSpec::ExistingTable(p) => &p.id,
            ConstructSpec::KinesisStreamingDestination(p) => &p.id,
            ConstructSpec::StreamLookup(p) => &p.id,
        }
    }

    /// The `type` name of this construct.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            ConstructSpec::KinesisStream(_) => "KinesisStream",
            ConstructSpec::Table(_) => "Table",
            ConstructSpec::Bucket(_) => "Bucket",
            ConstructSpec::TransformFunction(_) => "TransformFunction",
            ConstructSpec::DeliveryStream(_) => "DeliveryStream",
            ConstructSpec::Forwarder(_) => "Forwarder",
            ConstructSpec::Alarms(_) => "Alarms",
            ConstructSpec::Key(_) => "Key",
            ConstructSpec::ExistingTable(_) => "ExistingTable",
            ConstructSpec::KinesisStreamingDestination(_) => "KinesisStreamingDestination",
            ConstructSpec::StreamLookup(_) => "StreamLookup",
        }
    }

    /// Every `type` name, in schema order.
    pub const TYPE_NAMES: [&'static str; 11] = [
        "KinesisStream",
        "Table",
        "Bucket",
        "TransformFunction",
        "DeliveryStream",
        "Forwarder",
        "Alarms",
        "Key",
        "ExistingTable",
        "KinesisStreamingDestination",
        "StreamLookup",
    ];
}

impl ConstructSpec {
    /// The `logicalId` member, if set.
    pub(super) fn logical_id(&self) -> Option<&str> {
        match self {
            ConstructSpec::KinesisStream(p) => p.logical_id.as_deref(),
            ConstructSpec::Table(p) => p.logical_id.as_deref(),
            ConstructSpec::Bucket(p) => p.logical_id.as_deref(),
            ConstructSpec::TransformFunction(p) => p.logical_id.as_deref(),
            ConstructSpec::DeliveryStream(p) => p.logical_id.as_deref(),
            ConstructSpec::Forwarder(p) => p.logical_id.as_deref(),
            ConstructSpec::Alarms(p) => p.logical_id.as_deref(),
            ConstructSpec::Key(p) => p.logical_id.as_deref(),
            ConstructSpec::ExistingTable(_) => None,
            ConstructSpec::KinesisStreamingDestination(p) => p.logical_id.as_deref(),
            ConstructSpec::StreamLookup(p) => p.logical_id.as_deref(),
        }
    }

    /// Where synth's findings on the construct's CloudFormation properties are placed:
    /// `(property, member)` pairs (see `places.rs`).
    pub(super) fn places(&self) -> &'static [(&'static str, &'static str)] {
        match self {
            ConstructSpec::KinesisStream(_) => KinesisStreamProps::PLACES,
            ConstructSpec::Table(_) => TableProps::PLACES,
            ConstructSpec::Bucket(_) => BucketProps::PLACES,
            ConstructSpec::TransformFunction(_) => TransformFunctionProps::PLACES,
            ConstructSpec::DeliveryStream(_) => DeliveryStreamProps::PLACES,
            ConstructSpec::Forwarder(_) => ForwarderProps::PLACES,
            ConstructSpec::Alarms(_) => AlarmsProps::PLACES,
            ConstructSpec::Key(_) => KeyProps::PLACES,
            // Their findings stay at the construct, under CloudFormation's property names.
            ConstructSpec::ExistingTable(_)
            | ConstructSpec::KinesisStreamingDestination(_)
            | ConstructSpec::StreamLookup(_) => &[],
        }
    }

    /// Adds the construct through its builder; `None` when a reference or value could not be
    /// resolved (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        match self {
            ConstructSpec::KinesisStream(p) => p.lower(b),
            ConstructSpec::Table(p) => p.lower(b),
            ConstructSpec::Bucket(p) => p.lower(b),
            ConstructSpec::TransformFunction(p) => p.lower(b),
            ConstructSpec::DeliveryStream(p) => p.lower(b),
            ConstructSpec::Forwarder(p) => p.lower(b),
            ConstructSpec::Alarms(p) => p.lower(b),
            ConstructSpec::Key(p) => p.lower(b),
            ConstructSpec::ExistingTable(p) => p.lower(b),
            ConstructSpec::KinesisStreamingDestination(p) => p.lower(b),
            ConstructSpec::StreamLookup(p) => p.lower(b),
        }
    }
}

/// The members every construct has: `logicalId` and `tags`.
pub(super) fn common<C: ConstructProps>(
    mut c: C,
    logical_id: &Option<String>,
    tags: &Option<IndexMap<String, String>>,
) -> C {
    if let Some(l) = logical_id {
        c = c.logical_id(l.clone());
    }
    for (k, v) in tags.iter().flatten() {
        c = c.tag(k.clone(), v.clone());
    }
    c
}
