//! From a [`StackFile`] to a [`Stack`]: every construct through its public builder, in file
//! order, with references resolved by id.

use super::props::*;
use super::value::{Expression, NumberValue, StringValue};
use super::{OutputProps, ParameterType, RawResourceProps, StackFile, NO_SOURCE};
use ferrocdk_aws::cloudwatch::{AlarmTopic, Alarms};
use ferrocdk_aws::dynamodb::{
    Attribute, Billing, GlobalSecondaryIndex, Projection, StreamViewType, Table, TableClass,
    TableEncryption, TableRef, TimestampPrecision,
};
use ferrocdk_aws::firehose::{
    Compression, DeliveryStream, DeliveryStreamRef, DirectPut, Encryption, KinesisSource,
    LambdaProcessor, S3Destination,
};
use ferrocdk_aws::iam::Grant;
use ferrocdk_aws::kinesis::{KinesisStream, StreamEncryption, StreamMode, StreamRef};
use ferrocdk_aws::kms::{Key, KeyRef};
use ferrocdk_aws::lambda::{
    Architecture, ChangeOptions, Code, Forwarder, ForwarderRef, FunctionRef, Runtime,
    StartingPosition, TransformFunction,
};
use ferrocdk_aws::s3::{Bucket, BucketEncryption, BucketRef, LifecycleRule, StorageClass};
use ferrocdk_core::{
    ConstructProps, Diagnostic, Expr, Parameter, Pseudo, RemovalPolicy, Resource, Stack, Val,
};
use indexmap::IndexMap;
use std::collections::{HashMap, HashSet};

impl StackFile {
    /// Builds the stack: every construct through its builder, in file order, references
    /// resolved by id.
    ///
    /// # Errors
    ///
    /// Every reference problem at once (code `file-reference`: an unknown id, an id of the
    /// wrong kind, an id defined only later in the file; `file-duplicate-id`; `file-value` for
    /// contradictory members), each with the JSON path as `property` and [`NO_SOURCE`] as
    /// `path`. Property values are checked later, by `Stack::synth`.
    pub fn build(&self) -> Result<Stack, Vec<Diagnostic>> {
        match build(self, &HashSet::new(), true) {
            (Some(stack), diags) if diags.is_empty() => Ok(stack),
            (_, diags) => Err(diags),
        }
    }
}

/// Builds what can be built. `unusable` are ids of constructs that could not be read (their
/// problems are reported already): references to them are skipped silently, and so are the
/// constructs and outputs that use them. Returns no stack when the stack itself is unusable
/// (`name_ok` false).
pub(crate) fn build(
    file: &StackFile,
    unusable: &HashSet<String>,
    name_ok: bool,
) -> (Option<Stack>, Vec<Diagnostic>) {
    let mut b = Builder {
        stack: Stack::new(file.name.clone()),
        diags: Vec::new(),
        params: HashMap::new(),
        handles: HashMap::new(),
        positions: HashMap::new(),
        unusable: unusable.clone(),
        current: 0,
        in_outputs: false,
    };
    if let Some(d) = &file.description {
        b.stack = b.stack.description(d.clone());
    }
    for (k, v) in file.tags.iter().flatten() {
        b.stack.tag(k.clone(), v.clone());
    }
    for (name, p) in file.parameters.iter().flatten() {
        b.parameter(name, p);
    }
    for (name, body) in file.conditions.iter().flatten() {
        b.stack.condition(name.clone(), body.clone());
    }
    for (i, c) in file.constructs.iter().enumerate() {
        let id = c.id();
        if let Some(&(first, _)) = b.positions.get(id) {
            b.report(
                "file-duplicate-id",
                format!("constructs[{i}].id"),
                format!("{id:?}, already the id of constructs[{first}]"),
                "an id used by one construct only (ids name constructs in references and outputs)",
            );
            continue;
        }
        b.positions.insert(id.to_owned(), (i, c.type_name()));
    }
    let mut built = vec![false; file.constructs.len()];
    for (i, c) in file.constructs.iter().enumerate() {
        if b.positions.get(c.id()).is_some_and(|&(at, _)| at != i) {
            continue;
        }
        b.current = i;
        built[i] = b.construct(c);
        if !built[i] {
            b.unusable.insert(c.id().to_owned());
        }
    }
    let complete = built.iter().all(|x| *x) && unusable.is_empty();
    for (id, r) in file.raw_resources.iter().flatten() {
        b.raw_resource(id, r);
    }
    // An override of a construct that was not built would be reported as an unknown target.
    if complete {
        for (id, props) in file.overrides.iter().flatten() {
            for (path, value) in props {
                if value.is_null() {
                    b.stack.remove_property(id.clone(), path.clone());
                } else {
                    b.stack
                        .override_property(id.clone(), path.clone(), value.clone());
                }
            }
        }
    }
    b.in_outputs = true;
    for (name, o) in file.outputs.iter().flatten() {
        b.output(name, o);
    }
    (name_ok.then_some(b.stack), b.diags)
}

/// What a construct of the file became: its handle.
enum Handle {
    Stream(StreamRef),
    Table(TableRef),
    Bucket(BucketRef),
    Function(FunctionRef),
    DirectPut(DeliveryStreamRef<DirectPut>),
    KinesisFed(DeliveryStreamRef<KinesisSource>),
    Forwarder(ForwarderRef),
    Alarms,
    Key(KeyRef),
}

impl Handle {
    fn arn(&self) -> Option<Expr> {
        Some(match self {
            Handle::Stream(h) => h.arn(),
            Handle::Table(h) => h.arn(),
            Handle::Bucket(h) => h.arn(),
            Handle::Function(h) => h.arn(),
            Handle::DirectPut(h) => h.arn(),
            Handle::KinesisFed(h) => h.arn(),
            Handle::Forwarder(h) => h.arn(),
            Handle::Key(h) => h.arn(),
            Handle::Alarms => return None,
        })
    }

    fn name(&self) -> Option<Expr> {
        Some(match self {
            Handle::Stream(h) => h.name(),
            Handle::Table(h) => h.name(),
            Handle::Bucket(h) => h.name(),
            Handle::Function(h) => h.name(),
            Handle::DirectPut(h) => h.name(),
            Handle::KinesisFed(h) => h.name(),
            Handle::Forwarder(h) => h.name(),
            Handle::Key(h) => h.key_id(),
            Handle::Alarms => return None,
        })
    }
}

struct Builder {
    stack: Stack,
    diags: Vec<Diagnostic>,
    /// Each parameter's value (`{"Ref": name}`).
    params: HashMap<String, Expr>,
    /// Handles of the constructs built so far.
    handles: HashMap<String, Handle>,
    /// Where each id is defined: index and type.
    positions: HashMap<String, (usize, &'static str)>,
    /// Ids whose construct could not be read or built: references to them are not reported again.
    unusable: HashSet<String>,
    /// The index of the construct being built.
    current: usize,
    /// Whether outputs are being built (every construct is defined before them).
    in_outputs: bool,
}

/// What a reference may name.
struct Want {
    /// e.g. "a KinesisStream".
    what: &'static str,
    /// Extra forms allowed besides an id, e.g. `or {"existingArn": …}`.
    also: &'static str,
}

const STREAM: Want = Want {
    what: "a KinesisStream",
    also: ", or {\"existingArn\": \"arn:aws:kinesis:…\"} for an existing stream",
};
const BUCKET: Want = Want {
    what: "a Bucket",
    also: ", or {\"existingName\": \"…\"} for an existing bucket",
};
const FUNCTION: Want = Want {
    what: "a TransformFunction",
    also: "",
};
const TABLE: Want = Want {
    what: "a Table",
    also: "",
};
const KEY: Want = Want {
    what: "a Key",
    also: ", or a key ARN (arn:aws:kms:…:key/…)",
};

impl Builder {
    fn report(
        &mut self,
        code: &'static str,
        property: String,
        received: impl Into<String>,
        allowed: impl Into<String>,
    ) {
        self.diags.push(super::parse::file_error(
            code, NO_SOURCE, property, received, allowed,
        ));
    }

    fn at(&self, member: &str) -> String {
        format!("constructs[{}].{member}", self.current)
    }

    /// The ids of the constructs built so far that `accept` takes, for "allowed" texts.
    fn candidates(&self, accept: &dyn Fn(&Handle) -> bool) -> String {
        let mut ids: Vec<(usize, &str)> = self
            .handles
            .iter()
            .filter(|(_, h)| accept(h))
            .filter_map(|(id, _)| self.positions.get(id).map(|(i, _)| (*i, id.as_str())))
            .collect();
        ids.sort_unstable();
        if ids.is_empty() {
            "none is defined before it".to_owned()
        } else {
            ids.iter()
                .map(|(_, id)| format!("{id:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// Looks `id` up as a reference at `property`; reports what is wrong, or returns the handle
    /// when `accept` takes it. `None` without a report when `id` names an unusable construct.
    fn lookup(
        &mut self,
        property: String,
        id: &str,
        want: &Want,
        accept: &dyn Fn(&Handle) -> bool,
        why_not: &dyn Fn(&Handle) -> Option<&'static str>,
    ) -> Option<&Handle> {
        if self.unusable.contains(id) {
            return None;
        }
        let allowed = |b: &Builder| {
            format!(
                "the id of {}{} ({}){}",
                want.what,
                if b.in_outputs {
                    ""
                } else {
                    " defined before this construct"
                },
                b.candidates(accept),
                want.also
            )
        };
        match (self.handles.get(id), self.positions.get(id)) {
            (Some(h), _) if accept(h) => {}
            (Some(h), Some(&(at, ty))) => {
                let detail = why_not(h).unwrap_or("");
                let allowed = allowed(self);
                self.report(
                    "file-reference",
                    property,
                    format!("{id:?}, the id of a {ty} (constructs[{at}]){detail}"),
                    allowed,
                );
                return None;
            }
            (None, Some(&(at, ty))) => {
                let allowed = allowed(self);
                self.report(
                    "file-reference",
                    property,
                    format!("{id:?}, a {ty} defined later, at constructs[{at}]"),
                    format!(
                        "{allowed}; constructs are created in file order, so move it above \
                         constructs[{}]",
                        self.current
                    ),
                );
                return None;
            }
            _ => {
                let allowed = allowed(self);
                self.report(
                    "file-reference",
                    property,
                    format!("{id:?}, which is not the id of any construct"),
                    allowed,
                );
                return None;
            }
        }
        self.handles.get(id)
    }

    fn stream_ref(&mut self, property: String, r: &StreamReference) -> Option<StreamRef> {
        match r {
            StreamReference::Id(id) => {
                match self.lookup(
                    property,
                    id,
                    &STREAM,
                    &|h| matches!(h, Handle::Stream(_)),
                    &|_| None,
                )? {
                    Handle::Stream(s) => Some(s.clone()),
                    _ => None,
                }
            }
            StreamReference::Existing(e) => {
                let arn = self.expr(format!("{property}.existingArn"), &e.existing_arn);
                let key = match &e.key_arn {
                    Some(k) => Some(self.key_ref(format!("{property}.keyArn"), k)?),
                    None => None,
                };
                let mut s = KinesisStream::from_arn(arn?);
                if let Some(k) = key {
                    s = s.with_key(k);
                }
                Some(s)
            }
        }
    }

    fn function_ref(&mut self, property: String, id: &str) -> Option<FunctionRef> {
        let why = |h: &Handle| {
            matches!(h, Handle::Forwarder(_)).then_some(
                ": a forwarder is fed by a DynamoDB stream and would fail on Firehose's records",
            )
        };
        match self.lookup(
            property,
            id,
            &FUNCTION,
            &|h| matches!(h, Handle::Function(_)),
            &why,
        )? {
            Handle::Function(f) => Some(f.clone()),
            _ => None,
        }
    }

    fn direct_put_ref(
        &mut self,
        property: String,
        id: &str,
        purpose: &'static str,
    ) -> Option<DeliveryStreamRef<DirectPut>> {
        let why = move |h: &Handle| matches!(h, Handle::KinesisFed(_)).then_some(purpose);
        let want = Want {
            what: "a DeliveryStream without \"source\" (DirectPut)",
            also: "",
        };
        match self.lookup(
            property,
            id,
            &want,
            &|h| matches!(h, Handle::DirectPut(_)),
            &why,
        )? {
            Handle::DirectPut(d) => Some(d.clone()),
            _ => None,
        }
    }

    // --- values --------------------------------------------------------------------------

    fn parameter(&mut self, name: &str, p: &super::ParameterProps) {
        let mut param = match p.parameter_type {
            ParameterType::String => Parameter::string(name),
            ParameterType::Number => Parameter::number(name),
        };
        if let Some(v) = &p.default {
            param = param.default_value(v.clone());
        }
        if let Some(v) = &p.allowed_values {
            param = param.allowed_values(v.iter().cloned());
        }
        if let Some(v) = p.min_value {
            param = param.min_value(v);
        }
        if let Some(v) = p.max_value {
            param = param.max_value(v);
        }
        if let Some(v) = &p.description {
            param = param.description(v.clone());
        }
        let value = self.stack.parameter(param);
        self.params.insert(name.to_owned(), value);
    }

    /// The expression `{"ref": name}` stands for.
    fn reference(&mut self, property: String, name: &str) -> Option<Expr> {
        if let Some(p) = pseudo(name) {
            return Some(Expr::Pseudo(p));
        }
        if let Some(e) = self.params.get(name) {
            return Some(e.clone());
        }
        let mut names: Vec<&str> = self.params.keys().map(String::as_str).collect();
        names.sort_unstable();
        self.report(
            "file-reference",
            property,
            format!("{name:?}, which is not a parameter of this file"),
            format!(
                "a parameter declared under \"parameters\" ({}) or a pseudo parameter: {}",
                if names.is_empty() {
                    "none is".to_owned()
                } else {
                    names.join(", ")
                },
                PSEUDOS.map(|(n, _)| n).join(", ")
            ),
        );
        None
    }

    fn expr(&mut self, property: String, v: &StringValue) -> Option<Expr> {
        match v {
            StringValue::Literal(s) => Some(Expr::from(s.as_str())),
            StringValue::Expr(e) => self.expression(property, e),
        }
    }

    fn expression(&mut self, property: String, e: &Expression) -> Option<Expr> {
        match e {
            Expression::Ref(name) => self.reference(format!("{property}.ref"), name),
            Expression::ImportValue(v) => {
                let inner = self.expr(format!("{property}.importValue"), v)?;
                Some(Expr::import_value(inner))
            }
            Expression::Sub(text) => self.sub(format!("{property}.sub"), text),
        }
    }

    fn sub(&mut self, property: String, text: &str) -> Option<Expr> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("${") {
            literal.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            if let Some(stripped) = after.strip_prefix('!') {
                literal.push_str("${");
                rest = stripped;
                continue;
            }
            let Some(end) = after.find('}') else {
                self.report(
                    "file-value",
                    property,
                    format!("{text:?}: an unclosed ${{"),
                    "text with ${Name} placeholders (parameters of this file or pseudo \
                     parameters); ${! for a literal ${",
                );
                return None;
            };
            let name = &after[..end];
            let e = self.reference(property.clone(), name)?;
            if !literal.is_empty() {
                parts.push(Expr::from(std::mem::take(&mut literal)));
            }
            parts.push(e);
            rest = &after[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Expr::from(literal));
        }
        Some(Expr::join(parts))
    }

    fn string_val(&mut self, property: String, v: &StringValue) -> Option<Val<String>> {
        match v {
            StringValue::Literal(s) => Some(Val::Lit(s.clone())),
            StringValue::Expr(e) => self.expression(property, e).map(Val::Expr),
        }
    }

    fn number_val<T: Clone>(&mut self, property: String, v: &NumberValue<T>) -> Option<Val<T>> {
        match v {
            NumberValue::Literal(n) => Some(Val::Lit(n.clone())),
            NumberValue::Expr(e) => self.expression(property, e).map(Val::Expr),
        }
    }

    /// `Some(value)` for a member that is set and valid; reports and gives `None` otherwise.
    /// `ok` tracks whether every member was valid.
    fn opt_number<T: Clone>(
        &mut self,
        ok: &mut bool,
        member: &str,
        v: &Option<NumberValue<T>>,
    ) -> Option<Val<T>> {
        let v = v.as_ref()?;
        let at = self.at(member);
        let r = self.number_val(at, v);
        *ok &= r.is_some();
        r
    }

    fn opt_string(
        &mut self,
        ok: &mut bool,
        member: &str,
        v: &Option<StringValue>,
    ) -> Option<Val<String>> {
        let v = v.as_ref()?;
        let at = self.at(member);
        let r = self.string_val(at, v);
        *ok &= r.is_some();
        r
    }

    fn key(&mut self, ok: &mut bool, member: &str, v: &StringValue) -> Option<KeyRef> {
        let at = self.at(member);
        let r = self.key_ref(at, v);
        *ok &= r.is_some();
        r
    }

    /// A key: the id of a `Key` defined before (a literal without `:`), else a key ARN.
    fn key_ref(&mut self, property: String, v: &StringValue) -> Option<KeyRef> {
        if let StringValue::Literal(id) = v {
            if !id.contains(':') {
                return match self.lookup(
                    property,
                    id,
                    &KEY,
                    &|h| matches!(h, Handle::Key(_)),
                    &|_| None,
                )? {
                    Handle::Key(k) => Some(k.clone()),
                    _ => None,
                };
            }
        }
        self.expr(property, v).map(KeyRef::from_arn)
    }

    // --- constructs ----------------------------------------------------------------------

    /// Adds the construct; false when a reference or value could not be resolved (reported).
    fn construct(&mut self, c: &ConstructSpec) -> bool {
        let handle = match c {
            ConstructSpec::KinesisStream(p) => self.kinesis_stream(p),
            ConstructSpec::Table(p) => self.table(p),
            ConstructSpec::Bucket(p) => self.bucket(p),
            ConstructSpec::TransformFunction(p) => self.transform(p),
            ConstructSpec::DeliveryStream(p) => self.delivery_stream(p),
            ConstructSpec::Forwarder(p) => self.forwarder(p),
            ConstructSpec::Alarms(p) => self.alarms(p),
            ConstructSpec::Key(p) => self.kms_key(p),
        };
        match handle {
            Some(h) => {
                self.handles.insert(c.id().to_owned(), h);
                true
            }
            None => false,
        }
    }

    fn kinesis_stream(&mut self, p: &KinesisStreamProps) -> Option<Handle> {
        let mut ok = true;
        let mut s = common(KinesisStream::new(&p.id), &p.logical_id, &p.tags);
        if let Some(v) = self.opt_string(&mut ok, "streamName", &p.stream_name) {
            s = s.stream_name(v);
        }
        match &p.mode {
            None => {}
            Some(StreamModeSpec::OnDemand) => s = s.mode(StreamMode::OnDemand),
            Some(StreamModeSpec::Provisioned(n)) => {
                let at = self.at("mode.provisioned");
                match self.number_val(at, n) {
                    Some(v) => s = s.mode(StreamMode::Provisioned(v)),
                    None => ok = false,
                }
            }
        }
        if let Some(v) = self.opt_number(&mut ok, "retentionHours", &p.retention_hours) {
            s = s.retention_hours(v);
        }
        match &p.encryption {
            None => {}
            Some(StreamEncryptionSpec::AwsManaged) => {
                s = s.encryption(StreamEncryption::AwsManaged);
            }
            Some(StreamEncryptionSpec::Unencrypted) => {
                s = s.encryption(StreamEncryption::Unencrypted);
            }
            Some(StreamEncryptionSpec::CustomerManaged(k)) => {
                if let Some(key) = self.key(&mut ok, "encryption.customerManaged", k) {
                    s = s.encryption(StreamEncryption::CustomerManaged(key));
                }
            }
        }
        if let Some(r) = p.removal_policy {
            s = s.removal_policy(removal(r));
        }
        if let Some(w) = &p.expected_writes {
            s = s.expected_writes(w.peak_writes_per_second, w.item_bytes);
        }
        if let Some(n) = p.external_consumers {
            s = s.external_consumers(n);
        }
        ok.then(|| Handle::Stream(self.stack.add(s)))
    }

    fn table(&mut self, p: &TableProps) -> Option<Handle> {
        let mut ok = true;
        let mut t = common(
            Table::new(&p.id, attribute(&p.partition_key)),
            &p.logical_id,
            &p.tags,
        );
        if let Some(k) = &p.sort_key {
            t = t.sort_key(attribute(k));
        }
        if let Some(v) = self.opt_string(&mut ok, "tableName", &p.table_name) {
            t = t.table_name(v);
        }
        match p.billing {
            None => {}
            Some(BillingSpec::OnDemand) => t = t.billing(Billing::OnDemand),
            Some(BillingSpec::Provisioned(c)) => {
                t = t.billing(Billing::Provisioned {
                    read: c.read,
                    write: c.write,
                });
            }
        }
        for ix in p.global_secondary_indexes.iter().flatten() {
            let mut g = GlobalSecondaryIndex::new(&ix.name, attribute(&ix.partition_key));
            if let Some(k) = &ix.sort_key {
                g = g.sort_key(attribute(k));
            }
            match &ix.projection {
                None => {}
                Some(ProjectionSpec::All) => g = g.projection(Projection::All),
                Some(ProjectionSpec::KeysOnly) => g = g.projection(Projection::KeysOnly),
                Some(ProjectionSpec::Include(names)) => {
                    g = g.projection(Projection::Include(names.clone()));
                }
            }
            if let Some(c) = ix.capacity {
                g = g.capacity(c.read, c.write);
            }
            t = t.global_secondary_index(g);
        }
        if let Some(v) = p.stream {
            t = t.stream(match v {
                StreamViewTypeName::KeysOnly => StreamViewType::KeysOnly,
                StreamViewTypeName::NewImage => StreamViewType::NewImage,
                StreamViewTypeName::OldImage => StreamViewType::OldImage,
                StreamViewTypeName::NewAndOldImages => StreamViewType::NewAndOldImages,
            });
        }
        if let Some(r) = &p.kinesis_stream {
            let at = self.at("kinesisStream");
            match self.stream_ref(at, r) {
                Some(s) => t = t.kinesis_stream(&s),
                None => ok = false,
            }
        }
        if let Some(v) = p.kinesis_precision {
            t = t.kinesis_precision(match v {
                TimestampPrecisionName::Millisecond => TimestampPrecision::Millisecond,
                TimestampPrecisionName::Microsecond => TimestampPrecision::Microsecond,
            });
        }
        if let Some(v) = p.point_in_time_recovery {
            t = t.point_in_time_recovery(v);
        }
        match &p.encryption {
            None => {}
            Some(TableEncryptionSpec::AwsOwned) => t = t.encryption(TableEncryption::AwsOwned),
            Some(TableEncryptionSpec::AwsManaged) => t = t.encryption(TableEncryption::AwsManaged),
            Some(TableEncryptionSpec::CustomerManaged(k)) => {
                if let Some(key) = self.key(&mut ok, "encryption.customerManaged", k) {
                    t = t.encryption(TableEncryption::CustomerManaged(key));
                }
            }
        }
        if let Some(a) = &p.time_to_live_attribute {
            t = t.time_to_live_attribute(a.clone());
        }
        if let Some(v) = p.deletion_protection {
            t = t.deletion_protection(v);
        }
        if let Some(v) = p.table_class {
            t = t.table_class(match v {
                TableClassName::Standard => TableClass::Standard,
                TableClassName::StandardInfrequentAccess => TableClass::StandardInfrequentAccess,
            });
        }
        if let Some(r) = p.removal_policy {
            t = t.removal_policy(removal(r));
        }
        ok.then(|| Handle::Table(self.stack.add(t)))
    }

    fn bucket(&mut self, p: &BucketProps) -> Option<Handle> {
        let mut ok = true;
        let mut b = common(Bucket::new(&p.id), &p.logical_id, &p.tags);
        if let Some(v) = self.opt_string(&mut ok, "bucketName", &p.bucket_name) {
            b = b.bucket_name(v);
        }
        if let Some(v) = p.versioned {
            b = b.versioned(v);
        }
        for r in p.lifecycle_rules.iter().flatten() {
            let mut rule = LifecycleRule::new(&r.id);
            if let Some(prefix) = &r.prefix {
                rule = rule.prefix(prefix.clone());
            }
            for t in r.transitions.iter().flatten() {
                rule = rule.transition(storage_class(t.storage_class), t.days);
            }
            if let Some(d) = r.expiration_days {
                rule = rule.expiration_days(d);
            }
            if let Some(d) = r.abort_incomplete_multipart_days {
                rule = rule.abort_incomplete_multipart_days(d);
            }
            b = b.lifecycle_rule(rule);
        }
        match &p.encryption {
            None => {}
            Some(BucketEncryptionSpec::S3Managed) => b = b.encryption(BucketEncryption::S3Managed),
            Some(BucketEncryptionSpec::Kms(k)) => {
                if let Some(key) = self.key(&mut ok, "encryption.kms", k) {
                    b = b.encryption(BucketEncryption::Kms(key));
                }
            }
        }
        if let Some(r) = p.removal_policy {
            b = b.removal_policy(removal(r));
        }
        ok.then(|| Handle::Bucket(self.stack.add(b)))
    }

    fn transform(&mut self, p: &TransformFunctionProps) -> Option<Handle> {
        let mut ok = true;
        let mut f = match &p.code {
            None | Some(CodeSpec::DynamodbChanges) => TransformFunction::dynamodb_changes(&p.id),
            Some(CodeSpec::InlinePython(source)) => {
                if p.change_options.is_some() {
                    let at = self.at("changeOptions");
                    self.report(
                        "file-value",
                        at,
                        "change options with your own code",
                        "changeOptions only with \"code\": \"dynamodbChanges\" (the built-in \
                         code reads them)",
                    );
                    ok = false;
                }
                TransformFunction::new(&p.id, Code::inline_python(source.clone()))
            }
        };
        f = common(f, &p.logical_id, &p.tags);
        if let Some(o) = &p.change_options {
            f = f.change_options(ChangeOptions {
                drop_old_image: o.drop_old_image.unwrap_or(false),
                drop_ttl_deletes: o.drop_ttl_deletes.unwrap_or(false),
                partition_keys: o.partition_keys.unwrap_or(false),
            });
        }
        if let Some(r) = p.runtime {
            f = f.runtime(runtime(r));
        }
        if let Some(v) = self.opt_number(&mut ok, "memoryMb", &p.memory_mb) {
            f = f.memory_mb(v);
        }
        if let Some(v) = self.opt_number(&mut ok, "timeoutSeconds", &p.timeout_seconds) {
            f = f.timeout_seconds(v);
        }
        if let Some(a) = p.architecture {
            f = f.architecture(architecture(a));
        }
        for (k, v) in p.environment.iter().flatten() {
            f = f.environment(k.clone(), v.clone());
        }
        if let Some(v) = self.opt_number(&mut ok, "reservedConcurrency", &p.reserved_concurrency) {
            f = f.reserved_concurrency(v);
        }
        if let Some(d) = p.log_retention_days {
            f = f.log_retention_days(d);
        }
        if let Some(k) = &p.log_group_key {
            if let Some(key) = self.key(&mut ok, "logGroupKey", k) {
                f = f.log_group_key(&key);
            }
        }
        for (i, g) in p.grants.iter().flatten().enumerate() {
            match self.grant(format!("constructs[{}].grants[{i}]", self.current), g) {
                Some(g) => f = f.grant(g),
                None => ok = false,
            }
        }
        ok.then(|| Handle::Function(self.stack.add(f)))
    }

    fn grant(&mut self, at: String, g: &GrantSpec) -> Option<Grant> {
        match g {
            GrantSpec::PutRecords(id) => self
                .direct_put_ref(
                    format!("{at}.putRecords"),
                    id,
                    ": a Kinesis-fed delivery stream takes no PutRecord",
                )
                .map(|d| d.grant_put_records()),
            GrantSpec::Invoke(id) => self
                .function_ref(format!("{at}.invoke"), id)
                .map(|f| f.grant_invoke()),
            GrantSpec::ReadStream(r) => self
                .stream_ref(format!("{at}.readStream"), r)
                .map(|s| s.grant_read()),
        }
    }

    fn delivery_stream(&mut self, p: &DeliveryStreamProps) -> Option<Handle> {
        let mut ok = true;
        let d = &p.destination;
        let bucket = match &d.bucket {
            BucketReference::Id(id) => {
                let at = self.at("destination.bucket");
                match self.lookup(
                    at,
                    id,
                    &BUCKET,
                    &|h| matches!(h, Handle::Bucket(_)),
                    &|_| None,
                ) {
                    Some(Handle::Bucket(b)) => Some(b.clone()),
                    _ => None,
                }
            }
            BucketReference::Existing(e) => {
                let at = self.at("destination.bucket.existingName");
                let bucket = self.expr(at, &e.existing_name).map(Bucket::from_name);
                match &e.key {
                    None => bucket,
                    Some(k) => {
                        let key = self.key(&mut ok, "destination.bucket.key", k);
                        bucket.zip(key).map(|(b, k)| b.with_key(&k))
                    }
                }
            }
        };
        let processor = match &d.processor {
            None => None,
            Some(ProcessorReference::Id(id)) => {
                let at = self.at("destination.processor");
                match self.function_ref(at, id) {
                    Some(f) => Some(LambdaProcessor::new(&f)),
                    None => {
                        ok = false;
                        None
                    }
                }
            }
            Some(ProcessorReference::Configured(c)) => {
                let at = self.at("destination.processor.function");
                match self.function_ref(at, &c.function) {
                    Some(f) => {
                        let mut lp = LambdaProcessor::new(&f);
                        if let Some(v) = c.buffer_size_mb {
                            lp = lp.buffer_size_mb(v);
                        }
                        if let Some(v) = c.buffer_interval_seconds {
                            lp = lp.buffer_interval_seconds(v);
                        }
                        if let Some(v) = c.retries {
                            lp = lp.retries(v);
                        }
                        Some(lp)
                    }
                    None => {
                        ok = false;
                        None
                    }
                }
            }
        };
        let source = match &p.source {
            None => None,
            Some(r) => {
                let at = self.at("source");
                let s = self.stream_ref(at, r);
                ok &= s.is_some();
                s
            }
        };
        let encryption = match &p.encryption {
            None => None,
            Some(DeliveryEncryptionSpec::AwsOwned) => Some(Encryption::AwsOwned),
            Some(DeliveryEncryptionSpec::CustomerManaged(k)) => self
                .key(&mut ok, "encryption.customerManaged", k)
                .map(Encryption::CustomerManaged),
        };
        let name = self.opt_string(&mut ok, "deliveryStreamName", &p.delivery_stream_name);
        let log_key = match &d.log_group_key {
            None => None,
            Some(k) => self.key(&mut ok, "destination.logGroupKey", k),
        };
        let bucket = bucket?;
        if !ok {
            return None;
        }

        let mut dest = S3Destination::new(&bucket);
        if let Some(lp) = processor {
            dest = dest.lambda_processor(lp);
        }
        if let Some(v) = &d.prefix {
            dest = dest.prefix(v.clone());
        }
        if let Some(v) = &d.error_output_prefix {
            dest = dest.error_output_prefix(v.clone());
        }
        if let Some(b) = d.buffering {
            dest = dest.buffering(b.interval_seconds, b.size_mb);
        }
        if let Some(c) = d.compression {
            dest = dest.compression(match c {
                CompressionName::Uncompressed => Compression::Uncompressed,
                CompressionName::Gzip => Compression::Gzip,
                CompressionName::Zip => Compression::Zip,
                CompressionName::Snappy => Compression::Snappy,
                CompressionName::HadoopSnappy => Compression::HadoopSnappy,
            });
        }
        if let Some(v) = d.logging {
            dest = dest.logging(v);
        }
        if let Some(v) = d.log_retention_days {
            dest = dest.log_retention_days(v);
        }
        if let Some(k) = &log_key {
            dest = dest.log_group_key(k);
        }
        if let Some(v) = d.dynamic_partitioning {
            dest = dest.dynamic_partitioning(v);
        }

        let mut ds = DeliveryStream::new(&p.id, dest);
        if let Some(e) = encryption {
            // With a source too, synth reports it (firehose-sse-kinesis-source), as for Rust.
            ds = ds.encryption(e);
        }
        match source {
            None => {
                let mut ds = common(ds, &p.logical_id, &p.tags);
                if let Some(n) = name {
                    ds = ds.delivery_stream_name(n);
                }
                Some(Handle::DirectPut(self.stack.add(ds)))
            }
            Some(s) => {
                let mut ds = common(ds.source(&s), &p.logical_id, &p.tags);
                if let Some(n) = name {
                    ds = ds.delivery_stream_name(n);
                }
                Some(Handle::KinesisFed(self.stack.add(ds)))
            }
        }
    }

    fn forwarder(&mut self, p: &ForwarderProps) -> Option<Handle> {
        let mut ok = true;
        let at = self.at("table");
        let table = match self.lookup(
            at,
            &p.table,
            &TABLE,
            &|h| matches!(h, Handle::Table(_)),
            &|_| None,
        ) {
            Some(Handle::Table(t)) => Some(t.clone()),
            _ => None,
        };
        let at = self.at("deliveryStream");
        let delivery = self.direct_put_ref(
            at,
            &p.delivery_stream,
            ": a Kinesis-fed delivery stream takes no PutRecordBatch, which the forwarder sends",
        );
        let batch = self.opt_number(&mut ok, "batchSize", &p.batch_size);
        let window = self.opt_number(&mut ok, "batchingWindowSeconds", &p.batching_window_seconds);
        let retries = self.opt_number(&mut ok, "maxRetryAttempts", &p.max_retry_attempts);
        let age = self.opt_number(&mut ok, "maxRecordAgeSeconds", &p.max_record_age_seconds);
        let parallel = self.opt_number(&mut ok, "parallelizationFactor", &p.parallelization_factor);
        let memory = self.opt_number(&mut ok, "memoryMb", &p.memory_mb);
        let timeout = self.opt_number(&mut ok, "timeoutSeconds", &p.timeout_seconds);
        let reserved = self.opt_number(&mut ok, "reservedConcurrency", &p.reserved_concurrency);
        let log_key = match &p.log_group_key {
            None => None,
            Some(k) => self.key(&mut ok, "logGroupKey", k),
        };
        let queue_key = match &p.failure_queue_key {
            None => None,
            Some(k) => self.key(&mut ok, "failureQueueKey", k),
        };
        let (Some(table), Some(delivery), true) = (table, delivery, ok) else {
            return None;
        };
        let mut f = common(
            Forwarder::dynamodb_changes(&p.id, &table, &delivery),
            &p.logical_id,
            &p.tags,
        );
        if let Some(v) = batch {
            f = f.batch_size(v);
        }
        if let Some(v) = window {
            f = f.batching_window_seconds(v);
        }
        if let Some(v) = p.starting_position {
            f = f.starting_position(match v {
                StartingPositionName::TrimHorizon => StartingPosition::TrimHorizon,
                StartingPositionName::Latest => StartingPosition::Latest,
            });
        }
        if let Some(v) = retries {
            f = f.max_retry_attempts(v);
        }
        if let Some(v) = p.bisect_on_error {
            f = f.bisect_on_error(v);
        }
        if let Some(v) = age {
            f = f.max_record_age_seconds(v);
        }
        if let Some(v) = parallel {
            f = f.parallelization_factor(v);
        }
        if let Some(v) = memory {
            f = f.memory_mb(v);
        }
        if let Some(v) = timeout {
            f = f.timeout_seconds(v);
        }
        if let Some(r) = p.runtime {
            f = f.runtime(runtime(r));
        }
        for (k, v) in p.environment.iter().flatten() {
            f = f.environment(k.clone(), v.clone());
        }
        if let Some(v) = reserved {
            f = f.reserved_concurrency(v);
        }
        if let Some(a) = p.architecture {
            f = f.architecture(architecture(a));
        }
        if let Some(v) = p.drop_old_image {
            f = f.drop_old_image(v);
        }
        if let Some(v) = p.drop_ttl_deletes {
            f = f.drop_ttl_deletes(v);
        }
        if let Some(d) = p.log_retention_days {
            f = f.log_retention_days(d);
        }
        if let Some(k) = &log_key {
            f = f.log_group_key(k);
        }
        if let Some(k) = &queue_key {
            f = f.failure_queue_key(k);
        }
        Some(Handle::Forwarder(self.stack.add(f)))
    }

    fn alarms(&mut self, p: &AlarmsProps) -> Option<Handle> {
        let mut ok = true;
        let mut a = common(Alarms::new(&p.id), &p.logical_id, &p.tags);
        match &p.topic {
            None => {}
            Some(AlarmTopicSpec::Create) => a = a.topic(AlarmTopic::Create),
            Some(AlarmTopicSpec::CreateEncrypted(k)) => {
                if let Some(key) = self.key(&mut ok, "topic.createEncrypted", k) {
                    a = a.topic(AlarmTopic::CreateEncrypted(key));
                }
            }
            Some(AlarmTopicSpec::ExistingArn(v)) => {
                let at = self.at("topic.existingArn");
                match self.expr(at, v) {
                    Some(arn) => a = a.topic(AlarmTopic::Existing(arn)),
                    None => ok = false,
                }
            }
        }
        let watchable = |h: &Handle| {
            !matches!(
                h,
                Handle::Table(_) | Handle::Bucket(_) | Handle::Alarms | Handle::Key(_)
            )
        };
        let want = Want {
            what: "a KinesisStream, DeliveryStream, TransformFunction or Forwarder",
            also: "",
        };
        for (i, id) in p.watch.iter().flatten().enumerate() {
            let at = format!("constructs[{}].watch[{i}]", self.current);
            match self.lookup(at, id, &want, &watchable, &|_| None) {
                Some(Handle::Stream(s)) => a = a.stream(s),
                Some(Handle::DirectPut(d)) => a = a.delivery_stream(d),
                Some(Handle::KinesisFed(d)) => a = a.delivery_stream(d),
                Some(Handle::Function(f)) => a = a.function(f),
                Some(Handle::Forwarder(f)) => a = a.forwarder(f),
                _ => ok = false,
            }
        }
        if !ok {
            return None;
        }
        self.stack.add(a);
        Some(Handle::Alarms)
    }

    fn kms_key(&mut self, p: &KeyProps) -> Option<Handle> {
        let mut ok = true;
        let mut k = common(Key::new(&p.id), &p.logical_id, &p.tags);
        if let Some(v) = self.opt_number(&mut ok, "pendingWindowDays", &p.pending_window_days) {
            k = k.pending_window_days(v);
        }
        if let Some(r) = p.removal_policy {
            k = k.removal_policy(removal(r));
        }
        ok.then(|| Handle::Key(self.stack.add(k)))
    }

    fn raw_resource(&mut self, id: &str, r: &RawResourceProps) {
        let mut res = Resource::new(r.resource_type.clone());
        for (k, v) in r.properties.iter().flatten() {
            res = res.prop(k, v.clone());
        }
        for d in r.depends_on.iter().flatten() {
            res = res.depends_on(d.clone());
        }
        if let Some(p) = r.removal_policy {
            res = res.removal(removal(p));
        }
        res.metadata = r.metadata.clone();
        self.stack.add_raw_resource(id.to_owned(), res);
        if let Some(c) = &r.condition {
            self.stack.set_condition(id.to_owned(), c.clone());
        }
    }

    fn output(&mut self, name: &str, o: &OutputProps) {
        let base = super::parse::join("outputs", name);
        let at = |m: &str| format!("{base}.{m}");
        let given: Vec<&str> = [
            ("arn", o.arn.is_some()),
            ("name", o.name.is_some()),
            ("streamArn", o.stream_arn.is_some()),
            ("value", o.value.is_some()),
        ]
        .iter()
        .filter(|(_, set)| *set)
        .map(|(m, _)| *m)
        .collect();
        if given.len() != 1 {
            self.report(
                "file-value",
                base.clone(),
                if given.is_empty() {
                    "an output with no value".to_owned()
                } else {
                    format!("an output with {}", given.join(" and "))
                },
                "exactly one of arn, name, streamArn or value",
            );
            return;
        }
        let any = |h: &Handle| !matches!(h, Handle::Alarms);
        let want = Want {
            what: "a construct other than Alarms",
            also: "",
        };
        let value = if let Some(id) = &o.arn {
            self.lookup(at("arn"), id, &want, &any, &|_| None)
                .and_then(Handle::arn)
        } else if let Some(id) = &o.name {
            self.lookup(at("name"), id, &want, &any, &|_| None)
                .and_then(Handle::name)
        } else if let Some(id) = &o.stream_arn {
            let with_stream =
                |h: &Handle| matches!(h, Handle::Table(t) if t.stream_arn().is_some());
            let why = |h: &Handle| matches!(h, Handle::Table(_)).then_some(" without \"stream\"");
            let want = Want {
                what: "a Table with \"stream\"",
                also: "",
            };
            match self.lookup(at("streamArn"), id, &want, &with_stream, &why) {
                Some(Handle::Table(t)) => t.stream_arn(),
                _ => None,
            }
        } else if let Some(v) = &o.value {
            self.expr(at("value"), v)
        } else {
            None
        };
        let export = match &o.export {
            Some(e) => match self.expr(at("export"), e) {
                Some(x) => Some(x),
                None => return,
            },
            None => None,
        };
        let Some(value) = value else { return };
        match export {
            Some(e) => self.stack.output_export(name.to_owned(), value, e),
            None => self.stack.output(name.to_owned(), value),
        };
        if let Some(d) = &o.description {
            self.stack.describe_output(name, d.clone());
        }
    }
}

const PSEUDOS: [(&str, Pseudo); 5] = [
    ("AWS::AccountId", Pseudo::AccountId),
    ("AWS::Partition", Pseudo::Partition),
    ("AWS::Region", Pseudo::Region),
    ("AWS::StackName", Pseudo::StackName),
    ("AWS::URLSuffix", Pseudo::UrlSuffix),
];

fn pseudo(name: &str) -> Option<Pseudo> {
    PSEUDOS.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
}

fn common<C: ConstructProps>(
    mut c: C,
    logical_id: &Option<String>,
    tags: &Option<IndexMap<String, String>>,
) -> C {
    if let Some(l) = logical_id {
        c = c.logical_id(l.clone());
    }
    for (k, v) in tags.iter().flatten() {
        c = c.tag(k.clone(), v.clone());
    }
    c
}

fn attribute(a: &KeyAttribute) -> Attribute {
    match a.attribute_type {
        AttributeTypeName::S => Attribute::string(&a.name),
        AttributeTypeName::N => Attribute::number(&a.name),
        AttributeTypeName::B => Attribute::binary(&a.name),
    }
}

fn removal(r: RemovalPolicyName) -> RemovalPolicy {
    match r {
        RemovalPolicyName::Retain => RemovalPolicy::Retain,
        RemovalPolicyName::Delete => RemovalPolicy::Delete,
    }
}

fn architecture(a: ArchitectureName) -> Architecture {
    match a {
        ArchitectureName::Arm64 => Architecture::Arm64,
        ArchitectureName::X86_64 => Architecture::X86_64,
    }
}

fn storage_class(c: StorageClassName) -> StorageClass {
    match c {
        StorageClassName::StandardIa => StorageClass::InfrequentAccess,
        StorageClassName::IntelligentTiering => StorageClass::IntelligentTiering,
        StorageClassName::GlacierIr => StorageClass::GlacierInstantRetrieval,
        StorageClassName::Glacier => StorageClass::Glacier,
        StorageClassName::DeepArchive => StorageClass::DeepArchive,
    }
}

fn runtime(r: RuntimeName) -> Runtime {
    match r {
        RuntimeName::Python314 => Runtime::Python314,
        RuntimeName::Python313 => Runtime::Python313,
        RuntimeName::Python312 => Runtime::Python312,
    }
}
