//! App files: several stacks in one file, deployed together (`ferrocdk synth FILE --out DIR`).
//!
//! An app file is `{"stacks": [<stack>, …]}`, each stack a stack file with its `account` and
//! `region`. A construct refers to a construct of a stack before its own as
//! `"<StackName>/<id>"`, wherever an id is taken; the app then exports the value from that stack
//! and imports it in this one ([`ferrocdk_core::App`]). Each stack is read as a stack file of
//! its own (its problems placed in the whole file, its JSON paths under `stacks[i]`), built in
//! file order, then the app is synthesized.

use super::build::{build_in, Builder, Layout};
use super::parse::{self, file_error, Place};
use super::private::text::{line_columns, locate};
use super::read::describe;
use super::resolve::{Handle, Want};
use super::*;
use ferrocdk_core::rules;
use ferrocdk_core::{App, Diagnostic, Environment, SynthesizedApp};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Several stacks deployed together: what an app file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(
    title = "ferrocdk app file",
    description = "Several ferrocdk stacks deployed together: `ferrocdk synth FILE --out DIR` writes one template per stack and prints the deploy order. See docs/declarative-stacks.md."
)]
pub struct AppFile {
    /// The JSON Schema of this file, for editors (e.g. `"../schemas/stack.schema.json"`).
    /// Ignored by ferrocdk.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The stacks (at least one), each a stack file with its `account` and `region`. A
    /// construct refers to a construct of a stack before its own as `"<StackName>/<id>"`: the
    /// value is exported there and imported here, and that stack is deployed first.
    #[schemars(schema_with = "app_stacks")]
    pub stacks: Vec<StackFile>,
}

/// The schema of `stacks`: stack files that have an account and a Region.
fn app_stacks(generator: &mut SchemaGenerator) -> Schema {
    let stack = generator.subschema_for::<StackFile>();
    json_schema!({
        "type": "array",
        "minItems": 1,
        "items": {"allOf": [stack], "required": ["account", "region"]}
    })
}

/// The root of `schemas/stack.schema.json`: an app file when it has `stacks`, else a stack
/// file (without `account` and `region`). `if`/`then` rather than `anyOf`, so that a
/// validator blames the member in error, not the whole document.
pub(crate) struct AnyFile;

impl JsonSchema for AnyFile {
    fn schema_name() -> Cow<'static, str> {
        "ferrocdk stack file".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let stack = generator.subschema_for::<StackFile>();
        let app = generator.subschema_for::<AppFile>();
        json_schema!({
            "description": "A ferrocdk stack (constructs in order, wired by id; `ferrocdk synth FILE` prints its template), or an app of several stacks (`stacks`; `ferrocdk synth FILE --out DIR`). See docs/declarative-stacks.md.",
            "if": {"required": ["stacks"]},
            "then": app,
            "else": {
                "allOf": [stack],
                "properties": {"account": false, "region": false}
            }
        })
    }
}

/// True when `text` is an app file (a JSON object with a `stacks` member).
#[must_use]
pub fn is_app_text(text: &str) -> bool {
    let text = without_bom(text);
    text.len() <= MAX_FILE_BYTES
        && serde_json::from_str::<Value>(text).is_ok_and(|v| v.get("stacks").is_some())
}

/// The text without a UTF-8 byte-order mark (as a stack file is read).
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Line and column of a diagnostic's `<source>:<line>:<column>` path; (0, 0) for any other.
fn line_column(path: &str) -> (usize, usize) {
    let mut parts = path.rsplitn(3, ':');
    let column = parts.next().and_then(|c| c.parse().ok());
    let line = parts.next().and_then(|l| l.parse().ok());
    match (line, column) {
        (Some(l), Some(c)) if parts.next().is_some() => (l, c),
        _ => (0, 0),
    }
}

/// The byte range of the value at `path` (e.g. `stacks[1]`, an array element) in `text`,
/// which must be JSON that serde_json accepted and have that value.
fn value_range(text: &str, path: &str) -> Option<std::ops::Range<usize>> {
    let start = *locate(text, &[path]).first()?;
    let mut values =
        serde_json::Deserializer::from_str(text.get(start..)?).into_iter::<serde::de::IgnoredAny>();
    values.next()?.ok()?;
    Some(start..start + values.byte_offset())
}

/// The constructs of the stacks before the one being built, for `"<Stack>/<id>"` references.
#[derive(Default)]
pub(crate) struct Foreign {
    /// `<Stack>/<id>` → handle and construct type.
    handles: HashMap<String, (Handle, &'static str)>,
    /// `<Stack>/<id>` of constructs that could not be read or built (already reported).
    unusable: HashSet<String>,
    /// The stack being built.
    current: String,
    /// Names of the stacks before it, and after it, in the file.
    before: Vec<String>,
    after: Vec<String>,
}

/// What a `<Stack>/<id>` reference found.
enum Found {
    Yes,
    Skip,
    Own(String),
    Problem(String, String),
}

impl Builder {
    /// Looks up `<Stack>/<id>` (see [`Builder::lookup`]) among the stacks before this one.
    pub(super) fn lookup_foreign(
        &mut self,
        property: String,
        id: &str,
        want: &Want,
        accept: &dyn Fn(&Handle) -> bool,
        why_not: &dyn Fn(&Handle) -> Option<&'static str>,
    ) -> Option<&Handle> {
        let found = {
            let f = self.foreign.as_ref()?;
            let (stack, local) = id.split_once('/')?;
            let candidates = || {
                let mut ids: Vec<&str> = f
                    .handles
                    .iter()
                    .filter(|(_, (h, _))| accept(h))
                    .map(|(k, _)| k.as_str())
                    .collect();
                ids.sort_unstable();
                let ids: Vec<String> = ids.iter().map(|k| format!("{k:?}")).collect();
                format!(
                    "the id of {} of a stack before {} in the file, as \"<StackName>/<id>\" ({})",
                    want.what,
                    f.current,
                    if ids.is_empty() {
                        "none".to_owned()
                    } else {
                        ids.join(", ")
                    }
                )
            };
            if stack == f.current {
                Found::Own(local.to_owned())
            } else if f.unusable.contains(id) {
                Found::Skip
            } else {
                match f.handles.get(id) {
                    Some((h, _)) if accept(h) => Found::Yes,
                    Some((h, ty)) => Found::Problem(
                        format!(
                            "{id:?}, the id of a {ty} of the stack {stack}{}",
                            why_not(h).unwrap_or("")
                        ),
                        candidates(),
                    ),
                    None if f.before.iter().any(|s| s == stack) => Found::Problem(
                        format!("{id:?}, which is not the id of any construct of the stack {stack}"),
                        candidates(),
                    ),
                    None if f.after.iter().any(|s| s == stack) => Found::Problem(
                        format!("{id:?}, a construct of the stack {stack}, which comes later in the file"),
                        format!(
                            "{}; stacks are built in file order, so move {stack} above {}",
                            candidates(),
                            f.current
                        ),
                    ),
                    None => Found::Problem(
                        format!("{id:?}: the file has no stack named {stack:?}"),
                        candidates(),
                    ),
                }
            }
        };
        match found {
            Found::Yes => self
                .foreign
                .as_ref()
                .and_then(|f| f.handles.get(id))
                .map(|(h, _)| h),
            Found::Skip => None,
            Found::Own(local) => {
                let local = local.clone();
                // `<ThisStack>/<id>` is `<id>`.
                let handle = self.lookup(property, &local, want, accept, why_not)?;
                Some(handle)
            }
            Found::Problem(received, allowed) => {
                self.report(&rules::FILE_REFERENCE, property, received, allowed);
                None
            }
        }
    }
}

/// A diagnostic of the stack file `stacks[i]` (read from its own text, starting at `base` =
/// line and column in the whole file): placed in the whole file, its JSON path under `at`.
fn shift(mut d: Diagnostic, source: &str, base: (usize, usize), at: &str) -> Diagnostic {
    let (line, column) = line_column(&d.path);
    if line > 0 && d.path.starts_with(source) {
        let (line, column) = if line == 1 {
            (base.0, base.1 + column - 1)
        } else {
            (base.0 + line - 1, column)
        };
        d.path = format!("{source}:{line}:{column}");
    }
    d.property = match d.property.as_str() {
        "" | "-" => at.to_owned(),
        p if p.starts_with('[') => format!("{at}{p}"),
        p => format!("{at}.{p}"),
    };
    d
}

/// Line and column (1-based, in characters) of byte `offset` of `text`.
fn line_column_at(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Parses, builds and synthesizes an app file: every stack's template in deploy order, or
/// every problem at once — each stack's file problems (placed in the whole file, with JSON
/// paths under `stacks[i]`), in file order, then synth's. Synth runs when every stack could
/// be built with its environment.
///
/// ```
/// let text = r#"{"stacks": [
///   {"name": "Application", "account": "111122223333", "region": "us-east-1",
///    "constructs": [{"type": "KinesisStream", "id": "Changes", "externalConsumers": 1}]},
///   {"name": "Pipeline", "account": "111122223333", "region": "us-east-1",
///    "constructs": [{"type": "Bucket", "id": "ChangeLog"}],
///    "outputs": {"Stream": {"arn": "Application/Changes"}}}
/// ]}"#;
/// let app = ferrocdk::stack_file::synth_app_text("app.json", text).expect("a valid app");
/// assert_eq!(app.deploy_order(), ["Application", "Pipeline"]);
/// let pipeline = &app.stack("Pipeline").expect("synthesized").template;
/// assert_eq!(
///     pipeline.outputs["Stream"].value,
///     serde_json::json!({"Fn::ImportValue": "Application:Changes:Arn"})
/// );
/// ```
///
/// # Errors
///
/// Every error found, with the warnings found alongside them.
pub fn synth_app_text(source: &str, text: &str) -> Result<SynthesizedApp, Vec<Diagnostic>> {
    let whole = text;
    let text = without_bom(text);
    let root = match is_app_text(text).then(|| serde_json::from_str::<Value>(text)) {
        Some(Ok(Value::Object(root))) => root,
        // Not an app file: its problems as a stack file's (too large, syntax, not an object, …).
        _ => {
            let mut d = parse::parse(source, whole).finish(whole, Vec::new());
            if d.is_empty() {
                d.push(file_error(
                    &rules::FILE_MISSING_FIELD,
                    format!("{source}:1:1"),
                    "stacks",
                    "no stacks member",
                    "an app file: {\"stacks\": [<stack>, …]} (a stack file of one stack goes \
                     through ferrocdk synth FILE without --out)",
                ));
            }
            return Err(d);
        }
    };
    let top_place = |member: &str| {
        let offset = text.find(&format!("\"{member}\"")).unwrap_or(0);
        let (l, c) = line_column_at(text, offset);
        format!("{source}:{l}:{c}")
    };
    let mut diags = Vec::new();
    for (k, v) in &root {
        match (k.as_str(), v) {
            ("$schema", Value::String(_)) | ("stacks", Value::Array(_)) => {}
            ("$schema" | "stacks", other) => diags.push(file_error(
                &rules::FILE_TYPE,
                top_place(k),
                k.clone(),
                describe(other),
                if k == "stacks" {
                    "an array of stacks"
                } else {
                    "a string"
                },
            )),
            _ => diags.push(file_error(
                &rules::FILE_UNKNOWN_FIELD,
                top_place(k),
                k.clone(),
                format!("an unknown member {k:?}"),
                "the members of an app file: $schema, stacks",
            )),
        }
    }
    let items: &[Value] = match root.get("stacks") {
        Some(Value::Array(items)) => items,
        _ => &[],
    };
    if items.is_empty() && matches!(root.get("stacks"), Some(Value::Array(_))) {
        diags.push(file_error(
            &rules::FILE_VALUE,
            top_place("stacks"),
            "stacks",
            "no stacks",
            "at least one stack",
        ));
    }
    diags.sort_by_key(|d| line_column(&d.path));
    let names: Vec<String> = items
        .iter()
        .map(|s| {
            s.get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    let mut foreign = Foreign::default();
    let mut app = App::new();
    let mut complete = diags.is_empty();
    let mut declared = HashSet::new();
    // `<Stack>/<id>` of constructs read without a member in error: built for the constructs
    // that refer to them, but synth's findings on them wait until they are fixed.
    let mut lossy = HashSet::new();
    // Each stack read, to place synth's findings in the file as a stack file's are.
    let mut read: Vec<ReadStack> = Vec::new();
    for i in 0..items.len() {
        let at = format!("stacks[{i}]");
        let Some(range) = value_range(text, &at) else {
            complete = false;
            continue;
        };
        let base = line_column_at(text, range.start);
        let place = |d| shift(d, source, base, &at);
        let stack_text = &text[range.clone()];
        let mut parsed = parse::parse(source, stack_text);
        let Some(file) = parsed.file.take() else {
            diags.extend(parsed.finish(stack_text, Vec::new()).into_iter().map(place));
            complete = false;
            continue;
        };
        let mut environment = None;
        match (&file.account, &file.region) {
            (Some(a), Some(r)) => environment = Some(Environment::new(a, r)),
            (account, region) => {
                for (member, given) in [("account", account), ("region", region)] {
                    if given.is_none() {
                        parsed.problems.push(
                            &rules::FILE_MISSING_FIELD,
                            Place::Path(String::new()),
                            member,
                            format!("no {member} member"),
                            format!(
                                "a member {member:?}: where the stack is deployed (every stack \
                                 of an app file has an account and a region)"
                            ),
                        );
                    }
                }
            }
        }
        let declares = items[i]
            .get("constructs")
            .and_then(Value::as_array)
            .is_some_and(|c| !c.is_empty());
        if declares {
            declared.insert(file.name.clone());
        }
        foreign.current = file.name.clone();
        foreign.before = names[..i].to_vec();
        foreign.after = names[i + 1..].to_vec();
        for (c, _) in file
            .constructs
            .iter()
            .zip(&parsed.layout.lossy)
            .filter(|(_, l)| **l)
        {
            lossy.insert(format!("{}/{}", file.name, c.id()));
        }
        let built = build_in(&file, &parsed.layout, Some(foreign));
        let unreadable: Vec<String> = parsed
            .layout
            .unreadable
            .iter()
            .map(|(_, id, _)| id.clone())
            .collect();
        parsed.add_built(built.diags);
        let layout = std::mem::replace(&mut parsed.layout, Layout::of(&file));
        diags.extend(parsed.finish(stack_text, Vec::new()).into_iter().map(place));
        foreign = built.foreign.unwrap_or_default();
        for (id, h) in built.handles {
            let ty = built.types.get(&id).copied().unwrap_or("construct");
            foreign
                .handles
                .insert(format!("{}/{id}", file.name), (h, ty));
        }
        for id in built.unusable.iter().chain(&unreadable) {
            foreign.unusable.insert(format!("{}/{id}", file.name));
        }
        match (built.stack, environment) {
            (Some(stack), Some(env)) => {
                app.add(stack, env);
            }
            _ => complete = false,
        }
        read.push(ReadStack {
            file,
            layout,
            range,
            at,
        });
    }
    if !complete && diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let file_errors = diags.iter().any(Diagnostic::is_error);
    let found = |d: &Diagnostic| !lossy.contains(&d.path);
    let placed = |found: Vec<Diagnostic>| place_synth(found, source, text, &read);
    match app.synth() {
        Ok(mut s) if !file_errors => {
            diags.extend(placed(std::mem::take(&mut s.warnings)));
            s.warnings = diags;
            Ok(s)
        }
        Ok(s) => {
            diags.extend(placed(s.warnings.into_iter().filter(found).collect()));
            Err(diags)
        }
        Err(e) => {
            // A stack left empty by constructs with file errors is not a problem of its own.
            let kept =
                e.diagnostics.into_iter().filter(found).filter(|d| {
                    !(d.code == rules::TEMPLATE_EMPTY.code && declared.contains(&d.path))
                });
            diags.extend(placed(kept.collect()));
            Err(diags)
        }
    }
}

/// One stack of an app file as read: what places synth's findings on it.
struct ReadStack {
    file: StackFile,
    layout: Layout,
    /// Its bytes in the app file.
    range: std::ops::Range<usize>,
    /// Its JSON path in the app file, `stacks[i]`.
    at: String,
}

/// Synth's findings placed in the app file as a stack file's are: at the member that sets the
/// property (then the property is that member's JSON path, under `stacks[i]`), or at the
/// construct, output or stack (then the property stays synth's); errors first, then warnings,
/// each in the order of the text. A finding on no stack of the file keeps synth's path.
fn place_synth(
    found: Vec<Diagnostic>,
    source: &str,
    text: &str,
    stacks: &[ReadStack],
) -> Vec<Diagnostic> {
    let mut placed: Vec<(bool, (usize, usize), Diagnostic)> = Vec::with_capacity(found.len());
    // Per stack, its findings and the JSON path each is placed at: one pass over its text.
    let mut by_stack: Vec<Vec<(Diagnostic, String)>> = stacks.iter().map(|_| Vec::new()).collect();
    for mut d in found {
        let of_stack = |s: &ReadStack| {
            let name = s.file.name.as_str();
            d.path == name
                || d.path
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        let Some(i) = stacks.iter().position(of_stack) else {
            placed.push((!d.is_error(), (usize::MAX, 0), d));
            continue;
        };
        let s = &stacks[i];
        let (json_at, property) = places::place(&s.file, &s.layout, &d);
        if let Some(p) = property {
            d.property = if p.is_empty() {
                s.at.clone()
            } else {
                format!("{}.{p}", s.at)
            };
        }
        by_stack[i].push((d, json_at));
    }
    for (s, found) in stacks.iter().zip(by_stack) {
        let paths: Vec<&str> = found.iter().map(|(_, at)| at.as_str()).collect();
        let offsets: Vec<usize> = locate(&text[s.range.clone()], &paths)
            .into_iter()
            .map(|o| s.range.start + o)
            .collect();
        for ((mut d, _), (line, column)) in found.into_iter().zip(line_columns(text, &offsets)) {
            d.path = format!("{source}:{line}:{column}");
            placed.push((!d.is_error(), (line, column), d));
        }
    }
    placed.sort_by_key(|(warning, at, _)| (*warning, *at));
    placed.into_iter().map(|(_, _, d)| d).collect()
}
