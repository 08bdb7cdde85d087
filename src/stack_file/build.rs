//! From a [`StackFile`] to a [`Stack`]: every construct through its public builder, in file
//! order, with references resolved by id. Each construct's lowering lives in its own file;
//! references in `resolve.rs`, expressions in `values.rs`.

use super::app_file::Foreign;
use super::resolve::Handle;
use super::*;
use ferrocdk_core::rules::{self, Rule};
use ferrocdk_core::{Diagnostic, Expr, Stack};
use std::collections::{HashMap, HashSet};

/// Builds what can be built. `unusable` are ids of constructs that could not be read (their
/// problems are reported already): references to them are skipped silently, and so are the
/// constructs and outputs that use them. Returns no stack when the stack itself is unusable
/// (`name_ok` false).
pub(crate) fn build(
    file: &StackFile,
    unusable: &HashSet<String>,
    name_ok: bool,
) -> (Option<Stack>, Vec<Diagnostic>) {
    let built = build_in(file, unusable, name_ok, None);
    (built.stack, built.diags)
}

/// What building a stack of a file gave: the stack (unless unusable), the problems, and the
/// handles of its constructs (for the stacks after it in an app file).
pub(crate) struct Built {
    pub(super) stack: Option<Stack>,
    pub(super) diags: Vec<Diagnostic>,
    /// Id → handle of every construct built.
    pub(super) handles: HashMap<String, Handle>,
    /// Id → type of every construct of the file.
    pub(super) types: HashMap<String, &'static str>,
    /// Ids of the constructs that could not be read or built.
    pub(super) unusable: HashSet<String>,
    /// The `foreign` given, back.
    pub(super) foreign: Option<Foreign>,
}

/// `build`, with the constructs of the stacks before this one in an app file (`foreign`).
pub(crate) fn build_in(
    file: &StackFile,
    unusable: &HashSet<String>,
    name_ok: bool,
    foreign: Option<Foreign>,
) -> Built {
    let mut b = Builder {
        stack: Stack::new(file.name.clone()),
        diags: Vec::new(),
        params: HashMap::new(),
        handles: HashMap::new(),
        positions: HashMap::new(),
        unusable: unusable.clone(),
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
    for (i, c) in file.constructs.iter().enumerate() {
        let id = c.id();
        if let Some(&(first, _)) = b.positions.get(id) {
            b.report(
                &rules::FILE_DUPLICATE_ID,
                format!("constructs[{i}].id"),
                format!("{id:?}, already the id of constructs[{first}]"),
                "an id used by one construct only (ids name constructs in references and outputs)",
            );
            continue;
        }
        b.positions.insert(id.to_owned(), (i, c.type_name()));
    }
    let mut built = vec![false; file.constructs.len()];
    for (i, c) in file.constructs.iter().enumerate() {
        if b.positions.get(c.id()).is_some_and(|&(at, _)| at != i) {
            continue;
        }
        b.current = i;
        built[i] = b.construct(c);
        if !built[i] {
            b.unusable.insert(c.id().to_owned());
        }
    }
    let complete = built.iter().all(|x| *x) && unusable.is_empty();
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
        stack: name_ok.then_some(b.stack),
        diags: b.diags,
        handles: b.handles,
        types: b
            .positions
            .into_iter()
            .map(|(id, (_, ty))| (id, ty))
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
    /// Where each id is defined: index and type.
    pub(super) positions: HashMap<String, (usize, &'static str)>,
    /// Ids whose construct could not be read or built: references to them are not reported again.
    pub(super) unusable: HashSet<String>,
    /// The index of the construct being built.
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
