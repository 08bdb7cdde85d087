//! From text to a [`StackFile`], reporting every problem at once with its JSON path and
//! line/column.
//!
//! The text is parsed to a `serde_json::Value` first (a syntax error is one diagnostic), then
//! the top-level members and each construct are deserialized separately. Inside one value,
//! deserialization is retried after taking out the member in error, so that every unknown
//! member, wrong type and missing member is reported, not only the first.

use super::*;
use ferrocdk_core::rules::{self, Rule};
use ferrocdk_core::Diagnostic;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The outcome of parsing: the file (possibly partial), the problems, and what the builder
/// needs to avoid reporting consequences of those problems again.
pub(crate) struct Parsed {
    /// The file, without the constructs that could not be read; `None` when nothing usable
    /// was found (syntax error, not an object, …).
    pub file: Option<StackFile>,
    /// Every problem found, in file order per phase.
    pub diagnostics: Vec<Diagnostic>,
    /// Ids of constructs that could not be read.
    pub unusable_ids: HashSet<String>,
    /// For each construct of `file`, its index in the text's `constructs`.
    pub indices: Vec<usize>,
    /// Whether the stack name was read (a stack can be built).
    pub name_ok: bool,
    source: String,
    index: Index,
}

impl Parsed {
    /// Gives a diagnostic from the builder (path [`NO_SOURCE`], property a JSON path in the
    /// partial file) its place in the text.
    pub fn locate(&self, mut d: Diagnostic) -> Diagnostic {
        if d.path != NO_SOURCE {
            return d;
        }
        d.property = renumber(&d.property, &self.indices);
        d.received = renumber_mentions(&d.received, &self.indices);
        d.allowed = renumber_mentions(&d.allowed, &self.indices);
        d.path = self.index.place(&self.source, &d.property);
        d
    }
}

/// `constructs[i]` of the partial file → `constructs[j]` of the text.
fn renumber(path: &str, indices: &[usize]) -> String {
    renumber_mentions(path, indices)
}

fn renumber_mentions(text: &str, indices: &[usize]) -> String {
    const P: &str = "constructs[";
    if !text.contains(P) || indices.iter().enumerate().all(|(i, j)| i == *j) {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(P) {
        out.push_str(&rest[..at + P.len()]);
        rest = &rest[at + P.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(i) if i < indices.len() => out.push_str(&indices[i].to_string()),
            _ => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
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

/// The line and column of a `<source>:<line>:<column>` path (0, 0 when it has none).
pub(crate) fn line_column(path: &str) -> (usize, usize) {
    let mut parts = path.rsplitn(3, ':');
    let column = parts.next().and_then(|c| c.parse().ok());
    let line = parts.next().and_then(|l| l.parse().ok());
    match (line, column) {
        (Some(l), Some(c)) if parts.next().is_some() => (l, c),
        _ => (0, 0),
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

/// The path of the enclosing value, if any.
fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']') {
        // `[N]` or `["key"]`: the last '[' that starts either form.
        let bytes = path.as_bytes();
        let mut i = path.len() - 1;
        while i > 0 {
            i -= 1;
            if bytes[i] == b'[' {
                let inner = &path[i + 1..path.len() - 1];
                let ok = inner.bytes().all(|b| b.is_ascii_digit())
                    || (inner.starts_with('"') && serde_json::from_str::<String>(inner).is_ok());
                if ok {
                    return Some(&path[..i]);
                }
            }
        }
        return Some("");
    }
    Some(path.rfind('.').map_or("", |i| &path[..i]))
}

/// Where each value (and each object member's key) starts in the text.
#[derive(Default)]
struct Index {
    /// Path → byte offset: of the key for an object member, of the value otherwise.
    positions: HashMap<String, usize>,
    line_starts: Vec<usize>,
    /// Keys given twice in one object: (path, offset of the second).
    duplicates: Vec<(String, usize)>,
    text: String,
}

impl Index {
    /// Indexes `text`, which must be valid JSON (serde_json accepted it).
    fn new(text: &str) -> Index {
        let mut idx = Index {
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            text: text.to_owned(),
            ..Index::default()
        };
        let mut pos = 0;
        let bytes = text.as_bytes();
        skip_ws(bytes, &mut pos);
        idx.value(bytes, &mut pos, String::new());
        idx
    }

    fn value(&mut self, b: &[u8], pos: &mut usize, path: String) {
        self.positions.entry(path.clone()).or_insert(*pos);
        match b.get(*pos) {
            Some(b'{') => {
                *pos += 1;
                let mut seen = HashSet::new();
                loop {
                    skip_ws(b, pos);
                    match b.get(*pos) {
                        Some(b'}') | None => {
                            *pos += 1;
                            return;
                        }
                        Some(b',') => {
                            *pos += 1;
                            continue;
                        }
                        _ => {}
                    }
                    let start = *pos;
                    skip_string(b, pos);
                    let key: String = serde_json::from_slice(&b[start..*pos]).unwrap_or_default();
                    let member = join(&path, &key);
                    if !seen.insert(key) {
                        self.duplicates.push((member.clone(), start));
                    }
                    self.positions.entry(member.clone()).or_insert(start);
                    skip_ws(b, pos);
                    *pos += 1; // ':'
                    skip_ws(b, pos);
                    self.value(b, pos, member);
                }
            }
            Some(b'[') => {
                *pos += 1;
                let mut i = 0;
                loop {
                    skip_ws(b, pos);
                    match b.get(*pos) {
                        Some(b']') | None => {
                            *pos += 1;
                            return;
                        }
                        Some(b',') => {
                            *pos += 1;
                            continue;
                        }
                        _ => {}
                    }
                    self.value(b, pos, format!("{path}[{i}]"));
                    i += 1;
                }
            }
            Some(b'"') => skip_string(b, pos),
            Some(_) => {
                while *pos < b.len() && !b",]} \t\r\n".contains(&b[*pos]) {
                    *pos += 1;
                }
            }
            None => {}
        }
    }

    /// `<source>:<line>:<column>` of `path`, or of its nearest enclosing value in the text.
    fn place(&self, source: &str, path: &str) -> String {
        let mut p = Some(path);
        while let Some(q) = p {
            if let Some(&offset) = self.positions.get(q) {
                return self.place_at(source, offset);
            }
            p = parent(q);
        }
        format!("{source}:1:1")
    }

    fn place_at(&self, source: &str, offset: usize) -> String {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        format!("{source}:{line}:{column}")
    }
}

/// The byte range of the value at `path` (e.g. `stacks[1]`, an array element) in `text`,
/// which must be valid JSON.
pub(crate) fn value_range(text: &str, path: &str) -> Option<std::ops::Range<usize>> {
    let start = *Index::new(text).positions.get(path)?;
    let mut end = start;
    Index::default().value(text.as_bytes(), &mut end, String::new());
    Some(start..end.min(text.len()))
}

fn skip_ws(b: &[u8], pos: &mut usize) {
    while *pos < b.len() && b" \t\r\n".contains(&b[*pos]) {
        *pos += 1;
    }
}

/// From an opening quote to just after the closing one.
fn skip_string(b: &[u8], pos: &mut usize) {
    *pos += 1;
    while *pos < b.len() {
        match b[*pos] {
            b'\\' => *pos += 2,
            b'"' => {
                *pos += 1;
                return;
            }
            _ => *pos += 1,
        }
    }
}

/// Parses `text`; see [`Parsed`].
pub(crate) fn parse(source: &str, text: &str) -> Parsed {
    let mut p = Parsed {
        file: None,
        diagnostics: Vec::new(),
        unusable_ids: HashSet::new(),
        indices: Vec::new(),
        name_ok: false,
        source: source.to_owned(),
        index: Index::default(),
    };
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let message = e.to_string();
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_owned(),
                None => message,
            };
            p.diagnostics.push(file_error(
                &rules::FILE_SYNTAX,
                format!("{source}:{}:{}", e.line(), e.column()),
                "-",
                message,
                "a JSON document (RFC 8259)",
            ));
            return p;
        }
    };
    p.index = Index::new(text);
    let mut r = Reader {
        source,
        index: &p.index,
        diagnostics: Vec::new(),
    };
    for (path, offset) in &p.index.duplicates {
        r.diagnostics.push(file_error(
            &rules::FILE_DUPLICATE_KEY,
            p.index.place_at(source, *offset),
            path.clone(),
            "a member given twice in one object",
            "each member once (JSON parsers disagree on which one counts)",
        ));
    }
    let Value::Object(mut top) = root else {
        r.diagnostics.push(file_error(
            &rules::FILE_TYPE,
            p.index.place(source, ""),
            "-",
            describe(&root),
            "an object: {\"name\": …, \"constructs\": […], …}",
        ));
        p.diagnostics = r.diagnostics;
        return p;
    };
    let constructs = top.insert("constructs".into(), Value::Array(Vec::new()));
    let mut file: Option<StackFile> = None;
    let (top_file, top_errors) = r.read::<StackFile>(Value::Object(top), "");
    if let Some(f) = top_file {
        p.name_ok = !top_errors
            .iter()
            .any(|e| e == "name" || e.starts_with("name."));
        file = Some(f);
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
                // A duplicate is still read, for its other problems, but not used.
                match (r.construct(i, item), first) {
                    (Ok(c), None) => {
                        if let Some(f) = &mut file {
                            f.constructs.push(c);
                            p.indices.push(i);
                        }
                    }
                    (Err(Some(id)), None) => {
                        p.unusable_ids.insert(id);
                    }
                    _ => {}
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
    p.diagnostics = r.diagnostics;
    p.file = file;
    p
}

struct Reader<'a> {
    source: &'a str,
    index: &'a Index,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// Reports an error at `property`, placed at `place` (a path in the text).
    fn report(
        &mut self,
        rule: &'static Rule,
        place: &str,
        property: String,
        received: String,
        allowed: String,
    ) {
        let path = self.index.place(self.source, place);
        self.diagnostics
            .push(file_error(rule, path, property, received, allowed));
    }

    /// Reads construct `i`: its `type`, then its props. `Err` carries the construct's id, if
    /// it has one, when the construct could not be read (its problems are reported).
    fn construct(&mut self, i: usize, item: Value) -> Result<ConstructSpec, Option<String>> {
        let at = format!("constructs[{i}]");
        let Value::Object(mut obj) = item else {
            self.report(
                &rules::FILE_TYPE,
                &at,
                at.clone(),
                describe(&item),
                "an object: {\"type\": \"<construct>\", \"id\": \"<id>\", …}".into(),
            );
            return Err(None);
        };
        let id = obj.get("id").and_then(Value::as_str).map(str::to_owned);
        let types = ConstructSpec::TYPE_NAMES.join(", ");
        let ty = match obj.remove("type") {
            None => {
                self.report(
                    &rules::FILE_MISSING_FIELD,
                    &at,
                    format!("{at}.type"),
                    "no type member".into(),
                    format!("a member \"type\", one of: {types}"),
                );
                None
            }
            Some(Value::String(t)) if ConstructSpec::TYPE_NAMES.contains(&t.as_str()) => Some(t),
            Some(other) => {
                self.report(
                    &rules::FILE_VALUE,
                    &format!("{at}.type"),
                    format!("{at}.type"),
                    describe(&other),
                    format!("one of: {types}"),
                );
                None
            }
        };
        let Some(ty) = ty else {
            return Err(id);
        };
        // Serde names one missing member per object; the schema knows them all.
        let mut missing = Vec::new();
        for member in required_members(&ty) {
            if !obj.contains_key(member) {
                let property = join(&at, member);
                self.report(
                    &rules::FILE_MISSING_FIELD,
                    &at,
                    property.clone(),
                    format!("no {member} member"),
                    format!("a member {member:?} (required for a {ty})"),
                );
                missing.push(property);
            }
        }
        let v = Value::Object(obj);
        let spec = match ty.as_str() {
            "KinesisStream" => self
                .read_ok(v, &at, missing)
                .map(ConstructSpec::KinesisStream),
            "Table" => self.read_ok(v, &at, missing).map(ConstructSpec::Table),
            "Bucket" => self.read_ok(v, &at, missing).map(ConstructSpec::Bucket),
            "TransformFunction" => self
                .read_ok(v, &at, missing)
                .map(ConstructSpec::TransformFunction),
            "DeliveryStream" => self
                .read_ok(v, &at, missing)
                .map(ConstructSpec::DeliveryStream),
            "Forwarder" => self.read_ok(v, &at, missing).map(ConstructSpec::Forwarder),
            "ExistingTable" => self
                .read_ok(v, &at, missing)
                .map(ConstructSpec::ExistingTable),
            "KinesisStreamingDestination" => self
                .read_ok(v, &at, missing)
                .map(ConstructSpec::KinesisStreamingDestination),
            "StreamLookup" => self
                .read_ok(v, &at, missing)
                .map(ConstructSpec::StreamLookup),
            _ => self.read_ok(v, &at, missing).map(ConstructSpec::Alarms),
        };
        spec.ok_or(id)
    }

    /// `read`, keeping the value only when it had no problem.
    fn read_ok<T: DeserializeOwned>(
        &mut self,
        value: Value,
        prefix: &str,
        reported: Vec<String>,
    ) -> Option<T> {
        match self.read_with::<T>(value, prefix, reported) {
            (Some(t), errors) if errors.is_empty() => Some(t),
            _ => None,
        }
    }

    /// Deserializes `value` (found at `prefix` in the text) as `T`, reporting every problem:
    /// after each one, the member in error is taken out and deserialization retried. Returns
    /// what could be read without the members in error (if anything), and their paths.
    fn read<T: DeserializeOwned>(
        &mut self,
        value: Value,
        prefix: &str,
    ) -> (Option<T>, Vec<String>) {
        self.read_with(value, prefix, Vec::new())
    }

    /// `read`, with `reported`: paths of missing members already reported.
    fn read_with<T: DeserializeOwned>(
        &mut self,
        mut value: Value,
        prefix: &str,
        reported: Vec<String>,
    ) -> (Option<T>, Vec<String>) {
        let mut removed: Vec<String> = reported;
        let original = value.clone();
        for _ in 0..256 {
            let err = match serde_path_to_error::deserialize::<_, T>(&value) {
                Ok(t) => return (Some(t), removed),
                Err(e) => e,
            };
            let segments: Vec<Step> = err
                .path()
                .iter()
                .map(|s| match s {
                    serde_path_to_error::Segment::Seq { index } => Step::Index(*index),
                    serde_path_to_error::Segment::Map { key } => Step::Key(key.clone(), true),
                    serde_path_to_error::Segment::Enum { variant } => {
                        Step::Key(variant.clone(), false)
                    }
                    serde_path_to_error::Segment::Unknown => Step::Unknown,
                })
                .collect();
            if segments.contains(&Step::Unknown) {
                break;
            }
            let rel = path_of(&segments);
            let full = |rel: &str| match (prefix.is_empty(), rel.is_empty()) {
                (true, _) => rel.to_owned(),
                (false, true) => prefix.to_owned(),
                (false, false) if rel.starts_with('[') => format!("{prefix}{rel}"),
                (false, false) => format!("{prefix}.{rel}"),
            };
            let message = err.inner().to_string();
            if let Some(field) = between(&message, "unknown field `", "`") {
                // The path ends with the unknown member itself.
                let mut object = segments.clone();
                if object.last() == Some(&Step::Key(field.clone(), true)) {
                    object.pop();
                }
                let expected = message
                    .split_once(", expected ")
                    .map(|(_, e)| list(e))
                    .unwrap_or_else(|| "none".to_owned());
                let member = join(&full(&path_of(&object)), &field);
                self.report(
                    &rules::FILE_UNKNOWN_FIELD,
                    &member,
                    member.clone(),
                    format!("a member {field:?}"),
                    format!("the members of this object: {expected}"),
                );
                let removed_ok = navigate(&mut value, &object)
                    .and_then(Value::as_object_mut)
                    .and_then(|o| o.shift_remove(&field))
                    .is_some();
                if !removed_ok {
                    break;
                }
                removed.push(member);
                continue;
            }
            let mut take = segments.clone();
            if let Some(field) = between(&message, "missing field `", "`") {
                let member = join(&rel, &field);
                let quiet = removed.iter().any(|r| *r == full(&member));
                if !quiet {
                    self.report(
                        &rules::FILE_MISSING_FIELD,
                        &full(&rel),
                        full(&member),
                        format!("no {field} member"),
                        format!("a member {field:?} (required)"),
                    );
                }
            } else if let Some(name) =
                message.strip_prefix("data did not match any variant of untagged enum ")
            {
                let at_value = lookup(&original, &segments).cloned().unwrap_or(Value::Null);
                if at_value.is_object()
                    && self.read_object_form(name, at_value.clone(), &full(&rel))
                {
                    // The object form's own problems were reported.
                } else {
                    self.report(
                        &rules::FILE_TYPE,
                        &full(&rel),
                        full(&rel),
                        describe(&at_value),
                        untagged_allowed(name),
                    );
                }
            } else {
                let at_value = lookup(&original, &segments).cloned().unwrap_or(Value::Null);
                let variant = between(&message, "unknown variant `", "`");
                match (variant, &at_value) {
                    // An externally tagged enum written as an object: its member is the variant.
                    (Some(variant), Value::Object(_)) => {
                        let member = join(&full(&rel), &variant);
                        let expected = message
                            .split_once(", expected ")
                            .map(|(_, e)| list(e))
                            .unwrap_or_default();
                        self.report(
                            &rules::FILE_UNKNOWN_FIELD,
                            &member,
                            member.clone(),
                            format!("a member {variant:?}"),
                            format!("exactly one member, one of: {expected}"),
                        );
                    }
                    _ => {
                        let (rule, allowed) = explain(&message);
                        self.report(rule, &full(&rel), full(&rel), describe(&at_value), allowed);
                    }
                }
            }
            // Take out the nearest object member containing the problem, and retry.
            while take
                .last()
                .is_some_and(|s| !matches!(s, Step::Key(_, true)))
            {
                take.pop();
            }
            let Some(Step::Key(key, _)) = take.pop() else {
                break;
            };
            let gone = navigate(&mut value, &take)
                .and_then(Value::as_object_mut)
                .and_then(|o| o.shift_remove(&key))
                .is_some();
            if !gone {
                break;
            }
            let mut path = take.clone();
            path.push(Step::Key(key, true));
            removed.push(full(&path_of(&path)));
        }
        (None, removed)
    }

    /// For an object that matched no form of an untagged enum: reports the problems of the
    /// object form. False when the enum has no object form known here.
    fn read_object_form(&mut self, name: &str, v: Value, at: &str) -> bool {
        let before = self.diagnostics.len();
        match name {
            "StreamReference" => drop(self.read::<ExistingStream>(v, at)),
            "BucketReference" => drop(self.read::<ExistingBucket>(v, at)),
            "ProcessorReference" => drop(self.read::<ProcessorProps>(v, at)),
            "StringValue" | "NumberValue" => drop(self.read::<Expression>(v, at)),
            _ => return false,
        }
        self.diagnostics.len() > before
    }
}

/// The required members of a construct type (besides `type`), from the schema.
fn required_members(ty: &str) -> &'static [String] {
    static REQUIRED: std::sync::OnceLock<HashMap<String, Vec<String>>> = std::sync::OnceLock::new();
    let map = REQUIRED.get_or_init(|| {
        let schema = schemars::schema_for!(ConstructSpec).to_value();
        let mut map = HashMap::new();
        for variant in schema["oneOf"].as_array().into_iter().flatten() {
            if let Some(name) = variant["properties"]["type"]["const"].as_str() {
                let required = variant["required"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .filter(|m| *m != "type")
                    .map(str::to_owned)
                    .collect();
                map.insert(name.to_owned(), required);
            }
        }
        map
    });
    map.get(ty).map_or(&[], Vec::as_slice)
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Index(usize),
    /// A key; `true` for an object member, `false` for an enum variant.
    Key(String, bool),
    Unknown,
}

fn path_of(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        match s {
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Key(k, _) => out = join(&out, k),
            Step::Unknown => out.push_str(".?"),
        }
    }
    out
}

fn navigate<'v>(v: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    let mut cur = v;
    for s in steps {
        cur = match (s, cur) {
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            (Step::Key(k, _), Value::Object(o)) => o.get_mut(k)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn lookup<'v>(v: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    let mut cur = v;
    for s in steps {
        cur = match (s, cur) {
            (Step::Index(i), Value::Array(a)) => a.get(*i)?,
            (Step::Key(k, _), Value::Object(o)) => o.get(k)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn between(s: &str, start: &str, end: &str) -> Option<String> {
    let from = s.find(start)? + start.len();
    let len = s[from..].find(end)?;
    Some(s[from..from + len].to_owned())
}

/// "`a`, `b`" → "a, b".
fn list(expected: &str) -> String {
    expected.trim_start_matches("one of ").replace('`', "")
}

/// A value for humans: short JSON, long values cut.
pub(crate) fn describe(v: &Value) -> String {
    let kind = match v {
        Value::Null => return "null".into(),
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let text = v.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{kind}, {cut}…")
    } else {
        format!("{kind}, {text}")
    }
}

/// The rule code and "allowed" text for a serde error message.
fn explain(message: &str) -> (&'static Rule, String) {
    if let Some((_, expected)) = message.split_once(", expected ") {
        let rule = if message.starts_with("invalid type") {
            &rules::FILE_TYPE
        } else {
            &rules::FILE_VALUE
        };
        let allowed = if message.starts_with("unknown variant") {
            format!("one of: {}", list(expected))
        } else {
            humanize(expected)
        };
        return (rule, allowed);
    }
    (&rules::FILE_VALUE, message.to_owned())
}

fn humanize(expected: &str) -> String {
    match expected {
        "u32" => "a whole number from 0 to 4294967295".into(),
        "i64" => "a whole number".into(),
        "f64" => "a number".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "an array".into(),
        "a string" => "a string".into(),
        "a map" => "an object".into(),
        e if e.starts_with("struct ") || e.starts_with("enum ") => {
            "an object (see the schema)".into()
        }
        e => e.replace('`', ""),
    }
}

fn untagged_allowed(name: &str) -> String {
    match name {
        "StringValue" => "a string, or an expression: {\"ref\": \"<parameter>\"}, {\"sub\": \"…${Name}…\"} or {\"importValue\": \"<export>\"}".into(),
        "NumberValue" => "a whole number in the property's range, or an expression such as {\"ref\": \"<parameter>\"}".into(),
        "StreamReference" => "the id of a KinesisStream (a string), or {\"existingArn\": \"<stream ARN>\"} with an optional \"keyArn\"".into(),
        "BucketReference" => "the id of a Bucket (a string), or {\"existingName\": \"<bucket name>\"}".into(),
        "ProcessorReference" => "the id of a TransformFunction (a string), or {\"function\": \"<id>\"} with optional bufferSizeMb, bufferIntervalSeconds, retries".into(),
        other => format!("a form of {other} (see the schema)"),
    }
}
