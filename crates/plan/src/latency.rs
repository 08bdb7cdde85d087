//! Latency from a change in the table to its line in an S3 object.
//!
//! Each stage contributes a worst case (a record that just missed a poll or a flush) and an
//! average (half of a waiting stage's worst case; processing stages count in full). The
//! delay between the table write and the record appearing in the Kinesis stream or the
//! DynamoDB stream is not documented by AWS ("near-real time") and is not included; nor is
//! S3's own PUT time.

use serde::{Deserialize, Serialize};

/// One stage's contribution, seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// What the record waits for.
    pub stage: String,
    /// Average, seconds.
    pub avg_s: f64,
    /// Worst case, seconds.
    pub max_s: f64,
}

impl Stage {
    /// A stage where a record waits up to `max_s` (average half of it).
    pub fn wait(stage: &str, max_s: f64) -> Self {
        Stage {
            stage: stage.to_string(),
            avg_s: max_s / 2.0,
            max_s,
        }
    }

    /// A processing stage that takes `s` seconds.
    pub fn work(stage: &str, s: f64) -> Self {
        Stage {
            stage: stage.to_string(),
            avg_s: s,
            max_s: s,
        }
    }
}

/// A route's latency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Latency {
    /// The stages, in order.
    pub stages: Vec<Stage>,
    /// Average end to end, seconds.
    pub avg_s: f64,
    /// Worst case end to end, seconds.
    pub max_s: f64,
}

impl Latency {
    /// Sums the stages.
    pub fn new(stages: Vec<Stage>) -> Self {
        let avg_s = stages.iter().map(|s| s.avg_s).sum();
        let max_s = stages.iter().map(|s| s.max_s).sum();
        Latency {
            stages,
            avg_s,
            max_s,
        }
    }
}
