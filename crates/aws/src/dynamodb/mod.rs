//! DynamoDB tables.

mod attribute;
mod index;
mod table;

pub use attribute::{Attribute, AttributeType};
pub use index::{GlobalSecondaryIndex, Projection};
pub use table::{
    Billing, StreamViewType, Table, TableClass, TableEncryption, TableRef, TimestampPrecision,
};
