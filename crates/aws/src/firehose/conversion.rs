//! Record format conversion to Parquet (`DataFormatConversionConfiguration`), with the schema
//! derived from the record contract and the declared attributes.

use crate::glue::columns::{self, TYPED_COLUMN};
use crate::glue::ColumnType;
use crate::iam::Statement;
use ferrocdk_core::rules;
use ferrocdk_core::{Expr, Pseudo, Resource, SynthContext};
use serde_json::{json, Value};

/// Actions Firehose needs on the schema table.
pub const GLUE_SCHEMA_ACTIONS: &[&str] = &[
    "glue:GetTable",
    "glue:GetTableVersion",
    "glue:GetTableVersions",
];

/// The Parquet compression Firehose's serializer applies (`ParquetSerDe.Compression`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)
)]
pub enum ParquetCompression {
    /// `SNAPPY` (the default).
    #[cfg_attr(feature = "serde", serde(rename = "SNAPPY"))]
    Snappy,
    /// `GZIP`.
    #[cfg_attr(feature = "serde", serde(rename = "GZIP"))]
    Gzip,
    /// `UNCOMPRESSED`.
    #[cfg_attr(feature = "serde", serde(rename = "UNCOMPRESSED"))]
    Uncompressed,
}

/// Firehose converts the change lines to Parquet before writing them.
///
/// The schema is the record contract's columns (keys and images as JSON text: every line fits),
/// plus `newitem struct<…>` holding the declared attributes of the new image, typed. Firehose
/// reads the schema from a Glue table the delivery stream defines (`<Id>Schema`, in database
/// `<Id>SchemaDatabase`). Source-record backup is turned on: a record that conversion rejects is
/// written under the error prefix (`format-conversion-failed/`), and its raw input is kept under
/// `source-records/`. Conversion needs buffers of at least 64 MB (default 128 MB), writes its
/// own compression (so `CompressionFormat` is `UNCOMPRESSED`), and reads the built-in
/// transform's JSON lines.
/// <https://docs.aws.amazon.com/firehose/latest/dev/record-format-conversion.html>
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct ParquetConversion {
    pub(crate) attributes: Vec<(String, ColumnType)>,
    pub(crate) compression: ParquetCompression,
}

impl Default for ParquetConversion {
    fn default() -> Self {
        Self::new()
    }
}

impl ParquetConversion {
    /// Conversion with the contract's columns only.
    pub fn new() -> Self {
        ParquetConversion {
            attributes: Vec::new(),
            compression: ParquetCompression::Snappy,
        }
    }

    /// Declares an attribute of the new image as a typed field of `newitem`. Default: none.
    pub fn attribute(mut self, name: impl Into<String>, column_type: ColumnType) -> Self {
        self.attributes.push((name.into(), column_type));
        self
    }

    /// `ParquetSerDe.Compression`. Default: [`ParquetCompression::Snappy`].
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-parquetserde.html>
    pub fn compression(mut self, compression: ParquetCompression) -> Self {
        self.compression = compression;
        self
    }

    /// The Glue names of the schema table: `(database, table)`.
    pub(crate) fn schema_names(ctx: &SynthContext<'_>) -> (String, String) {
        let stack = crate::glue::snake_case(ctx.stack_name());
        let id = crate::glue::snake_case(ctx.logical_id());
        (format!("{stack}_{id}_schema"), "changes".to_owned())
    }

    /// `glue:GetTable*` on the schema table (and its catalog and database, which Glue checks too).
    pub(crate) fn statements(ctx: &SynthContext<'_>) -> Vec<Statement> {
        let (db, table) = Self::schema_names(ctx);
        let arn = |r: String| Expr::arn("glue", true, true, [Expr::from(r)]);
        vec![Statement::allow(
            GLUE_SCHEMA_ACTIONS,
            [
                arn("catalog".into()),
                arn(format!("database/{db}")),
                arn(format!("table/{db}/{table}")),
            ],
        )]
    }

    /// Reports problems with the declared attributes.
    pub(crate) fn check(&self, ctx: &mut SynthContext<'_>, property: &str) {
        let mut seen: Vec<String> = Vec::new();
        for (name, ty) in &self.attributes {
            let lower = name.to_lowercase();
            let ok_name = !name.is_empty()
                && name.len() <= 255
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !ok_name || seen.contains(&lower) {
                ctx.error(
                    &rules::FIREHOSE_CONVERSION_ATTRIBUTE,
                    property,
                    format!("attribute {name:?}"),
                    "1–255 of [A-Za-z0-9_], unique ignoring case (a Parquet struct field name)",
                );
            }
            if let Some(bad) = ty.problem() {
                ctx.error(
                    &rules::FIREHOSE_CONVERSION_ATTRIBUTE,
                    property,
                    bad,
                    "decimal(precision, scale) with precision 1–38 and scale 0–precision",
                );
            }
            seen.push(lower);
        }
    }

    /// Defines the schema database and table; returns `DataFormatConversionConfiguration`.
    pub(crate) fn render(
        &self,
        ctx: &mut SynthContext<'_>,
        role_arn: &Value,
        has_old_image: bool,
    ) -> Value {
        let (db, table) = Self::schema_names(ctx);
        let db_id = ctx.child_id("SchemaDatabase");
        let table_id = ctx.child_id("Schema");
        let catalog = ctx.value("CatalogId", &Expr::Pseudo(Pseudo::AccountId));
        ctx.define(
            db_id.clone(),
            Resource::new("AWS::Glue::Database")
                .prop("CatalogId", catalog.clone())
                .prop(
                    "DatabaseInput",
                    json!({ "Name": db, "Description": "Schema of the Parquet conversion (ferrocdk)" }),
                ),
        );
        let db_ref = ctx.value("DatabaseName", &ctx.ref_(&db_id));
        ctx.define(
            table_id.clone(),
            Resource::new("AWS::Glue::Table")
                .prop("CatalogId", catalog.clone())
                .prop("DatabaseName", db_ref.clone())
                .prop(
                    "TableInput",
                    json!({
                        "Name": table,
                        "Description": "The change lines' schema for Firehose record format conversion (ferrocdk)",
                        "TableType": "EXTERNAL_TABLE",
                        "Parameters": { "classification": "parquet" },
                        "StorageDescriptor": {
                            "Columns": columns::columns(has_old_image, &self.attributes),
                            "InputFormat": PARQUET_INPUT,
                            "OutputFormat": PARQUET_OUTPUT,
                            "SerdeInfo": { "SerializationLibrary": PARQUET_SERDE }
                        }
                    }),
                ),
        );
        let table_ref = ctx.value(
            "ExtendedS3DestinationConfiguration.DataFormatConversionConfiguration.SchemaConfiguration.TableName",
            &ctx.ref_(&table_id),
        );
        let region = ctx.value("Region", &Expr::Pseudo(Pseudo::Region));
        let mut deserializer = json!({ "CaseInsensitive": true });
        if !self.attributes.is_empty() {
            deserializer["ColumnToJsonKeyMappings"] = json!({ TYPED_COLUMN: "newImage" });
        }
        json!({
            "Enabled": true,
            "InputFormatConfiguration": { "Deserializer": { "OpenXJsonSerDe": deserializer } },
            "OutputFormatConfiguration": {
                "Serializer": { "ParquetSerDe": { "Compression": match self.compression {
                    ParquetCompression::Snappy => "SNAPPY",
                    ParquetCompression::Gzip => "GZIP",
                    ParquetCompression::Uncompressed => "UNCOMPRESSED",
                } } }
            },
            "SchemaConfiguration": {
                "CatalogId": catalog,
                "DatabaseName": db_ref,
                "TableName": table_ref,
                "Region": region,
                "RoleARN": role_arn,
                "VersionId": "LATEST"
            }
        })
    }
}

/// Hive's Parquet classes, as Glue names them.
pub(crate) const PARQUET_INPUT: &str =
    "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
pub(crate) const PARQUET_OUTPUT: &str =
    "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
pub(crate) const PARQUET_SERDE: &str =
    "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
