//! Raw resources of a stack file: added as given.

use super::build::Builder;
use ferrocdk_core::{RemovalPolicy, Resource};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A resource added as given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawResourceProps {
    /// The resource `Type`, e.g. `"AWS::CloudWatch::Dashboard"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// `Properties`, as CloudFormation writes them (intrinsics allowed). Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<serde_json::Map<String, serde_json::Value>>,
    /// `DependsOn`: logical IDs. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<String>>,
    /// `DeletionPolicy` and `UpdateReplacePolicy`. Default: none (CloudFormation deletes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removal_policy: Option<RemovalPolicy>,
    /// `Metadata`. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
    /// `Condition`: the name of a condition of this file; the resource is created only when
    /// it holds. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

impl Builder {
    pub(super) fn raw_resource(&mut self, id: &str, r: &RawResourceProps) {
        let mut res = Resource::new(r.resource_type.clone());
        for (k, v) in r.properties.iter().flatten() {
            res = res.prop(k, v.clone());
        }
        for d in r.depends_on.iter().flatten() {
            res = res.depends_on(d.clone());
        }
        if let Some(p) = r.removal_policy {
            res = res.removal(p);
        }
        res.metadata = r.metadata.clone();
        self.stack.add_raw_resource(id.to_owned(), res);
        if let Some(c) = &r.condition {
            self.stack.set_condition(id.to_owned(), c.clone());
        }
    }
}
