//! `KinesisStreamingDestination`: an existing table's Kinesis streaming destination (a
//! built-in custom resource) — the Kinesis route onto an `ExistingTable`.

use super::build::Builder;
use super::construct::{common, construct_props};
use super::resolve::{Handle, Want};
use super::*;
use ferrocdk_aws::dynamodb::{KinesisStreamingDestination, TimestampPrecision};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

construct_props! {
    /// Streams an existing table's changes to a Kinesis stream: a built-in custom resource
    /// (`Custom::KinesisStreamingDestination`) and its handler `<id>Handler`. It adopts a
    /// destination already active to this stream, never replaces one to another stream, and
    /// on delete disables only a destination it enabled.
    pub struct KinesisStreamingDestinationProps {
        required {
            /// The id of an `ExistingTable` defined before (required).
            table: String,
            /// The Kinesis stream: the id of a `KinesisStream` defined before, or
            /// `{"existingArn": …}` (required).
            stream: StreamReference,
        }
        optional {
            /// `ApproximateCreationDateTimePrecision`. Default: `"MILLISECOND"`.
            precision: TimestampPrecision,
            /// Disable the destination on delete when this resource enabled it. Default: `true`.
            disable_on_delete: bool,
            /// Ids of the Kinesis-fed `DeliveryStream`s to create first (`DependsOn`): Firehose
            /// reads from `LATEST`, so changes streamed before it exists are lost. Default: none.
            after: Vec<String>,
        }
    }
}

impl KinesisStreamingDestinationProps {
    /// Adds the construct through its builder; `None` when a reference or value could not
    /// be resolved (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        let p = self;
        let table = b.existing_table_ref(&p.table);
        let at = b.at("stream");
        let stream = b.stream_ref(at, &p.stream);
        let want = Want {
            what: "a DeliveryStream with \"source\"",
            also: "",
            types: &["DeliveryStream"],
        };
        let mut after = Vec::new();
        for (i, id) in p.after.iter().flatten().enumerate() {
            let at = b.at(&format!("after[{i}]"));
            match b.lookup(
                at,
                id,
                &want,
                &|h| matches!(h, Handle::KinesisFed(_)),
                &|_| None,
            ) {
                Some(Handle::KinesisFed(d)) => after.push(d.clone()),
                _ => return None,
            }
        }
        let (table, stream) = (table?, stream?);
        let mut d = common(
            KinesisStreamingDestination::new(&p.id, &table, &stream),
            &p.logical_id,
            &p.tags,
        );
        if let Some(v) = p.precision {
            d = d.precision(v);
        }
        if let Some(v) = p.disable_on_delete {
            d = d.disable_on_delete(v);
        }
        for a in &after {
            d = d.after(a);
        }
        b.stack.add(d);
        Some(Handle::Destination)
    }
}
