//! One input of `ferrocdk diff` or `ferrocdk policy`: a template (synth's output, or the
//! deployed one from `get-template`) or a stack file, read with a size cap.

use crate::core::diff::{parse_template, TemplateError};
use crate::stack_file;
use ferrocdk_core::Diagnostic;
use serde_json::Value;
use std::fmt;
use std::io::Read;
use std::path::Path;

/// The most an input may hold: CloudFormation's own ceiling for a template is 1 MB (from S3).
pub const MAX_INPUT_BYTES: u64 = 4 * 1024 * 1024;

/// A template ready to diff, with the warnings of the stack file it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The template as JSON.
    pub template: Value,
    /// Synth's warnings when the input was a stack file (empty for a template).
    pub warnings: Vec<Diagnostic>,
}

/// Why an input gave no template.
#[derive(Debug, Clone)]
pub enum InputError {
    /// The file cannot be read (missing, not UTF-8, too large).
    Read(String),
    /// Not a template the diff can read.
    Template(TemplateError),
    /// A stack file with errors: every diagnostic.
    StackFile(Vec<Diagnostic>),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Read(reason) => f.write_str(reason),
            InputError::Template(e) => write!(f, "{e}"),
            InputError::StackFile(d) => {
                let errors = d.iter().filter(|d| d.is_error()).count();
                write!(f, "a stack file with {errors} error(s):")?;
                d.iter().try_for_each(|d| write!(f, "\n  {d}"))
            }
        }
    }
}

/// Reads `path` (or `stdin` for `-`) as UTF-8, at most [`MAX_INPUT_BYTES`].
///
/// # Errors
///
/// [`InputError::Read`] naming the reason.
pub fn read_input(path: &Path, stdin: &mut dyn Read) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        stdin.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| InputError::Read(format!("cannot read it: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(InputError::Read(format!(
            "larger than {} MiB: not a template",
            MAX_INPUT_BYTES / 1024 / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| InputError::Read("not UTF-8 text".to_owned()))
}

/// The template in `text`: a template or `get-template` output as it is, or a stack file
/// (an object with `constructs` and no `Resources`) synthesized. `source` names the input in
/// a stack file's diagnostics.
///
/// # Errors
///
/// [`InputError::Template`] for text that is no template, [`InputError::StackFile`] for a
/// stack file that does not synthesize.
pub fn template_from_text(source: &str, text: &str) -> Result<Loaded, InputError> {
    let is_stack_file = serde_json::from_str::<Value>(text)
        .is_ok_and(|v| v.get("constructs").is_some() && v.get("Resources").is_none());
    if is_stack_file {
        let s = stack_file::synth_text(source, text).map_err(InputError::StackFile)?;
        return Ok(Loaded {
            template: s.template.to_value(),
            warnings: s.warnings,
        });
    }
    parse_template(text)
        .map(|template| Loaded {
            template,
            warnings: Vec::new(),
        })
        .map_err(InputError::Template)
}
