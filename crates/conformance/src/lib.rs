//! ferrocdk's conformance tests: the stack-file JSON Schema checked by an independent validator
//! (`jsonschema`) against every stack file of the project, and property tests of the stack-file
//! path (`proptest`). They live in this package, not beside the facade's tests, so that the
//! facade's examples (`cargo run --example pipeline`) do not build these heavy test-only
//! crates. The tests are in `tests/`; this library is empty.
