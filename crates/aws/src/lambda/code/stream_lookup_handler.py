# ferrocdk:table-stream-lookup -- reads an existing DynamoDB table's stream ARN (DescribeTable's
# LatestStreamArn) for the DynamoDB Streams route. Properties: TableArn, TableName (for the
# messages), StreamViewType (what the stack expects). Changes nothing: a table without a stream,
# or with another view type, fails with the command that fixes it. PhysicalResourceId: the
# stream ARN (a new stream is a new ID: CloudFormation then replaces what reads it). Data:
# StreamArn, StreamViewType.
VIEWS = ("NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY")


def handler(event, context):
    run(event, context, _work)


def _work(event, budget):
    if event.get("RequestType") == "Delete":
        return event.get("PhysicalResourceId"), "nothing to do: a lookup owns nothing", None
    p = event.get("ResourceProperties") or {}
    table, name = p.get("TableArn"), p.get("TableName") or p.get("TableArn")
    view = str(p.get("StreamViewType") or "NEW_AND_OLD_IMAGES")
    if not isinstance(table, str) or not table or view not in VIEWS:
        raise Failed("properties TableArn (an ARN) and StreamViewType (one of %s) are required, "
                     "got %r and %r" % (", ".join(VIEWS), table, view))
    t = call(budget, client("dynamodb").describe_table, TableName=table).get("Table") or {}
    spec = t.get("StreamSpecification") or {}
    arn = t.get("LatestStreamArn")
    if not spec.get("StreamEnabled") or not arn:
        raise Failed(
            "table %s has no DynamoDB stream. Turn one on (other readers of the table are not "
            "affected), then deploy again: aws dynamodb update-table --table-name %s "
            "--stream-specification StreamEnabled=true,StreamViewType=%s" % (name, name, view))
    have = spec.get("StreamViewType")
    if have != view:
        raise Failed(
            "the stream of table %s carries %s, this stack expects %s. Either declare %s in the "
            "stack, or replace the stream (its readers stop, and the new one has a new ARN): aws "
            "dynamodb update-table --table-name %s --stream-specification StreamEnabled=false, "
            "then --stream-specification StreamEnabled=true,StreamViewType=%s"
            % (name, have, view, have, name, view))
    return arn, "stream %s (%s)" % (arn, have), {"StreamArn": arn, "StreamViewType": have}
