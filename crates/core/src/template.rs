//! The template model and its JSON form.
//!
//! Top-level keys are written in this order: `AWSTemplateFormatVersion`, `Description`,
//! `Parameters`, `Conditions`, `Resources`, `Outputs` (empty sections are left out).
//! Inside a resource: `Type`, `Properties`, `DependsOn`, `UpdateReplacePolicy`,
//! `DeletionPolicy`, `Metadata`, `Condition` (CDK's order). Resources appear in the order
//! the constructs were added to the stack, each construct's resources in the order it
//! defines them; property keys keep their insertion order (`IndexMap`-backed maps).

use indexmap::IndexMap;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

/// What CloudFormation does with a resource when it is deleted or replaced.
///
/// There is no `Snapshot`: none of the resources ferrocdk defines (tables, streams, buckets,
/// log groups, queues) supports it, so it cannot be asked for:
///
/// ```compile_fail
/// let _ = ferrocdk_core::RemovalPolicy::Snapshot;
/// ```
///
/// Its twin compiles:
///
/// ```
/// let _ = ferrocdk_core::RemovalPolicy::Delete;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema),
    schemars(
        description = "What CloudFormation does with a resource when it is deleted or replaced (`DeletionPolicy` and `UpdateReplacePolicy`)."
    )
)]
pub enum RemovalPolicy {
    /// Keep the resource (and its data) when it leaves the stack. The default for stateful resources.
    #[default]
    Retain,
    /// Delete it with the stack.
    Delete,
}

impl RemovalPolicy {
    /// The CloudFormation name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            RemovalPolicy::Retain => "Retain",
            RemovalPolicy::Delete => "Delete",
        }
    }
}

/// One resource of the template.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// `Type`, e.g. `AWS::Kinesis::Stream`.
    pub resource_type: String,
    /// `Properties`, in insertion order.
    pub properties: Map<String, Value>,
    /// `DependsOn`: logical IDs, in the order added, without duplicates.
    pub depends_on: Vec<String>,
    /// `UpdateReplacePolicy` and `DeletionPolicy` (both written, same value), when set.
    pub removal_policy: Option<RemovalPolicy>,
    /// `Metadata`.
    pub metadata: Option<Value>,
    /// `Condition`: the name of a condition in the template.
    pub condition: Option<String>,
    /// Whether stack and construct tags are written as this resource's `Tags`.
    pub taggable: bool,
}

impl Resource {
    /// A resource of the given type with no properties.
    #[must_use]
    pub fn new(resource_type: impl Into<String>) -> Self {
        Resource {
            resource_type: resource_type.into(),
            properties: Map::new(),
            depends_on: Vec::new(),
            removal_policy: None,
            metadata: None,
            condition: None,
            taggable: false,
        }
    }

    /// Sets a property (chainable).
    #[must_use]
    pub fn prop(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.properties.insert(name.to_owned(), value.into());
        self
    }

    /// Sets a property when `value` is `Some`.
    #[must_use]
    pub fn opt_prop(mut self, name: &str, value: Option<impl Into<Value>>) -> Self {
        if let Some(v) = value {
            self.properties.insert(name.to_owned(), v.into());
        }
        self
    }

    /// Adds a `DependsOn` entry (once).
    #[must_use]
    pub fn depends_on(mut self, logical_id: impl Into<String>) -> Self {
        let id = logical_id.into();
        if !self.depends_on.contains(&id) {
            self.depends_on.push(id);
        }
        self
    }

    /// Sets `DeletionPolicy` and `UpdateReplacePolicy`.
    #[must_use]
    pub fn removal(mut self, policy: RemovalPolicy) -> Self {
        self.removal_policy = Some(policy);
        self
    }

    /// Records in `Metadata.checkov.skip` that checkov's check `id` does not apply here, and
    /// why (one line). Every suppression ferrocdk writes sits on its resource, with its reason.
    ///
    /// ```
    /// let r = ferrocdk_core::Resource::new("AWS::S3::Bucket")
    ///     .checkov_skip("CKV_AWS_18", "access logs would need a second bucket")
    ///     .checkov_skip("CKV_AWS_21", "objects are written once");
    /// let md = r.metadata.expect("metadata");
    /// assert_eq!(md["checkov"]["skip"][1]["id"], "CKV_AWS_21");
    /// assert_eq!(md["checkov"]["skip"][0]["comment"], "access logs would need a second bucket");
    /// ```
    #[must_use]
    pub fn checkov_skip(mut self, id: &str, reason: &str) -> Self {
        let md = self
            .metadata
            .get_or_insert_with(|| Value::Object(Map::new()));
        if let Some(skip) = md
            .as_object_mut()
            .map(|m| {
                m.entry("checkov")
                    .or_insert_with(|| serde_json::json!({"skip": []}))
            })
            .and_then(|c| c.get_mut("skip"))
            .and_then(Value::as_array_mut)
        {
            skip.push(serde_json::json!({ "id": id, "comment": reason }));
        }
        self
    }

    /// Marks the resource as taggable (`Tags` as a list of `{Key, Value}`).
    #[must_use]
    pub fn taggable(mut self) -> Self {
        self.taggable = true;
        self
    }
}

impl Serialize for Resource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("Type", &self.resource_type)?;
        if !self.properties.is_empty() {
            m.serialize_entry("Properties", &self.properties)?;
        }
        if !self.depends_on.is_empty() {
            m.serialize_entry("DependsOn", &self.depends_on)?;
        }
        if let Some(p) = self.removal_policy {
            m.serialize_entry("UpdateReplacePolicy", p.as_str())?;
            m.serialize_entry("DeletionPolicy", p.as_str())?;
        }
        if let Some(md) = &self.metadata {
            m.serialize_entry("Metadata", md)?;
        }
        if let Some(c) = &self.condition {
            m.serialize_entry("Condition", c)?;
        }
        m.end()
    }
}

/// A stack output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Output {
    /// `Description`.
    #[serde(rename = "Description", skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `Value`.
    #[serde(rename = "Value")]
    pub value: Value,
    /// `Export.Name`, when exported for other stacks (`Fn::ImportValue`).
    #[serde(rename = "Export", skip_serializing_if = "Option::is_none")]
    pub export: Option<Export>,
}

/// `Export` of an output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Export {
    /// `Name`.
    #[serde(rename = "Name")]
    pub name: Value,
}

/// A whole CloudFormation template.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template {
    /// `Description`.
    pub description: Option<String>,
    /// `Parameters`, in the order declared.
    pub parameters: IndexMap<String, Value>,
    /// `Conditions`, in the order declared.
    pub conditions: IndexMap<String, Value>,
    /// `Resources`, in definition order.
    pub resources: IndexMap<String, Resource>,
    /// `Outputs`, in the order declared.
    pub outputs: IndexMap<String, Output>,
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("AWSTemplateFormatVersion", "2010-09-09")?;
        if let Some(d) = &self.description {
            m.serialize_entry("Description", d)?;
        }
        if !self.parameters.is_empty() {
            m.serialize_entry("Parameters", &self.parameters)?;
        }
        if !self.conditions.is_empty() {
            m.serialize_entry("Conditions", &self.conditions)?;
        }
        m.serialize_entry("Resources", &self.resources)?;
        if !self.outputs.is_empty() {
            m.serialize_entry("Outputs", &self.outputs)?;
        }
        m.end()
    }
}

impl Template {
    /// The template as pretty-printed JSON (two-space indent), ending with a newline.
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        // Serializing a tree of maps, strings and numbers cannot fail.
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The template as compact JSON (the size CloudFormation counts against its body limits).
    #[must_use]
    pub fn to_json_compact(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The template as a `serde_json::Value` (for assertions in tests).
    #[must_use]
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Resources of one type, in template order.
    pub fn resources_of_type<'a>(
        &'a self,
        resource_type: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a Resource)> {
        self.resources
            .iter()
            .filter(move |(_, r)| r.resource_type == resource_type)
            .map(|(k, r)| (k.as_str(), r))
    }
}
