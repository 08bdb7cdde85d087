//! Capacity and cost planner for shipping a DynamoDB table's change log to S3.
//!
//! Compares three options for one [`Workload`]:
//!
//! - the **Kinesis route** with a **provisioned** stream: table → Kinesis Data Streams for
//!   DynamoDB → Firehose with a Lambda transform → S3;
//! - the same with an **on-demand** stream;
//! - the **DynamoDB Streams route**: table stream → Lambda forwarder (event source mapping)
//!   → Firehose Direct PUT (PutRecordBatch) → S3.
//!
//! For each it sizes the streams and quotas at the peak rate and names the limit that binds
//! first ([`sizing`], [`limits`]), prices a month at the average rate with each billing unit's
//! rounding ([`cost`], with prices from a [`PriceTable`]), and estimates change-to-S3 latency
//! and objects written per day ([`latency`], [`flow`]). Record sizes come from the real record
//! formats ([`record`]).
//!
//! ```
//! use ferrocdk_plan::{plan, render_text, PriceTable, Route, Workload};
//! let mut w = Workload::new(500.0, 1200.0);
//! w.peak_writes_per_second = 1000.0;
//! let p = plan(&w, &PriceTable::us_east_1())?;
//! let provisioned = &p.routes[0];
//! assert_eq!(provisioned.route, Route::KinesisProvisioned);
//! assert!(provisioned.sizing.shards.unwrap() >= 1);
//! println!("{}", render_text(&p));
//! # Ok::<(), ferrocdk_plan::PlanError>(())
//! ```
//!
//! The plan ends with a [`Recommendation`]: the cheapest option ferrocdk can build that fits
//! the peak, with its reasons; an option ferrocdk cannot build as sized says why
//! ([`RoutePlan::unbuildable`]).
//!
//! Synth's capacity checks of a stream (`KinesisStream::expected_writes` in `ferrocdk-aws`)
//! use the same model: [`capacity`]. The command line (`ferrocdk plan`, `cargo run --example
//! plan`) lives in the `ferrocdk` facade, so this crate needs no argument parser.
#![deny(missing_docs)]

pub mod capacity;
pub mod cost;
mod error;
pub mod flow;
pub mod latency;
pub mod limits;
mod plan;
pub mod prices;
mod recommend;
pub mod record;
mod report;
pub mod sizing;
pub mod us_east_1;
mod workload;

pub use error::{PlanError, Problem};
pub use limits::{Limit, LimitCheck};
pub use plan::{mixed, plan, Plan, Route, RoutePlan, RouteSizing, MODEL_ASSUMPTIONS};
pub use prices::PriceTable;
pub use recommend::Recommendation;
pub use report::{render_text, thousands};
pub use sizing::{kinesis_shards_needed, ShardSizing};
pub use workload::{EventMix, Workload, GZIP_RATIO, MAX_ITEM_BYTES};
