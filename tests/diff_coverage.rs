//! The vendored replacement data (`crates/core/data/create_only_properties.json`) covers every
//! resource type ferrocdk emits: each `AWS::Service::Type` named in the constructs' sources
//! and each type in a snapshot. (That the data matches the schemas in the pinned cfn-lint is
//! tests/python/test_create_only_properties.py.)

use ferrocdk::core::diff::replacement_data;
use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `"AWS::A::B"` string literal under `dir` (pseudo parameters have one `::` only).
fn types_in(dir: &Path, ext: &str, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            types_in(&path, ext, found);
        } else if path.extension().is_some_and(|x| x == ext) {
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split('"').skip(1).step_by(2) {
                let parts: Vec<&str> = piece.split("::").collect();
                let word = |s: &&str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric());
                if parts.len() == 3 && parts[0] == "AWS" && parts.iter().all(word) {
                    found.insert(piece.to_owned());
                }
            }
        }
    }
}

#[test]
fn every_emitted_resource_type_has_replacement_data() {
    let mut emitted = BTreeSet::new();
    types_in(&root().join("crates/aws/src"), "rs", &mut emitted);
    types_in(&root().join("snapshots"), "snap", &mut emitted);
    assert!(emitted.len() >= 15, "{emitted:?}");
    assert!(emitted.contains("AWS::KinesisFirehose::DeliveryStream"));
    let data = replacement_data();
    let missing: Vec<&String> = emitted
        .iter()
        .filter(|t| !data.types.contains_key(*t))
        .collect();
    assert!(
        missing.is_empty(),
        "no replacement data for {missing:?}: add them to scripts/vendor_create_only.py and rerun it"
    );
}
