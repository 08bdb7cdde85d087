//! `ferrocdk`: the command-line face of ferrocdk for declarative stacks (JSON files, see
//! docs/declarative-stacks.md).
//!
//! Exit codes: 0 success (warnings may be printed), 1 the stack has errors or a file cannot
//! be read or written, 2 usage error.

use ferrocdk::deploy::command;
use ferrocdk::stack_file;
use ferrocdk::{Diagnostic, Synthesized, SynthesizedApp};
use lexopt::prelude::*;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
Usage: ferrocdk <COMMAND> [ARGS]

Commands:
  synth FILE       print the CloudFormation template of a stack file (warnings to stderr);
                   for an app file, --out DIR writes one template per stack
  validate FILE    check a stack or app file: every problem, with its place in the file
  schema           print the JSON Schema of stack files
  plan OPTIONS     capacity and cost of both routes for a workload (ferrocdk help plan)
  diff OLD NEW     what deploying NEW over OLD replaces, removes and loses (ferrocdk help diff)
  policy FILE      a stack policy that denies replacing or deleting stateful resources
  help [COMMAND]   print this help, or a command's

FILE is a stack file (JSON), or - for standard input; diff and policy also take templates,
and one stack of an app file with --stack NAME.

Options:
  -h, --help       print help
  -V, --version    print the version

Exit codes: 0 success (warnings may be printed), 1 the stack has errors or FILE cannot be
read, 2 usage error. diff: 0 nothing at the --fail-on level, 1 something is, 2 usage or input
error.
";

const SYNTH_HELP: &str = "\
Usage: ferrocdk synth FILE
       ferrocdk synth APP_FILE --out DIR

Prints the CloudFormation template of the stack file FILE (- for standard input) to standard
output, and its warnings to standard error. On errors, prints every problem to standard error
(the file's first, each as <file>:<line>:<column>, then synth's) and prints no template.

An app file ({\"stacks\": […]}: several stacks, each with its account and region) needs
--out DIR: one template per stack is written to DIR/<StackName>.template.json (DIR is
created), then the deploy order is printed; on errors nothing is written.

Exit codes: 0 template printed (or templates written), 1 errors, 2 usage error.
";

const VALIDATE_HELP: &str = "\
Usage: ferrocdk validate FILE

Checks the stack file or app file FILE (- for standard input) as synth does, without
printing the templates: every problem goes to standard error, then a summary line.

Exit codes: 0 valid (warnings may be printed), 1 errors, 2 usage error.
";

const SCHEMA_HELP: &str = "\
Usage: ferrocdk schema

Prints the JSON Schema of stack files (draft 2020-12) to standard output: the same text as
schemas/stack.schema.json. Name it in a file's \"$schema\" member, or map it in your editor
(docs/declarative-stacks.md).
";

/// A usage error: printed with a pointer to the help, exit code 2.
struct Usage(String);

impl From<lexopt::Error> for Usage {
    fn from(e: lexopt::Error) -> Self {
        Usage(e.to_string())
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(Usage(message)) => {
            let _ = write!(std::io::stderr().lock(), "error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, Usage> {
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next()? {
        Some(Value(v)) => v.string()?,
        Some(Short('h') | Long("help")) => return Ok(print(USAGE)),
        Some(Short('V') | Long("version")) => {
            return Ok(print(&format!("ferrocdk {}\n", env!("CARGO_PKG_VERSION"))))
        }
        Some(other) => return Err(other.unexpected().into()),
        None => return Err(Usage("a command is required".into())),
    };
    // One arm per command; each parses its own arguments and returns its exit code.
    match command.as_str() {
        "plan" => Ok(plan(parser.raw_args()?.collect())),
        "diff" => Ok(emit(&command::diff(
            parser.raw_args()?.collect(),
            &mut std::io::stdin(),
            colour(),
        ))),
        "policy" => Ok(emit(&command::policy(
            parser.raw_args()?.collect(),
            &mut std::io::stdin(),
        ))),
        "synth" => synth(&mut parser),
        "validate" => validate(&mut parser),
        "schema" => schema(&mut parser),
        "help" => help(&mut parser),
        other => Err(Usage(format!("unknown command {other:?}"))),
    }
}

fn help(parser: &mut lexopt::Parser) -> Result<ExitCode, Usage> {
    let topic = match parser.next()? {
        Some(Value(v)) => Some(v.string()?),
        Some(Short('h') | Long("help")) | None => None,
        Some(other) => return Err(other.unexpected().into()),
    };
    if let Some(arg) = parser.next()? {
        return Err(arg.unexpected().into());
    }
    match topic.as_deref() {
        None => Ok(print(USAGE)),
        Some("synth") => Ok(print(SYNTH_HELP)),
        Some("validate") => Ok(print(VALIDATE_HELP)),
        Some("schema") => Ok(print(SCHEMA_HELP)),
        Some("plan") => Ok(plan(vec!["--help".into()])),
        Some("diff") => Ok(print(command::DIFF_HELP)),
        Some("policy") => Ok(print(command::POLICY_HELP)),
        Some(other) => Err(Usage(format!("unknown command {other:?}"))),
    }
}

/// `ferrocdk plan …`: the planner's own command line (`ferrocdk::plan::cli`), the same as
/// `cargo run --example plan -- …`. Its usage errors exit with 2 like every command's.
fn plan(args: Vec<std::ffi::OsString>) -> ExitCode {
    match ferrocdk::plan::cli::run(args, "ferrocdk plan") {
        Ok(out) => print(&out),
        Err(message) => {
            let _ = writeln!(
                std::io::stderr().lock(),
                "error: {message}\nTry: ferrocdk help plan"
            );
            ExitCode::from(2)
        }
    }
}

/// Parses `COMMAND FILE [--help]`: the file argument (any path, UTF-8 or not), or `None`
/// when help was printed.
fn file_argument(
    parser: &mut lexopt::Parser,
    help: &str,
) -> Result<Option<std::path::PathBuf>, Usage> {
    let mut file = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => {
                print(help);
                return Ok(None);
            }
            Value(v) if file.is_none() => file = Some(std::path::PathBuf::from(v)),
            other => return Err(other.unexpected().into()),
        }
    }
    file.map(Some)
        .ok_or_else(|| Usage("a stack file is required (or - for standard input)".into()))
}

fn no_arguments(parser: &mut lexopt::Parser, help: &str) -> Result<bool, Usage> {
    match parser.next()? {
        None => Ok(true),
        Some(Short('h') | Long("help")) => {
            print(help);
            Ok(false)
        }
        Some(other) => Err(other.unexpected().into()),
    }
}

/// What a file synthesizes to: a stack file's template, or an app file's templates.
enum Loaded {
    Stack(Box<Synthesized>),
    App(SynthesizedApp),
}

/// Reads the file (or standard input for `-`) and synthesizes it, as a stack file or an app
/// file; `name` is how diagnostics name it.
fn load(file: &std::path::Path, name: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let mut text = String::new();
    let stdin = file.as_os_str() == "-";
    let read = if stdin {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(file).map(|t| text = t)
    };
    if let Err(e) = read {
        let rule = &ferrocdk::core::rules::FILE_READ;
        return Err(vec![Diagnostic {
            severity: rule.severity,
            code: rule.code,
            path: name.to_owned(),
            property: "-".to_owned(),
            received: format!("a file that cannot be read: {e}"),
            allowed: "a readable UTF-8 stack file".to_owned(),
        }]);
    }
    if stack_file::is_app_text(&text) {
        stack_file::synth_app_text(name, &text).map(Loaded::App)
    } else {
        stack_file::synth_text(name, &text).map(|s| Loaded::Stack(Box::new(s)))
    }
}

/// Parses `synth FILE [--out DIR]`, or `None` when help was printed.
fn synth_arguments(
    parser: &mut lexopt::Parser,
) -> Result<Option<(std::path::PathBuf, Option<std::path::PathBuf>)>, Usage> {
    let (mut file, mut out) = (None, None);
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => {
                print(SYNTH_HELP);
                return Ok(None);
            }
            Long("out") if out.is_none() => out = Some(parser.value()?.into()),
            Value(v) if file.is_none() => file = Some(std::path::PathBuf::from(v)),
            other => return Err(other.unexpected().into()),
        }
    }
    match file {
        Some(f) => Ok(Some((f, out))),
        None => Err(Usage(
            "a stack file is required (or - for standard input)".into(),
        )),
    }
}

/// Writes an app's templates to `dir` and prints the deploy order.
fn write_app(app: &SynthesizedApp, dir: &std::path::Path) -> ExitCode {
    report(&app.warnings);
    match ferrocdk::cli::write_templates(app, dir) {
        Ok(()) => print(&ferrocdk::cli::deploy_order(app, dir)),
        Err(e) => {
            let _ = writeln!(std::io::stderr().lock(), "error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// How diagnostics name a file argument.
fn display_name(file: &std::path::Path) -> String {
    if file.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        file.display().to_string()
    }
}

fn report(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{d}");
    }
}

fn synth(parser: &mut lexopt::Parser) -> Result<ExitCode, Usage> {
    let Some((file, out)) = synth_arguments(parser)? else {
        return Ok(ExitCode::SUCCESS);
    };
    let name = display_name(&file);
    Ok(match (load(&file, &name), out) {
        (Ok(Loaded::App(app)), Some(dir)) => write_app(&app, &dir),
        (Ok(Loaded::App(_)), None) => {
            return Err(Usage(format!(
                "{name} is an app file (several stacks): give --out DIR, where one template \
                 per stack is written"
            )))
        }
        (Ok(Loaded::Stack(_)), Some(_)) => {
            return Err(Usage(format!(
                "--out DIR is for an app file ({{\"stacks\": […]}}); {name} is a stack file, \
                 whose template goes to standard output"
            )))
        }
        (Ok(Loaded::Stack(s)), None) => {
            report(&s.warnings);
            let mut out = std::io::stdout().lock();
            match out
                .write_all(s.to_json_pretty().as_bytes())
                .and_then(|()| out.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    let _ = writeln!(
                        std::io::stderr().lock(),
                        "error: cannot write the template: {e}"
                    );
                    ExitCode::FAILURE
                }
            }
        }
        (Err(diagnostics), _) => {
            report(&diagnostics);
            summary(&name, &diagnostics);
            ExitCode::FAILURE
        }
    })
}

fn summary(file: &str, diagnostics: &[Diagnostic]) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let _ = writeln!(
        std::io::stderr().lock(),
        "{file}: {errors} error(s), {warnings} warning(s)"
    );
}

fn validate(parser: &mut lexopt::Parser) -> Result<ExitCode, Usage> {
    let Some(file) = file_argument(parser, VALIDATE_HELP)? else {
        return Ok(ExitCode::SUCCESS);
    };
    let name = display_name(&file);
    Ok(match load(&file, &name) {
        Ok(Loaded::Stack(s)) => {
            report(&s.warnings);
            let _ = writeln!(
                std::io::stderr().lock(),
                "{name}: valid, {} resource(s), {} warning(s)",
                s.template.resources.len(),
                s.warnings.len()
            );
            ExitCode::SUCCESS
        }
        Ok(Loaded::App(app)) => {
            report(&app.warnings);
            let resources: usize = app.stacks.iter().map(|s| s.template.resources.len()).sum();
            let _ = writeln!(
                std::io::stderr().lock(),
                "{name}: valid, {} stack(s) ({}), {resources} resource(s), {} warning(s)",
                app.stacks.len(),
                app.deploy_order().join(", "),
                app.warnings.len()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            report(&diagnostics);
            summary(&name, &diagnostics);
            ExitCode::FAILURE
        }
    })
}

fn schema(parser: &mut lexopt::Parser) -> Result<ExitCode, Usage> {
    if !no_arguments(parser, SCHEMA_HELP)? {
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    Ok(
        match out
            .write_all(stack_file::schema_json().as_bytes())
            .and_then(|()| out.flush())
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(std::io::stderr().lock(), "error: cannot write: {e}");
                ExitCode::FAILURE
            }
        },
    )
}

/// Colours only on a terminal, and never under `NO_COLOR`.
fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints a command's outcome and returns its exit code (1 when standard output fails).
fn emit(outcome: &command::Outcome) -> ExitCode {
    let _ = std::io::stderr()
        .lock()
        .write_all(outcome.stderr.as_bytes());
    let mut out = std::io::stdout().lock();
    if let Err(e) = out
        .write_all(outcome.stdout.as_bytes())
        .and_then(|()| out.flush())
    {
        let _ = writeln!(std::io::stderr().lock(), "error: cannot write: {e}");
        return ExitCode::from(outcome.code.max(1));
    }
    ExitCode::from(outcome.code)
}

/// Prints `text` to standard output; exit code 0.
fn print(text: &str) -> ExitCode {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}
