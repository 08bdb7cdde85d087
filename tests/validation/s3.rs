//! S3 buckets: names and lifecycle rules.

use super::*;

#[test]
fn s3_bucket_name() {
    let d = the_error(&bucket(|b| b.bucket_name("Change_Log")), "s3-bucket-name");
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "BucketName",
        &["\"Change_Log\""],
        &["3–63", "[a-z0-9.-]"],
    );
    assert!(bucket(|b| b.bucket_name("abc")).synth().is_ok());
    assert!(bucket(|b| b.bucket_name("a".repeat(63))).synth().is_ok());
    the_error(&bucket(|b| b.bucket_name("a".repeat(64))), "s3-bucket-name");
    the_error(&bucket(|b| b.bucket_name("-abc")), "s3-bucket-name");
    // An existing bucket, where a delivery stream uses it.
    let mut stack = Stack::new("V");
    stack.add(DeliveryStream::new(
        "ToS3",
        S3Destination::new(&Bucket::from_name("ab")),
    ));
    let d = the_error(&stack, "s3-bucket-name");
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.BucketARN"),
        &["\"ab\""],
        &["3–63"],
    );
}

#[test]
fn s3_lifecycle_id() {
    let d = the_error(
        &bucket(|b| b.lifecycle_rule(LifecycleRule::new("").expiration_days(30))),
        "s3-lifecycle-id",
    );
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "LifecycleConfiguration.Rules.0",
        &["\"\""],
        &["1–255 characters"],
    );
    assert!(
        bucket(|b| b.lifecycle_rule(LifecycleRule::new("r".repeat(255)).expiration_days(30)))
            .synth()
            .is_ok()
    );
    the_error(
        &bucket(|b| b.lifecycle_rule(LifecycleRule::new("r".repeat(256)).expiration_days(30))),
        "s3-lifecycle-id",
    );
}

#[test]
fn s3_lifecycle_empty() {
    let d = the_error(
        &bucket(|b| b.lifecycle_rule(LifecycleRule::new("Nothing").prefix("tmp/"))),
        "s3-lifecycle-empty",
    );
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "LifecycleConfiguration.Rules.0",
        &["no action"],
        &["expiration", "transition"],
    );
}

#[test]
fn s3_lifecycle_days() {
    let d = the_error(
        &bucket(|b| b.lifecycle_rule(LifecycleRule::new("Expire").expiration_days(0))),
        "s3-lifecycle-days",
    );
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "LifecycleConfiguration.Rules.0.ExpirationInDays",
        &["0"],
        &["at least 1 day"],
    );
    let d = the_error(
        &bucket(|b| {
            b.lifecycle_rule(
                LifecycleRule::new("ToIa").transition(StorageClass::InfrequentAccess, 29),
            )
        }),
        "s3-lifecycle-days",
    );
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "LifecycleConfiguration.Rules.0.Transitions",
        &["29 days to STANDARD_IA"],
        &["at least 30 days"],
    );
    assert!(bucket(|b| b.lifecycle_rule(
        LifecycleRule::new("ToIa").transition(StorageClass::InfrequentAccess, 30)
    ))
    .synth()
    .is_ok());
    let d = the_error(
        &bucket(|b| {
            b.lifecycle_rule(
                LifecycleRule::new("Late")
                    .transition(StorageClass::Glacier, 90)
                    .expiration_days(90),
            )
        }),
        "s3-lifecycle-days",
    );
    assert_diag(
        &d,
        E,
        "V/ChangeLog",
        "LifecycleConfiguration.Rules.0.Transitions",
        &["after 90 days", "expiration after 90 days"],
        &["before the expiration"],
    );
    let d = the_error(
        &bucket(|b| {
            b.lifecycle_rule(LifecycleRule::new("Abort").abort_incomplete_multipart_days(0))
        }),
        "s3-lifecycle-days",
    );
    assert_eq!(
        d.property,
        "LifecycleConfiguration.Rules.0.AbortIncompleteMultipartUpload"
    );
}
