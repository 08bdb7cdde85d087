//! Reading one JSON value as a props type, reporting every problem: after each one, the
//! member in error is taken out and deserialization retried (unknown members all at once).

use super::parse::{join, Place, Problems};
use super::private::suggest::suggest;
use super::*;
use ferrocdk_core::rules::{self, Rule};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;

/// Retries of one value at most (each reads the whole value again); past them, one note says
/// that the value has more problems than were checked.
const MAX_RETRIES: usize = 64;

/// What reading one value gave.
pub(crate) struct Read<T> {
    /// The value: all of it, or without the members in error; `None` when even that failed.
    pub value: Option<T>,
    /// The paths of the members taken out (or missing).
    pub removed: Vec<String>,
    /// Whether a member in error other than an unknown one was taken out: the value then
    /// differs from what the file says (a default stands for the member in error).
    pub lossy: bool,
}

/// What reading a construct gave.
pub(crate) struct ReadConstruct {
    /// Its id, when it has a string one.
    pub id: Option<String>,
    /// Its type, when it has a valid one.
    pub type_name: Option<&'static str>,
    /// Its props: all of them, or without the members in error.
    pub spec: Option<ConstructSpec>,
    /// Whether a member in error (other than an unknown one) was taken out.
    pub lossy: bool,
}

/// Reads values of a stack file, reporting their problems.
pub(crate) struct Reader<'p> {
    pub problems: &'p mut Problems,
}

impl Reader<'_> {
    /// Reports an error at `property`, placed at `place` (a path in the text).
    pub(crate) fn report(
        &mut self,
        rule: &'static Rule,
        place: &str,
        property: String,
        received: String,
        allowed: String,
    ) {
        self.problems.push(
            rule,
            Place::Path(place.to_owned()),
            property,
            received,
            allowed,
        );
    }

    /// Reads construct `i`: its `type`, then its props (reporting their problems).
    pub(crate) fn construct(&mut self, i: usize, item: Value) -> ReadConstruct {
        let at = format!("constructs[{i}]");
        let mut out = ReadConstruct {
            id: None,
            type_name: None,
            spec: None,
            lossy: false,
        };
        let Value::Object(mut obj) = item else {
            self.report(
                &rules::FILE_TYPE,
                &at,
                at.clone(),
                describe(&item),
                "an object: {\"type\": \"<construct>\", \"id\": \"<id>\", …}".into(),
            );
            return out;
        };
        out.id = obj.get("id").and_then(Value::as_str).map(str::to_owned);
        let types = ConstructSpec::TYPE_NAMES.join(", ");
        let ty = match obj.shift_remove("type") {
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
                let allowed = did_you_mean(
                    other.as_str().unwrap_or_default(),
                    &ConstructSpec::TYPE_NAMES,
                    format!("one of: {types}"),
                );
                self.report(
                    &rules::FILE_VALUE,
                    &format!("{at}.type"),
                    format!("{at}.type"),
                    describe(&other),
                    allowed,
                );
                None
            }
        };
        let Some(ty) = ty else {
            return out;
        };
        out.type_name = ConstructSpec::TYPE_NAMES.iter().copied().find(|t| *t == ty);
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
        let (spec, lossy) = match ty.as_str() {
            "KinesisStream" => self.read_as(v, &at, missing, ConstructSpec::KinesisStream),
            "Table" => self.read_as(v, &at, missing, ConstructSpec::Table),
            "Bucket" => self.read_as(v, &at, missing, ConstructSpec::Bucket),
            "TransformFunction" => self.read_as(v, &at, missing, ConstructSpec::TransformFunction),
            "DeliveryStream" => self.read_as(v, &at, missing, ConstructSpec::DeliveryStream),
            "Forwarder" => self.read_as(v, &at, missing, ConstructSpec::Forwarder),
            "Key" => self.read_as(v, &at, missing, ConstructSpec::Key),
            "ExistingTable" => self.read_as(v, &at, missing, ConstructSpec::ExistingTable),
            "KinesisStreamingDestination" => {
                self.read_as(v, &at, missing, ConstructSpec::KinesisStreamingDestination)
            }
            "StreamLookup" => self.read_as(v, &at, missing, ConstructSpec::StreamLookup),
            _ => self.read_as(v, &at, missing, ConstructSpec::Alarms),
        };
        out.spec = spec;
        out.lossy = lossy;
        out
    }

    /// Reads `value` as the props of one construct type: what could be read (all of it, or
    /// without the members in error), and whether a member in error was taken out.
    fn read_as<T: DeserializeOwned>(
        &mut self,
        value: Value,
        prefix: &str,
        reported: Vec<String>,
        make: fn(T) -> ConstructSpec,
    ) -> (Option<ConstructSpec>, bool) {
        let read = self.read_with::<T>(value, prefix, reported);
        (read.value.map(make), read.lossy)
    }

    /// Deserializes `value` (found at `prefix` in the text) as `T`, reporting every problem:
    /// after each one, the member in error is taken out and deserialization retried. Returns
    /// what could be read without the members in error (if anything), and their paths.
    pub(crate) fn read<T: DeserializeOwned>(&mut self, value: Value, prefix: &str) -> Read<T> {
        self.read_with(value, prefix, Vec::new())
    }

    /// `read`, with `reported`: paths of missing members already reported.
    fn read_with<T: DeserializeOwned>(
        &mut self,
        mut value: Value,
        prefix: &str,
        reported: Vec<String>,
    ) -> Read<T> {
        // The problems count before, unless the caller reported missing members already.
        let before = reported.is_empty().then(|| self.problems.count());
        let mut removed: Vec<String> = reported;
        let mut lossy = false;
        let mut rounds = 0;
        let mut last = String::new();
        while rounds < MAX_RETRIES {
            let err = match serde_path_to_error::deserialize::<_, T>(&value) {
                Ok(t) => {
                    return Read {
                        value: Some(t),
                        removed,
                        lossy,
                    }
                }
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
            last.clone_from(&message);
            if let Some(field) = quoted(&message, "unknown field `") {
                // The path ends with the unknown member itself. Every unknown member of that
                // object is reported and taken out at once.
                let mut object = segments.clone();
                if object.last() == Some(&Step::Key(field.clone(), true)) {
                    object.pop();
                }
                let expected = message
                    .split_once(", expected ")
                    .map(|(_, e)| list(e))
                    .unwrap_or_else(|| "none".to_owned());
                let known = backticked(&message);
                let at = full(&path_of(&object));
                let Some(obj) = navigate(&mut value, &object).and_then(Value::as_object_mut) else {
                    break;
                };
                let is_unknown = |k: &str| k == field || !known.contains(&k);
                let unknown: Vec<String> = obj.keys().filter(|k| is_unknown(k)).cloned().collect();
                obj.retain(|k, _| !is_unknown(k));
                for name in unknown {
                    let member = join(&at, &name);
                    let allowed = did_you_mean(
                        &name,
                        &known,
                        format!("the members of this object: {expected}"),
                    );
                    self.report(
                        &rules::FILE_UNKNOWN_FIELD,
                        &member,
                        member.clone(),
                        format!("a member {name:?}"),
                        allowed,
                    );
                    removed.push(member);
                }
                rounds += 1;
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
                let at_value = lookup(&value, &segments).cloned().unwrap_or(Value::Null);
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
                let at_value = lookup(&value, &segments).cloned().unwrap_or(Value::Null);
                let variant = quoted(&message, "unknown variant `");
                match (variant, &at_value) {
                    // An externally tagged enum written as an object: its member is the variant.
                    (Some(variant), Value::Object(_)) => {
                        let member = join(&full(&rel), &variant);
                        let expected = message
                            .split_once(", expected ")
                            .map(|(_, e)| list(e))
                            .unwrap_or_default();
                        let allowed = did_you_mean(
                            &variant,
                            &backticked(&message),
                            format!("exactly one member, one of: {expected}"),
                        );
                        self.report(
                            &rules::FILE_UNKNOWN_FIELD,
                            &member,
                            member.clone(),
                            format!("a member {variant:?}"),
                            allowed,
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
            lossy = true;
            rounds += 1;
        }
        if before == Some(self.problems.count()) {
            // A problem serde words in a way not understood above: reported as it is, so that
            // a value is never refused in silence.
            self.report(
                &rules::FILE_VALUE,
                prefix,
                prefix.to_owned(),
                last,
                "a value as the schema describes it".into(),
            );
        } else if rounds == MAX_RETRIES {
            self.report(
                &rules::FILE_TOO_MANY_PROBLEMS,
                prefix,
                prefix.to_owned(),
                format!("more than {MAX_RETRIES} members in error in this value"),
                "the problems listed; fix them and run again to check the rest of this value"
                    .into(),
            );
        }
        Read {
            value: None,
            removed,
            lossy: true,
        }
    }

    /// For an object that matched no form of an untagged enum: reports the problems of the
    /// object form. False when the enum has no object form known here.
    fn read_object_form(&mut self, name: &str, v: Value, at: &str) -> bool {
        let before = self.problems.count();
        match name {
            "StreamReference" => drop(self.read::<ExistingStream>(v, at)),
            "BucketReference" => drop(self.read::<ExistingBucket>(v, at)),
            "ProcessorReference" => drop(self.read::<ProcessorProps>(v, at)),
            "StringValue" | "NumberValue" => drop(self.read::<Expression>(v, at)),
            _ => return false,
        }
        self.problems.count() > before
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

/// The name serde quotes after `start` in `message` ("unknown field `x`, expected …"): up to
/// the "`, expected" or "`, there are no" that follows it, so that a name holding a backtick
/// is read whole.
fn quoted(message: &str, start: &str) -> Option<String> {
    let from = message.find(start)? + start.len();
    let rest = &message[from..];
    let end = ["`, expected ", "`, there are no "]
        .iter()
        .filter_map(|e| rest.find(e))
        .min()
        .or_else(|| rest.rfind('`'))?;
    Some(rest[..end].to_owned())
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

/// A value for humans: short JSON, long values cut (only the start of a long value is ever
/// written out).
pub(crate) fn describe(v: &Value) -> String {
    let kind = match v {
        Value::Null => return "null".into(),
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let mut start = Capped(Vec::new());
    let _ = serde_json::to_writer(&mut start, v);
    format!("{kind}, {}", cut(&String::from_utf8_lossy(&start.0)))
}

/// [`describe`] for a document given as text (valid JSON), without parsing all of it.
pub(crate) fn describe_text(text: &str) -> String {
    let text = text.trim_start_matches([' ', '\t', '\r', '\n']);
    let kind = match text.as_bytes().first() {
        Some(b'n') => return "null".into(),
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    };
    // The start of the text without the blanks between tokens, as `describe` would write it.
    let mut compact = String::new();
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if compact.len() >= CUT_BYTES {
            break;
        }
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c.is_ascii_whitespace() {
            continue;
        } else {
            in_string = c == '"';
        }
        compact.push(c);
    }
    let compact = compact.trim_end().to_owned();
    format!("{kind}, {}", cut(&compact))
}

/// Enough bytes of a value's text for 61 characters.
const CUT_BYTES: usize = 61 * 4;

/// Collects the first [`CUT_BYTES`] bytes written, then refuses more.
struct Capped(Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = CUT_BYTES.saturating_sub(self.0.len());
        if room == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        let n = buf.len().min(room);
        self.0.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// At most 60 characters: longer texts keep 57 and an ellipsis.
fn cut(text: &str) -> String {
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}…")
    } else {
        text.to_owned()
    }
}

/// `allowed`, led by `did you mean "x"? ` when a name of `names` is close to `word`.
pub(crate) fn did_you_mean(word: &str, names: &[&str], allowed: String) -> String {
    match suggest(word, names.iter().copied()) {
        Some(s) => {
            let mut rest = allowed.chars();
            let first = rest.next().map(|c| c.to_uppercase().to_string());
            format!(
                "did you mean {s:?}? {}{}",
                first.unwrap_or_default(),
                rest.as_str()
            )
        }
        None => allowed,
    }
}

/// The names between backticks in a serde message after ", expected " (the members allowed).
fn backticked(message: &str) -> Vec<&str> {
    let Some((_, expected)) = message.split_once(", expected ") else {
        return Vec::new();
    };
    expected.split('`').skip(1).step_by(2).collect()
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
            let variant = quoted(message, "unknown variant `").unwrap_or_default();
            did_you_mean(
                &variant,
                &backticked(message),
                format!("one of: {}", list(expected)),
            )
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
