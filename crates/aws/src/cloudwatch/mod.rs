//! CloudWatch alarms on a pipeline.

mod alarms;

pub use alarms::{AlarmTopic, Alarms};
