//! Athena partition projection derived from a delivery stream's S3 prefix.
//!
//! The prefix is the single definition: its literal text becomes the table location and the
//! `storage.location.template`, its `!{timestamp:…}` expressions one `date` column, and each
//! `!{partitionKeyFromLambda:k}` one column (`table` → `tbl`, injected; `eventDate` → `dt`,
//! a `yyyy-MM-dd` date; `eventName` → `op`, an enum; any other key → injected).

use crate::firehose::prefix::{self, Piece};
use crate::firehose::timestamp_pattern::{java_literal, Pattern};

/// What a partition column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ColumnKind {
    /// Firehose's arrival time, formatted with the pattern.
    Arrival(Pattern),
    /// The change's UTC date (`eventDate`, `yyyy-MM-dd`).
    EventDate(Pattern),
    /// The source table name (`table`).
    Table,
    /// The change's `eventName`.
    EventName,
    /// Another key of a custom transform.
    Other,
}

/// One projected partition column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PartitionColumn {
    pub(crate) name: String,
    pub(crate) kind: ColumnKind,
}

/// A piece of the location template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LocationPart {
    Lit(String),
    Column(usize),
}

/// The projection of one prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Projection {
    /// The literal start of the prefix (the table `Location` under the bucket).
    pub(crate) base: String,
    /// The rest of the prefix, with the columns.
    pub(crate) template: Vec<LocationPart>,
    pub(crate) columns: Vec<PartitionColumn>,
}

enum Item<'a> {
    Lit(&'a str),
    Ts(&'a str),
    Key(&'a str),
}

/// Derives the projection, or every reason it cannot be derived.
pub(crate) fn derive(prefix_text: &str) -> Result<Projection, Vec<String>> {
    let pieces = prefix::parse(prefix_text).map_err(|e| vec![e])?;
    // Split into literal text and expressions, in order.
    let mut items = Vec::new();
    let mut rest = prefix_text;
    for piece in &pieces {
        let start = rest.find("!{").unwrap_or(rest.len());
        if start > 0 {
            items.push(Item::Lit(&rest[..start]));
        }
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |e| start + e + 1);
        rest = &rest[end..];
        items.push(match piece {
            Piece::Timestamp(p) => Item::Ts(p),
            Piece::KeyFromLambda(k) | Piece::KeyFromQuery(k) => Item::Key(k),
            Piece::Firehose(f) => Item::Lit(f), // reported below
        });
    }
    if !rest.is_empty() {
        items.push(Item::Lit(rest));
    }
    let mut problems = Vec::new();
    for piece in &pieces {
        if let Piece::Firehose(f) = piece {
            problems.push(format!(
                "!{{firehose:{f}}} in the prefix: its value is not known in advance, so no partition can be projected"
            ));
        }
    }
    if pieces.is_empty() {
        // Firehose appends the arrival hour: the objects sit below the prefix, read as one
        // partition-less table.
        return Ok(Projection {
            base: prefix_text.to_owned(),
            template: Vec::new(),
            columns: Vec::new(),
        });
    }
    if !prefix_text.ends_with('/') {
        problems.push(format!(
            "{prefix_text:?} does not end with '/': Firehose names objects right after the prefix, so the last partition value would run into the object name"
        ));
    }
    let has_event_date = pieces.iter().any(|p| {
        matches!(
            p,
            Piece::KeyFromLambda("eventDate") | Piece::KeyFromQuery("eventDate")
        )
    });

    let mut base = String::new();
    let mut template = Vec::new();
    let mut columns: Vec<PartitionColumn> = Vec::new();
    // The open run of timestamps: (java pattern so far, literal text waiting after it).
    let mut run: Option<(String, String)> = None;
    let mut closed_run = false;
    let close = |run: &mut Option<(String, String)>,
                 template: &mut Vec<LocationPart>,
                 columns: &mut Vec<PartitionColumn>,
                 problems: &mut Vec<String>| {
        if let Some((java, trailing)) = run.take() {
            match Pattern::parse(&java) {
                Ok(p) => {
                    let name = if has_event_date { "arrival" } else { "dt" };
                    template.push(LocationPart::Column(columns.len()));
                    columns.push(PartitionColumn {
                        name: name.into(),
                        kind: ColumnKind::Arrival(p),
                    });
                }
                Err(e) => problems.push(format!("timestamp pattern {e}")),
            }
            if !trailing.is_empty() {
                template.push(LocationPart::Lit(trailing));
            }
        }
    };
    for item in items {
        match item {
            Item::Lit(s) => {
                if let Some((_, trailing)) = run.as_mut() {
                    trailing.push_str(s);
                } else if template.is_empty() && columns.is_empty() {
                    base.push_str(s);
                } else {
                    template.push(LocationPart::Lit(s.to_owned()));
                }
            }
            Item::Ts(p) => {
                if let Some((java, trailing)) = run.as_mut() {
                    java_literal(java, trailing);
                    trailing.clear();
                    java.push_str(&requote(p));
                } else if closed_run {
                    problems.push(
                        "timestamp expressions separated by a partition key: Athena projects one date column, so they must be next to each other (literal text between them is fine)"
                            .into(),
                    );
                } else {
                    run = Some((requote(p), String::new()));
                }
            }
            Item::Key(k) => {
                if run.is_some() {
                    close(&mut run, &mut template, &mut columns, &mut problems);
                    closed_run = true;
                }
                let (name, kind) = match k {
                    "table" => ("tbl".to_owned(), ColumnKind::Table),
                    "eventDate" => (
                        "dt".to_owned(),
                        ColumnKind::EventDate(
                            Pattern::parse("yyyy-MM-dd").unwrap_or(Pattern { tokens: Vec::new() }),
                        ),
                    ),
                    "eventName" => ("op".to_owned(), ColumnKind::EventName),
                    other => (column_name(other), ColumnKind::Other),
                };
                if columns.iter().any(|c| c.name == name) {
                    problems.push(format!("partition key {k:?} used twice (column {name:?})"));
                    continue;
                }
                template.push(LocationPart::Column(columns.len()));
                columns.push(PartitionColumn { name, kind });
            }
        }
    }
    close(&mut run, &mut template, &mut columns, &mut problems);
    if problems.is_empty() {
        Ok(Projection {
            base,
            template,
            columns,
        })
    } else {
        Err(problems)
    }
}

/// A Firehose timestamp pattern, re-quoted by our parser (so that literal text between
/// patterns can be appended quoted); unparseable text is kept for the error.
fn requote(p: &str) -> String {
    Pattern::parse(p).map_or_else(|_| p.to_owned(), |x| x.java())
}

/// A Glue column name for a custom partition key: lowercase, `[a-z0-9_]`.
fn column_name(key: &str) -> String {
    let mut s: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "k_");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(p: &Projection) -> String {
        let mut s = format!("base={} template=", p.base);
        for part in &p.template {
            match part {
                LocationPart::Lit(l) => s.push_str(l),
                LocationPart::Column(i) => s.push_str(&format!("${{{}}}", p.columns[*i].name)),
            }
        }
        for c in &p.columns {
            if let ColumnKind::Arrival(pt) | ColumnKind::EventDate(pt) = &c.kind {
                s.push_str(&format!(" {}:{}", c.name, pt.java()));
            }
        }
        s
    }

    #[test]
    fn both_layouts_and_merged_timestamps() {
        let p = derive("changes/!{timestamp:yyyy/MM/dd/HH}/").unwrap();
        assert_eq!(shape(&p), "base=changes/ template=${dt}/ dt:yyyy/MM/dd/HH");
        let p = derive("changes/table=!{partitionKeyFromLambda:table}/date=!{partitionKeyFromLambda:eventDate}/").unwrap();
        assert_eq!(
            shape(&p),
            "base=changes/table= template=${tbl}/date=${dt}/ dt:yyyy-MM-dd"
        );
        let p = derive("logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/").unwrap();
        assert_eq!(
            shape(&p),
            "base=logs/year= template=${dt}/ dt:yyyy'/month='MM"
        );
        let p = derive("c/!{partitionKeyFromLambda:eventDate}/!{timestamp:HH}/").unwrap();
        assert_eq!(
            shape(&p),
            "base=c/ template=${dt}/${arrival}/ dt:yyyy-MM-dd arrival:HH"
        );
        let p = derive("flat/").unwrap();
        assert_eq!(shape(&p), "base=flat/ template=");
    }

    #[test]
    fn what_cannot_be_projected() {
        assert!(
            derive("c/!{timestamp:yyyy}/!{partitionKeyFromLambda:t}/!{timestamp:MM}/").is_err()
        );
        assert!(derive("c/!{firehose:random-string}/").is_err());
        assert!(derive("c/!{timestamp:yyyy/MM/dd}").is_err());
        assert!(derive("c/!{timestamp:EEE}/").is_err());
        assert!(
            derive("c/!{partitionKeyFromLambda:table}/!{partitionKeyFromLambda:table}/").is_err()
        );
    }
}
