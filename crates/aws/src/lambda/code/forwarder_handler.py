# ferrocdk:dynamodb-streams-forwarder -- DynamoDB Streams forwarder (index.handler): shapes each
# stream record into the contract's JSON line and sends the lines to Firehose with PutRecordBatch.
# shape.py is concatenated before this file at synth time, so shape() is used without an import.
import math, os, time

MAX_BATCH_RECORDS = 500            # PutRecordBatch: at most 500 records ...
MAX_BATCH_BYTES = 4 * 1024 * 1024  # ... and 4 MiB per call
MAX_RECORD_BYTES = 1000 * 1024     # Firehose record limit (1,000 KiB before base64)
ATTEMPTS = 6                       # calls per chunk (backoff 0.1, 0.2, 0.4, 0.8, 1.6 s)
RESERVE_MS = 16000                 # a call may take 5 s (connect) + 10 s (read); then answer
_client = None
_sleep = time.sleep                # tests inject a fake client (_client) and sleep

def _firehose():
    global _client
    if _client is None:  # boto3 is in the Lambda runtime; imported lazily
        import boto3, botocore.config
        _client = boto3.client("firehose", config=botocore.config.Config(
            connect_timeout=5, read_timeout=10, retries={"total_max_attempts": 1}))
    return _client

def _flag(name):
    v = os.environ.get(name, "")
    return v.isascii() and v.lower() in ("1", "true")

def _seq(rec):
    ddb = rec.get("dynamodb") if type(rec) is dict else None
    s = ddb.get("SequenceNumber") if type(ddb) is dict else None
    return s if type(s) is str and s else None

def _prepare(rec, view):
    # Lambda's parsed event -> what shape() reads: tableName from eventSourceARN
    # (arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>), the timestamp as an int
    # of seconds (floored, as the API documents). -> (record copy, strict images?)
    if type(rec) is not dict or type(rec.get("dynamodb")) is not dict: raise ValueError("not a record")
    rec, ddb = dict(rec), dict(rec["dynamodb"])
    rec["dynamodb"] = ddb
    ts = ddb.get("ApproximateCreationDateTime")
    if type(ts) is float and 0 <= ts < math.inf: ddb["ApproximateCreationDateTime"] = math.floor(ts)
    arn = rec.get("eventSourceARN")
    if rec.get("tableName") is None and type(arn) is str and ":table/" in arn:
        rec["tableName"] = arn.split(":table/", 1)[1].split("/", 1)[0]
    return rec, (ddb.get("StreamViewType") or view) == "NEW_AND_OLD_IMAGES"

def _chunks(items):
    # items: [(index, line)] -> lists of at most 500 records and 4 MiB
    chunk, size = [], 0
    for it in items:
        if chunk and (len(chunk) == MAX_BATCH_RECORDS or size + len(it[1]) > MAX_BATCH_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(it)
        size += len(it[1])
    if chunk: yield chunk

def _left_ms(context):
    f = getattr(context, "get_remaining_time_in_millis", None)
    return f() if f else math.inf

def _send(stream, chunk, context, first):
    # Sends one chunk; retries (with backoff) the entries a partial failure names, or all of them
    # when the call fails. Returns the index of the first entry not accepted, or None.
    pending = list(range(len(chunk)))
    for attempt in range(ATTEMPTS):
        delay = 0.05 * 2 ** attempt if attempt else 0
        if not (first and not attempt) and _left_ms(context) < delay * 1000 + RESERVE_MS:
            print("PutRecordBatch: %s ms left, not calling again" % _left_ms(context))
            break
        if delay: _sleep(delay)
        try:
            resp = _firehose().put_record_batch(
                DeliveryStreamName=stream, Records=[{"Data": chunk[i][1]} for i in pending])
        except Exception as e:  # throttling, service errors: retry every pending entry
            print("PutRecordBatch failed (attempt %d): %r" % (attempt + 1, e))
            continue
        res = resp.get("RequestResponses") or []
        failed = [i for i, r in zip(pending, res) if r.get("ErrorCode") or not r.get("RecordId")]
        failed += pending[len(res):]  # entries without an answer were not accepted
        if not failed and resp.get("FailedPutCount"): failed = pending  # inconsistent answer
        if not failed: return None
        err = next((r for r in res if r.get("ErrorCode")), {})
        print("PutRecordBatch: %d of %d records failed (attempt %d): %s %s" % (
            len(failed), len(pending), attempt + 1, err.get("ErrorCode"), err.get("ErrorMessage")))
        pending = failed
    return pending[0]

def handler(event, context):
    records = event.get("Records") if type(event) is dict else None
    if type(records) is not list: raise ValueError("not a DynamoDB Streams event")
    if not records: return {"batchItemFailures": []}
    stream = os.environ["FERROCDK_DELIVERY_STREAM"]
    view = os.environ.get("FERROCDK_STREAM_VIEW_TYPE") or "NEW_AND_OLD_IMAGES"
    drop_old, drop_ttl = _flag("FERROCDK_DROP_OLD_IMAGE"), _flag("FERROCDK_DROP_TTL_DELETES")
    items, stop = [], None  # stop: index of the first record that was not sent
    for i, rec in enumerate(records):
        try:
            r, strict = _prepare(rec, view)
            line, ttl = shape(r, "seconds", drop_old, strict)[:2]
        except Exception as e:
            print("record %s cannot be shaped (%s): reported as failed" % (_seq(rec), e))
            stop = i
            break
        if ttl and drop_ttl: continue
        if len(line) > MAX_RECORD_BYTES:
            print("record %s is %d bytes as a JSON line, over Firehose's 1,000 KiB record limit: "
                  "reported as failed" % (_seq(rec), len(line)))
            stop = i
            break
        items.append((i, line))
    for n, chunk in enumerate(_chunks(items)):
        k = _send(stream, chunk, context, n == 0)
        if k is not None:
            stop = chunk[k][0]
            break
    if stop is None: return {"batchItemFailures": []}
    # Lambda retries from the lowest reported sequence number: everything before it was accepted.
    seq = _seq(records[stop])
    if seq is None:  # cannot be named: fail the whole batch (Lambda retries all of it)
        raise RuntimeError("record %d of the batch was not sent and has no "
                           "dynamodb.SequenceNumber to report" % stop)
    return {"batchItemFailures": [{"itemIdentifier": seq}]}
