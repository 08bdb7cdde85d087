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
