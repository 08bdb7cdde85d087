//! Diagnostics: every problem synth finds, reported at once.

use crate::rules::Rule;
use std::fmt;

/// How bad a problem is: errors fail synth, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The template would not deploy, or would deploy something unsafe.
    Error,
    /// The template deploys, but something deserves a look.
    Warning,
}

/// One problem: a stable rule code, where it is, what was received and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Errors fail synth; warnings do not.
    pub severity: Severity,
    /// A stable rule code, e.g. `kinesis-retention`.
    pub code: &'static str,
    /// The construct path, `<Stack>/<ConstructId>`.
    pub path: String,
    /// The property (CloudFormation name, dotted for nested ones), or `-` for the construct itself.
    pub property: String,
    /// The value received, rendered for humans.
    pub received: String,
    /// What is allowed, and why where it is not obvious.
    pub allowed: String,
}

impl Diagnostic {
    /// An error under `rule`.
    #[must_use]
    pub fn error(
        rule: &'static Rule,
        path: impl Into<String>,
        property: impl Into<String>,
        received: impl Into<String>,
        allowed: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: rule.code,
            path: path.into(),
            property: property.into(),
            received: received.into(),
            allowed: allowed.into(),
        }
    }

    /// A warning under `rule`.
    #[must_use]
    pub fn warning(
        rule: &'static Rule,
        path: impl Into<String>,
        property: impl Into<String>,
        received: impl Into<String>,
        allowed: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(rule, path, property, received, allowed)
        }
    }

    /// A diagnostic under `rule`, with the rule's severity.
    #[must_use]
    pub fn of(
        rule: &'static Rule,
        path: impl Into<String>,
        property: impl Into<String>,
        received: impl Into<String>,
        allowed: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: rule.severity,
            ..Diagnostic::error(rule, path, property, received, allowed)
        }
    }

    /// True for errors.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{level}[{}]: {}: {}: received {}; allowed: {}",
            self.code,
            one_line(&self.path),
            one_line(&self.property),
            one_line(&self.received),
            one_line(&self.allowed)
        )
    }
}

/// Control characters (a newline in a user's id, say) escaped, so a diagnostic stays one line.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        s.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// Synth failed: the errors (and the warnings found alongside them), all at once.
#[derive(Clone, PartialEq, Eq)]
pub struct SynthError {
    /// Every diagnostic, errors first, each group in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl SynthError {
    /// The diagnostics that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// True when some diagnostic has this rule code.
    #[must_use]
    pub fn has(&self, code: &str) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }
}

impl fmt::Display for SynthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors().count();
        writeln!(f, "synth failed with {errors} error(s):")?;
        for d in &self.diagnostics {
            writeln!(f, "  {d}")?;
        }
        Ok(())
    }
}

/// `Debug` prints the same readable list, so `fn main() -> Result<(), Box<dyn Error>>` shows it well.
impl fmt::Debug for SynthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for SynthError {}

/// Collects diagnostics during synth.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds several diagnostics.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// True when an error was reported.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Errors first, then warnings; order of discovery inside each group.
    #[must_use]
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut items = self.items;
        items.sort_by_key(|d| d.severity);
        items
    }
}
