//! Lambda functions: the Firehose transform (Kinesis route).

mod builtin;
mod code;
mod function;
mod transform;

pub use builtin::ChangeOptions;
pub use code::{Architecture, Code, Runtime};
pub use function::FunctionRef;
pub use transform::TransformFunction;
