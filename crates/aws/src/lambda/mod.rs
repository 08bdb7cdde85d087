//! Lambda functions: the Firehose transform (Kinesis route) and the DynamoDB Streams
//! forwarder (DynamoDB Streams route).

mod builtin;
mod code;
mod forwarder;
mod function;
mod transform;

pub use builtin::ChangeOptions;
pub use code::{Architecture, Code, Runtime};
pub use forwarder::{Forwarder, ForwarderRef, StartingPosition, STREAM_READ_ACTIONS};
pub use function::FunctionRef;
pub use transform::TransformFunction;
