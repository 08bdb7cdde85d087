//! Lifecycle rules of a bucket.

use ferrocdk_core::rules;
use ferrocdk_core::SynthContext;
use serde_json::{json, Map, Value};

/// A storage class objects can move to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)
)]
pub enum StorageClass {
    /// `STANDARD_IA` (minimum 30 days after creation).
    #[cfg_attr(feature = "serde", serde(rename = "STANDARD_IA"))]
    InfrequentAccess,
    /// `INTELLIGENT_TIERING`.
    #[cfg_attr(feature = "serde", serde(rename = "INTELLIGENT_TIERING"))]
    IntelligentTiering,
    /// `GLACIER_IR` (Glacier Instant Retrieval).
    #[cfg_attr(feature = "serde", serde(rename = "GLACIER_IR"))]
    GlacierInstantRetrieval,
    /// `GLACIER` (Glacier Flexible Retrieval).
    #[cfg_attr(feature = "serde", serde(rename = "GLACIER"))]
    Glacier,
    /// `DEEP_ARCHIVE`.
    #[cfg_attr(feature = "serde", serde(rename = "DEEP_ARCHIVE"))]
    DeepArchive,
}

impl StorageClass {
    fn as_str(self) -> &'static str {
        match self {
            StorageClass::InfrequentAccess => "STANDARD_IA",
            StorageClass::IntelligentTiering => "INTELLIGENT_TIERING",
            StorageClass::GlacierInstantRetrieval => "GLACIER_IR",
            StorageClass::Glacier => "GLACIER",
            StorageClass::DeepArchive => "DEEP_ARCHIVE",
        }
    }
}

/// One lifecycle rule: expire and/or transition objects under a prefix.
///
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-rule.html>
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct LifecycleRule {
    id: String,
    prefix: Option<String>,
    expiration_days: Option<u32>,
    transitions: Vec<(StorageClass, u32)>,
    abort_multipart_days: Option<u32>,
}

impl LifecycleRule {
    /// A rule with the given `Id` (1–255 characters), applying to the whole bucket by default.
    pub fn new(id: impl Into<String>) -> Self {
        LifecycleRule {
            id: id.into(),
            prefix: None,
            expiration_days: None,
            transitions: Vec::new(),
            abort_multipart_days: None,
        }
    }

    /// Only objects under this key prefix. Default: all objects.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-rule.html#cfn-s3-bucket-rule-prefix>
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// `ExpirationInDays` (≥ 1). Default: objects never expire.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-rule.html#cfn-s3-bucket-rule-expirationindays>
    pub fn expiration_days(mut self, days: u32) -> Self {
        self.expiration_days = Some(days);
        self
    }

    /// Adds a transition to `class` after `days` days. Default: none.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-rule.html#cfn-s3-bucket-rule-transitions>
    pub fn transition(mut self, class: StorageClass, days: u32) -> Self {
        self.transitions.push((class, days));
        self
    }

    /// `AbortIncompleteMultipartUpload.DaysAfterInitiation` (≥ 1). Default: not set.
    ///
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-rule.html#cfn-s3-bucket-rule-abortincompletemultipartupload>
    pub fn abort_incomplete_multipart_days(mut self, days: u32) -> Self {
        self.abort_multipart_days = Some(days);
        self
    }

    pub(crate) fn render(&self, ctx: &mut SynthContext<'_>, index: usize) -> Value {
        let prop = format!("LifecycleConfiguration.Rules.{index}");
        if self.id.is_empty() || self.id.chars().count() > 255 {
            ctx.error(
                &rules::S3_LIFECYCLE_ID,
                &prop,
                format!("{:?}", self.id),
                "an Id of 1–255 characters",
            );
        }
        if self.expiration_days.is_none()
            && self.transitions.is_empty()
            && self.abort_multipart_days.is_none()
        {
            ctx.error(
                &rules::S3_LIFECYCLE_EMPTY,
                &prop,
                "a rule with no action",
                "at least one of expiration, transition or abort-incomplete-multipart-upload",
            );
        }
        for (what, d) in [
            ("ExpirationInDays", self.expiration_days),
            ("AbortIncompleteMultipartUpload", self.abort_multipart_days),
        ] {
            if d == Some(0) {
                ctx.error(
                    &rules::S3_LIFECYCLE_DAYS,
                    &format!("{prop}.{what}"),
                    "0",
                    "at least 1 day",
                );
            }
        }
        for (class, days) in &self.transitions {
            if *class == StorageClass::InfrequentAccess && *days < 30 {
                ctx.error(
                    &rules::S3_LIFECYCLE_DAYS,
                    &format!("{prop}.Transitions"),
                    format!("{days} days to STANDARD_IA"),
                    "at least 30 days for STANDARD_IA",
                );
            }
            if let Some(exp) = self.expiration_days {
                if exp <= *days {
                    ctx.error(
                        &rules::S3_LIFECYCLE_DAYS,
                        &format!("{prop}.Transitions"),
                        format!("a transition after {days} days with expiration after {exp} days"),
                        "transitions before the expiration",
                    );
                }
            }
        }
        let mut m = Map::new();
        m.insert("Id".into(), json!(self.id));
        m.insert("Status".into(), json!("Enabled"));
        if let Some(p) = &self.prefix {
            m.insert("Prefix".into(), json!(p));
        }
        if let Some(d) = self.expiration_days {
            m.insert("ExpirationInDays".into(), json!(d));
        }
        if !self.transitions.is_empty() {
            let t: Vec<Value> = self
                .transitions
                .iter()
                .map(|(c, d)| json!({ "StorageClass": c.as_str(), "TransitionInDays": d }))
                .collect();
            m.insert("Transitions".into(), Value::Array(t));
        }
        if let Some(d) = self.abort_multipart_days {
            m.insert(
                "AbortIncompleteMultipartUpload".into(),
                json!({ "DaysAfterInitiation": d }),
            );
        }
        Value::Object(m)
    }
}
