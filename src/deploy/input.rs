//! One input of `ferrocdk diff` or `ferrocdk policy`: a template (synth's output, or the
//! deployed one from `get-template`), a stack file, or one stack of an app file, read with a
//! size cap.

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
    /// Synth's warnings when the input was a stack file or an app file (empty for a
    /// template).
    pub warnings: Vec<Diagnostic>,
    /// The input was an app file (the template is its stack named by `--stack`).
    pub from_app: bool,
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
    /// An app file without `--stack`, or with a name none of its stacks has: the names.
    Stack {
        /// The name asked for, if any.
        asked: Option<String>,
        /// The app's stack names, in deploy order.
        names: Vec<String>,
    },
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
            InputError::Stack { asked, names } => {
                let names = names.join(", ");
                match asked {
                    None => write!(
                        f,
                        "an app file: name the stack to use with --stack NAME (one of {names})"
                    ),
                    Some(name) => write!(f, "the app file has no stack {name:?} (it has {names})"),
                }
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

/// The template in `text`: a template or `get-template` output as it is, a stack file (an
/// object with `constructs` and no `Resources`) synthesized, or the stack named `stack` of an
/// app file (an object with `stacks`) synthesized with the whole app. `source` names the input
/// in a stack file's diagnostics.
///
/// # Errors
///
/// [`InputError::Template`] for text that is no template, [`InputError::StackFile`] for a
/// stack or app file that does not synthesize, [`InputError::Stack`] for an app file without
/// `stack`, or without a stack of that name.
pub fn template_from_text(
    source: &str,
    text: &str,
    stack: Option<&str>,
) -> Result<Loaded, InputError> {
    if stack_file::is_app_text(text) {
        let app = stack_file::synth_app_text(source, text).map_err(InputError::StackFile)?;
        let chosen = stack.and_then(|name| app.stack(name));
        let Some(chosen) = chosen else {
            return Err(InputError::Stack {
                asked: stack.map(str::to_owned),
                names: app.deploy_order().iter().map(|n| (*n).to_owned()).collect(),
            });
        };
        return Ok(Loaded {
            template: chosen.template.to_value(),
            warnings: app.warnings.clone(),
            from_app: true,
        });
    }
    let is_stack_file = serde_json::from_str::<Value>(text)
        .is_ok_and(|v| v.get("constructs").is_some() && v.get("Resources").is_none());
    if is_stack_file {
        let s = stack_file::synth_text(source, text).map_err(InputError::StackFile)?;
        return Ok(Loaded {
            template: s.template.to_value(),
            warnings: s.warnings,
            from_app: false,
        });
    }
    parse_template(text)
        .map(|template| Loaded {
            template,
            warnings: Vec::new(),
            from_app: false,
        })
        .map_err(InputError::Template)
}
