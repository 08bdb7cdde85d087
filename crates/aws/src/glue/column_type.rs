//! The SQL types a declared item attribute can be read as.

/// How a declared item attribute is typed in query results (and in the Parquet schema).
///
/// The change lines keep every image as JSON text (lossless); a typed column is read from it
/// with `json_extract_scalar` and `TRY_CAST`, so a value that does not fit the type reads as
/// `NULL` while the JSON text keeps it.
///
/// With the `serde` feature, a type is written as the Glue catalog names it (`"string"`,
/// `"boolean"`, `"bigint"`, `"double"`, `{"decimal": {"precision": 12, "scale": 2}}`), and
/// `"json"` for the JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)
)]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub enum ColumnType {
    /// `varchar`: a string attribute (`S`), or the canonical text of a number or base64 of bytes.
    String,
    /// `boolean` (`BOOL`).
    Boolean,
    /// `bigint`: a number attribute with integer values in the 64-bit range.
    #[cfg_attr(feature = "serde", serde(rename = "bigint"))]
    BigInt,
    /// `double`: a number attribute read as a binary float (may round).
    Double,
    /// `decimal(precision, scale)`: a number attribute read exactly (precision 1–38, scale
    /// 0–precision).
    Decimal {
        /// Total digits, 1–38.
        #[cfg_attr(feature = "serde", schemars(range(min = 1, max = 38)))]
        precision: u8,
        /// Digits after the point, 0–precision.
        #[cfg_attr(feature = "serde", schemars(range(max = 38)))]
        scale: u8,
    },
    /// The attribute's JSON text (a map, list or set), as `varchar`.
    Json,
}

impl ColumnType {
    /// The Trino (Athena engine 3) type name.
    pub(crate) fn sql(self) -> String {
        match self {
            ColumnType::String | ColumnType::Json => "varchar".into(),
            ColumnType::Boolean => "boolean".into(),
            ColumnType::BigInt => "bigint".into(),
            ColumnType::Double => "double".into(),
            ColumnType::Decimal { precision, scale } => format!("decimal({precision},{scale})"),
        }
    }

    /// What is wrong with the type, if anything.
    pub(crate) fn problem(self) -> Option<String> {
        match self {
            ColumnType::Decimal { precision, scale }
                if !(1..=38).contains(&precision) || scale > precision =>
            {
                Some(format!("decimal({precision},{scale})"))
            }
            _ => None,
        }
    }
}
