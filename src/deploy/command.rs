//! `ferrocdk diff` and `ferrocdk policy`: arguments in, what to print and the exit code out
//! (the binary only prints; tests call these directly or run the binary).

use super::input::{read_input, template_from_text, InputError, Loaded};
use crate::core::diff::{diff as diff_templates, Level};
use crate::core::stack_policy;
use lexopt::prelude::*;
use std::ffi::OsString;
use std::fmt::Write;
use std::io::Read;
use std::path::PathBuf;

/// `ferrocdk help diff`.
pub const DIFF_HELP: &str = "\
Usage: ferrocdk diff OLD NEW [--stack NAME] [--json] [--fail-on replace|data-loss|none]

Shows what deploying NEW over OLD does to each resource: added, removed, updated in place or
replaced, with the property paths that cause it, then every data-loss risk (a table, stream
or delivery stream replaced, retention decreased, a logical ID renamed, ...) with what is lost
and how to avoid it.

OLD  the deployed template:
       aws cloudformation get-template --stack-name NAME --query TemplateBody --output json
     (get-template's whole answer is read too), or an earlier synth
NEW  a template, a stack file (synthesized first), or an app file with --stack
Either may be - for standard input.

Options:
  --stack NAME       the stack NAME of an app file (OLD, NEW or both; the whole app is
                       synthesized, so its imports and exports are those it deploys)
  --json             print the diff as JSON (resources, findings, summary)
  --fail-on LEVEL    exit 1 when something reaches LEVEL (default: data-loss)
                       replace    a replacement, a removal, or any data-loss finding
                       data-loss  a data-loss finding (or an update CloudFormation rejects)
                       none       never
  -h, --help         print this help

Exit codes: 0 nothing at or above the level, 1 something is, 2 a usage or input error (the
message on standard error; nothing on standard output).
";

/// `ferrocdk help policy`.
pub const POLICY_HELP: &str = "\
Usage: ferrocdk policy FILE [--stack NAME]

Prints a stack policy for the template or stack file FILE (- for standard input), or for the
stack NAME of an app file: updates are allowed, but Update:Replace and Update:Delete are denied
on every stateful resource type the stack holds (table, stream, delivery stream, bucket, log
group, key, queue). Use it with
  aws cloudformation create-stack ... --stack-policy-body file://policy.json
  aws cloudformation set-stack-policy --stack-name NAME --stack-policy-body file://policy.json

Exit codes: 0 policy printed, 1 FILE is not a template or a valid stack file (or the app file
has no stack NAME), 2 usage error.
";

/// What a command prints, and its exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// For standard output.
    pub stdout: String,
    /// For standard error.
    pub stderr: String,
    /// The exit code.
    pub code: u8,
}

impl Outcome {
    fn ok(stdout: String, stderr: String, code: u8) -> Self {
        Outcome {
            stdout,
            stderr,
            code,
        }
    }

    fn failed(stderr: String, code: u8) -> Self {
        Outcome::ok(String::new(), stderr, code)
    }

    fn usage(message: impl std::fmt::Display, command: &str) -> Self {
        Outcome::failed(
            format!("error: {message}\nTry: ferrocdk help {command}\n"),
            2,
        )
    }
}

struct DiffArgs {
    old: PathBuf,
    new: PathBuf,
    stack: Option<String>,
    json: bool,
    fail_on: Option<Level>,
}

fn parse_diff(args: Vec<OsString>) -> Result<Option<DiffArgs>, String> {
    let mut parser = lexopt::Parser::from_args(args);
    let (mut files, mut json, mut fail_on) = (Vec::new(), false, Some(Level::DataLoss));
    let mut stack = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("json") => json = true,
            Long("stack") => stack = Some(stack_name(&mut parser)?),
            Long("fail-on") => {
                let v = parser.value().map_err(|e| e.to_string())?;
                fail_on = match v.to_str() {
                    Some("replace") => Some(Level::Replace),
                    Some("data-loss") => Some(Level::DataLoss),
                    Some("none") => None,
                    _ => {
                        return Err(format!(
                            "--fail-on takes replace, data-loss or none, not {v:?}"
                        ))
                    }
                };
            }
            Value(v) if files.len() < 2 => files.push(PathBuf::from(v)),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let [old, new]: [PathBuf; 2] = files
        .try_into()
        .map_err(|_| "two files are required: OLD NEW".to_owned())?;
    if old.as_os_str() == "-" && new.as_os_str() == "-" {
        return Err("only one of OLD and NEW can be standard input (-)".to_owned());
    }
    Ok(Some(DiffArgs {
        old,
        new,
        stack,
        json,
        fail_on,
    }))
}

/// The value of `--stack`: a stack name as written.
fn stack_name(parser: &mut lexopt::Parser) -> Result<String, String> {
    let v = parser.value().map_err(|e| e.to_string())?;
    v.into_string()
        .map_err(|v| format!("--stack takes a stack name, not {v:?}"))
}

/// `--stack` given, but no input was an app file.
const STACK_WITHOUT_APP: &str = "--stack NAME selects a stack of an app file (a file with \
                                 \"stacks\"), and no input is one";

/// How messages name a file argument.
fn display(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Reads and loads one input; its warnings go to `stderr`.
fn load(
    role: &str,
    path: &std::path::Path,
    stack: Option<&str>,
    stdin: &mut dyn Read,
    stderr: &mut String,
) -> Result<Loaded, String> {
    let name = display(path);
    let loaded = read_input(path, stdin)
        .and_then(|text| template_from_text(&name, &text, stack))
        .map_err(|e: InputError| format!("error: {role} {name}: {e}\n"))?;
    for w in &loaded.warnings {
        let _ = writeln!(stderr, "{w}");
    }
    Ok(loaded)
}

/// `ferrocdk diff OLD NEW [--stack NAME] [--json] [--fail-on LEVEL]` (arguments after
/// `diff`). `colour`: whether the table may use ANSI colours (standard output is a terminal).
pub fn diff(args: Vec<OsString>, stdin: &mut dyn Read, colour: bool) -> Outcome {
    let a = match parse_diff(args) {
        Ok(Some(a)) => a,
        Ok(None) => return Outcome::ok(DIFF_HELP.to_owned(), String::new(), 0),
        Err(message) => return Outcome::usage(message, "diff"),
    };
    let mut stderr = String::new();
    let stack = a.stack.as_deref();
    let old = match load("OLD", &a.old, stack, stdin, &mut stderr) {
        Ok(t) => t,
        Err(e) => return Outcome::failed(stderr + &e, 2),
    };
    let new = match load("NEW", &a.new, stack, stdin, &mut stderr) {
        Ok(t) => t,
        Err(e) => return Outcome::failed(stderr + &e, 2),
    };
    if stack.is_some() && !old.from_app && !new.from_app {
        return Outcome::usage(STACK_WITHOUT_APP, "diff");
    }
    let d = match diff_templates(&old.template, &new.template) {
        Ok(d) => d,
        Err(e) => return Outcome::failed(stderr + &format!("error: {e}\n"), 2),
    };
    let stdout = if a.json {
        d.to_json_pretty()
    } else {
        d.to_table(colour)
    };
    let code = u8::from(a.fail_on.is_some_and(|level| d.reaches(level)));
    Outcome::ok(stdout, stderr, code)
}

/// `ferrocdk policy FILE [--stack NAME]` (arguments after `policy`).
pub fn policy(args: Vec<OsString>, stdin: &mut dyn Read) -> Outcome {
    let mut parser = lexopt::Parser::from_args(args);
    let (mut file, mut stack) = (None, None);
    loop {
        match parser.next() {
            Ok(None) => break,
            Ok(Some(Short('h') | Long("help"))) => {
                return Outcome::ok(POLICY_HELP.to_owned(), String::new(), 0)
            }
            Ok(Some(Long("stack"))) => match stack_name(&mut parser) {
                Ok(name) => stack = Some(name),
                Err(e) => return Outcome::usage(e, "policy"),
            },
            Ok(Some(Value(v))) if file.is_none() => file = Some(PathBuf::from(v)),
            Ok(Some(other)) => return Outcome::usage(other.unexpected(), "policy"),
            Err(e) => return Outcome::usage(e, "policy"),
        }
    }
    let Some(file) = file else {
        return Outcome::usage(
            "a template or stack file is required (or - for standard input)",
            "policy",
        );
    };
    let mut stderr = String::new();
    match load("FILE", &file, stack.as_deref(), stdin, &mut stderr) {
        Ok(t) if stack.is_some() && !t.from_app => Outcome::usage(STACK_WITHOUT_APP, "policy"),
        Ok(t) => match stack_policy::for_template_value(&t.template) {
            Ok(p) => Outcome::ok(stack_policy::to_json_pretty(&p), stderr, 0),
            Err(e) => Outcome::failed(stderr + &format!("error: {e}\n"), 1),
        },
        Err(e) => Outcome::failed(stderr + &e, 1),
    }
}
