//! The named queries' SQL (Athena engine 3, i.e. Trino), generated from the catalog table.

use crate::glue::projection::ColumnKind;
use crate::glue::{ChangeLogTableRef, ColumnType, SourceTable};
use ferrocdk_core::Expr;

/// The named queries ferrocdk writes for each source table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// The table as of a time: the latest change per key up to the time, duplicates removed by
    /// `eventID`, ties broken by the larger `eventID`; a key whose latest change is a REMOVE is
    /// absent. One parameter: the time.
    StateAsOf,
    /// Every change of one item, oldest first. One parameter per key attribute.
    History,
    /// Every change in `[start, end)`, oldest first. Two parameters: start and end.
    ChangesBetween,
    /// The deletes made by Time to Live in `[start, end)`. Two parameters: start and end.
    TtlDeletes,
}

impl QueryKind {
    /// Every kind, in the order the named queries are defined.
    pub const ALL: [QueryKind; 4] = [
        QueryKind::StateAsOf,
        QueryKind::History,
        QueryKind::ChangesBetween,
        QueryKind::TtlDeletes,
    ];

    /// The suffix of the named query's logical ID.
    pub(crate) fn id_suffix(self) -> &'static str {
        match self {
            QueryKind::StateAsOf => "StateAsOf",
            QueryKind::History => "History",
            QueryKind::ChangesBetween => "ChangesBetween",
            QueryKind::TtlDeletes => "TtlDeletes",
        }
    }

    pub(crate) fn title(self) -> &'static str {
        match self {
            QueryKind::StateAsOf => "state as of a time",
            QueryKind::History => "history of one item",
            QueryKind::ChangesBetween => "changes between two times",
            QueryKind::TtlDeletes => "TTL deletes between two times",
        }
    }
}

const TIME_PARAM: &str = "an ISO-8601 UTC time in quotes, e.g. '2026-05-01T09:00:00Z'";

/// The `Description` of the named query: what it returns and its parameters, in order.
pub(crate) fn description(kind: QueryKind, source: &SourceTable) -> String {
    let label = &source.label;
    match kind {
        QueryKind::StateAsOf => format!(
            "Every item of {label} as it was at a time: the latest change per key up to it (duplicates removed by eventID, ties broken by the larger eventID); deleted items are absent. Parameter: the time, {TIME_PARAM}."
        ),
        QueryKind::History => {
            let keys: Vec<String> = source.keys().iter().map(|k| format!("{} (in quotes)", k.name)).collect();
            format!(
                "Every change of one {label} item, oldest first, duplicates removed. Parameters: {}. A number key is given as its canonical text, e.g. '42'.",
                keys.join(", then ")
            )
        }
        QueryKind::ChangesBetween => format!(
            "Every change of {label} made at or after the start and before the end, oldest first, duplicates removed. Parameters: start, then end, each {TIME_PARAM}."
        ),
        QueryKind::TtlDeletes => format!(
            "The {label} items deleted by Time to Live at or after the start and before the end. Parameters: start, then end, each {TIME_PARAM}."
        ),
    }
}

/// SQL text with deploy-time names inside (rendered as `Fn::Sub`).
struct Sql(Vec<Expr>);

impl Sql {
    fn s(&mut self, text: &str) -> &mut Self {
        self.0.push(Expr::from(text));
        self
    }
    fn e(&mut self, e: Expr) -> &mut Self {
        self.0.push(e);
        self
    }
}

/// `'$["name"]'`: a JSON path to a member, whatever its name (names with quotes are refused
/// at synth).
fn path(name: &str) -> String {
    format!("'$[\"{name}\"]'")
}

fn ident(name: &str) -> String {
    format!("\"{name}\"")
}

fn typed(name: &str, ty: ColumnType) -> String {
    let scalar = format!("json_extract_scalar(c.newimage, {})", path(name));
    match ty {
        ColumnType::String => scalar,
        ColumnType::Json => format!("json_format(json_extract(c.newimage, {}))", path(name)),
        other => format!("TRY_CAST({scalar} AS {})", other.sql()),
    }
}

/// The query string of `kind` for `source`.
pub(crate) fn query(kind: QueryKind, table: &ChangeLogTableRef, source: &SourceTable) -> Expr {
    let keys = source.keys();
    let mut q = Sql(Vec::new());
    q.s(&format!(
        "-- ferrocdk: {}, {}\nWITH params AS (\n  SELECT ",
        source.label,
        kind.title()
    ));
    match kind {
        QueryKind::StateAsOf => {
            q.s("from_iso8601_timestamp(?) AS as_of");
        }
        QueryKind::History => {
            let p: Vec<String> = (1..=keys.len())
                .map(|i| format!("CAST(? AS varchar) AS key_{i}"))
                .collect();
            q.s(&p.join(", "));
        }
        QueryKind::ChangesBetween | QueryKind::TtlDeletes => {
            q.s("from_iso8601_timestamp(?) AS start_time, from_iso8601_timestamp(?) AS end_time");
        }
    }
    q.s("\n),\nchanges AS (\n  SELECT\n");
    for k in &keys {
        q.s(&format!(
            "    json_extract_scalar(c.keys, {}) AS {},\n",
            path(&k.name),
            ident(&k.name)
        ));
    }
    for (name, ty) in &source.attributes {
        q.s(&format!("    {} AS {},\n", typed(name, *ty), ident(name)));
    }
    q.s("    c.approximatecreationdatetime AS change_time,\n");
    q.s("    rpad(replace(c.approximatecreationdatetime, 'Z', ''), 26, '0') AS sort_time,\n");
    q.s("    c.eventid AS event_id,\n    c.eventname AS event_name,\n    c.isttldelete AS is_ttl_delete,\n");
    q.s("    c.newimage AS new_image,\n");
    if table.has_old_image {
        q.s("    c.oldimage AS old_image,\n");
    }
    q.s("    row_number() OVER (PARTITION BY c.eventid ORDER BY c.approximatecreationdatetime, c.eventname, c.newimage) AS dup\n");
    q.s("  FROM \"")
        .e(table.database_name())
        .s("\".\"")
        .e(table.name())
        .s("\" c\n  CROSS JOIN params p\n");
    q.s("  WHERE c.tablename = '")
        .e(source.name.clone())
        .s("'\n");
    let columns = table
        .projection
        .as_ref()
        .map(|p| p.columns.as_slice())
        .unwrap_or_default();
    for c in columns {
        if c.kind == ColumnKind::Table {
            q.s(&format!("    AND c.{} = '", c.name))
                .e(source.name.clone())
                .s("'\n");
        }
    }
    q.s("    AND c.approximatecreationdatetime IS NOT NULL\n");
    let event_date = columns
        .iter()
        .find(|c| matches!(c.kind, ColumnKind::EventDate(_)));
    let arrival = columns
        .iter()
        .find(|c| matches!(&c.kind, ColumnKind::Arrival(p) if p.sorts_in_time_order()));
    match kind {
        QueryKind::StateAsOf => {
            q.s("    AND from_iso8601_timestamp(c.approximatecreationdatetime) <= p.as_of\n");
            if let Some(c) = event_date {
                q.s(&format!(
                    "    AND c.{} <= date_format(p.as_of, '%Y-%m-%d')\n",
                    c.name
                ));
            }
        }
        QueryKind::History => {
            for (i, k) in keys.iter().enumerate() {
                q.s(&format!(
                    "    AND json_extract_scalar(c.keys, {}) = p.key_{}\n",
                    path(&k.name),
                    i + 1
                ));
            }
        }
        QueryKind::ChangesBetween | QueryKind::TtlDeletes => {
            q.s("    AND from_iso8601_timestamp(c.approximatecreationdatetime) >= p.start_time\n");
            q.s("    AND from_iso8601_timestamp(c.approximatecreationdatetime) < p.end_time\n");
            if let Some(c) = event_date {
                q.s(&format!(
                    "    AND c.{0} BETWEEN date_format(p.start_time, '%Y-%m-%d') AND date_format(p.end_time, '%Y-%m-%d')\n",
                    c.name
                ));
            } else if let (Some(c), ColumnKind::Arrival(pattern)) = (
                arrival,
                arrival.map(|c| &c.kind).unwrap_or(&ColumnKind::Other),
            ) {
                let fmt = pattern.sql();
                q.s(&format!(
                    "    AND c.{} BETWEEN date_format(p.start_time - INTERVAL '1' HOUR, '{fmt}') AND date_format(p.end_time + INTERVAL '{}' HOUR, '{fmt}')\n",
                    c.name, table.max_arrival_delay_hours
                ));
            }
            if kind == QueryKind::TtlDeletes {
                q.s("    AND c.eventname = 'REMOVE' AND c.isttldelete\n");
            }
        }
    }
    q.s(")\n");
    let key_list: Vec<String> = keys.iter().map(|k| ident(&k.name)).collect();
    let key_list = key_list.join(", ");
    let attrs: Vec<String> = source
        .attributes
        .iter()
        .map(|(n, _)| format!("{}, ", ident(n)))
        .collect();
    let attrs = attrs.concat();
    let old = if table.has_old_image {
        ", old_image"
    } else {
        ""
    };
    match kind {
        QueryKind::StateAsOf => {
            q.s(&format!(
                ", latest AS (\n  SELECT changes.*, row_number() OVER (PARTITION BY {key_list} ORDER BY sort_time DESC, event_id DESC) AS pos\n  FROM changes\n  WHERE dup = 1\n)\n"
            ));
            q.s(&format!(
                "SELECT {key_list}, {attrs}change_time, event_id, new_image\nFROM latest\nWHERE pos = 1 AND event_name <> 'REMOVE'\nORDER BY {key_list}\n"
            ));
        }
        QueryKind::History => {
            q.s(&format!(
                "SELECT change_time, event_name, is_ttl_delete, event_id, {attrs}new_image{old}\nFROM changes\nWHERE dup = 1\nORDER BY sort_time, event_id\n"
            ));
        }
        QueryKind::ChangesBetween => {
            q.s(&format!(
                "SELECT change_time, event_name, is_ttl_delete, {key_list}, event_id, {attrs}new_image{old}\nFROM changes\nWHERE dup = 1\nORDER BY sort_time, event_id\n"
            ));
        }
        QueryKind::TtlDeletes => {
            q.s(&format!(
                "SELECT change_time, {key_list}, event_id{old}\nFROM changes\nWHERE dup = 1\nORDER BY sort_time, event_id\n"
            ));
        }
    }
    Expr::join(q.0)
}
