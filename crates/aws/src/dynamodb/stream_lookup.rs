//! Reads an existing table's DynamoDB stream ARN at deploy time, through a built-in custom
//! resource.

use super::{StreamViewType, TableRef};
use crate::iam::Statement;
use crate::lambda::builtin::stream_lookup_source;
use crate::lambda::custom_resource::define_custom_resource;
use ferrocdk_core::rules;
use ferrocdk_core::{Common, Construct, ConstructProps, Expr, SynthContext, Target};
use serde_json::json;

/// Reads the stream of an existing table for the DynamoDB Streams route, when you would rather
/// not copy its ARN into the stack ([`TableRef::with_stream`] takes a known ARN instead).
///
/// ferrocdk defines a built-in custom resource `<Id>` (`Custom::TableStream`) and its handler
/// `<Id>Handler`, allowed `dynamodb:DescribeTable` on the table only. At deploy time it reads
/// `LatestStreamArn`; it changes nothing. A table without a stream, or with another view type
/// than expected, fails the deployment with the `aws dynamodb update-table` command that fixes
/// it (ferrocdk does not turn on a stream of a table it does not own). The handle is the table
/// with that stream: give it to a [`Forwarder`](crate::lambda::Forwarder).
///
/// ```
/// use ferrocdk_aws::dynamodb::{StreamLookup, Table};
/// let mut stack = ferrocdk_core::Stack::new("Demo");
/// let orders = stack.add(StreamLookup::new("OrdersStream", &Table::from_name("Orders")));
/// assert_eq!(orders.stream_arn().unwrap().to_json(), serde_json::json!({ "Fn::GetAtt": ["OrdersStream", "StreamArn"] }));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct StreamLookup {
    id: String,
    common: Common,
    table: TableRef,
    view: StreamViewType,
}

impl StreamLookup {
    /// Reads the stream of `table` (an existing one).
    pub fn new(id: impl Into<String>, table: &TableRef) -> Self {
        StreamLookup {
            id: id.into(),
            common: Common::default(),
            table: table.clone(),
            view: StreamViewType::NewAndOldImages,
        }
    }

    /// The view type the stream must have (checked at deploy time). Default:
    /// [`StreamViewType::NewAndOldImages`], what a complete change log needs.
    pub fn view(mut self, view: StreamViewType) -> Self {
        self.view = view;
        self
    }
}

impl ConstructProps for StreamLookup {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }
}

impl Construct for StreamLookup {
    type Handle = TableRef;

    fn id(&self) -> &str {
        &self.id
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn handle(&self, target: Target) -> TableRef {
        self.table
            .clone()
            .with_looked_up_stream(Expr::GetAtt(target, "StreamArn".into()), self.view)
    }

    fn synth(&self, ctx: &mut SynthContext<'_>) {
        if let Some(id) = self.table.logical_id() {
            ctx.error(
                &rules::DYNAMODB_STREAM_ARN,
                "TableArn",
                format!("a lookup of table {id:?} of this stack"),
                "an existing table (a table of this stack has Table::stream)",
            );
        }
        self.table.check(ctx, "TableArn");
        let statements = vec![Statement::allow(
            &["dynamodb:DescribeTable"],
            [self.table.arn()],
        )];
        let table = ctx.value("TableArn", &self.table.arn());
        let name = ctx.value("TableName", &self.table.name());
        define_custom_resource(
            ctx,
            "Custom::TableStream",
            stream_lookup_source(),
            "ferrocdk built-in: reads an existing table's DynamoDB stream ARN",
            statements,
            &[],
            vec![
                ("TableArn", table),
                ("TableName", name),
                ("StreamViewType", json!(self.view.as_str())),
            ],
        );
    }
}
