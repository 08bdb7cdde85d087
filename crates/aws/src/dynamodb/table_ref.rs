//! The table handle, for a table of this stack or an existing one (`Table::from_name`,
//! `Table::from_arn`).

use super::{Attribute, KinesisStreamingDestination, StreamViewType, Table};
use crate::kinesis::StreamRef;
use crate::kms::KeyRef;
use crate::private::handle::Kind;
use crate::private::validate;
use ferrocdk_core::rules;
use ferrocdk_core::{Expr, SynthContext, Target};

impl Table {
    /// An existing table, by name (3–255 of `[a-zA-Z0-9_.-]`, or an expression such as a
    /// parameter); its ARN is built in the stack's partition, region and account. A malformed
    /// literal name is reported where the handle is used.
    ///
    /// The handle works wherever an owned table's does. For the Kinesis route, enable its
    /// streaming destination with [`TableRef::kinesis_stream`]; for the DynamoDB Streams route,
    /// give its stream with [`TableRef::with_stream`] or read it with
    /// [`StreamLookup`](super::StreamLookup).
    ///
    /// ```
    /// use ferrocdk_aws::dynamodb::Table;
    /// let orders = Table::from_name("Orders");
    /// assert_eq!(orders.name().as_literal(), Some("Orders"));
    /// assert!(orders.logical_id().is_none());
    /// ```
    #[must_use]
    pub fn from_name(name: impl Into<Expr>) -> TableRef {
        let name = name.into();
        TableRef {
            kind: Kind::Imported(Expr::arn(
                "dynamodb",
                true,
                true,
                [Expr::from("table/"), name.clone()],
            )),
            existing_name: Some(name),
            stream: None,
            stream_arn: None,
            key: None,
            key_schema: None,
            streams_to_kinesis: false,
        }
    }

    /// An existing table, by ARN (`arn:<partition>:dynamodb:<region>:<account>:table/<name>`,
    /// or an expression such as `Expr::import_value(…)`). A malformed literal ARN is reported
    /// (`dynamodb-table-arn`) where the handle is used.
    #[must_use]
    pub fn from_arn(arn: impl Into<Expr>) -> TableRef {
        TableRef {
            kind: Kind::Imported(arn.into()),
            existing_name: None,
            stream: None,
            stream_arn: None,
            key: None,
            key_schema: None,
            streams_to_kinesis: false,
        }
    }
}

/// A handle to a DynamoDB table of this stack, or an existing one.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRef {
    kind: Kind,
    /// The name given to `from_name` (a `from_arn` table's name is cut from its ARN).
    existing_name: Option<Expr>,
    stream: Option<StreamViewType>,
    /// An existing table's stream ARN: given (`with_stream`) or read by a `StreamLookup`.
    stream_arn: Option<Expr>,
    /// The customer-managed key the table (and its stream) is encrypted with.
    key: Option<KeyRef>,
    /// The partition and sort key of a table of this stack (an existing table's are not known).
    pub(crate) key_schema: Option<(Attribute, Option<Attribute>)>,
    /// A table of this stack streams its changes to Kinesis ([`Table::kinesis_stream`]).
    streams_to_kinesis: bool,
}

impl TableRef {
    pub(crate) fn owned(
        target: Target,
        stream: Option<StreamViewType>,
        key: Option<KeyRef>,
    ) -> TableRef {
        TableRef {
            kind: Kind::Owned(target),
            existing_name: None,
            stream,
            stream_arn: None,
            key,
            key_schema: None,
            streams_to_kinesis: false,
        }
    }

    pub(crate) fn with_key_schema(
        mut self,
        partition_key: Attribute,
        sort_key: Option<Attribute>,
    ) -> Self {
        self.key_schema = Some((partition_key, sort_key));
        self
    }

    pub(crate) fn streaming_to_kinesis(mut self, yes: bool) -> Self {
        self.streams_to_kinesis = yes;
        self
    }

    /// Whether the table is one of this stack's that streams to Kinesis
    /// ([`Table::kinesis_stream`]), an existing table (whose streaming destination may be
    /// enabled outside the stack), or neither.
    pub(crate) fn may_stream_to_kinesis(&self) -> bool {
        self.streams_to_kinesis || matches!(self.kind, Kind::Imported(_))
    }

    /// The table ARN: `{"Fn::GetAtt": [id, "Arn"]}`, the ARN given to `from_arn`, or
    /// `arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/<name>`.
    #[must_use]
    pub fn arn(&self) -> Expr {
        match &self.kind {
            Kind::Owned(t) => Expr::GetAtt(t.clone(), "Arn".into()),
            Kind::Imported(arn) => arn.clone(),
        }
    }

    /// The table name: `{"Ref": id}`, the name given to `from_name`, or the part of the ARN
    /// given to `from_arn` after `table/`.
    #[must_use]
    pub fn name(&self) -> Expr {
        match (&self.kind, &self.existing_name) {
            (Kind::Owned(t), _) => Expr::Ref(t.clone()),
            (Kind::Imported(_), Some(name)) => name.clone(),
            (Kind::Imported(arn), None) => Expr::split_select("/", 1, arn.clone()),
        }
    }

    /// The DynamoDB stream's ARN: `{"Fn::GetAtt": [id, "StreamArn"]}` for a table of this
    /// stack with a stream ([`Table::stream`]); for an existing table, the ARN given to
    /// [`TableRef::with_stream`] or read by a [`StreamLookup`](super::StreamLookup); `None`
    /// otherwise.
    #[must_use]
    pub fn stream_arn(&self) -> Option<Expr> {
        match &self.kind {
            Kind::Owned(t) => self
                .stream
                .map(|_| Expr::GetAtt(t.clone(), "StreamArn".into())),
            Kind::Imported(_) => self.stream_arn.clone(),
        }
    }

    /// The stream view type, when the table has a stream.
    #[must_use]
    pub fn stream_view_type(&self) -> Option<StreamViewType> {
        self.stream
    }

    /// The logical ID, for a table of this stack; `None` for an existing table.
    #[must_use]
    pub fn logical_id(&self) -> Option<&str> {
        match &self.kind {
            Kind::Owned(t) => Some(t.logical_id()),
            Kind::Imported(_) => None,
        }
    }

    /// States an existing table's DynamoDB stream: its ARN (a literal
    /// `arn:…:table/<name>/stream/<label>`, or an expression) and its view type, for the
    /// DynamoDB Streams route. `aws dynamodb describe-table --table-name <name> --query
    /// 'Table.[LatestStreamArn,StreamSpecification.StreamViewType]'` prints both. Default: no
    /// stream (a [`Forwarder`](crate::lambda::Forwarder) on it is an error that gives the
    /// command enabling one). Only for an existing table (`dynamodb-stream-arn` otherwise).
    #[must_use]
    pub fn with_stream(mut self, stream_arn: impl Into<Expr>, view: StreamViewType) -> TableRef {
        self.stream_arn = Some(stream_arn.into());
        self.stream = Some(view);
        self
    }

    /// States that an existing table is encrypted with this customer-managed key
    /// (`SSESpecification.KMSMasterKeyId`; `aws dynamodb describe-table --table-name <name>
    /// --query 'Table.SSEDescription.KMSMasterKeyArn'` prints it), so that readers of its
    /// stream (a [`Forwarder`](crate::lambda::Forwarder)) are granted `kms:Decrypt` and
    /// `kms:DescribeKey` on it. Default: none (an AWS-owned or AWS-managed key, which need no
    /// grant). For an existing table: a table of this stack has its key from
    /// [`Table::encryption`](super::Table::encryption).
    #[must_use]
    pub fn with_key(mut self, key: &KeyRef) -> TableRef {
        self.key = Some(key.clone());
        self
    }

    /// The customer-managed key the table (and its stream) is encrypted with, if any: readers
    /// of its stream get `kms:Decrypt` and `kms:DescribeKey` on it.
    #[must_use]
    pub fn key(&self) -> Option<&KeyRef> {
        self.key.as_ref()
    }

    pub(crate) fn with_looked_up_stream(mut self, arn: Expr, view: StreamViewType) -> TableRef {
        self.stream_arn = Some(arn);
        self.stream = Some(view);
        self
    }

    /// Streams an existing table's changes to `stream` (the Kinesis route): a built-in custom
    /// resource enables the table's Kinesis streaming destination, since CloudFormation has no
    /// resource for it. Add the returned construct to the stack; see
    /// [`KinesisStreamingDestination`] for what it does and its options.
    ///
    /// ```
    /// use ferrocdk_aws::dynamodb::Table;
    /// use ferrocdk_aws::kinesis::KinesisStream;
    /// let mut stack = ferrocdk_core::Stack::new("Demo");
    /// let stream = stack.add(KinesisStream::new("Changes"));
    /// stack.add(Table::from_name("Orders").kinesis_stream("OrdersToChanges", &stream));
    /// assert!(stack.synth()?.to_json_pretty().contains("Custom::KinesisStreamingDestination"));
    /// # Ok::<(), ferrocdk_core::SynthError>(())
    /// ```
    pub fn kinesis_stream(
        &self,
        id: impl Into<String>,
        stream: &StreamRef,
    ) -> KinesisStreamingDestination {
        KinesisStreamingDestination::new(id, self, stream)
    }

    /// A stable key naming the table alike in every stack of the app, for tallies: the
    /// stack's and its logical ID, its literal ARN, or its name (or ARN expression) in this
    /// stack's environment.
    pub(crate) fn key_for_tally(&self, ctx: &SynthContext<'_>) -> String {
        if let Kind::Owned(t) = &self.kind {
            return ctx.tally_key(t);
        }
        // A literal ARN names one table anywhere; a name or an expression names one per
        // environment.
        match (&self.existing_name, self.arn().as_literal()) {
            (None, Some(arn)) => arn.to_owned(),
            (Some(name), _) => ctx.tally_key_outside(
                &name
                    .as_literal()
                    .map_or_else(|| format!("{name:?}"), str::to_owned),
            ),
            (None, None) => ctx.tally_key_outside(&format!("{:?}", self.arn())),
        }
    }

    /// The table name for a message: the literal name, else `<table name>`.
    pub(crate) fn display_name(&self) -> String {
        match (&self.kind, self.name().as_literal()) {
            (Kind::Owned(t), _) => t.logical_id().to_owned(),
            (Kind::Imported(_), Some(n)) => n.to_owned(),
            (Kind::Imported(_), None) => "<table name>".to_owned(),
        }
    }

    /// Reports a malformed existing name, table ARN, stream ARN or key ARN against `property`
    /// of the using construct.
    pub(crate) fn check(&self, ctx: &mut SynthContext<'_>, property: &str) {
        match (&self.kind, &self.existing_name) {
            (Kind::Owned(_), _) => {
                if self.stream_arn.is_some() {
                    ctx.error(
                        &rules::DYNAMODB_STREAM_ARN,
                        property,
                        format!("a stream ARN given for table {:?} of this stack", self.display_name()),
                        "a stream ARN only for an existing table (a table of this stack has Table::stream)",
                    );
                }
                return;
            }
            (Kind::Imported(_), Some(name)) => {
                ctx.expect_attribute(
                    &rules::DYNAMODB_TABLE_NAME,
                    property,
                    name,
                    &[("AWS::DynamoDB::Table", "Ref")],
                    "a table name: the Ref of an AWS::DynamoDB::Table, an import, a parameter, \
                     or a literal name",
                );
                if let Some(n) = name.as_literal() {
                    if !validate::table_name_ok(n) {
                        ctx.error(
                            &rules::DYNAMODB_TABLE_NAME,
                            property,
                            format!("{n:?}"),
                            "3–255 characters of [a-zA-Z0-9_.-]",
                        );
                    }
                }
            }
            (Kind::Imported(arn), None) => {
                ctx.expect_attribute(
                    &rules::DYNAMODB_TABLE_ARN,
                    property,
                    arn,
                    &[("AWS::DynamoDB::Table", "Arn")],
                    "a table ARN: the Arn of an AWS::DynamoDB::Table, an import, a parameter, or \
                     arn:aws:dynamodb:<region>:<account>:table/<name>",
                );
                if let Some((received, allowed)) = validate::arn_problem(arn, &validate::TABLE_ARN)
                {
                    ctx.error(&rules::DYNAMODB_TABLE_ARN, property, received, allowed);
                }
            }
        }
        if let Some(arn) = &self.stream_arn {
            ctx.expect_attribute(
                &rules::DYNAMODB_STREAM_ARN,
                property,
                arn,
                &[
                    ("AWS::DynamoDB::Table", "StreamArn"),
                    ("Custom::TableStream", "StreamArn"),
                ],
                "a DynamoDB stream ARN: the StreamArn of an AWS::DynamoDB::Table or of a \
                 StreamLookup, an import, a parameter, or \
                 arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>",
            );
            if let Some((received, allowed)) = stream_arn_problem(arn, self.name().as_literal()) {
                ctx.error(&rules::DYNAMODB_STREAM_ARN, property, received, allowed);
            }
        }
        if let Some(key) = &self.key {
            key.check(ctx, property);
        }
    }
}

/// Why `arn` is not the ARN of a stream of `table` (when the table's name is known): its shape
/// (every literal part, as for every ARN), then, for a literal ARN, the table it names.
fn stream_arn_problem(arn: &Expr, table: Option<&str>) -> Option<(String, String)> {
    if let Some((received, allowed)) = validate::arn_problem(arn, &validate::TABLE_STREAM_ARN) {
        // The example names the table when it is known.
        let allowed = match table {
            Some(t) => allowed.replace(":table/<name>/", &format!(":table/{t}/")),
            None => allowed,
        };
        return Some((received, allowed));
    }
    let s = arn.as_literal()?;
    let named = s
        .splitn(6, ':')
        .nth(5)?
        .strip_prefix("table/")?
        .split('/')
        .next()?;
    match table {
        Some(t) if t != named => Some((
            format!("{s:?}"),
            format!("a stream of table {t:?} (this ARN is a stream of {named:?})"),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::stream_arn_problem;
    use ferrocdk_core::{Expr, Pseudo};

    fn problem(arn: &str, table: Option<&str>) -> Option<String> {
        stream_arn_problem(&Expr::from(arn), table).map(|(_, allowed)| allowed)
    }

    #[test]
    fn stream_arn_shapes() {
        let good =
            "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-11-18T10:09:15.370";
        assert_eq!(problem(good, Some("Orders")), None);
        assert_eq!(problem(good, None), None);
        assert!(problem(good, Some("Invoices"))
            .is_some_and(|p| p.contains("\"Invoices\"") && p.contains("\"Orders\"")));
        for bad in [
            "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/index/ByC",
            "arn:aws:kinesis:eu-west-1:123456789012:stream/Orders",
            "arn:aws:dynamodb:eu-west-1:1234:table/Orders/stream/x",
        ] {
            assert!(
                problem(bad, None).is_some_and(|p| p.contains("table/<name>/stream/")),
                "{bad}"
            );
        }
    }

    #[test]
    fn joined_stream_arns_are_checked_in_their_literal_parts() {
        let joined = |service: &str| {
            Expr::join([
                Expr::from("arn:"),
                Expr::Pseudo(Pseudo::Partition),
                Expr::from(format!(":{service}:")),
                Expr::Pseudo(Pseudo::Region),
                Expr::from(":"),
                Expr::Pseudo(Pseudo::AccountId),
                Expr::from(":table/Orders/stream/2024-11-18T10:09:15.370"),
            ])
        };
        assert_eq!(
            stream_arn_problem(&joined("dynamodb"), Some("Orders")),
            None
        );
        assert!(stream_arn_problem(&joined("kinesis"), Some("Orders"))
            .is_some_and(|(_, allowed)| allowed.contains("the service \"dynamodb\"")));
    }
}
