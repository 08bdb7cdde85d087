//! Property tests of the diff: a template diffed with itself, in any of CloudFormation's
//! formattings, is empty (every snapshot in `snapshots/`); a mutated template's diff names
//! exactly the resources that appeared and disappeared and never panics; and no input at all
//! (arbitrary JSON, arbitrary text, arbitrary resources) panics, through `diff`,
//! `parse_template` or `Stack::diff_against`.

use ferrocdk_core::diff::{diff, parse_template, ChangeKind, StackDiff};
use ferrocdk_core::{rules, Resource, Stack};
use proptest::prelude::*;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::Path;

/// Every snapshot's template (the body after insta's header).
fn snapshots() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../snapshots");
    let mut found: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("snapshots/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "snap"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            let end = text[4..].find("\n---\n").expect("insta header") + 4;
            let body: Value = serde_json::from_str(&text[end + 5..]).expect("JSON body");
            (p.display().to_string(), body)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(found.len() >= 10, "only {} snapshots", found.len());
    found
}

/// A small deterministic generator, so one proptest seed drives a whole reformatting.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn chance(&mut self, per_cent: u64) -> bool {
        self.next() % 100 < per_cent
    }
}

/// `v` as CloudFormation may hand it back: members shuffled, numbers and booleans as strings
/// (under `Properties`), a one-entry `DependsOn` as a string, `DependsOn` lists reordered.
fn cfn_format(v: &Value, rng: &mut Rng, in_properties: bool) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            for i in (1..keys.len()).rev() {
                keys.swap(i, (rng.next() % (i as u64 + 1)) as usize);
            }
            let mut out = Map::new();
            for k in keys {
                let x = &m[k];
                let formatted = match (k.as_str(), x) {
                    ("DependsOn", Value::Array(ids)) if !in_properties => {
                        let mut ids = ids.clone();
                        ids.reverse();
                        if ids.len() == 1 && rng.chance(50) {
                            ids[0].clone()
                        } else {
                            Value::Array(ids)
                        }
                    }
                    _ => cfn_format(x, rng, in_properties || k == "Properties"),
                };
                out.insert(k.clone(), formatted);
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|x| cfn_format(x, rng, in_properties))
                .collect(),
        ),
        Value::Number(n) if in_properties && rng.chance(70) => Value::String(n.to_string()),
        Value::Bool(b) if in_properties && rng.chance(70) => Value::String(b.to_string()),
        other => other.clone(),
    }
}

/// Arbitrary JSON, a few levels deep.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-zA-Z0-9:._ ${}-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(("[A-Za-z:]{1,10}", inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

const TYPES: &[&str] = &[
    "AWS::DynamoDB::Table",
    "AWS::Kinesis::Stream",
    "AWS::KinesisFirehose::DeliveryStream",
    "AWS::Lambda::EventSourceMapping",
    "AWS::S3::Bucket",
    "AWS::Logs::LogGroup",
    "AWS::SQS::Queue",
    "AWS::KMS::Key",
    "Custom::Thing",
    "AWS::EC2::Instance",
];

const MEMBERS: &[&str] = &[
    "TableName",
    "KeySchema",
    "StreamSpecification",
    "KinesisStreamSpecification",
    "GlobalSecondaryIndexes",
    "AttributeDefinitions",
    "ShardCount",
    "RetentionPeriodHours",
    "RetentionInDays",
    "Name",
    "ServiceToken",
    "KeySpec",
    "EventSourceArn",
    "DeliveryStreamType",
    "KinesisStreamSourceConfiguration",
];

/// Templates whose resources have known types and known property names with arbitrary values
/// (references to each other included), so the rules' code paths run on odd shapes.
fn template() -> impl Strategy<Value = Value> {
    let value = prop_oneof![
        json(),
        "[A-D]".prop_map(|id| serde_json::json!({"Ref": id})),
        ("[A-D]", "[A-Za-z]{1,8}").prop_map(|(id, a)| serde_json::json!({"Fn::GetAtt": [id, a]})),
    ];
    let properties = prop::collection::vec((prop::sample::select(MEMBERS), value), 0..6);
    let resource = (
        prop::sample::select(TYPES),
        properties,
        prop::option::of(prop::sample::select(&["Retain", "Delete", "Snapshot"][..])),
    )
        .prop_map(|(t, props, policy)| {
            let mut r = serde_json::json!({"Type": t, "Properties": Map::from_iter(
                props.into_iter().map(|(k, v)| (k.to_owned(), v)))});
            if let Some(p) = policy {
                r["DeletionPolicy"] = Value::from(p);
                r["UpdateReplacePolicy"] = Value::from(p);
            }
            r
        });
    prop::collection::vec(("[A-D]", resource), 0..5)
        .prop_map(|rs| serde_json::json!({"Resources": Map::from_iter(rs)}))
}

/// What every diff must satisfy, whatever its input.
fn check_invariants(old: &Value, new: &Value, d: &StackDiff) {
    let ids = |t: &Value| -> BTreeSet<String> {
        t["Resources"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (o, n) = (ids(old), ids(new));
    let of_kind = |k: ChangeKind| -> BTreeSet<String> {
        d.resources
            .iter()
            .filter(|r| r.kind == k)
            .map(|r| r.logical_id.clone())
            .collect()
    };
    assert_eq!(of_kind(ChangeKind::Add), &n - &o);
    assert_eq!(of_kind(ChangeKind::Remove), &o - &n);
    let changed: BTreeSet<&str> = d.resources.iter().map(|r| r.logical_id.as_str()).collect();
    assert_eq!(changed.len(), d.resources.len(), "a resource listed twice");
    for r in &d.resources {
        let needs_cause = !matches!(r.kind, ChangeKind::Add | ChangeKind::Remove);
        assert_eq!(needs_cause, !r.causes.is_empty(), "{r:?}");
    }
    for f in &d.findings {
        assert!(
            changed.contains(f.logical_id.as_str()),
            "{f:?} is about no changed resource"
        );
        assert!(rules::ALL.contains(&f.rule));
        assert!(!f.lost.is_empty() && !f.avoid.is_empty());
    }
    // Rendering never panics either.
    let _ = d.to_table(true);
    let _ = d.to_json_pretty();
}

/// One random edit of a template.
fn mutate(t: &Value, rng: &mut Rng, replacement: &Value) -> Value {
    let mut t = t.clone();
    let Some(resources) = t["Resources"].as_object_mut() else {
        return t;
    };
    let ids: Vec<String> = resources.keys().cloned().collect();
    if ids.is_empty() {
        return t;
    }
    let id = ids[(rng.next() % ids.len() as u64) as usize].clone();
    match rng.next() % 6 {
        0 => {
            resources.remove(&id);
        }
        1 => {
            let r = resources.remove(&id).expect("present");
            resources.insert(format!("{id}Renamed"), r);
        }
        2 => {
            resources[&id]["Type"] = Value::from("AWS::SNS::Topic");
        }
        3 => {
            if let Some(r) = resources[&id].as_object_mut() {
                r.remove("DeletionPolicy");
                r.remove("UpdateReplacePolicy");
            }
        }
        _ => {
            // Replace one value below the resource, at any depth, with an arbitrary one.
            let mut pointer = String::new();
            let mut at = &resources[&id];
            loop {
                let step = match at {
                    Value::Object(m) if !m.is_empty() => {
                        let k: Vec<&String> = m.keys().collect();
                        let k = k[(rng.next() % k.len() as u64) as usize];
                        Some((k.replace('~', "~0").replace('/', "~1"), &m[k]))
                    }
                    Value::Array(a) if !a.is_empty() => {
                        let i = (rng.next() % a.len() as u64) as usize;
                        Some((i.to_string(), &a[i]))
                    }
                    _ => None,
                };
                match step {
                    Some((seg, next)) if rng.chance(75) => {
                        pointer = format!("{pointer}/{seg}");
                        at = next;
                    }
                    _ => break,
                }
            }
            if pointer != "/Type" && !pointer.is_empty() {
                if let Some(v) = resources[&id].pointer_mut(&pointer) {
                    *v = replacement.clone();
                }
            }
        }
    }
    t
}

#[test]
fn every_snapshot_diffed_with_itself_is_empty() {
    for (name, t) in snapshots() {
        let d = diff(&t, &t).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(d.is_empty(), "{name}:\n{}", d.to_table(false));
        let text = serde_json::to_string_pretty(&t).unwrap();
        assert!(diff(&parse_template(&text).unwrap(), &t)
            .unwrap()
            .is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_snapshot_in_cloudformations_formatting_has_no_changes(seed in 1u64.., which in 0usize..64) {
        let all = snapshots();
        let (name, t) = &all[which % all.len()];
        let deployed = cfn_format(t, &mut Rng(seed), false);
        let d = diff(&deployed, t).unwrap();
        prop_assert!(d.is_empty(), "{}:\n{}", name, d.to_table(false));
        prop_assert!(diff(t, &deployed).unwrap().is_empty());
    }

    #[test]
    fn a_mutated_snapshot_diffs_without_panicking_and_names_exactly_what_came_and_went(
        seed in 1u64..,
        which in 0usize..64,
        replacement in json(),
    ) {
        let all = snapshots();
        let t = &all[which % all.len()].1;
        let mut rng = Rng(seed);
        let m = mutate(t, &mut rng, &replacement);
        let m = mutate(&m, &mut rng, &replacement);
        for (old, new) in [(t, &m), (&m, t)] {
            if let Ok(d) = diff(old, new) {
                check_invariants(old, new, &d);
            }
        }
        if let Ok(d) = diff(&m, &m) {
            prop_assert!(d.is_empty());
        }
    }

    #[test]
    fn arbitrary_templates_never_panic_and_equal_themselves(old in template(), new in template()) {
        let d = diff(&old, &new).unwrap();
        check_invariants(&old, &new, &d);
        prop_assert!(diff(&old, &old).unwrap().is_empty());
    }

    #[test]
    fn arbitrary_json_never_panics(old in json(), new in json()) {
        if let Ok(d) = diff(&old, &new) {
            check_invariants(&old, &new, &d);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = parse_template(&text);
        let wrapped = serde_json::json!({"TemplateBody": text}).to_string();
        let _ = parse_template(&wrapped);
    }

    #[test]
    fn a_stack_diffed_against_anything_never_panics(deployed in prop_oneof![json(), template()]) {
        let mut stack = Stack::new("Props");
        stack.add_raw_resource("A", Resource::new("AWS::SQS::Queue").prop("QueueName", "a"));
        stack.add_raw_resource("B", Resource::new("AWS::DynamoDB::Table").prop("TableName", "b"));
        if let Ok(d) = stack.diff_against(&deployed) {
            let new = stack.synth().unwrap().template.to_value();
            check_invariants(&deployed, &new, &d);
        }
    }
}
