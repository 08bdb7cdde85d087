//! The examples' own code, for the tests that check the examples as they are (their snapshots
//! and their stack-file twins): one list, so a new example is added in one place.
#![allow(dead_code)]

#[path = "../../examples/pipeline.rs"]
pub mod pipeline;

#[path = "../../examples/dynamodb_streams_pipeline.rs"]
pub mod dynamodb_streams_pipeline;

#[path = "../../examples/app.rs"]
pub mod app;

#[path = "../../examples/customer_managed_keys.rs"]
pub mod customer_managed_keys;

#[path = "../../examples/existing_table.rs"]
pub mod existing_table;

#[path = "../../examples/existing_table_streams.rs"]
pub mod existing_table_streams;

#[path = "../../examples/queryable_pipeline.rs"]
pub mod queryable_pipeline;
