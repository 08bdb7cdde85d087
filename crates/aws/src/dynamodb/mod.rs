//! DynamoDB tables: tables of the stack, existing tables (`Table::from_name`,
//! `Table::from_arn`), an existing table's Kinesis streaming destination and stream lookup.

mod attribute;
mod index;
mod kinesis_destination;
mod stream_lookup;
mod table;
mod table_ref;

pub use attribute::{Attribute, AttributeType};
pub use index::{GlobalSecondaryIndex, Projection};
pub use kinesis_destination::{
    KinesisStreamingDestination, KinesisStreamingDestinationRef, DESTINATION_STREAM_ACTIONS,
    DESTINATION_TABLE_ACTIONS,
};
pub use stream_lookup::StreamLookup;
pub use table::{Billing, StreamViewType, Table, TableClass, TableEncryption, TimestampPrecision};
pub use table_ref::TableRef;
