//! `QueryWorkgroup`: an Athena workgroup with named queries over a `ChangeLogTable`.

use super::build::Builder;
use super::construct::{common, construct_props};
use super::resolve::{Handle, CATALOG, WORKGROUP};
use super::*;
use ferrocdk_aws::athena::{QueryWorkgroup, ResultsEncryption};
use ferrocdk_aws::iam::Grant;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

construct_props! {
    /// An Athena workgroup (engine 3, results encrypted, settings enforced, bytes-scanned
    /// cutoff) with named queries for each source table of a `ChangeLogTable`: state as of a
    /// time, history of one item, changes between two times, TTL deletes.
    pub struct QueryWorkgroupProps {
        required {
            /// The id of the `ChangeLogTable` the queries read.
            catalog: String,
        }
        optional {
            /// Where query results go. Default: the change-log bucket, `athena-results/`.
            results_location: ResultsLocationProps,
            /// `SSE_KMS` results with this customer-managed key (the id of a `Key` defined
            /// before, or a key ARN); callers granted `runQueries` may use it. Default:
            /// `SSE_S3`.
            results_key: StringValue,
            /// `BytesScannedCutoffPerQuery` (at least 10,000,000). Default: 100,000,000,000.
            #[schemars(extend("minimum" = 10_000_000))]
            bytes_scanned_cutoff: u64,
            /// `Name` (1–128 of `[a-zA-Z0-9._-]`). Default: `<stack name>-<id>`.
            #[schemars(extend("pattern" = "^[a-zA-Z0-9._-]{1,128}$"))]
            workgroup_name: String,
        }
    }
}

/// A bucket and prefix for query results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResultsLocationProps {
    /// The id of a `Bucket`, or `{"existingName": …}`.
    pub bucket: BucketReference,
    /// The key prefix, ending with `/` (e.g. `"athena-results/"`).
    pub prefix: String,
}

impl QueryWorkgroupProps {
    /// Where synth's findings on CloudFormation properties are placed in the file:
    /// `(property, member)`, `*` standing for a list index.
    pub(super) const PLACES: &'static [(&'static str, &'static str)] = &[
        ("Name", "workgroupName"),
        (
            "WorkGroupConfiguration.BytesScannedCutoffPerQuery",
            "bytesScannedCutoff",
        ),
        (
            "WorkGroupConfiguration.ResultConfiguration.OutputLocation",
            "resultsLocation",
        ),
        (
            "WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.KmsKey",
            "resultsKey",
        ),
    ];

    /// Adds the construct through its builder; `None` when a reference or value could not
    /// be resolved (reported).
    pub(super) fn lower(&self, b: &mut Builder) -> Option<Handle> {
        let p = self;
        let mut ok = true;
        let at = b.at("catalog");
        let catalog = match b.lookup(
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
            match b.bucket_ref("resultsLocation.bucket", &r.bucket) {
                Some(bucket) => w = w.results_location(&bucket, r.prefix.clone()),
                None => ok = false,
            }
        }
        if let Some(k) = &p.results_key {
            if let Some(key) = b.key(&mut ok, "resultsKey", k) {
                w = w.results_encryption(ResultsEncryption::Kms(key));
            }
        }
        if let Some(v) = p.bytes_scanned_cutoff {
            w = w.bytes_scanned_cutoff(v);
        }
        if let Some(v) = &p.workgroup_name {
            w = w.workgroup_name(v.clone());
        }
        ok.then(|| Handle::Workgroup(b.stack.add(w)))
    }
}

impl Builder {
    /// The `runQueries` grant: what a caller needs to run the named queries of the
    /// `QueryWorkgroup` with this id.
    pub(super) fn run_queries_grant(&mut self, property: String, id: &str) -> Option<Grant> {
        match self.lookup(
            property,
            id,
            &WORKGROUP,
            &|h| matches!(h, Handle::Workgroup(_)),
            &|_| None,
        )? {
            Handle::Workgroup(w) => Some(w.grant_run_queries()),
            _ => None,
        }
    }
}
