# ferrocdk:kinesis-streaming-destination -- enables an existing DynamoDB table's Kinesis
# streaming destination (CloudFormation has no resource for it). Properties: TableArn,
# StreamArn, ApproximateCreationDateTimePrecision (MILLISECOND | MICROSECOND), DisableOnDelete
# ("true" | "false"; CloudFormation passes every value as a string).
#
# PhysicalResourceId: "<table ARN>|<stream ARN>|enabled" when this resource enabled the
# destination, "|adopted" when it found it already enabling or active. Delete disables only an
# "enabled" one, and not with DisableOnDelete "false"; any other ID (a failed Create's marker,
# one CloudFormation made up) is deleted without an AWS call. A destination to another stream is
# never replaced: the request fails, naming both streams.
ENABLED, ADOPTED = "enabled", "adopted"
LIVE = ("ENABLING", "ACTIVE", "UPDATING")
PRECISIONS = ("MILLISECOND", "MICROSECOND")


def handler(event, context):
    run(event, context, _work)


def _work(event, budget):
    kind = event.get("RequestType")
    if kind == "Create":
        return _create(event, budget)
    if kind == "Update":
        return _update(event, budget)
    if kind == "Delete":
        return _delete(event, budget)
    raise Failed("unknown RequestType %r" % kind)


def _props(p, strict=True):
    p = p if isinstance(p, dict) else {}
    table, stream = p.get("TableArn"), p.get("StreamArn")
    precision = str(p.get("ApproximateCreationDateTimePrecision") or "MILLISECOND").upper()
    if strict:
        for name, v in (("TableArn", table), ("StreamArn", stream)):
            if not isinstance(v, str) or not v.startswith("arn:") or "|" in v:
                raise Failed("property %s must be an ARN, got %r" % (name, v))
        if precision not in PRECISIONS:
            raise Failed("property ApproximateCreationDateTimePrecision must be one of %s, got %r"
                         % (", ".join(PRECISIONS), precision))
    disable = str(p.get("DisableOnDelete", "true")).strip().lower() != "false"
    return table, stream, precision, disable


def _physical_id(table, stream, ours):
    return "|".join((table, stream, ENABLED if ours else ADOPTED))


def _parse_id(physical_id):
    parts = str(physical_id or "").split("|")
    if (len(parts) == 3 and parts[0].startswith("arn:") and parts[1].startswith("arn:")
            and parts[2] in (ENABLED, ADOPTED)):
        return parts[0], parts[1], parts[2] == ENABLED
    return None


def _destinations(budget, table):
    out = call(budget, client("dynamodb").describe_kinesis_streaming_destination, TableName=table)
    return out.get("KinesisDataStreamDestinations") or []


def _find(dests, stream):
    for d in dests:
        if d.get("StreamArn") == stream:
            return d
    return {}


def _ensure(budget, table, stream, precision):
    """Makes `table` stream to `stream`, ACTIVE, with `precision`. True when this call enabled
    it; False when it was already enabling or active (enabled by someone else)."""
    enabled = updated = False
    while True:
        dests = _destinations(budget, table)
        for d in dests:
            if d.get("StreamArn") != stream and d.get("DestinationStatus") in LIVE:
                raise Failed(
                    "table %s already streams to %s (%s); this resource was asked for %s. ferrocdk "
                    "never replaces another destination, whose consumers may depend on it: disable "
                    "it first (aws dynamodb disable-kinesis-streaming-destination --table-name %s "
                    "--stream-arn %s) or use that stream"
                    % (table, d.get("StreamArn"), d.get("DestinationStatus"), stream, table,
                       d.get("StreamArn")))
        mine = _find(dests, stream)
        status = mine.get("DestinationStatus")
        if status == "ACTIVE":
            have = mine.get("ApproximateCreationDateTimePrecision")
            if have and have != precision and not updated:
                call(budget, client("dynamodb").update_kinesis_streaming_destination,
                     TableName=table, StreamArn=stream,
                     UpdateKinesisStreamingConfiguration={
                         "ApproximateCreationDateTimePrecision": precision})
                updated = True
                budget.wait("precision update of %s to %s" % (table, stream))
                continue
            return enabled
        if status == "ENABLE_FAILED" and enabled:
            raise Failed("enabling the destination %s of table %s failed: %s"
                         % (stream, table, mine.get("DestinationStatusDescription") or "no reason given"))
        if status in (None, "DISABLED", "ENABLE_FAILED"):
            call(budget, client("dynamodb").enable_kinesis_streaming_destination,
                 TableName=table, StreamArn=stream,
                 EnableKinesisStreamingConfiguration={
                     "ApproximateCreationDateTimePrecision": precision})
            enabled = True
        elif status not in ("ENABLING", "UPDATING", "DISABLING"):
            raise Failed("destination %s of table %s is in an unknown state %r" % (stream, table, status))
        budget.wait("the destination %s of table %s to become ACTIVE (now %s)"
                    % (stream, table, status or "requested"))


def _disable(budget, table, stream):
    """Disables `table`'s destination to `stream`; a missing table or destination is done."""
    requested = False
    while True:
        try:
            mine = _find(_destinations(budget, table), stream)
        except Exception as e:
            if error_code(e) == "ResourceNotFoundException":
                return "table %s no longer exists" % table
            raise
        status = mine.get("DestinationStatus")
        if status in (None, "DISABLED", "ENABLE_FAILED"):
            return "destination %s of table %s is %s" % (stream, table, status or "absent")
        if status == "DISABLING" and budget.left() < 2 * POLL_S:
            return "destination %s of table %s is DISABLING" % (stream, table)
        if status == "ACTIVE" and not requested:
            try:
                call(budget, client("dynamodb").disable_kinesis_streaming_destination,
                     TableName=table, StreamArn=stream)
            except Exception as e:
                if error_code(e) != "ResourceNotFoundException":
                    raise
            requested = True
        budget.wait("the destination %s of table %s to be disabled (now %s)" % (stream, table, status))


def _create(event, budget):
    table, stream, precision, _ = _props(event.get("ResourceProperties"))
    ours = _ensure(budget, table, stream, precision)
    return (_physical_id(table, stream, ours),
            "ACTIVE, %s" % ("enabled by this resource" if ours else "enabled before: kept on delete"),
            None)


def _update(event, budget):
    table, stream, precision, _ = _props(event.get("ResourceProperties"))
    physical = event.get("PhysicalResourceId")
    old = _parse_id(physical)
    if old and old[:2] == (table, stream):
        # Same table and stream: in place (same ID); a new precision is applied by _ensure.
        _ensure(budget, table, stream, precision)
        return physical, "ACTIVE", None
    if old and old[2] and old[0] == table:
        # The same table to another stream: the destination this resource enabled goes first
        # (CloudFormation's Delete of the old ID then finds it disabled).
        _disable(budget, old[0], old[1])
    ours = _ensure(budget, table, stream, precision)
    return _physical_id(table, stream, ours), "ACTIVE (replaced %s)" % physical, None


def _delete(event, budget):
    physical = event.get("PhysicalResourceId")
    parsed = _parse_id(physical)
    if parsed is None:
        return physical, "nothing to do: this resource enabled no destination", None
    table, stream, ours = parsed
    if not ours:
        return physical, "kept: the destination was enabled before this resource", None
    if not _props(event.get("ResourceProperties"), strict=False)[3]:
        return physical, "kept: DisableOnDelete is false", None
    return physical, _disable(budget, table, stream), None
