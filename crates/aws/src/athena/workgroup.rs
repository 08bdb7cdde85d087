//! `AWS::Athena::WorkGroup` and its `AWS::Athena::NamedQuery`s over a change-log table.

use super::queries::{self, QueryKind};
use crate::glue::ChangeLogTableRef;
use crate::iam::{Grant, Statement};
use crate::kms::KeyRef;
use crate::s3::BucketRef;
use ferrocdk_core::rules;
use ferrocdk_core::{Common, Construct, ConstructProps, Expr, Resource, SynthContext, Target};
use serde_json::{json, Map, Value};

/// The default bytes-scanned cutoff per query: 100 GB (at Athena's $5 per TB, at most $0.50
/// a query).
pub const DEFAULT_BYTES_SCANNED_CUTOFF: u64 = 100_000_000_000;

/// How query results are encrypted.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultsEncryption {
    /// `SSE_S3` (the default).
    S3Managed,
    /// `SSE_KMS` with a customer-managed key.
    Kms(KeyRef),
}

/// An Athena workgroup for the change log, with one named query of each [`QueryKind`] per
/// source table of the catalog.
///
/// Defines `<Id>` (`AWS::Athena::WorkGroup`, named `<stack>-<id>`: engine version 3, results
/// encrypted, the workgroup's settings enforced over the client's, a bytes-scanned cutoff,
/// CloudWatch metrics on) and `<Id><Table><Kind>` (`AWS::Athena::NamedQuery`). Results go to
/// `athena-results/` in the change-log bucket unless [`QueryWorkgroup::results_location`] says
/// otherwise. A named query cannot be edited in place: a changed query replaces it (new
/// `NamedQueryId`).
///
/// Run one with `aws athena start-query-execution --work-group <name> --query-string <SQL>
/// --execution-parameters "'2026-05-01T09:00:00Z'"` (see the README, "Querying the change log").
#[derive(Debug, Clone)]
#[must_use]
pub struct QueryWorkgroup {
    id: String,
    common: Common,
    table: ChangeLogTableRef,
    results: Option<(BucketRef, String)>,
    encryption: ResultsEncryption,
    cutoff: u64,
    name: Option<String>,
}

impl QueryWorkgroup {
    /// A workgroup with named queries over `table`.
    pub fn new(id: impl Into<String>, table: &ChangeLogTableRef) -> Self {
        QueryWorkgroup {
            id: id.into(),
            common: Common::default(),
            table: table.clone(),
            results: None,
            encryption: ResultsEncryption::S3Managed,
            cutoff: DEFAULT_BYTES_SCANNED_CUTOFF,
            name: None,
        }
    }

    /// `ResultConfiguration.OutputLocation`: `s3://<bucket>/<prefix>` (`prefix` ends with `/`
    /// and must not lie under the change log's own prefix). Default: the change-log bucket,
    /// `athena-results/`.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-athena-workgroup-resultconfiguration.html>
    pub fn results_location(mut self, bucket: &BucketRef, prefix: impl Into<String>) -> Self {
        self.results = Some((bucket.clone(), prefix.into()));
        self
    }

    /// `ResultConfiguration.EncryptionConfiguration`. Default: [`ResultsEncryption::S3Managed`].
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-athena-workgroup-encryptionconfiguration.html>
    pub fn results_encryption(mut self, encryption: ResultsEncryption) -> Self {
        self.encryption = encryption;
        self
    }

    /// `BytesScannedCutoffPerQuery` (at least 10,000,000): a query that would scan more is
    /// cancelled. Default: [`DEFAULT_BYTES_SCANNED_CUTOFF`].
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-athena-workgroup-workgroupconfiguration.html>
    pub fn bytes_scanned_cutoff(mut self, bytes: u64) -> Self {
        self.cutoff = bytes;
        self
    }

    /// `Name` (1–128 of `[a-zA-Z0-9._-]`; a changed name replaces the workgroup). Default:
    /// `<stack name>-<construct id>`.
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-athena-workgroup.html#cfn-athena-workgroup-name>
    pub fn workgroup_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl ConstructProps for QueryWorkgroup {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }
}

/// Athena actions a caller needs to run the workgroup's named queries and read their results.
pub const QUERY_ACTIONS: &[&str] = &[
    "athena:BatchGetNamedQuery",
    "athena:GetNamedQuery",
    "athena:GetQueryExecution",
    "athena:GetQueryResults",
    "athena:GetWorkGroup",
    "athena:ListNamedQueries",
    "athena:StartQueryExecution",
    "athena:StopQueryExecution",
];
/// Glue actions Athena needs, as the caller, on the catalog table.
pub const CATALOG_READ_ACTIONS: &[&str] = &["glue:GetDatabase", "glue:GetTable"];

/// A handle to a query workgroup.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryWorkgroupRef {
    target: Target,
    table: ChangeLogTableRef,
    results: (BucketRef, String),
    encryption: ResultsEncryption,
}

impl QueryWorkgroupRef {
    /// The workgroup name, `{"Ref": id}`.
    #[must_use]
    pub fn name(&self) -> Expr {
        Expr::Ref(self.target.clone())
    }

    /// What a caller (a role, a user) needs to run the named queries: the Athena actions on
    /// this workgroup; `glue:GetDatabase`/`glue:GetTable` on the catalog, its database and
    /// table; `s3:GetObject` on the change log's objects and `s3:ListBucket` on its bucket
    /// (and `kms:Decrypt` on the bucket's customer-managed key, through S3 and for that bucket
    /// only, when it has one); the results prefix read and written; and the results key's
    /// `kms:GenerateDataKey` and `kms:Decrypt` with SSE-KMS.
    ///
    /// ```
    /// # use ferrocdk_aws::{athena::QueryWorkgroup, dynamodb::{Attribute, Table}, firehose::{DeliveryStream, S3Destination}, glue::{ChangeLogTable, SourceTable}, s3::Bucket};
    /// # let mut stack = ferrocdk_core::Stack::new("Demo");
    /// # let table = stack.add(Table::new("Orders", Attribute::string("pk")));
    /// # let bucket = stack.add(Bucket::new("Log"));
    /// # let ds = stack.add(DeliveryStream::new("ToS3", S3Destination::new(&bucket)));
    /// # let catalog = stack.add(ChangeLogTable::new("Catalog", &ds, SourceTable::new(&table)));
    /// let queries = stack.add(QueryWorkgroup::new("Queries", &catalog));
    /// let grant = queries.grant_run_queries();
    /// assert_eq!(grant.statements()[0].actions()[6], "athena:StartQueryExecution");
    /// ```
    pub fn grant_run_queries(&self) -> Grant {
        let workgroup = Expr::arn(
            "athena",
            true,
            true,
            [Expr::from("workgroup/"), self.name()],
        );
        let glue = |parts: Vec<Expr>| Expr::arn("glue", true, true, parts);
        let db = self.table.database_name();
        let mut buckets = vec![self.table.output.bucket.arn()];
        if self.results.0 != self.table.output.bucket {
            buckets.push(self.results.0.arn());
        }
        let mut statements = vec![
            Statement::allow(QUERY_ACTIONS, [workgroup]),
            Statement::allow(
                CATALOG_READ_ACTIONS,
                [
                    glue(vec![Expr::from("catalog")]),
                    glue(vec![Expr::from("database/"), db.clone()]),
                    glue(vec![
                        Expr::from("table/"),
                        db,
                        Expr::from("/"),
                        self.table.name(),
                    ]),
                ],
            ),
            Statement::allow(
                &["s3:GetObject"],
                [Expr::join([
                    self.table.output.bucket.arn(),
                    Expr::from("/*"),
                ])],
            ),
            Statement::allow(&["s3:GetBucketLocation", "s3:ListBucket"], buckets),
            Statement::allow(
                &["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
                [Expr::join([
                    self.results.0.arn(),
                    Expr::from(format!("/{}*", self.results.1)),
                ])],
            ),
        ];
        statements.extend(
            self.table
                .output
                .bucket
                .grant_key_for_readers()
                .statements()
                .iter()
                .cloned(),
        );
        if let ResultsEncryption::Kms(key) = &self.encryption {
            statements.push(Statement::allow(
                &["kms:Decrypt", "kms:GenerateDataKey"],
                [key.arn()],
            ));
        }
        Grant::new(statements)
    }
}

impl Construct for QueryWorkgroup {
    type Handle = QueryWorkgroupRef;

    fn id(&self) -> &str {
        &self.id
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn handle(&self, target: Target) -> QueryWorkgroupRef {
        QueryWorkgroupRef {
            target,
            table: self.table.clone(),
            results: self.effective_results(),
            encryption: self.encryption.clone(),
        }
    }

    fn synth(&self, ctx: &mut SynthContext<'_>) {
        let name = self
            .name
            .clone()
            .unwrap_or_else(|| format!("{}-{}", ctx.stack_name(), self.id));
        let name_ok = (1..=128).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !name_ok {
            ctx.error(
                &rules::ATHENA_WORKGROUP_NAME,
                "Name",
                format!("{name:?}"),
                "1–128 of [a-zA-Z0-9._-]",
            );
        }
        if self.cutoff < 10_000_000 {
            ctx.error(
                &rules::ATHENA_BYTES_SCANNED_CUTOFF,
                "WorkGroupConfiguration.BytesScannedCutoffPerQuery",
                self.cutoff.to_string(),
                "at least 10,000,000 bytes",
            );
        }
        let (bucket, prefix) = self.results.clone().unwrap_or_else(|| {
            (
                self.table.output.bucket.clone(),
                "athena-results/".to_owned(),
            )
        });
        self.check_results(ctx, &bucket, &prefix);
        let location = ctx.value(
            "WorkGroupConfiguration.ResultConfiguration.OutputLocation",
            &Expr::join([
                Expr::from("s3://"),
                bucket.name(),
                Expr::from(format!("/{prefix}")),
            ]),
        );
        let encryption = match &self.encryption {
            ResultsEncryption::S3Managed => json!({ "EncryptionOption": "SSE_S3" }),
            ResultsEncryption::Kms(key) => {
                let p = "WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.KmsKey";
                key.check(ctx, p);
                json!({ "EncryptionOption": "SSE_KMS", "KmsKey": ctx.value(p, &key.arn()) })
            }
        };
        let mut results = Map::new();
        results.insert("OutputLocation".into(), location);
        results.insert("EncryptionConfiguration".into(), encryption);
        if bucket.is_owned() {
            let owner = ctx.value(
                "WorkGroupConfiguration.ResultConfiguration.ExpectedBucketOwner",
                &Expr::Pseudo(ferrocdk_core::Pseudo::AccountId),
            );
            results.insert("ExpectedBucketOwner".into(), owner);
        }
        let id = ctx.logical_id().to_owned();
        ctx.define(
            id.clone(),
            Resource::new("AWS::Athena::WorkGroup")
                .prop("Name", name)
                .prop(
                    "Description",
                    format!(
                        "Queries over the change log of {} (ferrocdk)",
                        ctx.stack_name()
                    ),
                )
                .prop("State", "ENABLED")
                .prop(
                    "WorkGroupConfiguration",
                    json!({
                        "EnforceWorkGroupConfiguration": true,
                        "PublishCloudWatchMetricsEnabled": true,
                        "BytesScannedCutoffPerQuery": self.cutoff,
                        "EngineVersion": { "SelectedEngineVersion": "Athena engine version 3" },
                        "ResultConfiguration": Value::Object(results),
                    }),
                )
                .taggable(),
        );
        for source in &self.table.sources {
            for kind in QueryKind::ALL {
                let qid = format!("{id}{}{}", source.label, kind.id_suffix());
                let database = ctx.value("Database", &self.table.database_name());
                let workgroup = ctx.value("WorkGroup", &ctx.ref_(&id));
                let query = queries::query(kind, &self.table, source);
                let title = format!("{}: {}", source.label, kind.title());
                let text_len = query
                    .as_literal()
                    .map_or_else(|| query.to_json().to_string().len(), str::len);
                if title.len() > 128 || text_len > 262_144 {
                    ctx.error(
                        &rules::ATHENA_NAMED_QUERY,
                        &format!("{qid}.Name"),
                        format!("a name of {} characters and a query of {text_len} bytes", title.len()),
                        "a name of at most 128 characters (a shorter table label) and a query string of at most 262,144 bytes (fewer declared attributes)",
                    );
                }
                let sql = ctx.value("QueryString", &query);
                ctx.define(
                    qid,
                    Resource::new("AWS::Athena::NamedQuery")
                        .prop("Name", title)
                        .prop("Description", queries::description(kind, source))
                        .prop("Database", database)
                        .prop("WorkGroup", workgroup)
                        .prop("QueryString", sql),
                );
            }
        }
    }
}

impl QueryWorkgroup {
    /// The results bucket and prefix: as set, else the change-log bucket's `athena-results/`.
    fn effective_results(&self) -> (BucketRef, String) {
        self.results.clone().unwrap_or_else(|| {
            (
                self.table.output.bucket.clone(),
                "athena-results/".to_owned(),
            )
        })
    }

    fn check_results(&self, ctx: &mut SynthContext<'_>, bucket: &BucketRef, prefix: &str) {
        const P: &str = "WorkGroupConfiguration.ResultConfiguration.OutputLocation";
        if prefix.is_empty() || !prefix.ends_with('/') || prefix.starts_with('/') {
            ctx.error(
                &rules::ATHENA_RESULTS_LOCATION,
                P,
                format!("prefix {prefix:?}"),
                "a prefix such as \"athena-results/\": not empty, ending with '/', not starting with '/'",
            );
        }
        if *bucket == self.table.output.bucket {
            let log = self.table.output.prefix.split("!{").next().unwrap_or("");
            let log_dir = &log[..log.rfind('/').map_or(0, |i| i + 1)];
            if log_dir.is_empty() || prefix.starts_with(log_dir) {
                ctx.error(
                    &rules::ATHENA_RESULTS_LOCATION,
                    P,
                    format!("results under {prefix:?} in the change-log bucket, whose log lies under {log:?}"),
                    "a results prefix outside the change log's prefix (Athena would read its own results as changes)",
                );
            }
        }
    }
}
