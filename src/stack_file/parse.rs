//! From text to a [`StackFile`], reporting every problem at once with its JSON path and
//! line/column.
//!
//! The text is parsed to a `serde_json::Value` first (a syntax error is one diagnostic), then
//! the top-level members and each construct are read separately (`read.rs`). Problems are
//! collected with the JSON path they are about; their lines and columns are found at the end,
//! in one pass over the text for all of them (`private/text.rs`), so that no index of the
//! text is kept.

use super::build::Layout;
use super::private::text;
use super::read::{describe, describe_text, Reader};
use super::*;
use ferrocdk_core::rules::{self, Rule};
use ferrocdk_core::{limits, Diagnostic};
use serde_json::Value;
use std::collections::HashMap;

/// The largest stack file read: 8 MiB, eight times the largest template CloudFormation
/// accepts (1 MiB from S3). A larger file cannot give a template that deploys (the template
/// holds what the file says, and more), so it is refused before parsing: memory stays within
/// a bound whatever the input.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Problems listed one by one at most; past them, they are counted and one note says how
/// many more there are.
pub(crate) const MAX_LISTED: usize = 1000;

/// Where in the text a problem is reported.
pub(crate) enum Place {
    /// At this JSON path (its key for an object member), or its nearest enclosing value.
    Path(String),
    /// At this byte offset.
    Offset(usize),
}

/// A problem of the file and its place.
struct Problem {
    diagnostic: Diagnostic,
    place: Place,
}

/// The problems of one file: the first [`MAX_LISTED`] listed, the others counted.
#[derive(Default)]
pub(crate) struct Problems {
    items: Vec<Problem>,
    unlisted: usize,
}

impl Problems {
    /// Adds an error of `rule` at `place`.
    pub(crate) fn push(
        &mut self,
        rule: &'static Rule,
        place: Place,
        property: impl Into<String>,
        received: impl Into<String>,
        allowed: impl Into<String>,
    ) {
        if self.items.len() >= MAX_LISTED {
            self.unlisted += 1;
            return;
        }
        self.items.push(Problem {
            diagnostic: file_error(rule, NO_SOURCE, property, received, allowed),
            place,
        });
    }

    /// How many problems were found (listed or not).
    pub(crate) fn count(&self) -> usize {
        self.items.len() + self.unlisted
    }
}

/// The outcome of parsing: the file (possibly partial), the problems, and what the builder
/// needs to avoid reporting consequences of those problems again.
pub(crate) struct Parsed {
    /// The file, without the constructs that could not be read; `None` when nothing usable
    /// was found (syntax error, not an object, …).
    pub file: Option<StackFile>,
    /// Every problem found.
    pub problems: Problems,
    /// Where the constructs of `file` are in the text, and those that could not be read.
    pub layout: Layout,
    source: String,
}

impl Parsed {
    /// Adds the builder's diagnostics (path [`NO_SOURCE`], property a JSON path in the
    /// text): placed at their property.
    pub fn add_built(&mut self, built: Vec<Diagnostic>) {
        for d in built {
            if self.problems.items.len() >= MAX_LISTED {
                self.problems.unlisted += 1;
                continue;
            }
            let place = Place::Path(d.property.clone());
            self.problems.items.push(Problem {
                diagnostic: d,
                place,
            });
        }
    }

    /// Every problem, each with `<source>:<line>:<column>` as path, in the order of the text;
    /// when some were not listed, a note saying how many; then `synth`'s diagnostics, each
    /// placed at the JSON path given with it (errors first, each group in the order of the
    /// text). `text` is the text parsed.
    pub fn finish(self, text: &str, synth: Vec<(Diagnostic, String)>) -> Vec<Diagnostic> {
        let text = without_bom(text);
        let Problems { items, unlisted } = self.problems;
        let items: Vec<(Diagnostic, Place)> =
            items.into_iter().map(|p| (p.diagnostic, p.place)).collect();
        let file_count = items.len();
        let all: Vec<(Diagnostic, Place)> = items
            .into_iter()
            .chain(synth.into_iter().map(|(d, at)| (d, Place::Path(at))))
            .collect();
        let paths: Vec<&str> = all
            .iter()
            .filter_map(|(_, place)| match place {
                Place::Path(path) => Some(path.as_str()),
                Place::Offset(_) => None,
            })
            .collect();
        let mut located = text::locate(text, &paths).into_iter();
        let offsets: Vec<usize> = all
            .iter()
            .map(|(_, place)| match place {
                Place::Path(_) => located.next().unwrap_or(0),
                Place::Offset(o) => *o,
            })
            .collect();
        let places = text::line_columns(text, &offsets);
        let mut placed: Vec<(usize, (usize, usize), Diagnostic)> = all
            .into_iter()
            .zip(places)
            .enumerate()
            .map(|(i, ((mut d, _), (line, column)))| {
                d.path = format!("{}:{line}:{column}", self.source);
                // File problems first, then synth's errors, then synth's warnings.
                let group = if i < file_count {
                    0
                } else if d.is_error() {
                    1
                } else {
                    2
                };
                (group, (line, column), d)
            })
            .collect();
        placed.sort_by_key(|(group, at, _)| (*group, *at));
        let mut out = Vec::with_capacity(placed.len() + 1);
        let mut note = (unlisted > 0).then(|| {
            file_error(
                &rules::FILE_TOO_MANY_PROBLEMS,
                format!("{}:1:1", self.source),
                "-",
                format!("{unlisted} more problem(s) after the first {MAX_LISTED}"),
                "the problems listed above; fix them and run again to see the rest",
            )
        });
        for (group, _, d) in placed {
            if group > 0 {
                out.extend(note.take());
            }
            out.push(d);
        }
        out.extend(note);
        out
    }
}

/// An error in a stack file: a rule of the registry (the file format's are `file-…`), where it
/// is and what was received and allowed.
pub(crate) fn file_error(
    rule: &'static Rule,
    path: impl Into<String>,
    property: impl Into<String>,
    received: impl Into<String>,
    allowed: impl Into<String>,
) -> Diagnostic {
    Diagnostic {
        severity: rule.severity,
        code: rule.code,
        path: path.into(),
        property: property.into(),
        received: received.into(),
        allowed: allowed.into(),
    }
}

/// `path.key`, or `path["key"]` when the key is not a plain name.
pub(crate) fn join(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '-');
    match (path.is_empty(), plain) {
        (true, true) => key.to_owned(),
        (false, true) => format!("{path}.{key}"),
        (_, false) => format!("{path}[{}]", serde_json::to_string(key).unwrap_or_default()),
    }
}

/// The text without a UTF-8 byte-order mark: RFC 8259 lets a parser ignore one, and editors
/// on Windows write it. Lines and columns are counted without it, as editors show them.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Where a syntax error is (a byte offset), what was received and what is allowed. serde_json
/// reports line and byte column (0 at the start of a line); its message is kept but for the
/// cases it words for a parser: an empty file, and half of a UTF-16 surrogate pair.
fn syntax_problem(text: &str, e: &serde_json::Error) -> (usize, String, String) {
    let line_start = if e.line() <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(e.line() - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let offset = (line_start + e.column().saturating_sub(1)).min(text.len());
    let json = "a JSON document (RFC 8259)".to_owned();
    if text.trim_matches([' ', '\t', '\r', '\n']).is_empty() {
        let allowed = "a stack file: a JSON object {\"name\": …, \"constructs\": […]}".to_owned();
        return (0, "an empty file".to_owned(), allowed);
    }
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    if message.contains("surrogate") || message.contains("end of hex escape") {
        // The `\uXXXX` escape at or before the error, within the two escapes serde read.
        let from = offset.saturating_sub(12);
        let window = &text.as_bytes()[from..(offset + 6).min(text.len())];
        if let Some(i) = (0..=(offset - from).min(window.len().saturating_sub(6)))
            .rev()
            .find(|&i| {
                window[i] == b'\\'
                    && window[i + 1] == b'u'
                    && std::str::from_utf8(&window[i + 2..i + 6])
                        .ok()
                        .and_then(|h| u16::from_str_radix(h, 16).ok())
                        .is_some_and(|u| (0xD800..0xE000).contains(&u))
            })
        {
            let at = from + i;
            let escape = &text[at..at + 6];
            return (
                at,
                format!(
                    "{escape}, half of a UTF-16 surrogate pair without its other half (it \
                     encodes no character)"
                ),
                "a character, or a whole pair: a high surrogate \\ud800–\\udbff followed by \
                 a low one \\udc00–\\udfff (\\ud83d\\ude00 is 😀)"
                    .to_owned(),
            );
        }
    }
    (offset, message, json)
}

/// Parses `text`; see [`Parsed`].
pub(crate) fn parse(source: &str, text: &str) -> Parsed {
    let text = without_bom(text);
    let mut p = Parsed {
        file: None,
        problems: Problems::default(),
        layout: Layout {
            indices: Vec::new(),
            lossy: Vec::new(),
            unreadable: Vec::new(),
            name_ok: false,
        },
        source: source.to_owned(),
    };
    if text.len() > MAX_FILE_BYTES {
        p.problems.push(
            &rules::FILE_TOO_LARGE,
            Place::Offset(0),
            "-",
            format!("a file of {} bytes", text.len()),
            format!(
                "at most {MAX_FILE_BYTES} bytes (8 MiB): a template holds what its stack file \
                 says and more, and CloudFormation takes templates of at most 1 MiB"
            ),
        );
        return p;
    }
    // Only an object becomes a value tree: any other document is checked without building
    // one (a 50 MB array costs no more than its text).
    let object = text
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with('{');
    let parsed = if object {
        serde_json::from_str::<Value>(text).map(Some)
    } else {
        serde_json::from_str::<serde::de::IgnoredAny>(text).map(|_| None)
    };
    let root = match parsed {
        Ok(root) => root,
        Err(e) => {
            let (offset, received, allowed) = syntax_problem(text, &e);
            p.problems.push(
                &rules::FILE_SYNTAX,
                Place::Offset(offset),
                "-",
                received,
                allowed,
            );
            return p;
        }
    };
    let (duplicates, more) = text::duplicate_keys(text, MAX_LISTED, join);
    for (path, offset) in duplicates {
        p.problems.push(
            &rules::FILE_DUPLICATE_KEY,
            Place::Offset(offset),
            path,
            "a member given twice in one object",
            "each member once (JSON parsers disagree on which one counts)",
        );
    }
    p.problems.unlisted += more;
    let Some(Value::Object(mut top)) = root else {
        p.problems.push(
            &rules::FILE_TYPE,
            Place::Path(String::new()),
            "-",
            describe_text(text),
            "an object: {\"name\": …, \"constructs\": […], …}",
        );
        return p;
    };
    let constructs = top.insert("constructs".into(), Value::Array(Vec::new()));
    let mut r = Reader {
        problems: &mut p.problems,
    };
    let mut file: Option<StackFile> = None;
    let top = r.read::<StackFile>(Value::Object(top), "");
    if let Some(f) = top.value {
        p.layout.name_ok = !top
            .removed
            .iter()
            .any(|e| e == "name" || e.starts_with("name."));
        // More entries than a template holds can never deploy: not built (nor checked one
        // by one against the constructs).
        let counts = [
            (
                "parameters",
                f.parameters.as_ref().map_or(0, |m| m.len()),
                limits::MAX_PARAMETERS,
            ),
            (
                "rawResources",
                f.raw_resources.as_ref().map_or(0, |m| m.len()),
                limits::MAX_RESOURCES,
            ),
            (
                "outputs",
                f.outputs.as_ref().map_or(0, |m| m.len()),
                limits::MAX_OUTPUTS,
            ),
        ];
        let mut fits = true;
        for (member, n, max) in counts {
            if n > max {
                fits = false;
                r.report(
                    &rules::FILE_VALUE,
                    member,
                    member.into(),
                    format!("{n} entries"),
                    format!("at most {max} (the most a template holds)"),
                );
            }
        }
        file = fits.then_some(f);
    }
    match constructs {
        None => r.report(
            &rules::FILE_MISSING_FIELD,
            "",
            "constructs".into(),
            "no constructs member".into(),
            "a member \"constructs\": the constructs of the stack, in order".into(),
        ),
        Some(Value::Array(items)) => {
            // Each construct defines at least one resource: more than a template holds can
            // never deploy, and is not built (the file's problems are still reported).
            let too_many = items.len() > limits::MAX_RESOURCES;
            if too_many {
                r.report(
                    &rules::FILE_VALUE,
                    "constructs",
                    "constructs".into(),
                    format!("an array of {} constructs", items.len()),
                    format!(
                        "at most {} constructs (a template holds at most {} resources, and \
                         each construct defines one or more)",
                        limits::MAX_RESOURCES,
                        limits::MAX_RESOURCES
                    ),
                );
                file = None;
            }
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (i, item) in items.into_iter().enumerate() {
                let id = item.get("id").and_then(Value::as_str).map(str::to_owned);
                let first = id.as_ref().and_then(|id| seen.get(id).copied());
                match (&id, first) {
                    (Some(id), Some(first)) => r.report(
                        &rules::FILE_DUPLICATE_ID,
                        &format!("constructs[{i}].id"),
                        format!("constructs[{i}].id"),
                        format!("{id:?}, already the id of constructs[{first}]"),
                        "an id used by one construct only (ids name constructs in references \
                         and outputs)"
                            .into(),
                    ),
                    (Some(id), None) => {
                        seen.insert(id.clone(), i);
                    }
                    (None, _) => {}
                }
                // A duplicate is still read, for its other problems, but not used. A construct
                // with problems is kept as far as it could be read, or else its id and type.
                let read = r.construct(i, item);
                match (read.spec, read.id, first) {
                    (_, _, Some(_)) => {}
                    (Some(c), _, None) => {
                        if let Some(f) = &mut file {
                            f.constructs.push(c);
                            p.layout.indices.push(i);
                            p.layout.lossy.push(read.lossy);
                        }
                    }
                    (None, Some(id), None) => p.layout.unreadable.push((i, id, read.type_name)),
                    (None, None, None) => {}
                }
            }
        }
        Some(other) => r.report(
            &rules::FILE_TYPE,
            "constructs",
            "constructs".into(),
            describe(&other),
            "an array of constructs".into(),
        ),
    }
    p.file = file;
    p
}
