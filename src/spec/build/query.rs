//! Building `ChangeLogTable` and `QueryWorkgroup` from a stack file.

use super::{common, Builder, Handle, Want, BUCKET, TABLE};
use crate::spec::props::BucketReference;
use crate::spec::query_props::{
    ChangeLogTableProps, ColumnTypeSpec, ParquetCompressionName, ParquetProps, QueryWorkgroupProps,
};
use ferrocdk_aws::athena::{QueryWorkgroup, ResultsEncryption};
use ferrocdk_aws::firehose::{ParquetCompression, ParquetConversion};
use ferrocdk_aws::glue::{ChangeLogTable, ColumnType, SourceTable};
use ferrocdk_aws::kms::KeyRef;
use ferrocdk_aws::s3::Bucket;

const DELIVERY: Want = Want {
    what: "a DeliveryStream",
    also: "",
};
const WORKGROUP: Want = Want {
    what: "a QueryWorkgroup",
    also: "",
};
const CATALOG: Want = Want {
    what: "a ChangeLogTable",
    also: "",
};

fn column_type(t: ColumnTypeSpec) -> ColumnType {
    match t {
        ColumnTypeSpec::String => ColumnType::String,
        ColumnTypeSpec::Boolean => ColumnType::Boolean,
        ColumnTypeSpec::BigInt => ColumnType::BigInt,
        ColumnTypeSpec::Double => ColumnType::Double,
        ColumnTypeSpec::Json => ColumnType::Json,
        ColumnTypeSpec::Decimal(d) => ColumnType::Decimal {
            precision: d.precision,
            scale: d.scale,
        },
    }
}

/// The Parquet conversion of a destination.
pub(super) fn parquet(p: &ParquetProps) -> ParquetConversion {
    let mut c = ParquetConversion::new();
    for (name, ty) in p.attributes.iter().flatten() {
        c = c.attribute(name.clone(), column_type(*ty));
    }
    if let Some(x) = p.compression {
        c = c.compression(match x {
            ParquetCompressionName::Snappy => ParquetCompression::Snappy,
            ParquetCompressionName::Gzip => ParquetCompression::Gzip,
            ParquetCompressionName::Uncompressed => ParquetCompression::Uncompressed,
        });
    }
    c
}

impl Builder {
    pub(super) fn change_log_table(&mut self, p: &ChangeLogTableProps) -> Option<Handle> {
        let mut ok = true;
        let mut sources = Vec::new();
        if p.source_tables.is_empty() {
            self.report(
                "file-value",
                self.at("sourceTables"),
                "an empty list",
                "at least one source table",
            );
            ok = false;
        }
        for (i, s) in p.source_tables.iter().enumerate() {
            let at = self.at(&format!("sourceTables[{i}].table"));
            match self.lookup(
                at,
                &s.table,
                &TABLE,
                &|h| matches!(h, Handle::Table(_)),
                &|_| None,
            ) {
                Some(Handle::Table(t)) => {
                    let mut source = SourceTable::new(t);
                    for (name, ty) in s.attributes.iter().flatten() {
                        source = source.attribute(name.clone(), column_type(*ty));
                    }
                    sources.push(source);
                }
                _ => ok = false,
            }
        }
        let at = self.at("deliveryStream");
        let delivery = |h: &Handle| matches!(h, Handle::DirectPut(_) | Handle::KinesisFed(_));
        let mut sources = sources.into_iter();
        let first = sources.next();
        let c = match (
            self.lookup(at, &p.delivery_stream, &DELIVERY, &delivery, &|_| None),
            first,
        ) {
            (Some(Handle::DirectPut(d)), Some(s)) => ChangeLogTable::new(&p.id, d, s),
            (Some(Handle::KinesisFed(d)), Some(s)) => ChangeLogTable::new(&p.id, d, s),
            _ => return None,
        };
        let mut c = common(c, &p.logical_id, &p.tags);
        for s in sources {
            c = c.source_table(s);
        }
        if let Some(v) = &p.database_name {
            c = c.database_name(v.clone());
        }
        if let Some(v) = &p.table_name {
            c = c.table_name(v.clone());
        }
        if let Some(v) = &p.projection_start {
            c = c.projection_start(v.clone());
        }
        if let Some(v) = p.max_arrival_delay_hours {
            c = c.max_arrival_delay_hours(v);
        }
        ok.then(|| Handle::Catalog(self.stack.add(c)))
    }

    pub(super) fn workgroup_grant(
        &mut self,
        at: String,
        id: &str,
    ) -> Option<ferrocdk_aws::iam::Grant> {
        match self.lookup(
            at,
            id,
            &WORKGROUP,
            &|h| matches!(h, Handle::Workgroup(_)),
            &|_| None,
        ) {
            Some(Handle::Workgroup(w)) => Some(w.grant_run_queries()),
            _ => None,
        }
    }

    pub(super) fn query_workgroup(&mut self, p: &QueryWorkgroupProps) -> Option<Handle> {
        let mut ok = true;
        let at = self.at("catalog");
        let catalog = match self.lookup(
            at,
            &p.catalog,
            &CATALOG,
            &|h| matches!(h, Handle::Catalog(_)),
            &|_| None,
        ) {
            Some(Handle::Catalog(c)) => c.clone(),
            _ => return None,
        };
        let mut w = common(QueryWorkgroup::new(&p.id, &catalog), &p.logical_id, &p.tags);
        if let Some(r) = &p.results_location {
            let bucket = match &r.bucket {
                BucketReference::Id(id) => {
                    let at = self.at("resultsLocation.bucket");
                    match self.lookup(
                        at,
                        id,
                        &BUCKET,
                        &|h| matches!(h, Handle::Bucket(_)),
                        &|_| None,
                    ) {
                        Some(Handle::Bucket(b)) => Some(b.clone()),
                        _ => None,
                    }
                }
                BucketReference::Existing(e) => {
                    let at = self.at("resultsLocation.bucket.existingName");
                    self.expr(at, &e.existing_name).map(Bucket::from_name)
                }
            };
            match bucket {
                Some(b) => w = w.results_location(&b, r.prefix.clone()),
                None => ok = false,
            }
        }
        if let Some(k) = &p.results_key_arn {
            let at = self.at("resultsKeyArn");
            match self.expr(at, k) {
                Some(arn) => {
                    w = w.results_encryption(ResultsEncryption::Kms(KeyRef::from_arn(arn)))
                }
                None => ok = false,
            }
        }
        if let Some(v) = p.bytes_scanned_cutoff {
            w = w.bytes_scanned_cutoff(v);
        }
        if let Some(v) = &p.workgroup_name {
            w = w.workgroup_name(v.clone());
        }
        ok.then(|| Handle::Workgroup(self.stack.add(w)))
    }
}
