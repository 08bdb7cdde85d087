//! Names and ARNs checked the way AWS checks them (issue 10): every S3 general purpose bucket
//! naming rule, and the shape of every literal ARN — partition, service, region, account and
//! resource — including the literal parts of ARNs joined from pieces.

use crate::common::*;
use ferrocdk::prelude::*;
use ferrocdk::Severity;

const E: Severity = Severity::Error;

// ---------------------------------------------------------------- S3 bucket names

fn named(name: &str) -> Stack {
    let mut stack = Stack::new("V");
    stack.add(Bucket::new("ChangeLog").bucket_name(name));
    stack
}

fn existing(name: Expr) -> Stack {
    let mut stack = Stack::new("V");
    stack.add(DeliveryStream::new(
        "ToS3",
        S3Destination::new(&Bucket::from_name(name)),
    ));
    stack
}

#[test]
fn every_documented_bucket_naming_rule_is_applied() {
    // (name, what the diagnostic must say)
    let cases = [
        ("my..bucket", "two adjacent periods"),
        ("my-.bucket", "next to a period"),
        ("my.-bucket", "next to a period"),
        ("192.168.5.4", "IP address"),
        ("xn--bucket", "xn--"),
        ("sthree-bucket", "sthree-"),
        ("sthree-configurator-x", "sthree-"),
        ("amzn-s3-demo-bucket", "amzn-s3-demo-"),
        ("bucket-s3alias", "-s3alias"),
        ("bucket--ol-s3", "--ol-s3"),
        ("bucket.mrap", ".mrap"),
        ("bucket--x-s3", "--x-s3"),
        ("bucket--table-s3", "--table-s3"),
        ("Change_Log", "[a-z0-9.-]"),
        ("ab", "3–63"),
        ("-abc", "begin and end"),
        ("abc-", "begin and end"),
    ];
    for (name, why) in cases {
        let d = the_error(&named(name), "s3-bucket-name");
        assert_diag(
            &d,
            E,
            "V/ChangeLog",
            "BucketName",
            &[&format!("{name:?}")],
            &[why, "bucketnamingrules"],
        );
        // The same rules for an existing bucket, where it is used.
        let d = the_error(&existing(Expr::from(name)), "s3-bucket-name");
        assert_eq!(d.path, "V/ToS3", "{name}");
    }
    for good in [
        "my.bucket.name",
        "my-bucket",
        "abc",
        "1.2.3",
        "192.168.5.4.5",
        "xn-bucket",
        "a-s3alias-b",
        "bucket-x-s3",
        "s3three-a",
        &"a".repeat(63),
    ] {
        assert!(no_diag(&named(good), "s3-bucket-name"), "{good}");
    }
}

#[test]
fn the_literal_parts_of_a_joined_bucket_name_are_checked() {
    let joined = |parts: Vec<Expr>| existing(Expr::join(parts));
    let account = || Expr::Pseudo(Pseudo::AccountId);
    the_error(&joined(vec!["my..".into(), account()]), "s3-bucket-name");
    the_error(
        &joined(vec!["xn--logs-".into(), account()]),
        "s3-bucket-name",
    );
    the_error(
        &joined(vec![account(), "-logs-s3alias".into()]),
        "s3-bucket-name",
    );
    the_error(&joined(vec!["Logs-".into(), account()]), "s3-bucket-name");
    assert!(no_diag(
        &joined(vec!["logs-".into(), account()]),
        "s3-bucket-name"
    ));
    assert!(no_diag(
        &joined(vec![account(), "-logs".into()]),
        "s3-bucket-name"
    ));
}

// ---------------------------------------------------------------- Kinesis stream ARNs

fn fed_by(arn: impl Into<Expr>) -> Stack {
    let mut stack = Stack::new("V");
    let stream = KinesisStream::from_arn(arn);
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&stream));
    stack
}

fn stream_arn_error(arn: impl Into<Expr>) -> ferrocdk::Diagnostic {
    the_error(&fed_by(arn), "kinesis-stream-arn")
}

#[test]
fn a_stream_arn_in_a_partition_aws_does_not_have_is_an_error() {
    for bad in [
        "arn:aws-xx:kinesis:us-east-1:123456789012:stream/changes",
        "arn:awsome:kinesis:us-east-1:123456789012:stream/changes",
        "arn:AWS:kinesis:us-east-1:123456789012:stream/changes",
        "arn::kinesis:us-east-1:123456789012:stream/changes",
    ] {
        let d = stream_arn_error(bad);
        assert_diag(
            &d,
            E,
            "V/Orders",
            "KinesisStreamSpecification.StreamArn",
            &[bad],
            &["partition", "aws-us-gov", "aws-eusc"],
        );
    }
    for (partition, region) in [
        ("aws", "us-east-1"),
        ("aws", "mx-central-1"),
        ("aws-cn", "cn-north-1"),
        ("aws-us-gov", "us-gov-west-1"),
        ("aws-iso", "us-iso-east-1"),
        ("aws-iso-b", "us-isob-east-1"),
        ("aws-iso-e", "eu-isoe-west-1"),
        ("aws-iso-f", "us-isof-south-1"),
        ("aws-eusc", "eusc-de-east-1"),
    ] {
        let arn = format!("arn:{partition}:kinesis:{region}:123456789012:stream/changes");
        assert!(
            no_diag(&fed_by(arn.as_str()), "kinesis-stream-arn"),
            "{arn}"
        );
    }
}

#[test]
fn a_stream_arn_with_a_malformed_region_or_account_is_an_error() {
    for (bad, why) in [
        (
            "arn:aws:kinesis:US-EAST-1:123456789012:stream/changes",
            "region",
        ),
        (
            "arn:aws:kinesis:us-east:123456789012:stream/changes",
            "region",
        ),
        (
            "arn:aws:kinesis:useast1:123456789012:stream/changes",
            "region",
        ),
        (
            "arn:aws:kinesis:us_east_1:123456789012:stream/changes",
            "region",
        ),
        (
            "arn:aws:kinesis: us-east-1:123456789012:stream/changes",
            "region",
        ),
        ("arn:aws:kinesis::123456789012:stream/changes", "region"),
        // A region of another partition.
        (
            "arn:aws-cn:kinesis:us-east-1:123456789012:stream/changes",
            "region",
        ),
        (
            "arn:aws:kinesis:cn-north-1:123456789012:stream/changes",
            "region",
        ),
        (
            "arn:aws:kinesis:us-east-1:12345678901a:stream/changes",
            "account",
        ),
        (
            "arn:aws:kinesis:us-east-1:1234567890123:stream/changes",
            "account",
        ),
        ("arn:aws:kinesis:us-east-1::stream/changes", "account"),
        (
            "arn:aws:kinesis:us-east-1:123456789012:table/changes",
            "stream/",
        ),
        (
            "arn:aws:dynamodb:us-east-1:123456789012:stream/changes",
            "kinesis",
        ),
    ] {
        let d = stream_arn_error(bad);
        assert!(d.allowed.contains(why), "{bad}: {d}");
        assert!(d.allowed.contains("an ARN like"), "{bad}: {d}");
    }
}

#[test]
fn a_stream_name_with_a_space_or_colon_is_an_error() {
    for bad in [
        "arn:aws:kinesis:us-east-1:123456789012:stream/my stream",
        "arn:aws:kinesis:us-east-1:123456789012:stream/my:stream",
        "arn:aws:kinesis:us-east-1:123456789012:stream/a/b",
        &format!(
            "arn:aws:kinesis:us-east-1:123456789012:stream/{}",
            "s".repeat(129)
        ),
    ] {
        let d = stream_arn_error(bad);
        assert!(d.allowed.contains("[a-zA-Z0-9_.-]"), "{bad}: {d}");
    }
    let max = format!(
        "arn:aws:kinesis:us-east-1:123456789012:stream/{}",
        "s".repeat(128)
    );
    assert!(no_diag(&fed_by(max.as_str()), "kinesis-stream-arn"));
}

#[test]
fn the_literal_parts_of_a_joined_stream_arn_are_checked() {
    let arn = |name: &str| {
        Expr::join([
            Expr::from("arn:"),
            Expr::Pseudo(Pseudo::Partition),
            Expr::from(":kinesis:"),
            Expr::Pseudo(Pseudo::Region),
            Expr::from(":"),
            Expr::Pseudo(Pseudo::AccountId),
            Expr::from(format!(":stream/{name}")),
        ])
    };
    let d = stream_arn_error(arn("my stream"));
    assert!(d.received.contains("my stream"), "{d}");
    assert!(d.allowed.contains("[a-zA-Z0-9_.-]"), "{d}");
    assert!(no_diag(&fed_by(arn("changes")), "kinesis-stream-arn"));
    // A literal partition, region or account inside a join.
    let joined = |head: &str, tail: &str| {
        Expr::join([
            Expr::from(head),
            Expr::Pseudo(Pseudo::AccountId),
            Expr::from(tail),
        ])
    };
    stream_arn_error(joined("arn:aws-xx:kinesis:us-east-1:", ":stream/changes"));
    stream_arn_error(joined("arn:aws:kinesis:Nowhere:", ":stream/changes"));
    stream_arn_error(joined("arn:aws:sqs:us-east-1:", ":stream/changes"));
    assert!(no_diag(
        &fed_by(joined("arn:aws:kinesis:us-east-1:", ":stream/changes")),
        "kinesis-stream-arn"
    ));
    // A literal account next to a parameter: its digits are checked, the parameter is not.
    let mut stack = Stack::new("V");
    let region = stack.parameter(Parameter::string("Region"));
    let bad = KinesisStream::from_arn(Expr::join([
        Expr::from("arn:aws:kinesis:"),
        region.clone(),
        Expr::from(":12345678901x:stream/changes"),
    ]));
    stack.add(Table::new("Orders", Attribute::string("pk")).kinesis_stream(&bad));
    the_error(&stack, "kinesis-stream-arn");
    // A separator join, and each branch of an Fn::If.
    let sep = Expr::Join(
        ":".into(),
        vec![
            "arn".into(),
            "aws".into(),
            "kinesis".into(),
            "us-east-1".into(),
            "123456789012".into(),
            "stream/my stream".into(),
        ],
    );
    stream_arn_error(sep);
    let good = "arn:aws:kinesis:us-east-1:123456789012:stream/changes";
    stream_arn_error(Expr::if_(
        "IsProd",
        good,
        "arn:aws:kinesis:us-east-1:1:stream/x",
    ));
    // An imported value is known only at deploy time: not checked.
    assert!(no_diag(
        &fed_by(Expr::import_value("SharedStreamArn")),
        "kinesis-stream-arn"
    ));
}

// ---------------------------------------------------------------- KMS key ARNs

fn keyed(arn: impl Into<Expr>) -> Stack {
    let mut stack = Stack::new("V");
    stack.add(
        KinesisStream::new("Changes")
            .encryption(StreamEncryption::CustomerManaged(KeyRef::from_arn(arn))),
    );
    stack
}

#[test]
fn a_key_arn_is_checked_like_every_arn() {
    for bad in [
        "arn:aws-xx:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:1111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us east 1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:111122223333:key/not a key",
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd",
    ] {
        let d = the_error(&keyed(bad), "kms-key-arn");
        assert_eq!(d.property, "StreamEncryption.KeyId", "{bad}");
        assert!(d.allowed.contains("an ARN like"), "{bad}: {d}");
    }
    for good in [
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
    ] {
        assert!(no_diag(&keyed(good), "kms-key-arn"), "{good}");
    }
}
