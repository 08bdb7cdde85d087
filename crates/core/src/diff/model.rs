//! What a diff reports: each changed resource with the property paths behind its change, and
//! the data-loss findings on top.

use crate::diagnostic::Severity;
use crate::rules::Rule;
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;
use serde_json::Value;

/// What CloudFormation does with one resource in the update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Created: only in the new template.
    Add,
    /// Deleted (or orphaned, with `DeletionPolicy: Retain`): only in the old template.
    Remove,
    /// Updated in place: same physical resource.
    Update,
    /// Replaced: a new physical resource is created, then the old one is deleted (or
    /// orphaned, with `UpdateReplacePolicy: Retain`).
    Replace,
    /// Updated, but the diff has no replacement data for the type: it may be replaced.
    MayReplace,
}

impl ChangeKind {
    /// The word the table prints: `add`, `remove`, `update`, `replace`, `may-replace`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Add => "add",
            ChangeKind::Remove => "remove",
            ChangeKind::Update => "update",
            ChangeKind::Replace => "replace",
            ChangeKind::MayReplace => "may-replace",
        }
    }

    /// Replace, remove and may-replace: what `--fail-on replace` stops.
    #[must_use]
    pub fn is_destructive(self) -> bool {
        matches!(
            self,
            ChangeKind::Remove | ChangeKind::Replace | ChangeKind::MayReplace
        )
    }
}

/// What one property change does to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Updated without replacing the resource.
    InPlace,
    /// Replaces the resource.
    Replacement,
    /// CloudFormation rejects the change: the update fails and rolls back.
    Fails,
    /// Unknown: no replacement data for the resource type.
    Unknown,
}

/// One property (or resource attribute) that changes, and why it matters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cause {
    /// Where: a path under `Properties` (`KeySchema[0].AttributeName`), or a resource
    /// attribute (`Type`, `DeletionPolicy`, `UpdateReplacePolicy`, `DependsOn`, `Metadata`,
    /// `Condition`, `UpdatePolicy`, `CreationPolicy`).
    pub path: String,
    /// What the change does to the resource.
    pub effect: Effect,
    /// Why, in a few words: `create-only`, `refers to Changes (replaced)`, `in place`, ….
    pub why: String,
    /// The old value (absent when the property is added; for a reference, the reference).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The new value (absent when the property is removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// One resource that changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceChange {
    /// The logical ID.
    pub logical_id: String,
    /// The resource type (the new one; the old one for a removal).
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Added, removed, updated in place, replaced.
    #[serde(rename = "change")]
    pub kind: ChangeKind,
    /// The properties behind the change (empty for additions and removals).
    pub causes: Vec<Cause>,
}

/// A data-loss (or failed-update) risk: which rule, where, what is lost, how to avoid it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule, from the registry ([`crate::rules`]).
    pub rule: &'static Rule,
    /// The resource at risk.
    pub logical_id: String,
    /// The property path behind it, or `-` for the resource as a whole.
    pub path: String,
    /// What is lost (or what fails), in plain words.
    pub lost: String,
    /// How to make the change without losing it.
    pub avoid: String,
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Finding", 6)?;
        s.serialize_field("code", self.rule.code)?;
        s.serialize_field("severity", severity_name(self.rule.severity))?;
        s.serialize_field("logicalId", &self.logical_id)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("lost", &self.lost)?;
        s.serialize_field("avoid", &self.avoid)?;
        s.end()
    }
}

/// `error` or `warning`.
pub(crate) fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// How serious a change must be for `ferrocdk diff --fail-on` to fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// A replacement, a removal, a possible replacement, or any data-loss finding.
    Replace,
    /// A data-loss finding of error severity.
    DataLoss,
}

/// The changes from one template to another, resource by resource, and what they risk.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct StackDiff {
    /// Changed resources: those of the new template in its order, then the removed ones.
    pub resources: Vec<ResourceChange>,
    /// Data-loss and failed-update findings, in resource order.
    pub findings: Vec<Finding>,
}

impl StackDiff {
    /// Whether nothing changes.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.findings.is_empty()
    }

    /// Whether anything reaches `level` (what `--fail-on` checks).
    #[must_use]
    pub fn reaches(&self, level: Level) -> bool {
        let loss = self
            .findings
            .iter()
            .any(|f| f.rule.severity == Severity::Error);
        match level {
            Level::DataLoss => loss,
            Level::Replace => loss || self.resources.iter().any(|r| r.kind.is_destructive()),
        }
    }

    /// The change of `logical_id`, if it changes.
    #[must_use]
    pub fn resource(&self, logical_id: &str) -> Option<&ResourceChange> {
        self.resources.iter().find(|r| r.logical_id == logical_id)
    }

    /// How many resources change in each way: add, remove, update, replace, may-replace.
    #[must_use]
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.resources.iter().filter(|r| r.kind == kind).count()
    }
}
