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
mod key;
mod kinesis_stream;
mod kinesis_streaming_destination;
mod output;
mod parameter;
mod parse;
mod places;
mod private;
mod raw_resource;
mod read;
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
pub use key::*;
pub use kinesis_stream::*;
pub use kinesis_streaming_destination::*;
pub use output::*;
pub use parameter::*;
pub use parse::MAX_FILE_BYTES;
pub use raw_resource::*;
pub use resolve::{ExistingStream, StreamReference};
pub use schema::schema_json;
pub use stream_lookup::*;
pub use table::*;
pub use transform_function::*;
pub use values::{Expression, NumberValue, StringValue};

use ferrocdk_core::{rules, Diagnostic, Synthesized};

/// The `Diagnostic::path` of problems found in a [`StackFile`] value that has no source text;
/// diagnostics from [`StackFile::parse`] and [`synth_text`] carry `<source>:<line>:<column>`.
pub const NO_SOURCE: &str = "<stack file>";

/// Parses, builds and synthesizes a stack file: the template and its warnings, or every
/// problem at once, each with `<source>:<line>:<column>` as path — the file's first (the JSON
/// path as property), in the order of the text, then synth's. Synth runs whenever the file
/// could be read as a stack, even with problems: on every construct that could be read, so
/// that its diagnostics come in the same run; each is placed at the member that sets the
/// property in question (then the JSON path is its property), or at its construct, output or
/// entry (then the property stays synth's). A construct read without a member in error is
/// built for the constructs that refer to it, but synth's findings on it wait until it is
/// fixed (they would judge a default in place of that member).
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
        return Err(parsed.finish(text, Vec::new()));
    };
    // Where a stack is deployed matters only between the stacks of an app file.
    for (member, given) in [("account", &file.account), ("region", &file.region)] {
        if given.is_some() {
            parsed.problems.push(
                &rules::FILE_UNKNOWN_FIELD,
                parse::Place::Path(member.to_owned()),
                member,
                format!("a member {member:?} in a file of one stack"),
                "account and region only for the stacks of an app file ({\"stacks\": […]}), \
                 where references between stacks become exports and imports",
            );
        }
    }
    let (stack, build_diags) = build::build(&file, &parsed.layout);
    parsed.add_built(build_diags);
    let Some(stack) = stack else {
        return Err(parsed.finish(text, Vec::new()));
    };
    let file_errors = parsed.problems.count() > 0;
    let (synthesized, found) = match stack.synth() {
        Ok(mut s) => {
            let warnings = std::mem::take(&mut s.warnings);
            (Some(s), warnings)
        }
        Err(e) => (None, e.diagnostics),
    };
    let lossy: Vec<String> = file
        .constructs
        .iter()
        .zip(&parsed.layout.lossy)
        .filter(|(_, lossy)| **lossy)
        .map(|(c, _)| format!("{}/{}", file.name, c.id()))
        .collect();
    let found: Vec<(Diagnostic, String)> = found
        .into_iter()
        .filter(|d| !lossy.contains(&d.path))
        // Constructs with file errors may not be built: a stack left empty by them is not a
        // problem of its own.
        .filter(|d| !(file_errors && d.code == rules::TEMPLATE_EMPTY.code))
        .map(|mut d| {
            let (at, property) = places::place(&file, &parsed.layout, &d);
            if let Some(p) = property {
                d.property = p;
            }
            (d, at)
        })
        .collect();
    let diagnostics = parsed.finish(text, found);
    match synthesized {
        Some(mut s) if !file_errors && !diagnostics.iter().any(Diagnostic::is_error) => {
            s.warnings = diagnostics;
            Ok(s)
        }
        _ => Err(diagnostics),
    }
}
