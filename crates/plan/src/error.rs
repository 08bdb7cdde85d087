//! The planner's error: every problem found in the input, reported at once.

use std::fmt;

/// One problem with an input value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The input that is wrong (a workload field, a price, a file).
    pub field: String,
    /// What is wrong with it, in words.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Every problem found in a workload, a price table or a price file.
///
/// Validation never stops at the first problem: `problems` lists them all, in field order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    /// The problems, never empty.
    pub problems: Vec<Problem>,
}

impl PlanError {
    /// An error with a single problem.
    pub fn single(field: impl Into<String>, message: impl Into<String>) -> Self {
        PlanError {
            problems: vec![Problem {
                field: field.into(),
                message: message.into(),
            }],
        }
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(f, "{n} problem{}: ", if n == 1 { "" } else { "s" })?;
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PlanError {}

/// Collects problems while checking values, then turns them into a result.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub(crate) Vec<Problem>);

impl Problems {
    pub(crate) fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(Problem {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// Checks that `v` is finite and within `[min, max]`.
    pub(crate) fn range(&mut self, field: &str, v: f64, min: f64, max: f64) {
        if !v.is_finite() {
            self.push(field, format!("must be a finite number, got {v}"));
        } else if v < min || v > max {
            self.push(field, format!("must be between {min} and {max}, got {v}"));
        }
    }

    /// Checks that `v` is finite and not negative.
    pub(crate) fn non_negative(&mut self, field: &str, v: f64) {
        if !v.is_finite() {
            self.push(field, format!("must be a finite number, got {v}"));
        } else if v < 0.0 {
            self.push(field, format!("must not be negative, got {v}"));
        }
    }

    /// Checks that `v` is finite and strictly positive (and at most `max`).
    pub(crate) fn positive(&mut self, field: &str, v: f64, max: f64) {
        if !v.is_finite() {
            self.push(field, format!("must be a finite number, got {v}"));
        } else if v <= 0.0 {
            self.push(field, format!("must be above 0, got {v}"));
        } else if v > max {
            self.push(field, format!("must be at most {max}, got {v}"));
        }
    }

    pub(crate) fn into_result(self) -> Result<(), PlanError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(PlanError { problems: self.0 })
        }
    }
}
