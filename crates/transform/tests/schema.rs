//! The committed `schemas/change-line.schema.json` must match the `ChangeLine` type.

use std::path::Path;

use ferrocdk_transform::{change_line_schema, shape_change, ChangeLine, Options, TimestampUnit};

#[test]
fn committed_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/change-line.schema.json");
    let fresh = change_line_schema();
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, &fresh).expect("write schema");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale or missing; regenerate it with\n  UPDATE_SCHEMAS=1 cargo test -p ferrocdk-transform --test schema",
        path.display()
    );
}

#[test]
fn schema_describes_the_line_fields() {
    let schema: serde_json::Value =
        serde_json::from_str(&change_line_schema()).expect("schema is JSON");
    let props = schema["properties"].as_object().expect("properties");
    let names: Vec<&str> = props.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "eventID",
            "eventName",
            "tableName",
            "awsRegion",
            "approximateCreationDateTime",
            "isTtlDelete",
            "keys",
            "newImage",
            "oldImage"
        ]
    );
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(!required.contains(&"oldImage"), "oldImage may be omitted");
    assert!(required.contains(&"keys") && required.contains(&"eventID"));
}

#[test]
fn lines_parse_as_change_lines() {
    let record = br#"{"eventID":"e","eventName":"MODIFY","awsRegion":"r","dynamodb":{
        "ApproximateCreationDateTime":1,"Keys":{"id":{"S":"a"}},
        "NewImage":{"id":{"S":"a"},"l":{"L":[{"N":"1"},{"NULL":true}]}},"OldImage":{"id":{"S":"a"}}}}"#;
    for drop_old_image in [false, true] {
        let opts = Options {
            drop_old_image,
            ..Options::default()
        };
        let line = shape_change(record, TimestampUnit::Auto, &opts).expect("shape");
        let parsed: ChangeLine = serde_json::from_slice(line.as_bytes()).expect("a ChangeLine");
        assert_eq!(parsed.old_image.is_none(), drop_old_image);
        assert_eq!(parsed.table_name, None);
        assert_eq!(
            parsed.approximate_creation_date_time.as_deref(),
            Some("1970-01-01T00:00:00.001Z")
        );
        // Serializing the typed line gives the same bytes back (minus the newline).
        let again = serde_json::to_string(&parsed).expect("serialize");
        assert_eq!(format!("{again}\n").as_bytes(), line.as_bytes());
    }
}
