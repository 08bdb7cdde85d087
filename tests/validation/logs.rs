//! CloudWatch Logs: retention.

use super::*;

#[test]
fn log_retention() {
    let d = the_error(&transform(|f| f.log_retention_days(2)), "log-retention");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "LoggingConfig.LogGroup",
        &["2"],
        &["one of [1, 3, 5, 7, 14, 30", "3653] days"],
    );
    let d = the_error(
        &direct_put("V", |d| d.log_retention_days(0)),
        "log-retention",
    );
    assert_diag(
        &d,
        E,
        "V/ToS3",
        &format!("{S3}.CloudWatchLoggingOptions"),
        &["0"],
        &["one of ["],
    );
    the_error(&transform(|f| f.log_retention_days(3654)), "log-retention");
    for ok in [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
        2922, 3288, 3653,
    ] {
        let t = template(&transform(|f| f.log_retention_days(ok)));
        assert_eq!(
            resource(&t, "FnLogGroup")["Properties"]["RetentionInDays"],
            ok
        );
    }
    // No log group, nothing to check.
    assert!(direct_put("V", |d| d.logging(false).log_retention_days(2))
        .synth()
        .is_ok());
}
