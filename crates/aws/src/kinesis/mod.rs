//! Kinesis Data Streams.

mod capacity;
mod stream;

pub(crate) use capacity::check_consumers;
pub use capacity::ExpectedLoad;
pub use stream::{KinesisStream, StreamEncryption, StreamMode, StreamRef};
