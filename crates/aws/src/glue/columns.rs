//! The Glue columns of a change line (`docs/record-contract.md`), for both formats.

use super::ColumnType;
use serde_json::{json, Value};

/// Name, Hive type and comment of each column; the images and keys are JSON text.
const CONTRACT: [(&str, &str, &str); 9] = [
    (
        "eventid",
        "string",
        "The change's eventID (the same for every copy of a duplicated change).",
    ),
    ("eventname", "string", "INSERT, MODIFY or REMOVE."),
    ("tablename", "string", "The DynamoDB table name."),
    ("awsregion", "string", "The table's Region."),
    (
        "approximatecreationdatetime",
        "string",
        "When the change was made: ISO-8601 UTC with 3 or 6 fraction digits.",
    ),
    (
        "isttldelete",
        "boolean",
        "true for a REMOVE made by Time to Live.",
    ),
    ("keys", "string", "The item's key attributes, as JSON text."),
    (
        "newimage",
        "string",
        "The item after the change, as JSON text (null for REMOVE).",
    ),
    (
        "oldimage",
        "string",
        "The item before the change, as JSON text (null for INSERT).",
    ),
];

/// The typed copy of the new image (Parquet only): a struct of the declared attributes.
pub(crate) const TYPED_COLUMN: &str = "newitem";

/// The Hive type of a declared attribute inside the typed struct.
pub(crate) fn hive_type(t: ColumnType) -> String {
    match t {
        ColumnType::String | ColumnType::Json => "string".into(),
        ColumnType::Boolean => "boolean".into(),
        ColumnType::BigInt => "bigint".into(),
        ColumnType::Double => "double".into(),
        ColumnType::Decimal { precision, scale } => format!("decimal({precision},{scale})"),
    }
}

/// The `Columns` of the table: the contract's (without `oldimage` when the transform drops
/// it), then, when `typed` is not empty, `newitem struct<…>` of the declared attributes.
pub(crate) fn columns(has_old_image: bool, typed: &[(String, ColumnType)]) -> Vec<Value> {
    let mut out: Vec<Value> = CONTRACT
        .iter()
        .filter(|(name, _, _)| *name != "oldimage" || has_old_image)
        .map(|(name, ty, comment)| json!({ "Name": name, "Type": ty, "Comment": comment }))
        .collect();
    if !typed.is_empty() {
        let fields: Vec<String> = typed
            .iter()
            .map(|(n, t)| format!("{}:{}", n.to_lowercase(), hive_type(*t)))
            .collect();
        out.push(json!({
            "Name": TYPED_COLUMN,
            "Type": format!("struct<{}>", fields.join(",")),
            "Comment": "The declared attributes of the new image, typed (Parquet conversion reads them from newImage)."
        }));
    }
    out
}
