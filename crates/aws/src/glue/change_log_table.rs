//! `AWS::Glue::Database` and `AWS::Glue::Table` over a delivery stream's change lines.

use super::projection::{self, ColumnKind, LocationPart, Projection};
use super::SourceTable;
use crate::firehose::s3_destination::{OutputLayout, ProcessorKind};
use crate::firehose::timestamp_pattern::Pattern;
use crate::firehose::{Compression, DeliveryStreamRef, Source};
use ferrocdk_core::rules;
use ferrocdk_core::{
    Common, Construct, ConstructProps, Expr, Pseudo, Resource, SynthContext, Target,
};
use serde_json::{json, Map, Value};

/// The default first day of the projected dates: changes delivered before it are not seen by
/// queries (set [`ChangeLogTable::projection_start`] earlier if the log is older).
pub const DEFAULT_PROJECTION_START: &str = "2025-01-01";

/// A Glue database and table over a delivery stream's S3 output, for Athena.
///
/// Defines `<Id>Database` (`AWS::Glue::Database`, named after the stack in snake case) and
/// `<Id>` (`AWS::Glue::Table`, named after the construct id). The table reads the gzip JSON
/// lines of the built-in transform (OpenX JSON SerDe) and projects its partitions from the
/// delivery stream's prefix: with the default prefix, one `dt` column (`yyyy/MM/dd/HH`, the
/// arrival hour); with dynamic partitioning, `tbl` (injected: every query filters it with `=`)
/// and `dt` (the change's date, `yyyy-MM-dd`).
///
/// ```
/// use ferrocdk_aws::dynamodb::{Attribute, Table};
/// use ferrocdk_aws::firehose::{DeliveryStream, S3Destination};
/// use ferrocdk_aws::glue::{ChangeLogTable, SourceTable};
/// use ferrocdk_aws::kinesis::KinesisStream;
/// use ferrocdk_aws::lambda::TransformFunction;
/// use ferrocdk_aws::s3::Bucket;
/// let mut stack = ferrocdk_core::Stack::new("Orders");
/// let stream = stack.add(KinesisStream::new("Changes"));
/// let table = stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
/// let bucket = stack.add(Bucket::new("ChangeLog"));
/// let shape = stack.add(TransformFunction::dynamodb_changes("Shape"));
/// let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket).processor(&shape)).source(&stream));
/// stack.add(ChangeLogTable::new("Catalog", &ds, SourceTable::new(&table)));
/// let t = stack.synth()?.template;
/// let params = &t.resources["Catalog"].properties["TableInput"]["Parameters"];
/// assert_eq!(params["projection.dt.format"], "yyyy/MM/dd/HH");
/// # Ok::<(), ferrocdk_core::SynthError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ChangeLogTable {
    id: String,
    common: Common,
    output: OutputLayout,
    kinesis_source: bool,
    sources: Vec<SourceTable>,
    database_name: Option<String>,
    table_name: Option<String>,
    projection_start: String,
    max_arrival_delay_hours: u32,
}

impl ChangeLogTable {
    /// A catalog table over what `delivery` writes, holding the changes of `source` (add more
    /// tables that feed the same stream with [`ChangeLogTable::source_table`]).
    pub fn new<S: Source>(
        id: impl Into<String>,
        delivery: &DeliveryStreamRef<S>,
        source: SourceTable,
    ) -> Self {
        ChangeLogTable {
            id: id.into(),
            common: Common::default(),
            output: delivery.output.clone(),
            kinesis_source: delivery.kinesis_source.is_some(),
            sources: vec![source],
            database_name: None,
            table_name: None,
            projection_start: DEFAULT_PROJECTION_START.to_owned(),
            max_arrival_delay_hours: 24,
        }
    }

    /// Another DynamoDB table whose changes reach the same delivery stream. Default: only the
    /// one given to `new`.
    pub fn source_table(mut self, source: SourceTable) -> Self {
        self.sources.push(source);
        self
    }

    /// `DatabaseInput.Name` (1–255 of `[a-z0-9_]`). Default: the stack name in snake case
    /// (`OrdersChangeLog` → `orders_change_log`).
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-glue-database-databaseinput.html>
    pub fn database_name(mut self, name: impl Into<String>) -> Self {
        self.database_name = Some(name.into());
        self
    }

    /// `TableInput.Name` (1–255 of `[a-z0-9_]`). Default: the construct id in snake case.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-glue-table-tableinput.html>
    pub fn table_name(mut self, name: impl Into<String>) -> Self {
        self.table_name = Some(name.into());
        self
    }

    /// The first day (`YYYY-MM-DD`, UTC) of the projected date range (`projection.<col>.range`
    /// is `<day>,NOW`). Default: [`DEFAULT_PROJECTION_START`]. Objects delivered before it are
    /// invisible to queries.
    /// <https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html>
    pub fn projection_start(mut self, day: impl Into<String>) -> Self {
        self.projection_start = day.into();
        self
    }

    /// How late (hours after its change time) a change may reach S3 and still be found by the
    /// time-window queries of an arrival-time layout (they read that much past the window's
    /// end). Default: 24, the Kinesis stream's default retention. The state-as-of and history
    /// queries read every partition and are not bounded by it.
    pub fn max_arrival_delay_hours(mut self, hours: u32) -> Self {
        self.max_arrival_delay_hours = hours;
        self
    }

    fn has_old_image(&self) -> bool {
        !matches!(self.output.processor, ProcessorKind::Builtin(o) if o.drop_old_image)
    }
}

impl ConstructProps for ChangeLogTable {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }
}

/// A handle to a change-log catalog table.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeLogTableRef {
    pub(crate) target: Target,
    pub(crate) database: Target,
    pub(crate) sources: Vec<SourceTable>,
    pub(crate) projection: Option<Projection>,
    pub(crate) has_old_image: bool,
    pub(crate) max_arrival_delay_hours: u32,
    pub(crate) output: OutputLayout,
}

impl ChangeLogTableRef {
    /// The table name, `{"Ref": id}`.
    #[must_use]
    pub fn name(&self) -> Expr {
        Expr::Ref(self.target.clone())
    }

    /// The database name, `{"Ref": "<id>Database"}`.
    #[must_use]
    pub fn database_name(&self) -> Expr {
        Expr::Ref(self.database.clone())
    }

    /// The logical ID of the table.
    #[must_use]
    pub fn logical_id(&self) -> &str {
        self.target.logical_id()
    }

    /// The logical ID of the database.
    #[must_use]
    pub fn database_logical_id(&self) -> &str {
        self.database.logical_id()
    }
}

impl Construct for ChangeLogTable {
    type Handle = ChangeLogTableRef;

    fn id(&self) -> &str {
        &self.id
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn handle(&self, target: Target) -> ChangeLogTableRef {
        let database = target.sibling(format!("{}Database", target.logical_id()));
        ChangeLogTableRef {
            target,
            database,
            sources: self.sources.clone(),
            projection: projection::derive(&self.output.prefix).ok(),
            has_old_image: self.has_old_image(),
            max_arrival_delay_hours: self.max_arrival_delay_hours,
            output: self.output.clone(),
        }
    }

    fn synth(&self, ctx: &mut SynthContext<'_>) {
        self.check_records(ctx);
        let database_name = self
            .database_name
            .clone()
            .unwrap_or_else(|| snake_case(ctx.stack_name()));
        let table_name = self
            .table_name
            .clone()
            .unwrap_or_else(|| snake_case(&self.id));
        check_name(ctx, "DatabaseInput.Name", &database_name);
        check_name(ctx, "TableInput.Name", &table_name);
        check_attributes(ctx, &self.sources);
        let start_ms = match parse_day(&self.projection_start) {
            Some(ms) => ms,
            None => {
                ctx.error(
                    &rules::GLUE_PROJECTION_START,
                    "TableInput.Parameters",
                    format!("{:?}", self.projection_start),
                    "a day YYYY-MM-DD (UTC) from 1970-01-01 to 9999-12-31",
                );
                0
            }
        };
        let projection = match projection::derive(&self.output.prefix) {
            Ok(p) => p,
            Err(problems) => {
                for why in problems {
                    ctx.error(
                        &rules::GLUE_PROJECTION,
                        "TableInput.PartitionKeys",
                        format!("the delivery stream's prefix {:?}", self.output.prefix),
                        format!("a prefix Athena can project: {why}"),
                    );
                }
                return;
            }
        };

        let database_id = ctx.child_id("Database");
        let catalog = ctx.value("CatalogId", &Expr::Pseudo(Pseudo::AccountId));
        ctx.define(
            database_id.clone(),
            Resource::new("AWS::Glue::Database")
                .prop("CatalogId", catalog.clone())
                .prop(
                    "DatabaseInput",
                    json!({
                        "Name": database_name,
                        "Description": format!("Change log of {} (ferrocdk)", ctx.stack_name()),
                    }),
                ),
        );

        let bucket = self.output.bucket.name();
        let (base_dir, template) = split_location(&projection);
        let location = ctx.value(
            "TableInput.StorageDescriptor.Location",
            &Expr::join([
                Expr::from("s3://"),
                bucket.clone(),
                Expr::from(format!("/{base_dir}")),
            ]),
        );
        let mut params = Map::new();
        let parquet = self.output.parquet.is_some();
        if parquet {
            params.insert("classification".into(), json!("parquet"));
        } else {
            params.insert("classification".into(), json!("json"));
            let compression = if self.output.compression == Compression::Gzip {
                "gzip"
            } else {
                "none"
            };
            params.insert("compressionType".into(), json!(compression));
        }
        params.insert("typeOfData".into(), json!("file"));
        if !projection.columns.is_empty() {
            params.insert("projection.enabled".into(), json!("true"));
            let start = start_ms;
            for c in &projection.columns {
                let key = |k: &str| format!("projection.{}.{k}", c.name);
                match &c.kind {
                    ColumnKind::Arrival(p) | ColumnKind::EventDate(p) => {
                        params.insert(key("type"), json!("date"));
                        params.insert(key("format"), json!(p.java()));
                        params.insert(key("range"), json!(format!("{},NOW", p.format(start))));
                        params.insert(key("interval"), json!("1"));
                        params.insert(
                            key("interval.unit"),
                            json!(p.finest().map_or("DAYS", |f| f.projection_unit())),
                        );
                    }
                    ColumnKind::EventName => {
                        params.insert(key("type"), json!("enum"));
                        params.insert(key("values"), json!("INSERT,MODIFY,REMOVE"));
                    }
                    ColumnKind::Table | ColumnKind::Other => {
                        params.insert(key("type"), json!("injected"));
                    }
                }
            }
            let mut text = format!("/{base_dir}");
            for part in &template {
                match part {
                    LocationPart::Lit(s) => text.push_str(s),
                    LocationPart::Column(i) => {
                        text.push_str(&format!("${{{}}}", projection.columns[*i].name));
                    }
                }
            }
            let tpl = ctx.value(
                "TableInput.Parameters.storage.location.template",
                &Expr::join([Expr::from("s3://"), bucket, Expr::from(text)]),
            );
            params.insert("storage.location.template".into(), tpl);
        }

        let typed = self
            .output
            .parquet
            .as_ref()
            .map(|p| p.attributes.as_slice())
            .unwrap_or_default();
        let columns = super::columns::columns(self.has_old_image(), typed);
        let partition_keys: Vec<Value> = projection
            .columns
            .iter()
            .map(
                |c| json!({ "Name": c.name, "Type": "string", "Comment": column_comment(&c.kind) }),
            )
            .collect();
        let mut table_input = Map::new();
        table_input.insert("Name".into(), json!(table_name));
        table_input.insert(
            "Description".into(),
            json!("DynamoDB changes as JSON lines (docs/record-contract.md), partitions projected from the delivery stream's prefix (ferrocdk)"),
        );
        table_input.insert("TableType".into(), json!("EXTERNAL_TABLE"));
        table_input.insert("Parameters".into(), Value::Object(params));
        if !partition_keys.is_empty() {
            table_input.insert("PartitionKeys".into(), json!(partition_keys));
        }
        let storage = if parquet {
            json!({
                "Columns": columns,
                "Location": location,
                "InputFormat": crate::firehose::conversion::PARQUET_INPUT,
                "OutputFormat": crate::firehose::conversion::PARQUET_OUTPUT,
                "SerdeInfo": { "SerializationLibrary": crate::firehose::conversion::PARQUET_SERDE }
            })
        } else {
            json!({
                "Columns": columns,
                "Location": location,
                "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
                "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                "Compressed": self.output.compression == Compression::Gzip,
                "SerdeInfo": {
                    "SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe",
                    "Parameters": { "case.insensitive": "true", "ignore.malformed.json": "false" }
                }
            })
        };
        table_input.insert("StorageDescriptor".into(), storage);
        let database_ref = ctx.value("DatabaseName", &ctx.ref_(&database_id));
        ctx.define(
            ctx.logical_id().to_owned(),
            Resource::new("AWS::Glue::Table")
                .prop("CatalogId", catalog)
                .prop("DatabaseName", database_ref)
                .prop("TableInput", Value::Object(table_input)),
        );
    }
}

impl ChangeLogTable {
    /// The objects must be change lines Athena can read.
    fn check_records(&self, ctx: &mut SynthContext<'_>) {
        match (self.output.processor, self.kinesis_source) {
            (ProcessorKind::Builtin(_), _) | (ProcessorKind::None, false) => {}
            (ProcessorKind::None, true) => ctx.error(
                &rules::GLUE_RECORD_CONTRACT,
                "StorageDescriptor.Columns",
                "a delivery stream that writes Kinesis records as received (no processor)",
                "a delivery stream whose processor is the built-in transform (TransformFunction::dynamodb_changes), \
                 so that the objects hold the change lines these columns describe",
            ),
            (ProcessorKind::Custom, _) => ctx.error(
                &rules::GLUE_RECORD_CONTRACT,
                "StorageDescriptor.Columns",
                "a delivery stream whose processor runs its own code",
                "the built-in transform (TransformFunction::dynamodb_changes): only its lines are known to match the columns",
            ),
        }
        match self.output.compression {
            _ if self.output.parquet.is_some() => {}
            Compression::Gzip | Compression::Uncompressed => {}
            other => ctx.error(
                &rules::GLUE_COMPRESSION,
                "StorageDescriptor.Compressed",
                format!("a delivery stream writing {} objects", other.as_str()),
                "GZIP (the default) or UNCOMPRESSED: Athena reads JSON text compressed with gzip by its .gz extension",
            ),
        }
    }
}

fn column_comment(kind: &ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Arrival(_) => {
            "Firehose arrival time of the object's oldest record (UTC), as in the prefix."
        }
        ColumnKind::EventDate(_) => {
            "UTC date of the change (the transform's eventDate partition key)."
        }
        ColumnKind::Table => "DynamoDB table name (injected: filter it with =).",
        ColumnKind::EventName => "INSERT, MODIFY or REMOVE.",
        ColumnKind::Other => "A partition key of the transform (injected: filter it with =).",
    }
}

/// The table location (the prefix's literal start, up to its last `/`) and the template after it.
pub(crate) fn split_location(p: &Projection) -> (String, Vec<LocationPart>) {
    let cut = p.base.rfind('/').map_or(0, |i| i + 1);
    let mut template = Vec::new();
    if cut < p.base.len() {
        template.push(LocationPart::Lit(p.base[cut..].to_owned()));
    }
    template.extend(p.template.iter().cloned());
    (p.base[..cut].to_owned(), template)
}

fn check_name(ctx: &mut SynthContext<'_>, property: &str, name: &str) {
    let ok = (1..=255).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        ctx.error(
            &rules::GLUE_NAME,
            property,
            format!("{name:?}"),
            "1–255 of [a-z0-9_] (Glue folds names to lower case; Athena needs no quoting then)",
        );
    }
}

fn check_attributes(ctx: &mut SynthContext<'_>, sources: &[SourceTable]) {
    // The named queries' own columns (results, and `sort_time`, `dup`, `pos` inside them).
    const FIXED: [&str; 9] = [
        "change_time",
        "event_id",
        "event_name",
        "is_ttl_delete",
        "new_image",
        "old_image",
        "sort_time",
        "dup",
        "pos",
    ];
    for s in sources {
        if s.key.is_none() {
            ctx.error(
                &rules::GLUE_ATTRIBUTE,
                &format!("{} key attribute", s.label),
                "an existing table given to SourceTable::new: its key attributes are not known",
                "SourceTable::existing(label, table.name(), partition key, sort key)",
            );
        }
        let mut seen: Vec<String> = Vec::new();
        for k in s.keys() {
            if k.name
                .chars()
                .any(|c| c.is_control() || c == '"' || c == '\\' || c == '\'')
            {
                ctx.error(
                    &rules::GLUE_ATTRIBUTE,
                    &format!("{} key attribute", s.label),
                    format!("{:?}", k.name),
                    "a key name without quotes, backslashes or control characters (the queries name it in SQL)",
                );
            }
            if FIXED.contains(&k.name.to_lowercase().as_str()) {
                ctx.error(
                    &rules::GLUE_ATTRIBUTE,
                    &format!("{} key attribute", s.label),
                    format!("{:?}, also a column of the query results", k.name),
                    format!("a key name other than {}", FIXED.join(", ")),
                );
            }
            seen.push(k.name.to_lowercase());
        }
        for (name, ty) in &s.attributes {
            let property = format!("{} attribute {name:?}", s.label);
            let bad_char = name
                .chars()
                .any(|c| c.is_control() || c == '"' || c == '\\' || c == '\'');
            if name.is_empty() || name.chars().count() > 255 || bad_char {
                ctx.error(
                    &rules::GLUE_ATTRIBUTE,
                    &property,
                    format!("{name:?}"),
                    "1–255 characters without quotes, backslashes or control characters",
                );
            }
            let lower = name.to_lowercase();
            if seen.contains(&lower) || FIXED.contains(&lower.as_str()) {
                ctx.error(
                    &rules::GLUE_ATTRIBUTE,
                    &property,
                    format!("{name:?}, already a column of the query results"),
                    format!(
                        "a name other than the key attributes, the other declared attributes and {}",
                        FIXED.join(", ")
                    ),
                );
            }
            seen.push(lower);
            if let Some(bad) = ty.problem() {
                ctx.error(
                    &rules::GLUE_ATTRIBUTE,
                    &property,
                    bad,
                    "decimal(precision, scale) with precision 1–38 and scale 0–precision",
                );
            }
        }
        if !s.label.chars().all(|c| c.is_ascii_alphanumeric()) || s.label.is_empty() {
            ctx.error(
                &rules::GLUE_ATTRIBUTE,
                "SourceTable label",
                format!("{:?}", s.label),
                "letters and digits (it names the table's named queries)",
            );
        }
    }
}

/// `OrdersChangeLog` → `orders_change_log`; `my-stack` → `my_stack`.
pub(crate) fn snake_case(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = true;
        } else {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out
}

/// `YYYY-MM-DD` → milliseconds since the epoch at 00:00 UTC.
pub(crate) fn parse_day(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = &s[r];
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if d > days_in_month[(m - 1) as usize] {
        return None;
    }
    // days_from_civil (Howard Hinnant).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let ms = days * 86_400_000;
    // Round trip through the formatter as a check of both.
    (Pattern::parse("yyyy-MM-dd").ok()?.format(ms) == s).then_some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_days() {
        assert_eq!(snake_case("OrdersChangeLog"), "orders_change_log");
        assert_eq!(snake_case("my-Stack2"), "my_stack2");
        assert_eq!(parse_day("2026-01-01"), Some(1_767_225_600_000));
        assert_eq!(parse_day("2024-02-29"), Some(1_709_164_800_000));
        assert_eq!(parse_day("2025-02-29"), None);
        assert_eq!(parse_day("2026-1-01"), None);
        assert_eq!(parse_day("1969-12-31"), None);
    }
}
