//! A diff for people (a table, colours optional) and for machines (JSON).

use super::model::{severity_name, ChangeKind, Effect, StackDiff};
use std::fmt::Write;

const RESET: &str = "\x1b[0m";

fn paint(text: &str, code: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[{code}m{text}{RESET}")
    } else {
        text.to_owned()
    }
}

fn kind_colour(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Add => "32",
        ChangeKind::Update => "33",
        ChangeKind::Remove | ChangeKind::Replace | ChangeKind::MayReplace => "1;31",
    }
}

fn effect_word(effect: Effect) -> &'static str {
    match effect {
        Effect::InPlace => "",
        Effect::Replacement => "replaces: ",
        Effect::Fails => "fails: ",
        Effect::Unknown => "may replace: ",
    }
}

impl StackDiff {
    /// The diff as a table for people: one row per changed property (the resource's change,
    /// logical ID and type on its first row), then each finding with what is lost and how to
    /// avoid it, then a summary line. `colour` adds ANSI colours (for a terminal only).
    #[must_use]
    pub fn to_table(&self, colour: bool) -> String {
        let mut out = String::new();
        if self.resources.is_empty() {
            out.push_str("No changes.\n");
        } else {
            // Each row: the resource's change on its first row only, then the cells.
            let mut rows: Vec<(Option<ChangeKind>, [String; 5])> = Vec::new();
            for r in &self.resources {
                let head = [r.kind.as_str(), &r.logical_id, &r.resource_type].map(str::to_owned);
                if r.causes.is_empty() {
                    let [k, id, t] = head.clone();
                    rows.push((Some(r.kind), [k, id, t, String::new(), String::new()]));
                }
                for (i, c) in r.causes.iter().enumerate() {
                    let why = format!("{}{}", effect_word(c.effect), c.why);
                    let [k, id, t] = if i == 0 {
                        head.clone()
                    } else {
                        Default::default()
                    };
                    rows.push(((i == 0).then_some(r.kind), [k, id, t, c.path.clone(), why]));
                }
            }
            let header = ["CHANGE", "RESOURCE", "TYPE", "PROPERTY", "WHY"].map(str::to_owned);
            let mut width = [0; 4];
            for row in std::iter::once(&header).chain(rows.iter().map(|(_, r)| r)) {
                for (w, cell) in width.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            let line = |row: &[String; 5], kind: Option<ChangeKind>| {
                let pad = |cell: &str, w: usize| " ".repeat(w - cell.chars().count());
                let first = match kind {
                    Some(k) => paint(&row[0], kind_colour(k), colour),
                    None => row[0].clone(),
                };
                let mut s = format!("{first}{}  ", pad(&row[0], width[0]));
                for (cell, w) in row[1..4].iter().zip(&width[1..]) {
                    let _ = write!(s, "{cell}{}  ", pad(cell, *w));
                }
                s.push_str(&row[4]);
                s.trim_end().to_owned() + "\n"
            };
            out.push_str(&line(&header, None));
            for (kind, row) in &rows {
                out.push_str(&line(row, *kind));
            }
        }
        for f in &self.findings {
            let label = format!("{}[{}]", severity_name(f.rule.severity), f.rule.code);
            let place = if f.path == "-" {
                f.logical_id.clone()
            } else {
                format!("{}: {}", f.logical_id, f.path)
            };
            let _ = write!(
                out,
                "\n{}: {place}\n  lost:  {}\n  avoid: {}\n",
                paint(&label, "1;31", colour),
                f.lost,
                f.avoid
            );
        }
        let _ = writeln!(
            out,
            "\n{} to add, {} to update, {} to replace, {} to remove{}; {} finding(s).",
            self.count(ChangeKind::Add),
            self.count(ChangeKind::Update),
            self.count(ChangeKind::Replace),
            self.count(ChangeKind::Remove),
            match self.count(ChangeKind::MayReplace) {
                0 => String::new(),
                n => format!(", {n} that may be replaced"),
            },
            self.findings.len()
        );
        out
    }

    /// The diff as pretty JSON: `{"resources": [{"logicalId", "type", "change", "causes":
    /// [{"path", "effect", "why", "old", "new"}]}], "findings": [{"code", "severity",
    /// "logicalId", "path", "lost", "avoid"}], "summary": {…}}`, ending with a newline.
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        let summary = serde_json::json!({
            "add": self.count(ChangeKind::Add),
            "update": self.count(ChangeKind::Update),
            "replace": self.count(ChangeKind::Replace),
            "remove": self.count(ChangeKind::Remove),
            "mayReplace": self.count(ChangeKind::MayReplace),
            "findings": self.findings.len(),
        });
        let value = serde_json::json!({
            "resources": self.resources,
            "findings": self.findings,
            "summary": summary,
        });
        let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
        s.push('\n');
        s
    }
}
