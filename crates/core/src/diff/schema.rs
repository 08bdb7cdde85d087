//! The replacement triggers of CloudFormation's resource schemas, vendored as data:
//! `crates/core/data/create_only_properties.json`, written by `scripts/vendor_create_only.py`
//! from the schemas bundled in the pinned cfn-lint and checked against them by
//! `tests/python/test_create_only_properties.py`.

use indexmap::IndexMap;
use serde::Deserialize;
use std::sync::OnceLock;

const DATA: &str = include_str!("../../data/create_only_properties.json");

/// The vendored data: where it comes from, and each resource type's replacement triggers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplacementData {
    /// Where the data was read: the cfn-lint release and its schema files.
    pub source: String,
    /// The cfn-lint version whose schemas were read, e.g. `1.58.0`.
    pub cfn_lint: String,
    /// The schemas' own date (cfn-lint's `schema_date`).
    pub schema_date: String,
    /// The day the data was vendored.
    pub vendored: String,
    /// Each resource type's triggers, by type name (`AWS::DynamoDB::Table`).
    pub types: IndexMap<String, TypeTriggers>,
}

/// One resource type's replacement triggers, as JSON pointers (`/properties/TableName`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeTriggers {
    /// The schema file's name in cfn-lint's `data/schemas/resources/`.
    pub schema: String,
    /// `createOnlyProperties`: changing, adding or removing one replaces the resource.
    pub create_only_properties: Vec<String>,
    /// `conditionalCreateOnlyProperties`: changing one may replace the resource. The diff
    /// reads them as replacement (DynamoDB documents a changed `KeySchema` as one).
    pub conditional_create_only_properties: Vec<String>,
}

/// The vendored data (parsed once; a test proves it parses and covers every emitted type).
#[must_use]
pub fn replacement_data() -> &'static ReplacementData {
    static PARSED: OnceLock<ReplacementData> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(DATA).unwrap_or_default())
}

/// A schema pointer as member names: `/properties/A/B` → `["A", "B"]`.
pub(crate) fn members(pointer: &str) -> Vec<String> {
    pointer
        .trim_start_matches("/properties")
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The triggers of `resource_type`; every `Custom::…` type is a custom resource.
pub(crate) fn triggers(resource_type: &str) -> Option<&'static TypeTriggers> {
    let name = if resource_type.starts_with("Custom::") {
        "AWS::CloudFormation::CustomResource"
    } else {
        resource_type
    };
    replacement_data().types.get(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_data_parses_and_names_its_source() {
        let d = replacement_data();
        assert_eq!(d.cfn_lint, "1.58.0");
        assert!(d.source.contains("cfn-lint 1.58.0"), "{}", d.source);
        assert!(d.schema_date.starts_with("2026-10-20"));
        assert!(d.types.len() >= 16);
        let table = triggers("AWS::DynamoDB::Table").unwrap();
        assert!(table
            .create_only_properties
            .contains(&"/properties/TableName".to_owned()));
        assert!(triggers("Custom::StreamingDestination").is_some());
        assert!(triggers("AWS::EC2::Instance").is_none());
    }

    #[test]
    fn pointers_become_member_names() {
        assert_eq!(
            members("/properties/ElasticsearchDestinationConfiguration/VpcConfiguration"),
            ["ElasticsearchDestinationConfiguration", "VpcConfiguration"]
        );
        assert_eq!(members("/properties/A~1B"), ["A/B"]);
    }
}
