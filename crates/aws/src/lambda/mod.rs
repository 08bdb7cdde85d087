//! Lambda functions: the Firehose transform (Kinesis route) and the DynamoDB Streams
//! forwarder (DynamoDB Streams route).

pub(crate) mod builtin;
mod code;
pub(crate) mod custom_resource;
mod forwarder;
mod function;
mod transform;

pub use builtin::ChangeOptions;
pub use code::{Architecture, Code, Runtime};
pub use forwarder::{
    Forwarder, ForwarderRef, StartingPosition, KEPT_METRIC_NAME, KEPT_METRIC_NAMESPACE,
    STREAM_READ_ACTIONS,
};
pub use function::FunctionRef;
pub use transform::TransformFunction;
