//! CloudWatch alarms.

use super::*;

#[test]
fn alarms_empty() {
    use ferrocdk::aws::cloudwatch::Alarms;
    let d = the_error(&one(Alarms::new("Alarms")), "alarms-empty");
    assert_diag(
        &d,
        E,
        "V/Alarms",
        "-",
        &["watching nothing"],
        &[".stream", ".delivery_stream", ".function"],
    );
    let mut stack = Stack::new("V");
    let s = stack.add(KinesisStream::new("Changes"));
    stack.add(Alarms::new("Alarms").stream(&s));
    assert!(stack.synth().is_ok());
}

#[test]
fn alarms_table_kinesis() {
    use ferrocdk::aws::cloudwatch::Alarms;
    let mut stack = Stack::new("V");
    let table = stack.add(Table::new("Orders", Attribute::string("pk")));
    stack.add(Alarms::new("Alarms").table(&table));
    let d = the_error(&stack, "alarms-table-kinesis");
    assert_diag(
        &d,
        E,
        "V/Alarms",
        "Metrics",
        &["\"Orders\"", "does not stream to Kinesis"],
        &[".kinesis_stream(&stream)", "an existing table"],
    );
}

#[test]
fn a_table_alarm_counts_skipped_changes_by_the_tables_name_whatever_its_delegated_operation() {
    use ferrocdk::aws::cloudwatch::Alarms;
    let mut stack = Stack::new("V");
    let stream = stack.add(KinesisStream::new("Changes"));
    let legacy = Table::from_name("Legacy");
    stack.add(legacy.kinesis_stream("LegacyToChanges", &stream));
    stack.add(Alarms::new("Alarms").table(&legacy));
    let t = match stack.synth() {
        Ok(s) => s.template,
        Err(e) => panic!("{e}"),
    };
    let alarm = &t.resources["AlarmsTable0SkippedChanges"].properties;
    let query = &alarm["Metrics"][0];
    assert_eq!(
        query["Expression"],
        serde_json::json!(
            "SELECT MAX(FailedToReplicateRecordCount) FROM SCHEMA(\"AWS/DynamoDB\", \
             DelegatedOperation, TableName) WHERE TableName = 'Legacy'"
        )
    );
    assert_eq!(query["Period"], 300);
    assert_eq!(alarm["Threshold"], 0);
    assert_eq!(alarm["ComparisonOperator"], "GreaterThanThreshold");
    // A Metrics Insights alarm names no metric of its own.
    assert!(alarm.get("MetricName").is_none() && alarm.get("Dimensions").is_none());
}
