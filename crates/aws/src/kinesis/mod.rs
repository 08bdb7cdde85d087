//! Kinesis Data Streams.

mod capacity;
mod stream;

pub(crate) use capacity::check_consumers;
pub use capacity::ExpectedLoad;
pub use stream::{KinesisStream, StreamEncryption, StreamMode, StreamRef};

/// The need a table writing to a stream of the app registers, and a reader meets
/// (`kinesis-stream-unread`).
pub(crate) const READER: &str = "kinesis-reader";
