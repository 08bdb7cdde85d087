//! `ChangeLogTable`: a Glue database and table over a delivery stream's change lines.

use super::build::Builder;
use super::construct::{common, construct_props};
use super::resolve::{Handle, Want, DELIVERY_STREAM};
use ferrocdk_aws::glue::{ChangeLogTable, ColumnType, SourceTable};
use ferrocdk_core::rules;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

construct_props! {
    /// A Glue database and table over a delivery stream's change lines, with Athena partition
    /// projection derived from the delivery stream's prefix.
    pub struct ChangeLogTableProps {
        required {
            /// The id of the `DeliveryStream` whose objects the table reads (its processor
            /// must be the built-in transform).
            delivery_stream: String,
            /// The DynamoDB tables whose changes reach that delivery stream (at least one):
            /// the named queries select each by name and identify items by its key.
            source_tables: Vec<SourceTableProps>,
        }
        optional {
            /// `DatabaseInput.Name` (1–255 of `[a-z0-9_]`). Default: the stack name in snake case.
            #[schemars(extend("pattern" = "^[a-z0-9_]{1,255}$"))]
            database_name: String,
            /// `TableInput.Name` (1–255 of `[a-z0-9_]`). Default: the id in snake case.
            #[schemars(extend("pattern" = "^[a-z0-9_]{1,255}$"))]
            table_name: String,
            /// The first projected day, `YYYY-MM-DD` (UTC): objects delivered before it are
            /// not seen by queries. Default: `"2025-01-01"`.
            #[schemars(extend("pattern" = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
            projection_start: String,
            /// How many hours after its change time a change may arrive and still be found by
            /// the time-window queries of an arrival-time layout. Default: 24.
            max_arrival_delay_hours: u32,
        }
    }
}

/// A DynamoDB table of the file whose changes the log holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceTableProps {
    /// The id of a `Table` defined earlier in the file.
    pub table: String,
    /// Item attributes typed in the query results, by name, in order: `"string"`,
    /// `"boolean"`, `"bigint"`, `"double"`, `"json"` or `{"decimal": {"precision": P,
    /// "scale": S}}` (precision 1–38, scale 0–precision). Default: none (every image is still
    /// there as JSON text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<IndexMap<String, ColumnType>>,
}

/// What `sourceTables[].table` may name: a `Table` of the file (the queries need its key).
const SOURCE_TABLE: Want = Want {
    what: "a Table",
    also: "",
    types: &["Table"],
};

impl ChangeLogTableProps {
    /// Where synth's findings on CloudFormation properties are placed in the file:
    /// `(property, member)`, `*` standing for a list index.
    pub(super) const PLACES: &'static [(&'static str, &'static str)] = &[
        ("DatabaseInput.Name", "databaseName"),
        ("TableInput.Name", "tableName"),
        // Rules about the construct as a whole: the member they are about.
        ("glue-projection-start", "projectionStart"),
        ("glue-projection", "deliveryStream"),
        ("glue-record-contract", "deliveryStream"),
        ("glue-compression", "deliveryStream"),
        ("glue-attribute", "sourceTables"),
    ];

    /// Adds the construct through its builder; `None` when a reference or value could not
    /// be resolved (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        let p = self;
        let mut ok = true;
        if p.source_tables.is_empty() {
            let at = b.at("sourceTables");
            b.report(
                &rules::FILE_VALUE,
                at,
                "an empty list",
                "at least one source table",
            );
            ok = false;
        }
        let mut sources = Vec::new();
        for (i, s) in p.source_tables.iter().enumerate() {
            let at = b.at(&format!("sourceTables[{i}].table"));
            // An ExistingTable's key attributes are not known: the queries need them.
            let why = |h: &Handle| {
                matches!(h, Handle::Table(t) if t.logical_id().is_none())
                    .then_some(": an existing table, whose key attributes the file does not give")
            };
            match b.lookup(
                at,
                &s.table,
                &SOURCE_TABLE,
                &|h| matches!(h, Handle::Table(t) if t.logical_id().is_some()),
                &why,
            ) {
                Some(Handle::Table(t)) => {
                    let mut source = SourceTable::new(t);
                    for (name, ty) in s.attributes.iter().flatten() {
                        source = source.attribute(name.clone(), *ty);
                    }
                    sources.push(source);
                }
                _ => ok = false,
            }
        }
        let at = b.at("deliveryStream");
        let delivery = |h: &Handle| matches!(h, Handle::DirectPut(_) | Handle::KinesisFed(_));
        let mut sources = sources.into_iter();
        let first = sources.next();
        let c = match (
            b.lookup(at, &p.delivery_stream, &DELIVERY_STREAM, &delivery, &|_| {
                None
            }),
            first,
        ) {
            (Some(Handle::DirectPut(d)), Some(s)) => ChangeLogTable::new(&p.id, d, s),
            (Some(Handle::KinesisFed(d)), Some(s)) => ChangeLogTable::new(&p.id, d, s),
            _ => return None,
        };
        let mut c = common(c, &p.logical_id, &p.tags);
        for s in sources {
            c = c.source_table(s);
        }
        if let Some(v) = &p.database_name {
            c = c.database_name(v.clone());
        }
        if let Some(v) = &p.table_name {
            c = c.table_name(v.clone());
        }
        if let Some(v) = &p.projection_start {
            c = c.projection_start(v.clone());
        }
        if let Some(v) = p.max_arrival_delay_hours {
            c = c.max_arrival_delay_hours(v);
        }
        ok.then(|| Handle::Catalog(b.stack.add(c)))
    }
}
