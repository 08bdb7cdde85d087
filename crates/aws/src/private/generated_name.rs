//! The `firehose-partition-generated-name` check: a delivery stream partitions by table
//! (`!{partitionKeyFromLambda:table}`) while a table writing to its source stream has a name
//! CloudFormation generates, so the partition value is `<Stack>-<Id>-<random>`. The two sides
//! are synthesized in any order, in one stack or in two of an app; whichever comes second
//! reports, once per pair.

use ferrocdk_core::rules;
use ferrocdk_core::SynthContext;

const WRITERS: &str = "generated-name-writers/";
/// Writers by stack: `<prefix><stream key>/<stack name>`.
const WRITERS_IN: &str = "generated-name-writers-in/";
const BY_TABLE: &str = "partitions-by-table/";

/// A table of this stack with a generated name writes to the stream `stream_key`.
pub(crate) fn table_writes(ctx: &mut SynthContext<'_>, stream_key: &str, table_id: &str) {
    ctx.tally(&format!("{WRITERS}{stream_key}"));
    let in_stack = format!("{WRITERS_IN}{stream_key}/{}", ctx.stack_name());
    ctx.tally(&in_stack);
    if ctx.tallied(&format!("{BY_TABLE}{stream_key}")) > 0 {
        ctx.warn(
            &rules::FIREHOSE_PARTITION_GENERATED_NAME,
            "TableName",
            format!(
                "a generated name for table {table_id:?}, whose changes a delivery stream partitions by table"
            ),
            format!(
                "a fixed .table_name(…): the S3 partition value is otherwise \"{}-{table_id}-<random>\", which changes if the table is replaced",
                ctx.stack_name()
            ),
        );
    }
}

/// A delivery stream reading `stream_key` partitions its S3 keys by table.
pub(crate) fn partitions_by_table(ctx: &mut SynthContext<'_>, stream_key: &str, property: &str) {
    ctx.tally(&format!("{BY_TABLE}{stream_key}"));
    let n = ctx.tallied(&format!("{WRITERS}{stream_key}"));
    if n > 0 {
        // The tables may be of another stack of the app: name this one only when one is here.
        let here = format!("{WRITERS_IN}{stream_key}/{}", ctx.stack_name());
        let stack = if ctx.tallied(&here) > 0 {
            ctx.stack_name().to_owned()
        } else {
            "<StackName>".to_owned()
        };
        ctx.warn(
            &rules::FIREHOSE_PARTITION_GENERATED_NAME,
            property,
            format!("partitioning by table over {n} table(s) with a generated name"),
            format!(
                "tables with a fixed .table_name(…): the S3 partition value is otherwise \"{stack}-<TableId>-<random>\", which changes if the table is replaced"
            ),
        );
    }
}
