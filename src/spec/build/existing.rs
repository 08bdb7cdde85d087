//! Building the existing-table constructs of a stack file (see `props/existing.rs`).

use super::{common, Builder, Handle, Want};
use crate::spec::props::{
    ExistingTableProps, KinesisStreamingDestinationProps, StreamLookupProps, StreamViewTypeName,
    TimestampPrecisionName,
};
use ferrocdk_aws::dynamodb::{
    KinesisStreamingDestination, StreamLookup, StreamViewType, Table, TableRef, TimestampPrecision,
};

const EXISTING_TABLE: Want = Want {
    what: "an ExistingTable",
    also: "",
};

fn view(v: StreamViewTypeName) -> StreamViewType {
    match v {
        StreamViewTypeName::KeysOnly => StreamViewType::KeysOnly,
        StreamViewTypeName::NewImage => StreamViewType::NewImage,
        StreamViewTypeName::OldImage => StreamViewType::OldImage,
        StreamViewTypeName::NewAndOldImages => StreamViewType::NewAndOldImages,
    }
}

fn precision(p: TimestampPrecisionName) -> TimestampPrecision {
    match p {
        TimestampPrecisionName::Millisecond => TimestampPrecision::Millisecond,
        TimestampPrecisionName::Microsecond => TimestampPrecision::Microsecond,
    }
}

impl Builder {
    pub(super) fn existing_table(&mut self, p: &ExistingTableProps) -> Option<Handle> {
        let table = match (&p.table_name, &p.table_arn) {
            (Some(name), None) => Table::from_name(self.expr(self.at("tableName"), name)?),
            (None, Some(arn)) => Table::from_arn(self.expr(self.at("tableArn"), arn)?),
            (name, _) => {
                self.report(
                    "file-value",
                    self.at("tableName"),
                    if name.is_some() {
                        "an ExistingTable with tableName and tableArn"
                    } else {
                        "an ExistingTable with neither tableName nor tableArn"
                    },
                    "exactly one of tableName and tableArn",
                );
                return None;
            }
        };
        Some(Handle::Table(match &p.stream {
            Some(s) => {
                table.with_stream(self.expr(self.at("stream.arn"), &s.arn)?, view(s.view_type))
            }
            None => table,
        }))
    }

    /// The table an existing-table construct serves: the id of an `ExistingTable`.
    fn existing_table_ref(&mut self, id: &str) -> Option<TableRef> {
        let at = self.at("table");
        let why = |h: &Handle| {
            matches!(h, Handle::Table(t) if t.logical_id().is_some())
                .then_some(": a Table of this file streams with kinesisStream or stream")
        };
        let existing = |h: &Handle| matches!(h, Handle::Table(t) if t.logical_id().is_none());
        match self.lookup(at, id, &EXISTING_TABLE, &existing, &why)? {
            Handle::Table(t) => Some(t.clone()),
            _ => None,
        }
    }

    pub(super) fn kinesis_destination(
        &mut self,
        p: &KinesisStreamingDestinationProps,
    ) -> Option<Handle> {
        let table = self.existing_table_ref(&p.table);
        let stream = self.stream_ref(self.at("stream"), &p.stream);
        let mut after = Vec::new();
        for (i, id) in p.after.iter().flatten().enumerate() {
            let want = Want {
                what: "a DeliveryStream with \"source\"",
                also: "",
            };
            match self.lookup(
                self.at(&format!("after[{i}]")),
                id,
                &want,
                &|h| matches!(h, Handle::KinesisFed(_)),
                &|_| None,
            ) {
                Some(Handle::KinesisFed(d)) => after.push(d.clone()),
                _ => return None,
            }
        }
        let (table, stream) = (table?, stream?);
        let mut d = common(
            KinesisStreamingDestination::new(&p.id, &table, &stream),
            &p.logical_id,
            &p.tags,
        );
        if let Some(v) = p.precision {
            d = d.precision(precision(v));
        }
        if let Some(v) = p.disable_on_delete {
            d = d.disable_on_delete(v);
        }
        for a in &after {
            d = d.after(a);
        }
        self.stack.add(d);
        Some(Handle::Destination)
    }

    pub(super) fn stream_lookup(&mut self, p: &StreamLookupProps) -> Option<Handle> {
        let table = self.existing_table_ref(&p.table)?;
        let mut l = common(StreamLookup::new(&p.id, &table), &p.logical_id, &p.tags);
        if let Some(v) = p.view_type {
            l = l.view(view(v));
        }
        Some(Handle::Table(self.stack.add(l)))
    }
}
