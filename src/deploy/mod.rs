//! Safe deploys: what an update does before it runs (`ferrocdk diff`), and a stack policy that
//! stops stateful resources from being replaced or deleted (`ferrocdk policy`).
//!
//! The diff itself and the policy live in the core ([`crate::core::diff`],
//! [`crate::core::stack_policy`]), so Rust programs get them on a `Stack` or `Template`
//! (`stack.diff_against(&deployed)`, `template.stack_policy()`); this module reads either
//! kind of input file (a template, or a stack file, synthesized first) and runs the two
//! commands.

pub mod command;
mod input;

pub use input::{read_input, template_from_text, InputError, Loaded, MAX_INPUT_BYTES};
