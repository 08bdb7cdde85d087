//! The `ferrocdk` command, run as a process: synth, validate, schema, help and usage errors.

mod process;

use process::*;

#[path = "../examples/pipeline.rs"]
#[allow(dead_code)]
mod pipeline;

use std::process::Command;

#[test]
fn synth_prints_the_same_template_as_the_rust_example() {
    let o = run(&["synth", "examples/pipeline.json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let expected = pipeline::stack().synth().unwrap().to_json_pretty();
    assert_eq!(stdout(&o), expected);
}

#[test]
fn synth_reads_standard_input_for_a_dash() {
    let text = std::fs::read_to_string(root().join("examples/pipeline.json")).unwrap();
    let o = run_with_stdin(&["synth", "-"], &text);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        pipeline::stack().synth().unwrap().to_json_pretty()
    );
}

#[test]
fn synth_of_a_bad_file_prints_every_problem_and_no_template() {
    let o = run(&["synth", "tests/stack_files/bad/many_problems.json"]);
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o), "");
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 14, "{err}");
    assert!(lines[0].starts_with(
        "error[file-reference]: tests/stack_files/bad/many_problems.json:5:98: constructs[0].mode.provisioned.ref: "
    ));
    // Synth's diagnostics come in the same run, placed at the member in question.
    assert!(err.contains(
        "error[lambda-memory]: tests/stack_files/bad/many_problems.json:12:51: constructs[7].memoryMb: received 64"
    ));
    assert_eq!(
        lines[13],
        "tests/stack_files/bad/many_problems.json: 13 error(s), 0 warning(s)"
    );
}

#[test]
fn synth_prints_warnings_to_stderr_and_still_succeeds() {
    let o = run(&["synth", "tests/stack_files/good/alarms.json"]);
    assert_eq!(code(&o), 0);
    assert!(
        stderr(&o)
            .starts_with("warning[template-size-s3]: tests/stack_files/good/alarms.json:1:1: -:"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).starts_with("{\n  \"AWSTemplateFormatVersion\""));
}

/// The number of resources of a stack file's template, from the library.
fn resources(file: &str) -> usize {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    ferrocdk::stack_file::synth_text(file, &text)
        .unwrap()
        .template
        .resources
        .len()
}

#[test]
fn validate_exit_codes() {
    let clean = run(&["validate", "examples/dynamodb_streams_pipeline.json"]);
    assert_eq!(code(&clean), 0);
    assert_eq!(stdout(&clean), "");
    assert_eq!(
        stderr(&clean),
        format!(
            "examples/dynamodb_streams_pipeline.json: valid, {} resource(s), 0 warning(s)\n",
            resources("examples/dynamodb_streams_pipeline.json")
        )
    );

    let warnings = run(&["validate", "tests/stack_files/good/alarms.json"]);
    assert_eq!(code(&warnings), 0);
    assert!(stderr(&warnings).contains("warning[template-size-s3]"));
    let summary = format!(
        "valid, {} resource(s), 1 warning(s)\n",
        resources("tests/stack_files/good/alarms.json")
    );
    assert!(
        stderr(&warnings).ends_with(&summary),
        "{}",
        stderr(&warnings)
    );

    let errors = run(&["validate", "tests/stack_files/bad/syntax_error.json"]);
    assert_eq!(code(&errors), 1);
    assert_eq!(stdout(&errors), "");
    assert_eq!(
        stderr(&errors),
        "error[file-syntax]: tests/stack_files/bad/syntax_error.json:5:3: -: received trailing comma; \
         allowed: a JSON document (RFC 8259)\n\
         tests/stack_files/bad/syntax_error.json: 1 error(s), 0 warning(s)\n"
    );
}

#[test]
fn a_missing_file_is_an_error_not_a_usage_error() {
    let o = run(&["validate", "no/such/file.json"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).starts_with(
            "error[file-read]: no/such/file.json: -: received a file that cannot be read"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn schema_prints_the_committed_schema() {
    let o = run(&["schema"]);
    assert_eq!(code(&o), 0);
    let committed = std::fs::read_to_string(root().join("schemas/stack.schema.json")).unwrap();
    assert_eq!(stdout(&o), committed);
}

#[test]
fn help_everywhere() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["help", "synth"],
        &["help", "validate"],
        &["help", "schema"],
        &["synth", "--help"],
        &["validate", "-h"],
        &["schema", "--help"],
        &["synth", "examples/pipeline.json", "--help"],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 0, "{args:?}");
        assert!(
            stdout(&o).starts_with("Usage: ferrocdk"),
            "{args:?}: {}",
            stdout(&o)
        );
        assert_eq!(stderr(&o), "", "{args:?}");
    }
    assert!(stdout(&run(&["help", "synth"])).starts_with("Usage: ferrocdk synth FILE"));
    let v = run(&["--version"]);
    assert_eq!(code(&v), 0);
    assert_eq!(
        stdout(&v),
        format!("ferrocdk {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2_with_the_usage_on_stderr() {
    for (args, message) in [
        (&[][..], "error: a command is required"),
        (&["deploy"], "error: unknown command \"deploy\""),
        (&["--bogus"], "error: invalid option '--bogus'"),
        (&["synth"], "error: a stack file is required"),
        (
            &["validate", "--bogus", "x.json"],
            "error: invalid option '--bogus'",
        ),
        (
            &["synth", "a.json", "b.json"],
            "error: unexpected argument \"b.json\"",
        ),
        (&["schema", "extra"], "error: unexpected argument \"extra\""),
        (&["help", "deploy"], "error: unknown command \"deploy\""),
        (
            &["help", "synth", "extra"],
            "error: unexpected argument \"extra\"",
        ),
    ] {
        let o = run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert_eq!(stdout(&o), "", "{args:?}");
        let err = stderr(&o);
        assert!(err.starts_with(message), "{args:?}: {err}");
        assert!(err.contains("Usage: ferrocdk <COMMAND>"), "{args:?}: {err}");
    }
}

#[test]
fn odd_input_never_panics() {
    for input in [
        "",
        "\u{feff}{}",
        "{\"name\": \"X\", \"constructs\": [{}]}",
        "\u{0}",
    ] {
        let o = run_with_stdin(&["synth", "-"], input);
        assert_eq!(code(&o), 1, "{input:?}");
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
    // A path that is not UTF-8 is still a path: reported as unreadable, not as a usage error.
    #[cfg(unix)]
    let o = {
        use std::os::unix::ffi::OsStrExt;
        Command::new(env!("CARGO_BIN_EXE_ferrocdk"))
            .arg("validate")
            .arg(std::ffi::OsStr::from_bytes(b"no-such-\xff.json"))
            .current_dir(root())
            .output()
            .unwrap()
    };
    #[cfg(not(unix))]
    let o = run(&["validate", "no-such.json"]);
    assert!(
        stderr(&o).starts_with("error[file-read]: no-such-"),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1));
}
