# DynamoDB Streams forwarder (index.handler): shapes each stream record into the contract's JSON
# line and sends the lines to Firehose with PutRecordBatch. shape.py is concatenated before this
# file at synth time, so its names (shape) are used without an import.
import os, time

MAX_BATCH_RECORDS = 500           # PutRecordBatch: at most 500 records ...
MAX_BATCH_BYTES = 4 * 1024 * 1024  # ... and 4 MiB per call
MAX_RECORD_BYTES = 1000 * 1024     # Firehose record limit (1,000 KiB before base64)
ATTEMPTS = 6                       # per chunk, with exponential backoff
_client = None

def _firehose():
    global _client
    if _client is None:
        import boto3  # in the Lambda runtime; imported lazily so tests can inject a fake
        _client = boto3.client("firehose")
    return _client

def _flag(name):
    v = os.environ.get(name, "")
    return v.isascii() and v.lower() in ("1", "true")

def _prepare(rec):
    # A Lambda event is parsed JSON: fill what the Kinesis-format record has and this lacks.
    ddb = rec.get("dynamodb") if type(rec) is dict else None
    if type(ddb) is dict:
        ts = ddb.get("ApproximateCreationDateTime")
        if type(ts) is float and ts.is_integer(): ddb["ApproximateCreationDateTime"] = int(ts)
    if type(rec) is dict and "tableName" not in rec:
        arn = rec.get("eventSourceARN")  # arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<ts>
        if type(arn) is str and ":table/" in arn:
            rec["tableName"] = arn.split(":table/", 1)[1].split("/", 1)[0]
    return rec

def _chunks(items):
    # items: [(seq, line)] -> lists of at most 500 records and 4 MiB
    chunk, size = [], 0
    for it in items:
        if chunk and (len(chunk) == MAX_BATCH_RECORDS or size + len(it[1]) > MAX_BATCH_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(it)
        size += len(it[1])
    if chunk: yield chunk

def _send(stream, chunk, context, sleep=time.sleep):
    # Sends one chunk; retries the entries a partial failure names, and throttled calls, with
    # backoff. Returns the index of the first entry never accepted, or None when all were.
    pending = list(range(len(chunk)))
    for attempt in range(ATTEMPTS):
        if attempt:
            left = context.get_remaining_time_in_millis() if context is not None else 60000
            delay = min(0.05 * 2 ** attempt, 2.0)
            if left < delay * 1000 + 5000: break  # keep time to answer Lambda
            sleep(delay)
        try:
            resp = _firehose().put_record_batch(
                DeliveryStreamName=stream, Records=[{"Data": chunk[i][1]} for i in pending])
        except Exception as e:  # throttling, service errors: retry the whole remainder
            print("PutRecordBatch failed (attempt %d): %s" % (attempt + 1, e))
            continue
        if not resp.get("FailedPutCount"):
            return None
        results = resp.get("RequestResponses") or []
        failed = [i for i, r in zip(pending, results) if r.get("ErrorCode")]
        failed += pending[len(results):]  # entries without an answer count as failed
        print("PutRecordBatch: %d of %d records failed (attempt %d)" % (len(failed), len(pending), attempt + 1))
        pending = failed
        if not pending: return None
    return pending[0]

def handler(event, context):
    records = event.get("Records") if type(event) is dict else None
    if type(records) is not list:
        raise ValueError("not a DynamoDB Streams event")
    stream = os.environ["FERROCDK_DELIVERY_STREAM"]
    strict = os.environ.get("FERROCDK_STREAM_VIEW_TYPE", "NEW_AND_OLD_IMAGES") == "NEW_AND_OLD_IMAGES"
    drop_old, drop_ttl = _flag("FERROCDK_DROP_OLD_IMAGE"), _flag("FERROCDK_DROP_TTL_DELETES")
    items, stop = [], None  # stop: sequence number of the first record that cannot be sent
    for rec in records:
        ddb = rec.get("dynamodb") if type(rec) is dict else None
        seq = ddb.get("SequenceNumber") if type(ddb) is dict else None
        try:
            line, ttl = shape(_prepare(rec), "seconds", drop_old, strict)[:2]
        except Exception as e:
            print("record %s cannot be shaped (%s): reported as failed" % (seq, e))
            stop = seq
            break
        if ttl and drop_ttl: continue
        if len(line) > MAX_RECORD_BYTES:
            print("record %s is %d bytes, over Firehose's 1,000 KiB limit: reported as failed" % (seq, len(line)))
            stop = seq
            break
        items.append((seq, line))
    for chunk in _chunks(items):
        first_unsent = _send(stream, chunk, context)
        if first_unsent is not None:
            stop = chunk[first_unsent][0]
            break
    # Lambda retries from the lowest reported sequence number: everything before it was accepted.
    return {"batchItemFailures": [] if stop is None else [{"itemIdentifier": stop}]}
