//! Property tests: random DynamoDB attribute trees keep their values through shaping, and
//! arbitrary `data` never panics and is always answered.

use base64::Engine as _;
use ferrocdk_transform::{
    handle_json, shape_change, ChangeLine, FirehoseResponse, Options, RecordResult, TimestampUnit,
};
use proptest::prelude::*;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).expect("string")
}

/// An `N` string built from parts, with its canonical text derived from the same parts.
#[derive(Clone, Debug)]
struct NumText {
    input: String,
    canonical: String,
}

fn number_text() -> impl Strategy<Value = NumText> {
    (
        prop_oneof![Just(""), Just("+"), Just("-")],
        0usize..3,
        "[1-9][0-9]{0,39}|",
        proptest::option::of("[0-9]{0,40}"),
        proptest::option::of((
            "[eE]",
            prop_oneof![Just(""), Just("+"), Just("-")],
            "[0-9]{1,3}",
        )),
    )
        .prop_filter("needs a digit", |(_, zeros, int, frac, _)| {
            *zeros > 0 || !int.is_empty() || frac.as_ref().is_some_and(|f| !f.is_empty())
        })
        .prop_map(|(sign, zeros, int, frac, exp)| {
            let exp_text = exp
                .map(|(e, s, d)| format!("{e}{s}{d}"))
                .unwrap_or_default();
            let mut input = format!("{sign}{}{int}", "0".repeat(zeros));
            if let Some(f) = &frac {
                input.push('.');
                input.push_str(f);
            }
            input.push_str(&exp_text);
            let mut canonical = if sign == "-" {
                "-".to_owned()
            } else {
                String::new()
            };
            canonical.push_str(if int.is_empty() { "0" } else { &int });
            if let Some(f) = frac.filter(|f| !f.is_empty()) {
                canonical.push('.');
                canonical.push_str(&f);
            }
            canonical.push_str(&exp_text);
            NumText { input, canonical }
        })
}

/// An NS element whose exact value is known: `m × 10^k`, written as
/// `[sign][zeros](|m|·10^s)e(k−s)`. `key` = m·10^(k+3), an exact integer for comparison.
#[derive(Clone, Debug)]
struct SetNum {
    text: NumText,
    key: i64,
}

fn set_number() -> impl Strategy<Value = SetNum> {
    (
        -999i64..=999,
        -3i64..=3,
        0u32..=2,
        any::<bool>(),
        0usize..2,
        any::<bool>(),
    )
        .prop_map(|(m, k, s, plus, zeros, upper)| {
            let digits = (m.unsigned_abs() * 10u64.pow(s)).to_string();
            let e = if upper { "E" } else { "e" };
            let exp = format!("{e}{}", k - i64::from(s));
            let sign = if m < 0 {
                "-"
            } else if plus {
                "+"
            } else {
                ""
            };
            let input = format!("{sign}{}{digits}{exp}", "0".repeat(zeros));
            let canonical = format!("{}{digits}{exp}", if m < 0 { "-" } else { "" });
            SetNum {
                text: NumText { input, canonical },
                key: m * 10i64.pow((k + 3) as u32),
            }
        })
}

#[derive(Clone, Debug)]
enum Attr {
    S(String),
    N(NumText),
    B(Vec<u8>),
    Bool(bool),
    Null,
    Ss(Vec<String>),
    Ns(Vec<SetNum>),
    Bs(Vec<Vec<u8>>),
    M(Vec<(String, Attr)>),
    L(Vec<Attr>),
}

fn attr() -> impl Strategy<Value = Attr> {
    let leaf = prop_oneof![
        any::<String>().prop_map(Attr::S),
        number_text().prop_map(Attr::N),
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(Attr::B),
        any::<bool>().prop_map(Attr::Bool),
        Just(Attr::Null),
        proptest::collection::vec("[a-cA-C\u{e9}\u{ff71}\u{1f600}]{0,3}", 0..6).prop_map(Attr::Ss),
        proptest::collection::vec(set_number(), 0..6).prop_map(Attr::Ns),
        proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..3), 0..6)
            .prop_map(Attr::Bs),
    ];
    leaf.prop_recursive(5, 48, 5, |inner| {
        prop_oneof![
            proptest::collection::vec((any::<String>(), inner.clone()), 0..5).prop_map(|mut v| {
                // Distinct names (the duplicate rule is pinned by the vectors).
                let mut seen = std::collections::HashSet::new();
                v.retain(|(k, _)| seen.insert(k.clone()));
                Attr::M(v)
            }),
            proptest::collection::vec(inner, 0..5).prop_map(Attr::L),
        ]
    })
}

/// DynamoDB JSON of an attribute (the input side).
fn ddb_json(a: &Attr) -> String {
    let list = |items: Vec<String>| format!("[{}]", items.join(","));
    match a {
        Attr::S(s) => format!("{{\"S\":{}}}", json_str(s)),
        Attr::N(n) => format!("{{\"N\":{}}}", json_str(&n.input)),
        Attr::B(b) => format!("{{\"B\":\"{}\"}}", b64(b)),
        Attr::Bool(b) => format!("{{\"BOOL\":{b}}}"),
        Attr::Null => "{\"NULL\":true}".to_owned(),
        Attr::Ss(v) => format!(
            "{{\"SS\":{}}}",
            list(v.iter().map(|s| json_str(s)).collect())
        ),
        Attr::Ns(v) => format!(
            "{{\"NS\":{}}}",
            list(v.iter().map(|n| json_str(&n.text.input)).collect())
        ),
        Attr::Bs(v) => format!(
            "{{\"BS\":{}}}",
            list(v.iter().map(|b| format!("\"{}\"", b64(b))).collect())
        ),
        Attr::M(m) => format!(
            "{{\"M\":{{{}}}}}",
            m.iter()
                .map(|(k, v)| format!("{}:{}", json_str(k), ddb_json(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Attr::L(l) => format!("{{\"L\":{}}}", list(l.iter().map(ddb_json).collect())),
    }
}

/// The expected plain JSON of an attribute, written independently of the crate.
fn expected_json(a: &Attr) -> String {
    let list = |items: Vec<String>| format!("[{}]", items.join(","));
    match a {
        Attr::S(s) => json_str(s),
        Attr::N(n) => n.canonical.clone(),
        Attr::B(b) => format!("\"{}\"", b64(b)),
        Attr::Bool(b) => b.to_string(),
        Attr::Null => "null".to_owned(),
        Attr::Ss(v) => {
            let mut v = v.clone();
            v.sort_by(|a, b| a.chars().cmp(b.chars()));
            v.dedup();
            list(v.iter().map(|s| json_str(s)).collect())
        }
        Attr::Ns(v) => {
            let mut kept: Vec<&SetNum> = Vec::new();
            for n in v {
                if !kept.iter().any(|k| k.key == n.key) {
                    kept.push(n);
                }
            }
            kept.sort_by_key(|n| n.key);
            list(kept.iter().map(|n| n.text.canonical.clone()).collect())
        }
        Attr::Bs(v) => {
            let mut v = v.clone();
            v.sort();
            v.dedup();
            list(v.iter().map(|b| format!("\"{}\"", b64(b))).collect())
        }
        Attr::M(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}:{}", json_str(k), expected_json(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Attr::L(l) => list(l.iter().map(expected_json).collect()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn attribute_values_survive_shaping(a in attr(), key in number_text()) {
        let record = format!(
            "{{\"eventID\":\"e\",\"eventName\":\"INSERT\",\"awsRegion\":\"r\",\"tableName\":\"T\",\
             \"dynamodb\":{{\"ApproximateCreationDateTime\":0,\"Keys\":{{\"k\":{{\"N\":{}}}}},\
             \"NewImage\":{{\"a\":{}}}}}}}",
            json_str(&key.input),
            ddb_json(&a)
        );
        let shaped = shape_change(record.as_bytes(), TimestampUnit::Auto, &Options::default())
            .map_err(|e| TestCaseError::fail(format!("{e} for {record}")))?;
        let expected = format!(
            "{{\"eventID\":\"e\",\"eventName\":\"INSERT\",\"tableName\":\"T\",\"awsRegion\":\"r\",\
             \"approximateCreationDateTime\":\"1970-01-01T00:00:00.000Z\",\"isTtlDelete\":false,\
             \"keys\":{{\"k\":{}}},\"newImage\":{{\"a\":{}}},\"oldImage\":null}}\n",
            key.canonical,
            expected_json(&a)
        );
        let line = String::from_utf8(shaped.as_bytes().to_vec()).expect("UTF-8 line");
        prop_assert_eq!(&line, &expected);
        // The line is valid JSON (IgnoredAny: numbers like 1e999 do not fit an f64) and,
        // when its numbers fit, of the documented shape.
        prop_assert!(serde_json::from_str::<serde::de::IgnoredAny>(&line).is_ok());
        if let Ok(parsed) = serde_json::from_str::<ChangeLine>(&line) {
            prop_assert_eq!(parsed.event_id, "e");
        }
    }

    #[test]
    fn arbitrary_data_is_always_answered(
        payloads in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..6),
        raw in proptest::collection::vec(".{0,12}", 0..3),
    ) {
        let mut datas: Vec<String> = payloads.iter().map(|p| b64(p)).collect();
        datas.extend(raw);
        let records: Vec<serde_json::Value> = datas
            .iter()
            .enumerate()
            .map(|(i, d)| serde_json::json!({"recordId": i.to_string(), "data": d}))
            .collect();
        let event = serde_json::to_vec(&serde_json::json!({"records": records})).expect("event");
        let out = handle_json(&event, &Options { partition_keys: true, ..Options::default() })
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let resp: FirehoseResponse = serde_json::from_slice(&out).expect("response JSON");
        prop_assert_eq!(resp.records.len(), datas.len());
        for (i, (r, d)) in resp.records.iter().zip(&datas).enumerate() {
            prop_assert_eq!(&r.record_id, &i.to_string());
            match r.result {
                RecordResult::ProcessingFailed => prop_assert_eq!(&r.data, d),
                RecordResult::Ok => prop_assert!(r.metadata.is_some()),
                RecordResult::Dropped => prop_assert!(false, "nothing should be dropped"),
            }
        }
    }

    #[test]
    fn mutated_records_never_panic(
        a in attr(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut bytes = format!(
            "{{\"eventID\":\"e\",\"eventName\":\"MODIFY\",\"awsRegion\":\"r\",\"dynamodb\":\
             {{\"ApproximateCreationDateTime\":1731924555370,\"Keys\":{{\"k\":{{\"S\":\"1\"}}}},\
             \"NewImage\":{{\"a\":{0}}},\"OldImage\":{{\"a\":{0}}}}}}}",
            ddb_json(&a)
        )
        .into_bytes();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        // Either outcome is fine; the point is no panic, and Ok lines are valid JSON.
        if let Ok(line) = shape_change(&bytes, TimestampUnit::Auto, &Options::default()) {
            prop_assert!(serde_json::from_slice::<serde::de::IgnoredAny>(line.as_bytes()).is_ok());
        }
    }
}
