//! IAM statements: no wildcards, no empty statements.

use super::*;

#[test]
fn iam_wildcard() {
    let wild = Grant::new([Statement::allow(
        &["s3:*"],
        [Expr::from("arn:aws:s3:::b/*")],
    )]);
    let d = the_error(&transform(|f| f.grant(wild)), "iam-wildcard");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "PolicyDocument",
        &["\"s3:*\""],
        &["never wildcards"],
    );
    let any = Grant::new([Statement::allow(&["s3:GetObject"], [Expr::from("*")])]);
    let d = the_error(&transform(|f| f.grant(any)), "iam-wildcard");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "PolicyDocument",
        &["resource \"*\""],
        &["scoped to ARNs"],
    );
    let none = Grant::new([Statement::allow(&["s3:GetObject"], [])]);
    let d = the_error(&transform(|f| f.grant(none)), "iam-empty-statement");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "PolicyDocument",
        &["1 action(s) and 0 resource(s)"],
        &["at least one named action on at least one resource ARN"],
    );
    let scoped = Grant::new([Statement::allow(
        &["s3:GetObject"],
        [Expr::from("arn:aws:s3:::b/*")],
    )]);
    assert!(transform(|f| f.grant(scoped)).synth().is_ok());
}

#[test]
fn statement_without_actions_is_rejected() {
    let none = Grant::new([Statement::allow(&[], [Expr::from("arn:aws:s3:::b")])]);
    let d = the_error(&transform(|f| f.grant(none)), "iam-empty-statement");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "PolicyDocument",
        &["0 action(s) and 1 resource(s)"],
        &["IAM rejects empty lists"],
    );
}
