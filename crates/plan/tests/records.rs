//! Record sizes against the real record formats.

use ferrocdk_plan::record::*;

/// The captured Kinesis-for-DynamoDB record (the `dynamodb-stream.json` test event of AWS
/// Powertools for Lambda; format: <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/kds.html>).
const SAMPLE: &str = r#"{"awsRegion":"eu-west-1","eventID":"d9428029-0f63-4056-86da-ce10d545b1b9","eventName":"INSERT","userIdentity":null,"recordFormat":"application/json","tableName":"PowertoolsEventsStack-DynamoDBTable59784FC0-8NKAMTERTAXY","dynamodb":{"ApproximateCreationDateTime":1731924555370,"Keys":{"id":{"S":"record-1qit2y819gi"}},"NewImage":{"id":{"S":"record-1qit2y819gi"},"data":{"S":"data-x6aq7ckdpgk"}},"SizeBytes":60},"eventSource":"aws:dynamodb"}"#;

/// The shaped line of that record (tests/vectors/firehose/basic-insert.json).
const SAMPLE_LINE: &str = "{\"eventID\":\"d9428029-0f63-4056-86da-ce10d545b1b9\",\"eventName\":\"INSERT\",\"tableName\":\"PowertoolsEventsStack-DynamoDBTable59784FC0-8NKAMTERTAXY\",\"awsRegion\":\"eu-west-1\",\"approximateCreationDateTime\":\"2024-11-18T10:09:15.370Z\",\"isTtlDelete\":false,\"keys\":{\"id\":\"record-1qit2y819gi\"},\"newImage\":{\"id\":\"record-1qit2y819gi\",\"data\":\"data-x6aq7ckdpgk\"},\"oldImage\":null}\n";

fn sample_shape() -> RecordShape {
    // "id" + "record-1qit2y819gi" = 2 + 18 = 20 key bytes; + "data" + 16 chars = 40 item bytes.
    RecordShape {
        item_bytes: 40.0,
        key_bytes: 20.0,
        attributes: 2.0,
        key_attributes: 1.0,
        table_name_bytes: 56.0,
        region_bytes: 9.0,
    }
}

#[test]
fn envelope_is_262_bytes() {
    // 439 (sample) − 9 (region) − 56 (table) − 2 ("60") − 33 (Keys) − 12 (,"NewImage":) − 65.
    assert_eq!(KINESIS_ENVELOPE.len(), 439 - 9 - 56 - 2 - 33 - 12 - 65);
}

#[test]
fn kinesis_record_reproduces_the_captured_sample() {
    assert_eq!(SAMPLE.len(), 439);
    let s = sample_shape();
    assert_eq!(
        kinesis_change_record_bytes(&s, EventKind::Insert),
        SAMPLE.len() as f64
    );
    // REMOVE carries one image too; MODIFY adds ,"OldImage": (12) + the same 65-byte map and
    // SizeBytes becomes 20 + 80 = 100 (3 digits instead of 2): 439 + 12 + 65 + 1 = 517.
    assert_eq!(kinesis_change_record_bytes(&s, EventKind::Remove), 439.0);
    assert_eq!(kinesis_change_record_bytes(&s, EventKind::Modify), 517.0);
}

#[test]
fn attribute_map_formulas_match_real_json() {
    let ddb = r#"{"id":{"S":"record-1qit2y819gi"},"data":{"S":"data-x6aq7ckdpgk"}}"#;
    assert_eq!(dynamodb_json_map_bytes(40.0, 2.0), ddb.len() as f64);
    let plain = r#"{"id":"record-1qit2y819gi","data":"data-x6aq7ckdpgk"}"#;
    assert_eq!(plain_json_map_bytes(40.0, 2.0), plain.len() as f64);
}

#[test]
fn shaped_line_reproduces_the_contract_vector() {
    assert_eq!(SAMPLE_LINE.len(), 360);
    let s = sample_shape();
    assert_eq!(
        shaped_line_bytes(&s, EventKind::Insert, KINESIS_EVENT_ID_BYTES),
        SAMPLE_LINE.len() as f64
    );
    // MODIFY replaces "null" (4) by the 53-byte plain image: 360 − 4 + 53 = 409.
    assert_eq!(
        shaped_line_bytes(&s, EventKind::Modify, KINESIS_EVENT_ID_BYTES),
        409.0
    );
}

#[test]
fn streams_record_reproduces_the_tutorial_sample_shape() {
    // The AWS tutorial's record rewritten with the captured sample's key and image, region
    // eu-west-1, table name "BarkTable", view type NEW_AND_OLD_IMAGES (INSERT: no OldImage).
    let rec = r#"{"eventID":"7de3041dd709b024af6f29e4fa13d34c","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"eu-west-1","dynamodb":{"ApproximateCreationDateTime":1479499740,"Keys":{"id":{"S":"record-1qit2y819gi"}},"NewImage":{"id":{"S":"record-1qit2y819gi"},"data":{"S":"data-x6aq7ckdpgk"}},"SequenceNumber":"13021600000000001596893679","SizeBytes":60,"StreamViewType":"NEW_AND_OLD_IMAGES"},"eventSourceARN":"arn:aws:dynamodb:eu-west-1:123456789012:table/BarkTable/stream/2016-11-16T20:42:48.104"}"#;
    let mut s = sample_shape();
    s.table_name_bytes = 9.0;
    assert_eq!(
        streams_record_bytes(&s, EventKind::Insert),
        rec.len() as f64
    );
}
