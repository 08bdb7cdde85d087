//! `ferrocdk diff`: what deploying a new template over an old one does to each resource, and
//! what data that loses.
//!
//! Each resource is added, removed, updated in place or replaced, with the property paths
//! that cause it. Replacement comes from the CloudFormation resource schemas'
//! `createOnlyProperties` (vendored from the pinned cfn-lint: [`replacement_data`]) plus the
//! update behaviours AWS documents but the schemas do not express; a resource that refers to
//! a replaced one (`Ref`, `Fn::GetAtt`, `Fn::Sub`) sees a new value, which may replace it in
//! turn. Data-loss rules run on top ([`crate::rules`], codes `diff-…`), each finding saying
//! what is lost and how to avoid it.
//!
//! The old template is usually the deployed one, as `aws cloudformation get-template --query
//! TemplateBody --output json` prints it: members in another order, numbers as strings and
//! `DependsOn` as a string compare equal to synth's output.
//!
//! ```
//! use ferrocdk_core::diff::{diff, ChangeKind};
//! use serde_json::json;
//!
//! let deployed = json!({"Resources": {"Orders": {"Type": "AWS::DynamoDB::Table", "Properties": {
//!     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
//!     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}}}});
//! let mut next = deployed.clone();
//! next["Resources"]["Orders"]["Properties"]["KeySchema"][0]["AttributeName"] = json!("id");
//! next["Resources"]["Orders"]["Properties"]["AttributeDefinitions"][0]["AttributeName"] = json!("id");
//!
//! let d = diff(&deployed, &next)?;
//! assert_eq!(d.resources[0].kind, ChangeKind::Replace);
//! assert_eq!(d.resources[0].causes[0].path, "KeySchema[0].AttributeName");
//! assert_eq!(d.findings[0].rule.code, "diff-table-replaced");
//! assert!(diff(&deployed, &deployed)?.is_empty());
//! # Ok::<(), ferrocdk_core::diff::TemplateError>(())
//! ```

mod compare;
mod documented;
mod findings;
mod input;
mod model;
mod refs;
mod render;
mod schema;
mod spread;
mod value;

pub use input::{check, parse_template, TemplateError};
pub use model::{Cause, ChangeKind, Effect, Finding, Level, ResourceChange, StackDiff};
pub use schema::{replacement_data, ReplacementData, TypeTriggers};

use crate::diagnostic::SynthError;
use crate::stack::Stack;
use crate::template::Template;
use serde_json::Value;
use std::fmt;

/// The changes from the template `old` to the template `new` (both JSON values).
///
/// # Errors
///
/// [`TemplateError`] when either is not a template the diff can read ([`check`]).
pub fn diff(old: &Value, new: &Value) -> Result<StackDiff, TemplateError> {
    let old_resources = input::resources(old)?;
    let new_resources = input::resources(new)?;
    let changes = spread::changes(old_resources, new_resources);
    let findings = findings::all(&findings::Context {
        old: old_resources,
        new: new_resources,
        changes: &changes,
    });
    Ok(StackDiff {
        resources: changes,
        findings,
    })
}

impl Template {
    /// The changes from `old` (the deployed template, or an earlier synth) to this template.
    ///
    /// # Errors
    ///
    /// [`TemplateError`] when `old` is not a template the diff can read.
    pub fn diff_against(&self, old: &Value) -> Result<StackDiff, TemplateError> {
        diff(old, &self.to_value())
    }
}

/// Why [`Stack::diff_against`] gave no diff.
#[derive(Debug, Clone)]
pub enum DiffError {
    /// The stack does not synthesize.
    Synth(SynthError),
    /// The deployed template cannot be read.
    Deployed(TemplateError),
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::Synth(e) => write!(f, "{e}"),
            DiffError::Deployed(e) => write!(f, "the deployed template: {e}"),
        }
    }
}

impl std::error::Error for DiffError {}

impl Stack {
    /// Synthesizes the stack and diffs it against `deployed` (the JSON of `aws cloudformation
    /// get-template --query TemplateBody --output json`, or an earlier synth). Never panics.
    ///
    /// ```
    /// use ferrocdk_core::{Resource, Stack};
    /// let mut stack = Stack::new("Demo");
    /// stack.add_raw_resource("Queue", Resource::new("AWS::SQS::Queue").prop("FifoQueue", true));
    /// let deployed = serde_json::json!({"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}});
    /// let d = stack.diff_against(&deployed)?;
    /// assert_eq!(d.resources[0].causes[0].path, "FifoQueue");
    /// assert_eq!(d.resources[0].causes[0].why, "create-only");
    /// # Ok::<(), ferrocdk_core::diff::DiffError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DiffError::Synth`] with every diagnostic when the stack does not synthesize;
    /// [`DiffError::Deployed`] when `deployed` is not a template the diff can read.
    pub fn diff_against(&self, deployed: &Value) -> Result<StackDiff, DiffError> {
        let synthesized = self.synth().map_err(DiffError::Synth)?;
        synthesized
            .template
            .diff_against(deployed)
            .map_err(DiffError::Deployed)
    }
}
