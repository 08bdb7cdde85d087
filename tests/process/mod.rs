//! Running the `ferrocdk` command as a process, from the workspace root: the helpers the
//! command's tests share (`cli_diff`, `stack_file_cli`).
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The workspace root, where the command runs.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `ferrocdk args…` with nothing on standard input.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ferrocdk"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .expect("ferrocdk runs")
}

/// Runs `ferrocdk args…` with `input` on standard input.
pub fn run_with_stdin(args: &[&str], input: impl AsRef<[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ferrocdk"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ferrocdk runs");
    child
        .stdin
        .take()
        .expect("a piped stdin")
        .write_all(input.as_ref())
        .expect("stdin written");
    child.wait_with_output().expect("ferrocdk ends")
}

/// Standard output, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 on stdout")
}

/// Standard error, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 on stderr")
}

/// The exit code.
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed by a signal")
}
