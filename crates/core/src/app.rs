//! Several stacks in one app: references between them become exports and imports, and the
//! stacks are deployed in dependency order.
//!
//! A handle of stack A used in stack B of the same [`App`] is rendered in B as
//! `{"Fn::ImportValue": "<A>:<LogicalId>:<Attribute>"}`, and A gets an output exporting that
//! value under that name. Synth runs twice: the first pass finds what each stack imports, the
//! second synthesizes every stack with the exports the others need (so that the outputs are
//! checked like any other: names, the 200-output limit). Stacks are ordered so that each
//! comes after the stacks it imports from; a cycle is reported.

use crate::diagnostic::{Diagnostic, Diagnostics, SynthError};
use crate::expr::Expr;
use crate::links::{AppView, Import, Links};
use crate::rules;
use crate::stack::{PendingOutput, Stack, StackId};
use crate::synth::{run, Ran, Tallies};
use crate::template::Template;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::rc::Rc;

/// Where a stack is deployed: an AWS account and a Region.
///
/// Exports are read by `Fn::ImportValue` only within one account and Region, so a stack may
/// refer to resources of the app's stacks in its own environment only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Environment {
    account: String,
    region: String,
}

impl Environment {
    /// The account ID (12 digits) and Region code (e.g. `us-east-1`); both are checked at synth.
    #[must_use]
    pub fn new(account: impl Into<String>, region: impl Into<String>) -> Self {
        Environment {
            account: account.into(),
            region: region.into(),
        }
    }

    /// The account ID.
    #[must_use]
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The Region code.
    #[must_use]
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Each malformed part: (property, value received, what is allowed).
    pub(crate) fn problems(&self) -> Vec<(&'static str, String, &'static str)> {
        let mut out = Vec::new();
        if self.account.len() != 12 || !self.account.chars().all(|c| c.is_ascii_digit()) {
            out.push((
                "Environment.Account",
                format!("{:?}", self.account),
                "a 12-digit AWS account ID",
            ));
        }
        // Lowercase words joined by '-', ending in a number: us-east-1, us-gov-west-1.
        let words: Vec<&str> = self.region.split('-').collect();
        let region_ok = words.len() >= 3
            && words
                .last()
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            && words[..words.len() - 1]
                .iter()
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()));
        if !region_ok {
            out.push((
                "Environment.Region",
                format!("{:?}", self.region),
                "a Region code such as us-east-1 or eu-west-3",
            ));
        }
        out
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.account, self.region)
    }
}

/// Stacks deployed together, each in its environment; references between them are wired
/// through exports and imports.
///
/// ```
/// use ferrocdk_core::{App, Environment, Expr, Resource, Stack};
/// use serde_json::json;
/// let env = Environment::new("111122223333", "us-east-1");
/// let mut user = Stack::new("User");
/// let mut shared = Stack::new("Shared");
/// shared.add_raw_resource("Topic", Resource::new("AWS::SNS::Topic"));
/// // A handle of Shared's topic (a construct's handle holds the same), used in User.
/// let topic = Expr::Ref(shared.target("Topic"));
/// user.add_raw_resource("Queue", Resource::new("AWS::SQS::Queue"));
/// user.output("Topic", topic);
/// let mut app = App::new();
/// app.add(user, env.clone()).add(shared, env);
/// let out = app.synth()?;
/// assert_eq!(out.deploy_order(), ["Shared", "User"]);
/// let user = &out.stack("User").expect("synthesized").template;
/// assert_eq!(user.outputs["Topic"].value, json!({"Fn::ImportValue": "Shared:Topic:Ref"}));
/// let shared = &out.stack("Shared").expect("synthesized").template;
/// assert_eq!(shared.outputs["ExportTopicRef"].value, json!({"Ref": "Topic"}));
/// # Ok::<(), ferrocdk_core::SynthError>(())
/// ```
#[derive(Default)]
#[must_use]
pub struct App {
    stacks: Vec<(Stack, Environment)>,
}

/// One synthesized stack of an app.
#[derive(Debug, Clone)]
pub struct AppStack {
    /// The stack name (what it is deployed as).
    pub name: String,
    /// Where it is deployed.
    pub environment: Environment,
    /// Its template.
    pub template: Template,
    /// The stacks it imports from, in deploy order: they are deployed before it.
    pub depends_on: Vec<String>,
}

impl AppStack {
    /// The file its template is written to: `<StackName>.template.json`.
    #[must_use]
    pub fn file_name(&self) -> String {
        format!("{}.template.json", self.name)
    }
}

/// A synthesized app: its stacks in deploy order, and the warnings synth found.
#[derive(Debug, Clone)]
pub struct SynthesizedApp {
    /// The stacks in deploy order: each after every stack it imports from (otherwise in the
    /// order added).
    pub stacks: Vec<AppStack>,
    /// Warnings of every stack (synth succeeded despite them).
    pub warnings: Vec<Diagnostic>,
}

impl SynthesizedApp {
    /// The stack names in deploy order.
    #[must_use]
    pub fn deploy_order(&self) -> Vec<&str> {
        self.stacks.iter().map(|s| s.name.as_str()).collect()
    }

    /// The stack named `name`.
    #[must_use]
    pub fn stack(&self, name: &str) -> Option<&AppStack> {
        self.stacks.iter().find(|s| s.name == name)
    }
}

impl App {
    /// An app with no stacks.
    pub fn new() -> Self {
        App::default()
    }

    /// Adds a stack deployed in `environment`. Stacks are deployed in dependency order, and
    /// otherwise in the order added.
    pub fn add(&mut self, stack: Stack, environment: Environment) -> &mut Self {
        self.stacks.push((stack, environment));
        self
    }

    /// The stacks, in the order added.
    pub fn stacks(&self) -> impl Iterator<Item = (&Stack, &Environment)> {
        self.stacks.iter().map(|(s, e)| (s, e))
    }

    /// Synthesizes every stack, with the exports and imports their references need.
    ///
    /// # Errors
    ///
    /// Every error of every stack (with the warnings found alongside them), and the app's
    /// own: two stacks with one name, a malformed environment, a reference to a stack in
    /// another account or Region, stacks that import from each other in a cycle, an export
    /// name used twice in one account and Region.
    pub fn synth(&self) -> Result<SynthesizedApp, SynthError> {
        let mut diags = Diagnostics::default();
        self.check_stacks(&mut diags);
        let view = Rc::new(AppView {
            stacks: self
                .stacks
                .iter()
                .map(|(s, e)| (s.id, (s.name.clone(), e.clone())))
                .collect(),
        });
        let links = |s: &Stack| Links::in_app(s.id, Rc::clone(&view));

        // Pass 1: what each stack imports.
        let mut exported: BTreeMap<StackId, BTreeSet<Import>> = BTreeMap::new();
        for (s, _) in &self.stacks {
            for import in run(s, links(s), &[], &mut Tallies::new()).links.imports {
                exported.entry(import.producer).or_default().insert(import);
            }
        }
        // Pass 2: every stack with the exports the others import. The constructs' counts
        // (e.g. the consumers of a stream) run across the stacks: a reader in one stack of a
        // stream of another counts with the stream's own readers.
        let mut ran: Vec<Ran> = Vec::new();
        let mut tallies = Tallies::new();
        for (s, _) in &self.stacks {
            let outputs: Vec<PendingOutput> = exported
                .get(&s.id)
                .into_iter()
                .flatten()
                .map(|i| PendingOutput {
                    name: i.output_name(),
                    value: i.value(),
                    description: Some("Exported for other stacks of the app".into()),
                    export: Some(Expr::from(i.export_name(&s.name))),
                })
                .collect();
            ran.push(run(s, links(s), &outputs, &mut tallies));
        }
        self.settle(&mut ran);
        self.check_exports(&ran, &mut diags);
        let order = self.order(&ran, &mut diags);

        for r in &mut ran {
            diags.extend(std::mem::take(&mut r.diags).into_sorted());
        }
        if diags.has_errors() {
            return Err(SynthError {
                diagnostics: diags.into_sorted(),
            });
        }
        let names: Vec<&str> = self.stacks.iter().map(|(s, _)| s.name.as_str()).collect();
        let mut templates: Vec<Option<Template>> =
            ran.into_iter().map(|r| Some(r.template)).collect();
        let stacks = order
            .iter()
            .map(|(i, deps)| AppStack {
                name: names[*i].to_owned(),
                environment: self.stacks[*i].1.clone(),
                template: templates[*i].take().unwrap_or_default(),
                depends_on: deps.iter().map(|d| names[*d].to_owned()).collect(),
            })
            .collect();
        Ok(SynthesizedApp {
            stacks,
            warnings: diags.into_sorted(),
        })
    }

    /// Environments well formed; stack names unique in the app.
    fn check_stacks(&self, diags: &mut Diagnostics) {
        let mut seen = HashSet::new();
        for (s, env) in &self.stacks {
            for (property, received, allowed) in env.problems() {
                diags.push(Diagnostic::error(
                    &rules::ENVIRONMENT,
                    s.name.clone(),
                    property,
                    received,
                    allowed,
                ));
            }
            if !seen.insert(s.name.as_str()) {
                diags.push(Diagnostic::error(
                    &rules::DUPLICATE_STACK,
                    s.name.clone(),
                    "StackName",
                    format!("{:?}, the name of another stack of the app", s.name),
                    "a name used once in an app (stack names are unique per account and \
                     Region, export names are made from them, and each template is written \
                     to <StackName>.template.json)",
                ));
            }
        }
    }

    /// The deferred checks of every stack, settled against the whole app.
    fn settle(&self, ran: &mut [Ran]) {
        let provided: HashSet<_> = ran
            .iter()
            .flat_map(|r| r.links.provided.iter().cloned())
            .collect();
        let index: HashMap<StackId, usize> = self
            .stacks
            .iter()
            .enumerate()
            .map(|(i, (s, _))| (s.id, i))
            .collect();
        let deferred: Vec<_> = ran
            .iter_mut()
            .map(|r| std::mem::take(&mut r.links.deferred))
            .collect();
        for (i, d) in deferred.into_iter().enumerate() {
            let found = crate::links::settle(d, &provided, &|t| {
                let r = &ran[*index.get(&t.stack)?];
                Some(
                    r.template
                        .resources
                        .get(&t.logical_id)?
                        .resource_type
                        .clone(),
                )
            });
            ran[i].diags.extend(found);
        }
    }

    /// An export name once per account and Region across the stacks (each template checks
    /// its own).
    fn check_exports(&self, ran: &[Ran], diags: &mut Diagnostics) {
        let mut first: HashMap<(&Environment, &str), (&str, &str)> = HashMap::new();
        for ((s, env), r) in self.stacks.iter().zip(ran) {
            for (output, name) in crate::exports::literal_names(&r.template) {
                let (stack, by) = *first
                    .entry((env, name))
                    .or_insert((s.name.as_str(), output));
                if stack != s.name {
                    diags.push(Diagnostic::error(
                        &rules::DUPLICATE_EXPORT,
                        format!("{}/Outputs/{output}", s.name),
                        "Export.Name",
                        format!("{name:?}, already exported by {stack}/Outputs/{by} in {env}"),
                        "an export name used once per account and Region",
                    ));
                }
            }
        }
    }

    /// The deploy order: (stack index, indices of the stacks it imports from), each stack
    /// after those, otherwise in the order added. Each cycle is reported once (and broken, so
    /// that the rest is ordered).
    fn order(&self, ran: &[Ran], diags: &mut Diagnostics) -> Vec<(usize, Vec<usize>)> {
        let index: HashMap<StackId, usize> = self
            .stacks
            .iter()
            .enumerate()
            .map(|(i, (s, _))| (s.id, i))
            .collect();
        // deps[i]: producer index → one import of it, for the cycle message.
        let deps: Vec<BTreeMap<usize, &Import>> = ran
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut m = BTreeMap::new();
                for import in &r.links.imports {
                    if let Some(&p) = index.get(&import.producer) {
                        if p != i {
                            m.entry(p).or_insert(import);
                        }
                    }
                }
                m
            })
            .collect();
        let n = self.stacks.len();
        let mut placed = vec![false; n];
        let mut order = Vec::new();
        while order.len() < n {
            let ready = (0..n).find(|&i| !placed[i] && deps[i].keys().all(|&p| placed[p]));
            if let Some(i) = ready {
                placed[i] = true;
                order.push(i);
                continue;
            }
            // Every stack left waits for another one left: walk to a cycle and report it.
            let Some(start) = (0..n).find(|&i| !placed[i]) else {
                break;
            };
            let mut path = vec![start];
            let cycle = loop {
                let last = *path.last().unwrap_or(&start);
                let Some(&next) = deps[last].keys().find(|&&p| !placed[p]) else {
                    break vec![last];
                };
                if let Some(at) = path.iter().position(|&p| p == next) {
                    break path.split_off(at);
                }
                path.push(next);
            };
            let name = |i: usize| self.stacks[i].0.name.as_str();
            let links: Vec<String> = cycle
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    let p = cycle[(k + 1) % cycle.len()];
                    let via = deps[i].get(&p).map(|im| im.describe()).unwrap_or_default();
                    format!("{} imports {}/{via}", name(i), name(p))
                })
                .collect();
            diags.push(Diagnostic::error(
                &rules::STACK_DEPENDENCY_CYCLE,
                name(cycle[0]),
                "-",
                links.join(", "),
                "references between stacks in one direction only, so that one can be deployed \
                 first: put the resources that refer to each other in one stack, or pass one of \
                 the values as a parameter or a literal",
            ));
            for i in cycle {
                placed[i] = true;
                order.push(i);
            }
        }
        let position: HashMap<usize, usize> =
            order.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        order
            .iter()
            .map(|&i| {
                let mut d: Vec<usize> = deps[i].keys().copied().collect();
                d.sort_by_key(|p| position.get(p).copied().unwrap_or(usize::MAX));
                (i, d)
            })
            .collect()
    }
}
