//! Helpers for programs that print a template: readable diagnostics, exit codes.

use ferrocdk_core::{Stack, Synthesized};
use std::io::Write;
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
