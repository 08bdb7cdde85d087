//! The synth core of ferrocdk: template model, expressions, stack, typed handles, logical IDs
//! and diagnostics.
//!
//! Data flows one way: builders (constructs) are added to a [`Stack`]; [`Stack::synth`] asks
//! each construct to define its resources through a [`SynthContext`], which collects
//! [`Diagnostic`]s instead of failing early; then the stack checks logical IDs, references,
//! tags, overrides and template limits, and returns a [`Template`] or every problem at once.
//! Several stacks deployed together form an [`App`]: a handle of one stack used in another
//! becomes an export and an import, and the stacks are ordered by dependency.
#![deny(missing_docs)]

mod app;
mod construct;
mod diagnostic;
pub mod diff;
mod exports;
mod expr;
pub mod limits;
mod links;
pub mod logical_id;
mod overrides;
mod parameter;
mod raw;
mod references;
pub mod rules;
mod stack;
pub mod stack_policy;
pub mod stateful;
mod synth;
mod template;

pub use app::{App, AppStack, Environment, SynthesizedApp};
pub use construct::{Common, Construct, ConstructProps, SynthContext};
pub use diagnostic::{Diagnostic, Diagnostics, Severity, SynthError};
pub use expr::{Expr, Pseudo, Target, ToTemplate, Val};
pub use parameter::Parameter;
pub use stack::{Stack, StackId, Synthesized};
pub use template::{Export, Output, RemovalPolicy, Resource, Template};
