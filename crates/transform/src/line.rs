//! The typed shape of one output line, for consumers and for the committed JSON Schema.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::EventName;

/// One output line (a JSON object; the line ends with `\n`).
///
/// Attribute values are plain JSON (`serde_json::Value`): `S` → string, `N` → number (all
/// digits kept in the line; parsing it into a `Value` without serde_json's
/// `arbitrary_precision` feature may round big numbers), `B` → base64 string, `BOOL` →
/// boolean, `NULL` → null, `M` → object, `L` → array, `SS`/`NS`/`BS` → sorted, de-duplicated
/// arrays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(title = "ferrocdk change line"))]
pub struct ChangeLine {
    /// The change record's `eventID`.
    #[serde(rename = "eventID")]
    pub event_id: String,
    /// `INSERT`, `MODIFY` or `REMOVE`.
    #[serde(rename = "eventName")]
    pub event_name: EventName,
    /// The table name; `null` for records that carry none (DynamoDB Streams).
    #[serde(rename = "tableName")]
    #[cfg_attr(feature = "schema", schemars(required))]
    pub table_name: Option<String>,
    /// The region of the change.
    #[serde(rename = "awsRegion")]
    pub aws_region: String,
    /// `YYYY-MM-DDTHH:MM:SS.fffZ` or `.ffffffZ` (UTC); `null` without a timestamp.
    #[serde(rename = "approximateCreationDateTime")]
    #[cfg_attr(feature = "schema", schemars(required))]
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.(\d{3}|\d{6})Z$"))
    )]
    pub approximate_creation_date_time: Option<String>,
    /// A REMOVE made by DynamoDB's TTL process.
    #[serde(rename = "isTtlDelete")]
    pub is_ttl_delete: bool,
    /// The item's key attributes.
    pub keys: Map<String, Value>,
    /// The item after the change; `null` for REMOVE.
    #[serde(rename = "newImage")]
    #[cfg_attr(feature = "schema", schemars(required))]
    pub new_image: Option<Map<String, Value>>,
    /// The item before the change; `null` on INSERT. The member is left out entirely when
    /// the drop-old-image option is on (`None` here; `Some(None)` is `null`).
    #[serde(
        rename = "oldImage",
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_old",
        deserialize_with = "de_old"
    )]
    pub old_image: Option<Option<Map<String, Value>>>,
}

#[allow(clippy::ref_option)]
fn ser_old<S: Serializer>(v: &Option<Option<Map<String, Value>>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(inner) => inner.serialize(s),
        None => s.serialize_none(),
    }
}

fn de_old<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Map<String, Value>>>, D::Error> {
    Option::<Map<String, Value>>::deserialize(d).map(Some)
}

/// The JSON Schema of [`ChangeLine`], pretty-printed with a trailing newline: the content of
/// `schemas/change-line.schema.json`. Needs the `schema` feature.
#[cfg(feature = "schema")]
pub fn change_line_schema() -> String {
    let schema = schemars::schema_for!(ChangeLine);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
