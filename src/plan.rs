//! The capacity and cost planner (the `ferrocdk-plan` crate, re-exported whole) and its command
//! line, which `ferrocdk plan` and `cargo run --example plan` share.
//!
//! The command line lives here rather than in `ferrocdk-plan`, so that the planner's
//! arithmetic (which `ferrocdk-aws` uses for synth's capacity checks) needs no argument parser.

pub use ferrocdk_plan::*;

pub mod cli;
