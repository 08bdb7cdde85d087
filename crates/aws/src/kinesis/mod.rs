//! Kinesis Data Streams.

mod stream;

pub use stream::{KinesisStream, StreamEncryption, StreamMode, StreamRef};
