# ferrocdk:dynamodb-streams-forwarder -- DynamoDB Streams forwarder (index.handler): shapes each
# stream record into the contract's JSON line and sends the lines to Firehose with PutRecordBatch.
# A record Firehose cannot take (over its record limit, or refused by shape()) is kept as received
# in the change-log bucket under the error prefix, and the batch goes on (docs/record-contract.md).
# shape.py is concatenated before this file at synth time, so shape() is used without an import.
import hashlib, json, math, os, re, time

MAX_BATCH_RECORDS = 500            # PutRecordBatch: at most 500 records ...
MAX_BATCH_BYTES = 4 * 1024 * 1024  # ... and 4 MiB per call
MAX_RECORD_BYTES = 1000 * 1024     # Firehose record limit (1,000 KiB before base64)
ATTEMPTS = 6                       # calls per chunk (backoff 0.1, 0.2, 0.4, 0.8, 1.6 s)
KEEP_ATTEMPTS = 3                  # PutObject calls per kept record (backoff 0.1, 0.2 s)
RESERVE_MS = 16000                 # a call may take 5 s (connect) + 10 s (read); then answer
METRIC_NAMESPACE = "ferrocdk"      # Embedded Metric Format: records kept, per invocation
METRIC_NAME = "RecordsKept"
_client = _s3 = None               # the Firehose and S3 clients, created on first use
_sleep, _now = time.sleep, time.time  # tests inject fake clients, sleep and clock

def _boto(service):  # boto3 is in the Lambda runtime; imported lazily
    import boto3, botocore.config
    return boto3.client(service, config=botocore.config.Config(
        connect_timeout=5, read_timeout=10, retries={"total_max_attempts": 1}))

def _firehose():
    global _client
    if _client is None: _client = _boto("firehose")
    return _client

def _s3client():
    global _s3
    if _s3 is None: _s3 = _boto("s3")
    return _s3

def _flag(name):
    v = os.environ.get(name, "")
    return v.isascii() and v.lower() in ("1", "true")

def _seq(rec):
    ddb = rec.get("dynamodb") if type(rec) is dict else None
    s = ddb.get("SequenceNumber") if type(ddb) is dict else None
    return s if type(s) is str and s else None

def _table(rec):  # the table name in eventSourceARN, or None
    arn = rec.get("eventSourceARN") if type(rec) is dict else None
    if type(arn) is str and ":table/" in arn: return arn.split(":table/", 1)[1].split("/", 1)[0]
    return None

def _prepare(rec, view):
    # Lambda's parsed event -> what shape() reads: tableName from eventSourceARN
    # (arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>), the timestamp as an int
    # of seconds (floored, as the API documents). -> (record copy, strict images?)
    if type(rec) is not dict or type(rec.get("dynamodb")) is not dict: raise ValueError("not a record")
    rec, ddb = dict(rec), dict(rec["dynamodb"])
    rec["dynamodb"] = ddb
    ts = ddb.get("ApproximateCreationDateTime")
    if type(ts) is float and 0 <= ts < math.inf: ddb["ApproximateCreationDateTime"] = math.floor(ts)
    if rec.get("tableName") is None and _table(rec) is not None: rec["tableName"] = _table(rec)
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

class _Budget:
    # The calls of one invocation: the first always goes; a later one only while there is time
    # left to make it (and its backoff) and still answer.
    def __init__(self, context): self.context, self.calls = context, 0
    def allows(self, what, delay):
        left = _left_ms(self.context)
        if self.calls and left < delay * 1000 + RESERVE_MS:
            print("%s: %s ms left, not calling again" % (what, left))
            return False
        self.calls += 1
        return True

def _send(stream, chunk, budget):
    # Sends one chunk; retries (with backoff) the entries a partial failure names, or all of them
    # when the call fails. Returns the index of the first entry not accepted, or None.
    pending = list(range(len(chunk)))
    for attempt in range(ATTEMPTS):
        delay = 0.05 * 2 ** attempt if attempt else 0
        if not budget.allows("PutRecordBatch", delay): break
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

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

def _java_time(pattern, t):
    # A java.time DateTimeFormatter pattern (what Firehose's !{timestamp:...} takes) for the time
    # t (time.struct_time, UTC): y/u year (yy: two digits), M month (MMM, MMMM: English name), d
    # day, D day of year, H hour, m minute, s second; 'text' is literal, '' a quote. Any other
    # letter is written as it is (ferrocdk warns at synth: forwarder-error-prefix).
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "'":
            i += 1
            if pattern.startswith("'", i): out.append("'"); i += 1; continue
            while i < n:
                if pattern[i] == "'":
                    if not pattern.startswith("''", i): break
                    i += 1
                out.append(pattern[i]); i += 1
            i += 1
            continue
        j = i
        while j < n and pattern[j] == c: j += 1
        k, v = j - i, {"y": t.tm_year, "u": t.tm_year, "M": t.tm_mon, "d": t.tm_mday,
                       "D": t.tm_yday, "H": t.tm_hour, "m": t.tm_min, "s": t.tm_sec}.get(c)
        if v is None: out.append(pattern[i:j])
        elif c in "yu" and k == 2: out.append("%02d" % (v % 100))
        elif c == "M" and k >= 3:  # MMM: Nov, MMMM: November, MMMMM: N
            name = _MONTHS[v - 1]
            out.append(name[:3] if k == 3 else name if k == 4 else name[0])
        else: out.append("%0*d" % (k, v))
        i = j
    return "".join(out)

_EXPR = re.compile(r"!\{([^:}]*):([^}]*)\}")
_SAFE = re.compile(r"[A-Za-z0-9._-]+")

def _key(prefix, kind, rec, digest, now):
    # The key of a kept record: the delivery stream's error prefix (FERROCDK_ERROR_PREFIX) with
    # !{firehose:error-output-type} = kind, !{timestamp:...} = the change's time (else the
    # invocation's) and !{firehose:random-string} = 11 hex digits of the body's SHA-256, then
    # <table>-<sequence number>-<eventID>.json (at most 255 + 64 + 128 characters: with the
    # prefix's 512, under S3's 1,024). Nothing random: a retried batch rewrites its keys.
    ddb = rec.get("dynamodb") if type(rec) is dict else None
    ts = ddb.get("ApproximateCreationDateTime") if type(ddb) is dict else None
    t = time.gmtime(int(ts if type(ts) in (int, float) and 0 <= ts < 253402300800 else now))
    def expr(m):
        ns, v = m.groups()
        if ns == "timestamp": return _java_time(v, t)
        if ns == "firehose" and v == "error-output-type": return kind
        if ns == "firehose" and v == "random-string": return digest[:11]
        return m.group()
    safe = lambda v, n: v if type(v) is str and len(v) <= n and _SAFE.fullmatch(v) else None
    eid = rec.get("eventID") if type(rec) is dict else None
    return "%s%s-%s-%s.json" % (_EXPR.sub(expr, prefix), safe(_table(rec), 255) or "unknown",
                                safe(_seq(rec), 64) or "unknown", safe(eid, 128) or digest[:32])

def _keep(rec, kind, why, where, budget, now):
    # Writes the record, as received, to the change-log bucket under the error prefix.
    # -> True when it is kept.
    bucket, prefix = where
    seq = _seq(rec)
    if not bucket or not prefix:
        print("record %s %s; it cannot be kept (FERROCDK_ERROR_BUCKET or FERROCDK_ERROR_PREFIX "
              "not set): reported as failed" % (seq, why))
        return False
    try:  # ASCII JSON (non-ASCII as \u escapes), so any string of the event survives
        body = json.dumps(rec, separators=(",", ":")).encode("ascii")
        key = _key(prefix, kind, rec, hashlib.sha256(body).hexdigest(), now)
    except Exception as e:
        print("record %s %s; it cannot be written as JSON (%r): reported as failed" % (seq, why, e))
        return False
    for attempt in range(KEEP_ATTEMPTS):
        delay = 0.05 * 2 ** attempt if attempt else 0
        if not budget.allows("PutObject", delay): break
        if delay: _sleep(delay)
        try:
            _s3client().put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/json")
        except Exception as e:
            print("PutObject s3://%s/%s failed (attempt %d): %r" % (bucket, key, attempt + 1, e))
            continue
        print("record %s %s: kept as s3://%s/%s" % (seq, why, bucket, key))
        return True
    print("record %s %s and could not be kept: reported as failed" % (seq, why))
    return False

def _metric(kept, now):  # one Embedded Metric Format document: CloudWatch makes it a metric
    print(json.dumps({"_aws": {"Timestamp": int(now * 1000), "CloudWatchMetrics": [{
        "Namespace": METRIC_NAMESPACE, "Dimensions": [["FunctionName"]],
        "Metrics": [{"Name": METRIC_NAME, "Unit": "Count"}]}]},
        "FunctionName": os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "unknown"), METRIC_NAME: kept}))

def handler(event, context):
    records = event.get("Records") if type(event) is dict else None
    if type(records) is not list: raise ValueError("not a DynamoDB Streams event")
    if not records: return {"batchItemFailures": []}
    stream = os.environ["FERROCDK_DELIVERY_STREAM"]
    view = os.environ.get("FERROCDK_STREAM_VIEW_TYPE") or "NEW_AND_OLD_IMAGES"
    drop_old, drop_ttl = _flag("FERROCDK_DROP_OLD_IMAGE"), _flag("FERROCDK_DROP_TTL_DELETES")
    where = (os.environ.get("FERROCDK_ERROR_BUCKET"), os.environ.get("FERROCDK_ERROR_PREFIX"))
    budget, now, kept = _Budget(context), _now(), 0
    items, stop = [], None  # stop: index of the first record neither sent nor kept
    for i, rec in enumerate(records):
        try:
            r, strict = _prepare(rec, view)
            line, ttl = shape(r, "seconds", drop_old, strict)[:2]
        except Exception as e:
            kind, why = "processing-failed", "cannot be shaped (%s)" % e
        else:
            if ttl and drop_ttl: continue
            if len(line) <= MAX_RECORD_BYTES:
                items.append((i, line))
                continue
            kind, why = "oversize", ("is %d bytes as a JSON line, over Firehose's 1,000 KiB "
                                     "record limit" % len(line))
        if not _keep(rec, kind, why, where, budget, now):
            stop = i
            break
        kept += 1
    for chunk in _chunks(items):
        k = _send(stream, chunk, budget)
        if k is not None:
            stop = chunk[k][0]
            break
    if kept: _metric(kept, now)
    if stop is None: return {"batchItemFailures": []}
    # Lambda retries from the lowest reported sequence number: everything before it was accepted
    # by Firehose or kept in S3 (a retry keeps a kept record again, under the same key).
    seq = _seq(records[stop])
    if seq is None:  # cannot be named: fail the whole batch (Lambda retries all of it)
        raise RuntimeError("record %d of the batch was neither sent nor kept and has no "
                           "dynamodb.SequenceNumber to report" % stop)
    return {"batchItemFailures": [{"itemIdentifier": seq}]}
