//! Declarative stacks: the same stack as the Rust builders, described in a JSON file.
//!
//! A stack file is a [`StackFile`]: the stack's name, description, tags, parameters and
//! outputs, and its constructs in order, each `{"type": "<Construct>", "id": "<Id>", …}` with
//! the options of that construct's builder in camelCase. Constructs refer to each other by id
//! (a construct may only refer to constructs before it), and to existing resources with
//! `{"existingArn": …}` / `{"existingName": …}`. `schemas/stack.schema.json` (from
//! [`schema_json`]) lets editors validate and complete such files; `docs/declarative-stacks.md`
//! describes the format.
//!
//! ```
//! let text = r#"{
//!   "name": "OrdersChangeLog",
//!   "constructs": [
//!     {"type": "KinesisStream", "id": "Changes"},
//!     {"type": "Table", "id": "Orders", "partitionKey": {"name": "pk", "type": "S"}, "kinesisStream": "Changes"},
//!     {"type": "Bucket", "id": "ChangeLog"},
//!     {"type": "TransformFunction", "id": "Shape"},
//!     {"type": "DeliveryStream", "id": "ToS3", "source": "Changes",
//!      "destination": {"bucket": "ChangeLog", "processor": "Shape"}}
//!   ],
//!   "outputs": {"StreamArn": {"arn": "Changes"}}
//! }"#;
//! let synthesized = ferrocdk::stack_file::synth_text("orders.json", text).expect("a valid stack");
//! assert!(synthesized.to_json_pretty().contains("KinesisStreamAsSource"));
//!
//! // Every problem at once, each with its place in the file:
//! let bad = text.replace(r#""source": "Changes""#, r#""source": "ChangeLog""#);
//! let problems = ferrocdk::stack_file::synth_text("orders.json", &bad).unwrap_err();
//! assert_eq!(problems[0].code, "file-reference");
//! assert_eq!(problems[0].property, "constructs[4].source");
//! assert_eq!(problems[0].path, "orders.json:8:46");
//! ```

mod alarms;
mod app_file;
mod bucket;
mod build;
mod construct;
mod delivery_stream;
mod existing_table;
mod file;
mod forwarder;
mod kinesis_stream;
mod kinesis_streaming_destination;
mod output;
mod parameter;
mod parse;
mod raw_resource;
mod resolve;
mod schema;
mod stream_lookup;
mod table;
mod transform_function;
mod values;

pub use alarms::*;
pub use app_file::{is_app_text, synth_app_text, AppFile};
pub use bucket::*;
pub use construct::*;
pub use delivery_stream::*;
pub use existing_table::*;
pub use file::*;
pub use forwarder::*;
pub use kinesis_stream::*;
pub use kinesis_streaming_destination::*;
pub use output::*;
pub use parameter::*;
pub use raw_resource::*;
pub use resolve::{ExistingStream, StreamReference};
pub use schema::schema_json;
pub use stream_lookup::*;
pub use table::*;
pub use transform_function::*;
pub use values::{Expression, NumberValue, StringValue};

use ferrocdk_core::{Diagnostic, Synthesized};

/// The `Diagnostic::path` of problems found in a [`StackFile`] value that has no source text;
/// diagnostics from [`StackFile::parse`] and [`synth_text`] carry `<source>:<line>:<column>`.
pub const NO_SOURCE: &str = "<stack file>";

/// Parses, builds and synthesizes a stack file: the template and its warnings, or every
/// problem at once — the file's (with `<source>:<line>:<column>` as path and the JSON path as
/// property) first, then synth's (construct paths, as for a Rust stack). Synth's diagnostics
/// are included even when the file has problems, for the constructs that could be built.
///
/// # Errors
///
/// Every error found, with the warnings found alongside them.
pub fn synth_text(source: &str, text: &str) -> Result<Synthesized, Vec<Diagnostic>> {
    if is_app_text(text) {
        return Err(vec![parse::file_error(
            &ferrocdk_core::rules::FILE_VALUE,
            format!("{source}:1:1"),
            "stacks",
            "an app file (several stacks)",
            "a stack file here; an app file is synthesized with ferrocdk synth FILE --out DIR \
             (stack_file::synth_app_text), one template per stack",
        )]);
    }
    let mut parsed = parse::parse(source, text);
    let Some(file) = parsed.file.take() else {
        return Err(parsed.diagnostics);
    };
    let mut diagnostics = std::mem::take(&mut parsed.diagnostics);
    // Where a stack is deployed matters only between the stacks of an app file.
    for (member, given) in [("account", &file.account), ("region", &file.region)] {
        if given.is_some() {
            diagnostics.push(parsed.locate(parse::file_error(
                &ferrocdk_core::rules::FILE_UNKNOWN_FIELD,
                NO_SOURCE,
                member,
                format!("a member {member:?} in a file of one stack"),
                "account and region only for the stacks of an app file ({\"stacks\": […]}), \
                 where references between stacks become exports and imports",
            )));
        }
    }
    let (stack, build_diags) = build::build(&file, &parsed.unusable_ids, parsed.name_ok);
    diagnostics.extend(build_diags.into_iter().map(|d| parsed.locate(d)));
    // The file's problems in the order of the text.
    diagnostics.sort_by_key(|d| parse::line_column(&d.path));
    let Some(stack) = stack else {
        return Err(diagnostics);
    };
    match stack.synth() {
        Ok(mut s) if !diagnostics.iter().any(Diagnostic::is_error) => {
            diagnostics.append(&mut s.warnings);
            s.warnings = diagnostics;
            Ok(s)
        }
        Ok(s) => {
            diagnostics.extend(s.warnings);
            Err(diagnostics)
        }
        Err(e) => {
            // Constructs with file errors are not built: a stack left empty by them is not a
            // problem of its own.
            let declared = !file.constructs.is_empty()
                || file.raw_resources.as_ref().is_some_and(|r| !r.is_empty())
                || diagnostics
                    .iter()
                    .any(|d| d.property.starts_with("constructs["));
            diagnostics.extend(
                e.diagnostics
                    .into_iter()
                    .filter(|d| !(declared && d.code == "template-empty")),
            );
            Err(diagnostics)
        }
    }
}
