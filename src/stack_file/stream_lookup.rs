//! `StreamLookup`: reads an existing table's DynamoDB stream ARN at deploy time (a built-in
//! custom resource) — the DynamoDB Streams route onto an `ExistingTable`.

use super::build::Builder;
use super::construct::{common, construct_props};
use super::resolve::Handle;
use ferrocdk_aws::dynamodb::{StreamLookup, StreamViewType};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

construct_props! {
    /// Reads an existing table's DynamoDB stream ARN at deploy time: a built-in custom resource
    /// (`Custom::TableStream`, changing nothing) and its handler `<id>Handler`. Constructs after
    /// it refer to it by id as the table with that stream (e.g. a `Forwarder`'s `table`).
    pub struct StreamLookupProps {
        required {
            /// The id of an `ExistingTable` defined before (required).
            table: String,
        }
        optional {
            /// The view type the stream must have (checked at deploy time). Default:
            /// `"NEW_AND_OLD_IMAGES"`.
            view_type: StreamViewType,
        }
    }
}

impl StreamLookupProps {
    /// Adds the construct through its builder; `None` when a reference could not be resolved
    /// (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        let p = self;
        let table = b.existing_table_ref(&p.table)?;
        let mut l = common(StreamLookup::new(&p.id, &table), &p.logical_id, &p.tags);
        if let Some(v) = p.view_type {
            l = l.view(v);
        }
        Some(Handle::Table(b.stack.add(l)))
    }
}
