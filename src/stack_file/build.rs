//! From a [`StackFile`] to a [`Stack`]: every construct through its public builder, in file
//! order, with references resolved by id. Each construct's lowering lives in its own file;
//! references in `resolve.rs`, expressions in `values.rs`.

use super::app_file::Foreign;
use super::resolve::Handle;
use super::*;
use ferrocdk_core::rules::{self, Rule};
use ferrocdk_core::{Diagnostic, Expr, Stack};
use std::collections::{HashMap, HashSet};

/// Where the constructs of a [`StackFile`] value stand in the text they were read from.
pub(crate) struct Layout {
    /// For each construct of the value, its index in the text's `constructs`.
    pub indices: Vec<usize>,
    /// For each construct of the value, whether a member in error was taken out when it was
    /// read (it is built from the rest, for the constructs that refer to it).
    pub lossy: Vec<bool>,
    /// Constructs of the text that could not be read at all but have an id: index, id and
    /// type when known. Their ids stay registered, so references to them are still checked.
    pub unreadable: Vec<(usize, String, Option<&'static str>)>,
    /// Whether the stack name was read (a stack can be built).
    pub name_ok: bool,
}

impl Layout {
    /// A value that comes from no text: every construct where it is, as it is.
    pub(crate) fn of(file: &StackFile) -> Layout {
        Layout {
            indices: (0..file.constructs.len()).collect(),
            lossy: vec![false; file.constructs.len()],
            unreadable: Vec::new(),
            name_ok: true,
        }
    }
}

/// Builds what can be built: every construct read (even partly), through its builder.
/// References to a construct that could not be built are checked for kind, then skipped
/// silently, and so are the constructs and outputs that use them (their problems are
/// reported already). Returns no stack when the stack itself is unusable (no name).
pub(crate) fn build(file: &StackFile, layout: &Layout) -> (Option<Stack>, Vec<Diagnostic>) {
    let built = build_in(file, layout, None);
    (built.stack, built.diags)
}

/// What building a stack of a file gave: the stack (unless unusable), the problems, and the
/// handles of its constructs (for the stacks after it in an app file).
pub(crate) struct Built {
    pub(super) stack: Option<Stack>,
    pub(super) diags: Vec<Diagnostic>,
    /// Id → handle of every construct built.
    pub(super) handles: HashMap<String, Handle>,
    /// Id → type of every construct of the file whose type is known.
    pub(super) types: HashMap<String, &'static str>,
    /// Ids of the constructs that could not be read or built.
    pub(super) unusable: HashSet<String>,
    /// The `foreign` given, back.
    pub(super) foreign: Option<Foreign>,
}

/// `build`, with the constructs of the stacks before this one in an app file (`foreign`).
pub(crate) fn build_in(file: &StackFile, layout: &Layout, foreign: Option<Foreign>) -> Built {
    let mut b = Builder {
        stack: Stack::new(file.name.clone()),
        diags: Vec::new(),
        params: HashMap::new(),
        handles: HashMap::new(),
        positions: HashMap::new(),
        unusable: layout
            .unreadable
            .iter()
            .map(|(_, id, _)| id.clone())
            .collect(),
        current: 0,
        in_outputs: false,
        foreign,
    };
    if let Some(d) = &file.description {
        b.stack = b.stack.description(d.clone());
    }
    for (k, v) in file.tags.iter().flatten() {
        b.stack.tag(k.clone(), v.clone());
    }
    for (name, p) in file.parameters.iter().flatten() {
        b.parameter(name, p);
    }
    for (name, body) in file.conditions.iter().flatten() {
        b.stack.condition(name.clone(), body.clone());
    }
    // Every id, with its place and type, before any construct is built.
    let mut ids: Vec<(usize, &str, Option<&'static str>)> = file
        .constructs
        .iter()
        .zip(&layout.indices)
        .map(|(c, &at)| (at, c.id(), Some(c.type_name())))
        .chain(
            layout
                .unreadable
                .iter()
                .map(|(at, id, ty)| (*at, id.as_str(), *ty)),
        )
        .collect();
    ids.sort_by_key(|(at, _, _)| *at);
    let mut first_of = HashSet::new();
    for (at, id, ty) in ids {
        if let Some(&(first, _)) = b.positions.get(id) {
            b.report(
                &rules::FILE_DUPLICATE_ID,
                format!("constructs[{at}].id"),
                format!("{id:?}, already the id of constructs[{first}]"),
                "an id used by one construct only (ids name constructs in references and outputs)",
            );
            continue;
        }
        b.positions.insert(id.to_owned(), (at, ty));
        first_of.insert(at);
    }
    let mut complete = layout.unreadable.is_empty();
    for (c, &at) in file.constructs.iter().zip(&layout.indices) {
        if !first_of.contains(&at) {
            continue;
        }
        b.current = at;
        if !b.construct(c) {
            b.unusable.insert(c.id().to_owned());
            complete = false;
        }
    }
    for (id, r) in file.raw_resources.iter().flatten() {
        b.raw_resource(id, r);
    }
    // An override of a construct that was not built would be reported as an unknown target.
    if complete {
        for (id, props) in file.overrides.iter().flatten() {
            for (path, value) in props {
                if value.is_null() {
                    b.stack.remove_property(id.clone(), path.clone());
                } else {
                    b.stack
                        .override_property(id.clone(), path.clone(), value.clone());
                }
            }
        }
    }
    b.in_outputs = true;
    for (name, o) in file.outputs.iter().flatten() {
        b.output(name, o);
    }
    Built {
        stack: layout.name_ok.then_some(b.stack),
        diags: b.diags,
        handles: b.handles,
        types: b
            .positions
            .into_iter()
            .filter_map(|(id, (_, ty))| Some((id, ty?)))
            .collect(),
        unusable: b.unusable,
        foreign: b.foreign,
    }
}

/// The stack being built, and what references and diagnostics need.
pub(crate) struct Builder {
    pub(super) stack: Stack,
    pub(super) diags: Vec<Diagnostic>,
    /// Each parameter's value (`{"Ref": name}`).
    pub(super) params: HashMap<String, Expr>,
    /// Handles of the constructs built so far.
    pub(super) handles: HashMap<String, Handle>,
    /// Where each id is defined: index in the text and type (when known).
    pub(super) positions: HashMap<String, (usize, Option<&'static str>)>,
    /// Ids whose construct could not be read or built: references to them are not reported again.
    pub(super) unusable: HashSet<String>,
    /// The index (in the text) of the construct being built.
    pub(super) current: usize,
    /// Whether outputs are being built (every construct is defined before them).
    pub(super) in_outputs: bool,
    /// In an app file, the constructs of the stacks before this one.
    pub(super) foreign: Option<Foreign>,
}

impl Builder {
    pub(super) fn report(
        &mut self,
        rule: &'static Rule,
        property: String,
        received: impl Into<String>,
        allowed: impl Into<String>,
    ) {
        self.diags.push(super::parse::file_error(
            rule, NO_SOURCE, property, received, allowed,
        ));
    }

    pub(super) fn at(&self, member: &str) -> String {
        format!("constructs[{}].{member}", self.current)
    }

    /// Adds the construct; false when a reference or value could not be resolved (reported).
    fn construct(&mut self, c: &ConstructSpec) -> bool {
        match c.lower(self) {
            Some(h) => {
                self.handles.insert(c.id().to_owned(), h);
                true
            }
            None => false,
        }
    }
}
