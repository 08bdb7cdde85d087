//! Helpers for programs that print a template or write an app's templates: readable
//! diagnostics, exit codes.

use ferrocdk_core::{App, Stack, Synthesized, SynthesizedApp};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Synthesizes `stack`; on success prints warnings to stderr and the template to stdout
/// (exit code 0); on failure prints every diagnostic to stderr (exit code 1). Never panics.
#[must_use]
pub fn print_template(stack: &Stack) -> ExitCode {
    match stack.synth() {
        Ok(Synthesized { template, warnings }) => {
            let mut err = std::io::stderr().lock();
            for w in &warnings {
                let _ = writeln!(err, "{w}");
            }
            let mut out = std::io::stdout().lock();
            match out
                .write_all(template.to_json_pretty().as_bytes())
                .and_then(|()| out.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    let _ = writeln!(err, "error: cannot write the template: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            let _ = write!(std::io::stderr().lock(), "{e}");
            ExitCode::FAILURE
        }
    }
}

const WRITE_APP_USAGE: &str = "\
Usage: <program> --out DIR

Synthesizes the app and writes one template per stack to DIR/<StackName>.template.json
(creating DIR), then prints the deploy order. Warnings and errors go to standard error.

Exit codes: 0 templates written, 1 errors (nothing written) or a file cannot be written,
2 usage error.
";

/// Synthesizes `app` and writes its templates to the directory given as `--out DIR` on the
/// command line: one `<StackName>.template.json` per stack (the directory is created), then
/// prints the deploy order to stdout ([`deploy_order`]) and the warnings to stderr (exit code
/// 0). On errors, prints every diagnostic to stderr and writes nothing (exit code 1); a
/// missing or unknown argument is a usage error (exit code 2). Never panics.
#[must_use]
pub fn write_app(app: &App) -> ExitCode {
    let mut err = std::io::stderr().lock();
    let dir = match out_argument(std::env::args_os().skip(1)) {
        Ok(Some(dir)) => dir,
        Ok(None) => {
            let _ = std::io::stdout()
                .lock()
                .write_all(WRITE_APP_USAGE.as_bytes());
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            let _ = write!(err, "error: {message}\n\n{WRITE_APP_USAGE}");
            return ExitCode::from(2);
        }
    };
    match app.synth() {
        Ok(synthesized) => {
            for w in &synthesized.warnings {
                let _ = writeln!(err, "{w}");
            }
            match write_templates(&synthesized, &dir) {
                Ok(()) => {
                    let text = deploy_order(&synthesized, &dir);
                    let _ = std::io::stdout().lock().write_all(text.as_bytes());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    let _ = writeln!(err, "error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            let _ = write!(err, "{e}");
            ExitCode::FAILURE
        }
    }
}

/// `--out DIR` (or `--out=DIR`) from the arguments; `None` when help was asked for.
fn out_argument(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Result<Option<PathBuf>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut dir = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("out") if dir.is_none() => {
                dir = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?));
            }
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    dir.map(Some)
        .ok_or_else(|| "--out DIR is required (where the templates are written)".to_owned())
}

/// Writes each stack's template to `dir/<StackName>.template.json`, creating `dir`.
///
/// # Errors
///
/// The first file or directory that cannot be written, with its path.
pub fn write_templates(app: &SynthesizedApp, dir: &Path) -> std::io::Result<()> {
    let named = |e: std::io::Error, path: &Path| {
        std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
    };
    std::fs::create_dir_all(dir).map_err(|e| named(e, dir))?;
    for s in &app.stacks {
        let path = dir.join(s.file_name());
        std::fs::write(&path, s.template.to_json_pretty()).map_err(|e| named(e, &path))?;
    }
    Ok(())
}

/// The deploy order, as printed after the templates are written to `dir`: a header line, then
/// one line per stack, `<n>. <StackName> (<account>/<region>[, after <stacks>]): <file>`.
///
/// ```
/// use ferrocdk::core::{App, Environment, Stack};
/// let mut solo = Stack::new("Solo");
/// solo.add_raw_resource("Topic", ferrocdk::Resource::new("AWS::SNS::Topic"));
/// let mut app = App::new();
/// app.add(solo, Environment::new("111122223333", "eu-west-1"));
/// let out = app.synth()?;
/// let text = ferrocdk::cli::deploy_order(&out, std::path::Path::new("out"));
/// assert!(text.ends_with("1. Solo (111122223333/eu-west-1): out/Solo.template.json\n"));
/// # Ok::<(), ferrocdk::SynthError>(())
/// ```
#[must_use]
pub fn deploy_order(app: &SynthesizedApp, dir: &Path) -> String {
    let mut out = String::from("Deploy order (each stack after the stacks it imports from):\n");
    for (i, s) in app.stacks.iter().enumerate() {
        let after = if s.depends_on.is_empty() {
            String::new()
        } else {
            format!(", after {}", s.depends_on.join(", "))
        };
        out.push_str(&format!(
            "{}. {} ({}{after}): {}\n",
            i + 1,
            s.name,
            s.environment,
            dir.join(s.file_name()).display()
        ));
    }
    out
}
