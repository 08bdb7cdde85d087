//! Lambda functions: memory, timeout, reserved concurrency, environment, and the built-in transform's options.

use super::*;

#[test]
fn lambda_memory() {
    let d = the_error(&transform(|f| f.memory_mb(127)), "lambda-memory");
    assert_diag(&d, E, "V/Fn", "MemorySize", &["127"], &["128–10240"]);
    the_error(&transform(|f| f.memory_mb(10_241)), "lambda-memory");
    for ok in [128, 10_240] {
        let t = template(&transform(|f| f.memory_mb(ok)));
        assert_eq!(resource(&t, "Fn")["Properties"]["MemorySize"], ok);
    }
    let mut stack = Stack::new("V");
    let mb = stack.parameter(Parameter::number("MemoryMb"));
    stack.add(own_code("Fn").memory_mb(mb));
    assert_eq!(
        resource(&template(&stack), "Fn")["Properties"]["MemorySize"],
        json!({"Ref": "MemoryMb"})
    );
}

#[test]
fn lambda_timeout() {
    // Lambda allows 900 s; Firehose waits 300 s at most for a transform.
    let d = the_error(&transform(|f| f.timeout_seconds(301)), "lambda-timeout");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "Timeout",
        &["301"],
        &["1–300", "Firehose waits at most 5 minutes"],
    );
    assert_eq!(
        the_error(&transform(|f| f.timeout_seconds(900)), "lambda-timeout").received,
        "900"
    );
    the_error(&transform(|f| f.timeout_seconds(0)), "lambda-timeout");
    for ok in [1, 300] {
        let t = template(&transform(|f| f.timeout_seconds(ok)));
        assert_eq!(resource(&t, "Fn")["Properties"]["Timeout"], ok);
    }
    let mut stack = Stack::new("V");
    let s = stack.parameter(Parameter::number("TimeoutSeconds"));
    stack.add(own_code("Fn").timeout_seconds(s));
    assert_eq!(
        resource(&template(&stack), "Fn")["Properties"]["Timeout"],
        json!({"Ref": "TimeoutSeconds"})
    );
}

#[test]
fn lambda_reserved_concurrency() {
    let d = the_error(
        &transform(|f| f.reserved_concurrency(0)),
        "lambda-reserved-concurrency",
    );
    assert_diag(
        &d,
        E,
        "V/Fn",
        "ReservedConcurrentExecutions",
        &["0"],
        &["1–", "would stop the function"],
    );
    let t = template(&transform(|f| f.reserved_concurrency(1)));
    assert_eq!(
        resource(&t, "Fn")["Properties"]["ReservedConcurrentExecutions"],
        1
    );
}

#[test]
fn lambda_env_key() {
    let d = the_error(&transform(|f| f.environment("1ST", "x")), "lambda-env-key");
    assert_diag(
        &d,
        E,
        "V/Fn",
        "Environment.Variables",
        &["\"1ST\""],
        &["a letter, then letters, digits or '_'"],
    );
    the_error(&transform(|f| f.environment("A", "x")), "lambda-env-key");
    the_error(
        &transform(|f| f.environment("MY-VAR", "x")),
        "lambda-env-key",
    );
    let d = the_error(
        &transform(|f| f.environment("AWS_REGION", "x")),
        "lambda-env-key",
    );
    assert_diag(
        &d,
        E,
        "V/Fn",
        "Environment.Variables",
        &["\"AWS_REGION\""],
        &["does not reserve"],
    );
    let t = template(&transform(|f| f.environment("TABLE_NAME", "orders")));
    assert_eq!(
        resource(&t, "Fn")["Properties"]["Environment"]["Variables"]["TABLE_NAME"],
        "orders"
    );
}

#[test]
fn lambda_env_size() {
    // Key (2 bytes) + value: 4,096 bytes in all are accepted, 4,097 are not.
    assert!(transform(|f| f.environment("AB", "v".repeat(4094)))
        .synth()
        .is_ok());
    let d = the_error(
        &transform(|f| f.environment("AB", "v".repeat(4095))),
        "lambda-env-size",
    );
    assert_diag(
        &d,
        E,
        "V/Fn",
        "Environment.Variables",
        &["4097 bytes"],
        &["at most 4 KB"],
    );
}

#[test]
fn transform_change_options() {
    let opts = ChangeOptions {
        partition_keys: true,
        ..ChangeOptions::default()
    };
    let d = the_error(
        &transform(|f| f.change_options(opts)),
        "transform-change-options",
    );
    assert_diag(
        &d,
        E,
        "V/Fn",
        "Environment.Variables",
        &["own code"],
        &["TransformFunction::dynamodb_changes"],
    );
    let mut ok = Stack::new("V");
    ok.add(TransformFunction::dynamodb_changes("Fn").change_options(opts));
    assert!(ok.synth().is_ok());
}
