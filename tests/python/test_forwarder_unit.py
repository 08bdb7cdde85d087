"""Unit tests of the built-in DynamoDB Streams forwarder (forwarder_handler.py after shape.py),
loaded by ferrocdk_code.load_forwarder() -- from $FERROCDK_STREAMS_TEMPLATE when set, so the code
under test is the code in the template, run with the error prefix the template gives it. Firehose
and S3 are fake clients injected through the module's _client and _s3 seams; sleeping and the
clock are fakes injected through _sleep and _now."""
import contextlib
import hashlib
import io
import json
import os
import re
import time
import unittest

import ferrocdk_code

F = ferrocdk_code.load_forwarder()

STREAM = "OrdersToS3"
BUCKET = "change-log"
# The error prefix the forwarder is given: the template's (FERROCDK_ERROR_PREFIX), else ferrocdk's
# default (the delivery stream's ErrorOutputPrefix).
ERROR_PREFIX = ferrocdk_code.forwarder_environment().get(
    "FERROCDK_ERROR_PREFIX", "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/")
ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-11-18T10:09:15.370"
NOW = 1767225600.25  # the fake clock: 2026-01-01T00:00:00.250Z
KIB = 1024
MIB = 1024 * 1024


class Throttled(Exception):
    """Shaped like botocore's ClientError for ServiceUnavailableException (the call raises)."""

    def __init__(self):
        super().__init__("An error occurred (ServiceUnavailableException) when calling the "
                         "PutRecordBatch operation: Slow down.")
        self.response = {"Error": {"Code": "ServiceUnavailableException"}}


class FakeFirehose:
    """Records every put_record_batch call. `script` is a list of per-call behaviours, used in
    order (then every further call succeeds): "ok"; "raise" (the call throws Throttled);
    a set of entry indexes (of that call) answered with ErrorCode; or a callable
    (records) -> response."""

    def __init__(self, script=()):
        self.script = list(script)
        self.calls = []  # [(DeliveryStreamName, [Data bytes])]
        self.accepted = []  # Data bytes of every entry answered without ErrorCode, in order

    def put_record_batch(self, DeliveryStreamName, Records):
        if len(Records) > 500:
            raise AssertionError("more than 500 records in one call")
        for r in Records:
            if not isinstance(r.get("Data"), bytes):
                raise AssertionError("Data must be bytes")
        self.calls.append((DeliveryStreamName, [r["Data"] for r in Records]))
        how = self.script.pop(0) if self.script else "ok"
        if how == "raise":
            raise Throttled()
        if callable(how):
            return how(Records)
        failing = how if isinstance(how, set) else set()
        out = []
        for i, r in enumerate(Records):
            if i in failing:
                out.append({"ErrorCode": "ServiceUnavailableException",
                            "ErrorMessage": "Slow down."})
            else:
                out.append({"RecordId": "rid-%d-%d" % (len(self.calls), i)})
                self.accepted.append(r["Data"])
        return {"FailedPutCount": len(failing & set(range(len(Records)))), "Encrypted": True,
                "RequestResponses": out}


class S3Unavailable(Exception):
    """Shaped like botocore's ClientError for a 503 SlowDown (the call raises)."""

    def __init__(self):
        super().__init__("An error occurred (SlowDown) when calling the PutObject operation: "
                         "Please reduce your request rate.")
        self.response = {"Error": {"Code": "SlowDown"}}


class FakeS3:
    """Records every put_object call. `script` is a list of per-call behaviours, used in order
    (then every further call succeeds): "ok" or "raise" (the call throws S3Unavailable)."""

    def __init__(self, script=()):
        self.script = list(script)
        self.calls = []  # [(Bucket, Key)]
        self.objects = {}  # Key -> Body of every object written

    def put_object(self, Bucket, Key, Body, ContentType):
        if not isinstance(Body, bytes):
            raise AssertionError("Body must be bytes")
        if ContentType != "application/json":
            raise AssertionError(ContentType)
        self.calls.append((Bucket, Key))
        if (self.script.pop(0) if self.script else "ok") == "raise":
            raise S3Unavailable()
        self.objects[Key] = Body
        return {"ETag": '"%s"' % hashlib.md5(Body).hexdigest()}


class Context:
    def __init__(self, left_ms):
        self.left = left_ms

    def get_remaining_time_in_millis(self):
        return self.left


def ddb_record(i, name="INSERT", seq=None, image=None, keys=None, ts=1731924555, **extra):
    """A DynamoDB Streams record as Lambda delivers it (aws-facts §3.2), NEW_AND_OLD_IMAGES."""
    keys = keys or {"pk": {"S": "item-%d" % i}}
    image = image if image is not None else dict(keys, n={"N": str(i)})
    ddb = {"ApproximateCreationDateTime": ts, "Keys": keys,
           "SequenceNumber": seq or "%026d" % (13021600000000001596893679 + i),
           "SizeBytes": 100, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    if name in ("INSERT", "MODIFY"):
        ddb["NewImage"] = image
    if name in ("MODIFY", "REMOVE"):
        ddb["OldImage"] = image
    rec = {"eventID": "ev%d" % i, "eventName": name, "eventVersion": "1.1",
           "eventSource": "aws:dynamodb", "awsRegion": "eu-west-1", "dynamodb": ddb,
           "eventSourceARN": ARN}
    rec.update(extra)
    return rec


def padded(i, line_bytes):
    """A record whose JSON line is exactly line_bytes long."""
    rec = ddb_record(i, image={"pk": {"S": "item-%d" % i}, "pad": {"S": ""}})
    base = len(F.shape(F._prepare(rec, "NEW_AND_OLD_IMAGES")[0], "seconds")[0])
    rec["dynamodb"]["NewImage"]["pad"]["S"] = "x" * (line_bytes - base)
    return rec


def seq_of(rec):
    return rec["dynamodb"]["SequenceNumber"]


def kept_key(rec, kind, prefix_date="2024/11/18/10"):
    """The key the forwarder keeps rec under, with the default error prefix (by hand)."""
    return "errors/%s/%s/Orders-%s-%s.json" % (kind, prefix_date, seq_of(rec), rec["eventID"])


@contextlib.contextmanager
def forwarder_env(**extra):
    names = ("FERROCDK_DELIVERY_STREAM", "FERROCDK_STREAM_VIEW_TYPE", "FERROCDK_DROP_OLD_IMAGE",
             "FERROCDK_DROP_TTL_DELETES", "FERROCDK_ERROR_BUCKET", "FERROCDK_ERROR_PREFIX",
             "AWS_LAMBDA_FUNCTION_NAME")
    assert set(extra) <= set(names), extra
    saved = {k: os.environ.get(k) for k in names}
    env = {"FERROCDK_DELIVERY_STREAM": STREAM, "FERROCDK_STREAM_VIEW_TYPE": "NEW_AND_OLD_IMAGES",
           "FERROCDK_ERROR_BUCKET": BUCKET, "FERROCDK_ERROR_PREFIX": ERROR_PREFIX,
           "AWS_LAMBDA_FUNCTION_NAME": "OrdersForward"}
    env.update(extra)
    try:
        for k in names:
            os.environ.pop(k, None)
        for k, v in env.items():
            if v is not None:
                os.environ[k] = v
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class ForwarderTest(unittest.TestCase):
    def setUp(self):
        self.sleeps = []
        self.saved = (F._client, F._s3, F._sleep, F._now)
        F._sleep = self.sleeps.append
        F._now = lambda: NOW
        self.s3 = None

    def tearDown(self):
        F._client, F._s3, F._sleep, F._now = self.saved

    def run_handler(self, records, script=(), context=None, s3=(), **env):
        """-> (response, fake Firehose client, log text); the fake S3 client is self.s3."""
        fake = FakeFirehose(script)
        F._client = fake
        self.s3 = F._s3 = FakeS3(s3)
        log = io.StringIO()
        with forwarder_env(**env), contextlib.redirect_stdout(log):
            resp = F.handler({"Records": records}, context)
        return resp, fake, log.getvalue()

    def sent_ids(self, fake):
        """eventIDs of every record accepted by Firehose, in order."""
        return [json.loads(d)["eventID"] for d in fake.accepted]

    def kept(self):
        """{key: the record kept there, parsed}."""
        return {k: json.loads(b) for k, b in self.s3.objects.items()}

    def lines(self, records, **env):
        """The JSON lines the shaping produces for records (all accepted)."""
        resp, fake, _ = self.run_handler(records, **env)
        self.assertEqual(resp, {"batchItemFailures": []})
        return [d.decode("utf-8") for d in fake.accepted]

    def assert_failure_at(self, resp, rec):
        self.assertEqual(resp, {"batchItemFailures": [{"itemIdentifier": seq_of(rec)}]})


class PartialFailures(ForwarderTest):
    def test_retries_only_failed_entries_until_all_accepted(self):
        recs = [ddb_record(i) for i in range(6)]
        resp, fake, log = self.run_handler(recs, script=[{1, 4}, {1}, "ok"])
        self.assertEqual(resp, {"batchItemFailures": []})
        all_lines = self.lines(recs)  # the same records, all accepted at once
        first, second, third = (c[1] for c in fake.calls)
        self.assertEqual(len(fake.calls), 3)
        self.assertEqual(first, [l.encode() for l in all_lines])
        self.assertEqual(second, [all_lines[1].encode(), all_lines[4].encode()])
        self.assertEqual(third, [all_lines[4].encode()])  # {1} of the second call = record 4
        self.assertEqual(sorted(fake.accepted), sorted(l.encode() for l in all_lines))
        self.assertEqual(len(fake.accepted), 6)  # nothing sent twice once accepted
        self.assertEqual(self.sleeps, [0.1, 0.2])  # backoff before each retry
        self.assertIn("2 of 6 records failed", log)
        self.assertIn("ServiceUnavailableException", log)
        self.assertTrue(all(name == STREAM for name, _ in fake.calls))

    def test_gives_up_reports_first_unsent_record(self):
        recs = [ddb_record(i) for i in range(8)]
        # entries 3 and 6 of the batch fail on every attempt
        always = lambda records: FakeFirehose([{i for i, r in enumerate(records)
                                                if b'"ev3"' in r["Data"] or b'"ev6"' in r["Data"]}]
                                              ).put_record_batch(STREAM, records)
        resp, fake, log = self.run_handler(recs, script=[always] * 100)
        self.assert_failure_at(resp, recs[3])
        self.assertEqual(len(fake.calls), F.ATTEMPTS)
        self.assertEqual(len(self.sleeps), F.ATTEMPTS - 1)
        self.assertEqual(self.sleeps, sorted(self.sleeps))  # growing backoff
        self.assertLessEqual(sum(self.sleeps), 5.0)

    def test_records_after_an_unsent_chunk_are_not_sent_or_reported_as_sent(self):
        recs = [ddb_record(i) for i in range(501)]  # two chunks: 500 + 1
        resp, fake, _ = self.run_handler(recs, script=["raise"] * F.ATTEMPTS)
        self.assert_failure_at(resp, recs[0])
        self.assertEqual(len(fake.calls), F.ATTEMPTS)  # the second chunk is never sent
        self.assertTrue(all(len(d) == 500 for _, d in fake.calls))

    def test_failure_in_second_chunk_reports_its_first_unsent_record(self):
        recs = [ddb_record(i) for i in range(503)]
        # call 1 (records 0..499) ok; then records 500..502: entry 1 (record 501) always fails
        resp, fake, _ = self.run_handler(recs, script=["ok", {1}] + [{0}] * 10)
        self.assert_failure_at(resp, recs[501])
        self.assertEqual([len(d) for _, d in fake.calls], [500, 3] + [1] * (F.ATTEMPTS - 1))
        self.assertEqual(len(fake.accepted), 502)  # 502 was accepted, yet Lambda retries it

    def test_response_with_fewer_answers_than_entries_counts_missing_as_failed(self):
        recs = [ddb_record(i) for i in range(4)]
        short = lambda records: {"FailedPutCount": 0,
                                 "RequestResponses": [{"RecordId": "a"}, {"RecordId": "b"}]}
        resp, fake, _ = self.run_handler(recs, script=[short])
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual([len(d) for _, d in fake.calls], [4, 2])
        self.assertEqual(fake.calls[1][1], fake.calls[0][1][2:])

    def test_failed_put_count_without_error_codes_retries_everything(self):
        recs = [ddb_record(i) for i in range(3)]
        odd = lambda records: {"FailedPutCount": 1,
                               "RequestResponses": [{"RecordId": str(i)} for i in range(len(records))]}
        resp, fake, _ = self.run_handler(recs, script=[odd] * 100)
        self.assert_failure_at(resp, recs[0])


class Throttling(ForwarderTest):
    def test_call_raises_then_succeeds(self):
        recs = [ddb_record(i) for i in range(3)]
        resp, fake, log = self.run_handler(recs, script=["raise", "raise", "ok"])
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual(len(fake.calls), 3)
        self.assertEqual(fake.calls[0][1], fake.calls[2][1])  # the whole chunk again
        self.assertEqual(len(fake.accepted), 3)
        self.assertEqual(self.sleeps, [0.1, 0.2])
        self.assertIn("ServiceUnavailableException", log)

    def test_no_retry_when_time_is_short(self):
        recs = [ddb_record(i) for i in range(3)]
        resp, fake, log = self.run_handler(recs, script=["raise"] * 10, context=Context(10_000))
        self.assert_failure_at(resp, recs[0])
        self.assertEqual(len(fake.calls), 1)  # the first call always goes; no retry
        self.assertEqual(self.sleeps, [])
        self.assertIn("ms left", log)

    def test_retries_while_time_allows(self):
        recs = [ddb_record(i) for i in range(3)]
        resp, fake, _ = self.run_handler(recs, script=["raise", "raise", "ok"],
                                         context=Context(60_000))
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual(len(fake.calls), 3)

    def test_second_chunk_not_started_when_time_is_short(self):
        recs = [ddb_record(i) for i in range(600)]
        resp, fake, _ = self.run_handler(recs, context=Context(F.RESERVE_MS - 1))
        self.assert_failure_at(resp, recs[500])
        self.assertEqual([len(d) for _, d in fake.calls], [500])


class Oversized(ForwarderTest):
    def test_over_1000_kib_is_kept_under_the_error_prefix_and_the_batch_goes_on(self):
        recs = [ddb_record(0), ddb_record(1), padded(2, 1000 * KIB + 1), ddb_record(3)]
        resp, fake, log = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual(len(fake.calls), 1)
        self.assertEqual(self.sent_ids(fake), ["ev0", "ev1", "ev3"])
        key = kept_key(recs[2], "oversize")
        self.assertEqual(self.s3.calls, [(BUCKET, key)])
        self.assertEqual(self.kept(), {key: recs[2]})  # the record as received
        self.assertRegex(log, r"record %s is %d bytes .*1,000 KiB.*: kept as s3://%s/%s" % (
            seq_of(recs[2]), 1000 * KIB + 1, BUCKET, re.escape(key)))

    def test_exactly_1000_kib_is_sent(self):
        recs = [padded(0, 1000 * KIB)]
        resp, fake, _ = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual([len(d) for d in fake.calls[0][1]], [1000 * KIB])
        self.assertEqual(self.s3.calls, [])

    def test_first_record_oversized_is_kept_and_the_rest_sent(self):
        recs = [padded(0, 1000 * KIB + 1), ddb_record(1)]
        resp, fake, _ = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual(self.sent_ids(fake), ["ev1"])
        self.assertEqual(list(self.kept()), [kept_key(recs[0], "oversize")])

    def test_size_is_of_the_line_not_of_the_record(self):
        # drop-old-image shortens the line under the limit: then it is sent, not kept
        rec = padded(0, 1000 * KIB + 1)
        rec["dynamodb"]["OldImage"] = rec["dynamodb"]["NewImage"]
        rec["eventName"] = "MODIFY"
        resp, fake, _ = self.run_handler([rec], FERROCDK_DROP_OLD_IMAGE="true")
        self.assertEqual((resp, len(fake.accepted), self.s3.calls), ({"batchItemFailures": []}, 1, []))
        resp, fake, _ = self.run_handler([rec])
        self.assertEqual((resp, fake.accepted), ({"batchItemFailures": []}, []))
        self.assertEqual(list(self.kept()), [kept_key(rec, "oversize")])


class Keeping(ForwarderTest):
    """What cannot go through Firehose is kept in S3; only what cannot be kept either is
    reported in batchItemFailures (that record and everything after it)."""

    def test_a_mix_of_good_oversize_and_unshapeable_records(self):
        junk = "not a record"
        recs = [ddb_record(0), padded(1, 1000 * KIB + 1),
                ddb_record(2, image={"pk": {"S": "x"}, "n": {"N": "NaN"}}), ddb_record(3),
                junk, ddb_record(5, eventName="UPSERT"), ddb_record(6), padded(7, 2 * MIB)]
        resp, fake, log = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual(len(fake.calls), 1)
        self.assertEqual(self.sent_ids(fake), ["ev0", "ev3", "ev6"])
        junk_body = json.dumps(junk).encode()
        junk_key = "errors/processing-failed/2026/01/01/00/unknown-unknown-%s.json" % (
            hashlib.sha256(junk_body).hexdigest()[:32])  # no time, table, sequence or eventID
        self.assertEqual(self.kept(), {
            kept_key(recs[1], "oversize"): recs[1],
            kept_key(recs[2], "processing-failed"): recs[2],
            junk_key: junk,
            kept_key(recs[5], "processing-failed"): recs[5],
            kept_key(recs[7], "oversize"): recs[7],
        })
        self.assertEqual([k for _, k in self.s3.calls], list(self.kept()))  # in batch order
        self.assertEqual(emf(log)[F.METRIC_NAME], 5)
        self.assertIn("cannot be shaped (bad N)", log)
        self.assertIn("cannot be shaped (not a record)", log)

    def test_s3_failing_reports_that_record_and_everything_after_it(self):
        recs = [ddb_record(0), padded(1, 1000 * KIB + 1), ddb_record(2), padded(3, 1000 * KIB + 1)]
        resp, fake, log = self.run_handler(recs, s3=["raise"] * F.KEEP_ATTEMPTS)
        self.assertEqual(resp, {"batchItemFailures": [{"itemIdentifier": seq_of(recs[1])}]})
        self.assertEqual(self.sent_ids(fake), ["ev0"])  # before it: sent; after it: nothing
        key = kept_key(recs[1], "oversize")
        self.assertEqual(self.s3.calls, [(BUCKET, key)] * F.KEEP_ATTEMPTS)
        self.assertEqual(self.s3.objects, {})
        self.assertEqual(self.sleeps, [0.1, 0.2])
        self.assertIn("SlowDown", log)
        self.assertIn("could not be kept: reported as failed", log)
        self.assertIsNone(emf(log))  # nothing kept, no metric

    def test_s3_failing_after_an_earlier_record_was_kept(self):
        bad = ddb_record(1, image={"pk": {"S": "x"}, "n": {"N": "1e"}})
        recs = [ddb_record(0), bad, ddb_record(2), padded(3, 1000 * KIB + 1), ddb_record(4)]
        resp, fake, log = self.run_handler(recs, s3=["ok"] + ["raise"] * 10)
        self.assertEqual(resp, {"batchItemFailures": [{"itemIdentifier": seq_of(recs[3])}]})
        self.assertEqual(self.sent_ids(fake), ["ev0", "ev2"])
        self.assertEqual(self.kept(), {kept_key(bad, "processing-failed"): bad})
        self.assertEqual(emf(log)[F.METRIC_NAME], 1)

    def test_s3_answers_on_a_retry(self):
        recs = [padded(0, 1000 * KIB + 1), ddb_record(1)]
        resp, fake, log = self.run_handler(recs, s3=["raise", "raise"])
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual(len(self.s3.calls), 3)
        self.assertEqual(list(self.kept()), [kept_key(recs[0], "oversize")])
        self.assertEqual(self.sleeps, [0.1, 0.2])
        self.assertEqual(self.sent_ids(fake), ["ev1"])

    def test_firehose_failing_before_a_kept_record(self):
        # record 0 never reaches Firehose: Lambda retries from it, and record 1 is kept again,
        # under the same key (nothing random in a key: the retry rewrites the same object)
        recs = [ddb_record(0), padded(1, 1000 * KIB + 1)]
        resp, fake, _ = self.run_handler(recs, script=["raise"] * F.ATTEMPTS)
        self.assertEqual(resp, {"batchItemFailures": [{"itemIdentifier": seq_of(recs[0])}]})
        first = dict(self.s3.objects)
        F._now = lambda: NOW + 7200  # a retry two hours later
        resp, fake, _ = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual(self.s3.objects, first)
        self.assertEqual(self.sent_ids(fake), ["ev0"])

    def test_without_a_bucket_the_record_is_reported(self):
        recs = [ddb_record(0), padded(1, 1000 * KIB + 1), ddb_record(2)]
        for missing in ("FERROCDK_ERROR_BUCKET", "FERROCDK_ERROR_PREFIX"):
            with self.subTest(missing):
                resp, fake, log = self.run_handler(recs, **{missing: None})
                self.assertEqual(resp, {"batchItemFailures": [{"itemIdentifier": seq_of(recs[1])}]})
                self.assertEqual((self.sent_ids(fake), self.s3.calls), (["ev0"], []))
                self.assertIn("FERROCDK_ERROR_BUCKET or FERROCDK_ERROR_PREFIX not set", log)

    def test_no_retry_of_a_keep_when_time_is_short(self):
        recs = [padded(0, 1000 * KIB + 1), ddb_record(1)]
        resp, fake, log = self.run_handler(recs, s3=["raise"] * 10, context=Context(10_000))
        self.assertEqual(resp, {"batchItemFailures": [{"itemIdentifier": seq_of(recs[0])}]})
        self.assertEqual(len(self.s3.calls), 1)  # the first call of an invocation always goes
        self.assertEqual((self.sleeps, fake.calls), ([], []))
        self.assertIn("PutObject: 10000 ms left", log)

    def test_time_is_shared_by_keeping_and_sending(self):
        # after a keep, Firehose is called only while there is time to answer
        recs = [padded(0, 1000 * KIB + 1), ddb_record(1)]
        resp, fake, log = self.run_handler(recs, context=Context(F.RESERVE_MS - 1))
        self.assertEqual(resp, {"batchItemFailures": [{"itemIdentifier": seq_of(recs[1])}]})
        self.assertEqual((len(self.s3.objects), fake.calls), (1, []))
        self.assertIn("PutRecordBatch: %d ms left" % (F.RESERVE_MS - 1), log)

    def test_body_is_the_record_as_received(self):
        rec = ddb_record(0, image={"pk": {"S": "héllo \ud800 😀 \"q\""}, "n": {"N": "NaN"}},
                         ts=1731924555.7)
        resp, _, _ = self.run_handler([rec])
        self.assertEqual(resp, {"batchItemFailures": []})
        [(key, body)] = self.s3.objects.items()
        self.assertTrue(body.isascii())  # \u escapes: even a lone surrogate survives
        self.assertEqual(json.loads(body), rec)
        self.assertEqual(body, json.dumps(rec, separators=(",", ":")).encode())
        self.assertEqual(key, kept_key(rec, "processing-failed"))  # time: 1731924555 s

    def test_metric_in_embedded_metric_format(self):
        recs = [padded(0, 1000 * KIB + 1), ddb_record(1), padded(2, 1000 * KIB + 1)]
        _, _, log = self.run_handler(recs)
        doc = emf(log)
        meta = doc["_aws"]
        self.assertEqual(meta["Timestamp"], int(NOW * 1000))
        [directive] = meta["CloudWatchMetrics"]
        self.assertEqual(directive, {"Namespace": "ferrocdk", "Dimensions": [["FunctionName"]],
                                     "Metrics": [{"Name": "RecordsKept", "Unit": "Count"}]})
        # every dimension and metric the directive names is a member of the document
        self.assertEqual((doc["FunctionName"], doc["RecordsKept"]), ("OrdersForward", 2))
        self.assertEqual(set(doc), {"_aws", "FunctionName", "RecordsKept"})
        _, _, log = self.run_handler([ddb_record(0)])
        self.assertIsNone(emf(log))


class Keys(ForwarderTest):
    def key(self, rec, prefix=ERROR_PREFIX):
        """The key rec (kept) is written under, with error prefix `prefix`."""
        resp, _, _ = self.run_handler([rec], FERROCDK_ERROR_PREFIX=prefix)
        self.assertEqual(resp, {"batchItemFailures": []})
        [(_, key)] = self.s3.calls
        return key

    def test_default_prefix_date_path_table_sequence_number_event_id(self):
        rec = padded(3, 1000 * KIB + 1)
        self.assertEqual(self.key(rec, "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/"),
                         "errors/oversize/2024/11/18/10/Orders-%s-ev3.json" % seq_of(rec))

    def test_the_template_gives_the_delivery_streams_error_prefix(self):
        if os.environ.get("FERROCDK_STREAMS_TEMPLATE"):
            self.assertEqual(ERROR_PREFIX, "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/")
        rec = padded(3, 1000 * KIB + 1)
        self.assertEqual(self.key(rec), kept_key(rec, "oversize"))

    def test_custom_prefixes(self):
        rec = padded(3, 1000 * KIB + 1)
        name = "Orders-%s-ev3.json" % seq_of(rec)
        body = json.dumps(rec, separators=(",", ":")).encode()
        for prefix, want in (
            # a literal error prefix, as ferrocdk passes it (with the type and hour appended)
            ("failed/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/", "failed/oversize/2024/11/18/10/"),
            ("e/!{timestamp:'year='yyyy'/month='MM'/day='dd}/!{firehose:error-output-type}/",
             "e/year=2024/month=11/day=18/oversize/"),
            ("e/!{firehose:error-output-type}-!{timestamp:yy-MMM-d-D-H-m-s}/", "e/oversize-24-Nov-18-323-10-9-15/"),
            ("e/!{firehose:error-output-type}/!{timestamp:MMMM 'o''clock' HH}/", "e/oversize/November o'clock 10/"),
            ("e/!{firehose:error-output-type}/!{timestamp:EEE}/", "e/oversize/EEE/"),  # not rendered
            ("e/!{firehose:error-output-type}/!{firehose:random-string}/",
             "e/oversize/%s/" % hashlib.sha256(body).hexdigest()[:11]),
            ("!{firehose:error-output-type}", "oversize"),
        ):
            with self.subTest(prefix):
                self.assertEqual(self.key(rec, prefix), want + name)

    def test_time_is_the_changes_else_the_invocations(self):
        rec = padded(3, 1000 * KIB + 100)  # still over the limit with a null timestamp
        rec["dynamodb"]["ApproximateCreationDateTime"] = 1704067199.9  # 2023-12-31T23:59:59.9Z
        self.assertIn("/2023/12/31/23/", self.key(rec))
        for ts in (None, -1, "1731924555", float("nan"), True, 10 ** 12):
            with self.subTest(ts=ts):
                rec["dynamodb"]["ApproximateCreationDateTime"] = ts
                self.assertIn("/2026/01/01/00/", self.key(rec))  # NOW

    def test_names_unique_and_safe(self):
        a, b = padded(1, 1000 * KIB + 1), padded(2, 1000 * KIB + 1)
        self.assertNotEqual(self.key(a), self.key(b))
        odd = ddb_record(4, eventName="UPSERT", eventID="../x/" + "e" * 300)
        del odd["dynamodb"]["SequenceNumber"]
        odd["eventSourceARN"] = "arn:aws:dynamodb:eu-west-1:1:table/My.Table-1_x/stream/2024"
        digest = hashlib.sha256(json.dumps(odd, separators=(",", ":")).encode()).hexdigest()
        self.assertEqual(self.key(odd).rsplit("/", 1)[1], "My.Table-1_x-unknown-%s.json" % digest[:32])
        other = dict(odd, awsRegion="us-east-1")  # same unusable eventID, other content
        self.assertNotEqual(self.key(other), self.key(odd))
        # bounded: at most 255 + 64 + 128 characters of name (S3 keys are at most 1,024 bytes)
        long = padded(5, 1000 * KIB + 1)
        long["eventID"], table = "e" * 129, "T" * 255
        long["eventSourceARN"] = ARN.replace("table/Orders/", "table/%s/" % table)
        digest = hashlib.sha256(json.dumps(long, separators=(",", ":")).encode()).hexdigest()
        self.assertEqual(self.key(long).rsplit("/", 1)[1],
                         "%s-%s-%s.json" % (table, seq_of(long), digest[:32]))
        long["eventID"] = "e" * 128
        self.assertTrue(self.key(long).endswith("-%s.json" % ("e" * 128)))


def emf(log):
    """The Embedded Metric Format document in the log (parsed), or None; fails on two."""
    docs = [json.loads(l) for l in log.splitlines() if l.startswith('{"_aws"')]
    assert len(docs) <= 1, docs
    return docs[0] if docs else None


class Chunks(ForwarderTest):
    def check_calls(self, fake, counts):
        self.assertEqual([len(d) for _, d in fake.calls], counts)
        for _, data in fake.calls:
            self.assertLessEqual(len(data), 500)
            self.assertLessEqual(sum(map(len, data)), 4 * MIB)

    def test_exactly_500_records_one_call(self):
        recs = [ddb_record(i) for i in range(500)]
        resp, fake, _ = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.check_calls(fake, [500])

    def test_501_records_two_calls_in_order(self):
        recs = [ddb_record(i) for i in range(501)]
        resp, fake, _ = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.check_calls(fake, [500, 1])
        ids = [json.loads(d)["eventID"] for _, data in fake.calls for d in data]
        self.assertEqual(ids, ["ev%d" % i for i in range(501)])

    def test_4_mib_split(self):
        # 5 lines of 900 KiB = 4,500 KiB > 4 MiB: 4 lines (3,600 KiB) then 1
        recs = [padded(i, 900 * KIB) for i in range(5)]
        resp, fake, _ = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.check_calls(fake, [4, 1])
        self.assertEqual([sum(map(len, d)) for _, d in fake.calls], [3600 * KIB, 900 * KIB])

    def test_exactly_4_mib_in_one_call(self):
        # 4 lines of 1,000 KiB + one of 96 KiB = 4,096 KiB = 4 MiB exactly: one call; one more byte: two
        recs = [padded(i, 1000 * KIB) for i in range(4)] + [padded(4, 96 * KIB)]
        resp, fake, _ = self.run_handler(recs)
        self.check_calls(fake, [5])
        self.assertEqual(sum(map(len, fake.calls[0][1])), 4 * MIB)
        recs[4] = padded(4, 96 * KIB + 1)
        resp, fake, _ = self.run_handler(recs)
        self.check_calls(fake, [4, 1])

    def test_mixed_sizes_every_call_within_limits(self):
        sizes = [300 * KIB, 10, 700 * KIB, 1000 * KIB, 2000, 999 * KIB, 500 * KIB, 800 * KIB, 1] * 3
        recs = [padded(i, max(s, 400)) for i, s in enumerate(sizes)]
        resp, fake, _ = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        for _, data in fake.calls:
            self.assertLessEqual(sum(map(len, data)), 4 * MIB)
        # greedy: each call but the last would have overflowed with the next record
        flat = [d for _, data in fake.calls for d in data]
        self.assertEqual([json.loads(d)["eventID"] for d in flat], ["ev%d" % i for i in range(len(recs))])
        for (_, data), (_, nxt) in zip(fake.calls, fake.calls[1:]):
            self.assertGreater(sum(map(len, data)) + len(nxt[0]), 4 * MIB)

    def test_500_records_per_call_with_kept_records_between(self):
        # 501 sendable records with an oversize and an unshapeable one among them: the kept
        # ones take no place in a call, so 500 + 1
        recs = [ddb_record(i) for i in range(503)]
        recs[100] = padded(100, 1000 * KIB + 1)
        recs[400] = ddb_record(400, eventName="UPSERT")
        resp, fake, _ = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.check_calls(fake, [500, 1])
        self.assertEqual(self.sent_ids(fake), ["ev%d" % i for i in range(503) if i not in (100, 400)])
        self.assertEqual(sorted(self.kept()), sorted([kept_key(recs[100], "oversize"),
                                                      kept_key(recs[400], "processing-failed")]))

    def test_4_mib_per_call_with_kept_records_between(self):
        # 4 lines of 1,000 KiB + 96 KiB = 4 MiB exactly in one call, whatever is kept between
        recs = [padded(i, 1000 * KIB) for i in range(4)] + [padded(4, 96 * KIB)]
        recs[2:2] = [padded(9, 1000 * KIB + 1), ddb_record(8, eventName="UPSERT")]
        resp, fake, _ = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.check_calls(fake, [5])
        self.assertEqual(sum(map(len, fake.calls[0][1])), 4 * MIB)
        self.assertEqual(len(self.kept()), 2)
        recs[-1] = padded(4, 96 * KIB + 1)
        resp, fake, _ = self.run_handler(recs)
        self.check_calls(fake, [4, 1])


class Batches(ForwarderTest):
    def test_empty_records_no_call(self):
        resp, fake, _ = self.run_handler([])
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual(fake.calls, [])
        # answered before anything else is read: even without the function's variables
        resp, fake, _ = self.run_handler([], FERROCDK_DELIVERY_STREAM=None, FERROCDK_STREAM_VIEW_TYPE=None)
        self.assertEqual((resp, fake.calls), ({"batchItemFailures": []}, []))

    def test_not_an_event_raises(self):
        for event in (None, [], {"records": []}, {"Records": {}}):
            with self.subTest(event=event), forwarder_env():
                F._client = FakeFirehose()
                with self.assertRaises(ValueError):
                    F.handler(event, None)
                self.assertEqual(F._client.calls, [])

    def test_ttl_deletes_dropped_with_option(self):
        ttl = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
        recs = [ddb_record(0), ddb_record(1, "REMOVE", userIdentity=ttl), ddb_record(2, "REMOVE")]
        kept = self.lines(recs)
        self.assertEqual([json.loads(l)["isTtlDelete"] for l in kept], [False, True, False])
        dropped = self.lines(recs, FERROCDK_DROP_TTL_DELETES="true")
        self.assertEqual([json.loads(l)["eventID"] for l in dropped], ["ev0", "ev2"])
        self.assertEqual(dropped, [kept[0], kept[2]])
        self.assertEqual(self.lines(recs, FERROCDK_DROP_TTL_DELETES="yes"), kept)  # only 1/true

    def test_only_ttl_deletes_no_call(self):
        ttl = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
        recs = [ddb_record(i, "REMOVE", userIdentity=ttl) for i in range(3)]
        resp, fake, _ = self.run_handler(recs, FERROCDK_DROP_TTL_DELETES="1")
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual(fake.calls, [])

    def test_unshapeable_record_is_kept_and_the_batch_goes_on(self):
        bad = ddb_record(2, image={"pk": {"S": "x"}, "n": {"N": "NaN"}})
        recs = [ddb_record(0), ddb_record(1), bad, ddb_record(3)]
        resp, fake, log = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual([json.loads(d)["eventID"] for _, data in fake.calls for d in data],
                         ["ev0", "ev1", "ev3"])
        self.assertEqual(self.kept(), {kept_key(bad, "processing-failed"): bad})
        self.assertIn("%s cannot be shaped (bad N): kept as s3://" % seq_of(bad), log)

    def test_unshapeable_kinds(self):
        cases = {
            "bad eventName": ddb_record(0, eventName="UPSERT"),
            "negative timestamp": ddb_record(0, ts=-1),
            "string timestamp": ddb_record(0, ts="1731924555"),
            "NaN timestamp": ddb_record(0, ts=float("nan")),
            "NEW_AND_OLD_IMAGES INSERT without NewImage": ddb_record(0, image={}),
            "unknown type tag": ddb_record(0, image={"a": {"X": "1"}}),
        }
        cases["NEW_AND_OLD_IMAGES INSERT without NewImage"]["dynamodb"].pop("NewImage")
        for what, rec in cases.items():
            with self.subTest(what):
                resp, fake, _ = self.run_handler([ddb_record(9), rec, ddb_record(10)])
                self.assertEqual(resp, {"batchItemFailures": []})
                self.assertEqual(self.sent_ids(fake), ["ev9", "ev10"])
                [key] = self.kept()
                self.assertTrue(key.startswith("errors/processing-failed/"), key)
                self.assertTrue(key.endswith("/Orders-%s-ev0.json" % seq_of(rec)), key)

    def test_unsent_record_without_sequence_number_fails_the_batch(self):
        rec = ddb_record(1, image={"n": {"N": "1e"}})
        del rec["dynamodb"]["SequenceNumber"]
        # kept: fine, it needs no name in the response
        resp, fake, _ = self.run_handler([ddb_record(0), rec])
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual(list(self.kept()), ["errors/processing-failed/2024/11/18/10/Orders-unknown-ev1.json"])
        # not kept either: it cannot be named, so the whole batch fails
        F._client, F._s3 = FakeFirehose(), FakeS3(["raise"] * 10)
        with forwarder_env(), contextlib.redirect_stdout(io.StringIO()):
            with self.assertRaisesRegex(RuntimeError, "SequenceNumber"):
                F.handler({"Records": [ddb_record(0), rec]}, None)
        # also when the record was shaped but never accepted
        rec = ddb_record(1)
        rec["dynamodb"]["SequenceNumber"] = None
        F._client = FakeFirehose([{1}] + [{0}] * 10)
        with forwarder_env(), contextlib.redirect_stdout(io.StringIO()):
            with self.assertRaisesRegex(RuntimeError, "SequenceNumber"):
                F.handler({"Records": [ddb_record(0), rec]}, None)

    def test_sent_record_without_sequence_number_is_fine(self):
        rec = ddb_record(1)
        del rec["dynamodb"]["SequenceNumber"]
        self.assertEqual(len(self.lines([ddb_record(0), rec])), 2)

    def test_event_not_modified(self):
        recs = [ddb_record(0, ts=1731924555.0)]
        before = json.dumps(recs, sort_keys=True)
        self.lines(recs)
        self.assertEqual(json.dumps(recs, sort_keys=True), before)


class Lines(ForwarderTest):
    EVENT_RECORD = {
        "eventID": "7de3041dd709b024af6f29e4fa13d34c",
        "eventName": "MODIFY",
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-west-2",
        "dynamodb": {
            "ApproximateCreationDateTime": 1479499740,
            "Keys": {"Username": {"S": "John Doe"}, "Timestamp": {"N": "1479499740"}},
            "NewImage": {
                "Username": {"S": "John Doe"}, "Timestamp": {"N": "1479499740"},
                "Message": {"S": "héllo \"woof\"\n"},
                "Big": {"N": "12345678901234567890123456789012345678"},
                "Neg": {"N": "-1.5E+10"}, "Tiny": {"N": "1E-130"}, "Zeros": {"N": "007.50"},
                "Tags": {"SS": ["b", "a", "b"]}, "Scores": {"NS": ["10", "9.5", "1E+1", "-3"]},
                "Blobs": {"BS": ["Yg==", "YQ=="]}, "Bin": {"B": "AAEC/w=="},
                "Nested": {"M": {"l": {"L": [{"BOOL": True}, {"NULL": True}, {"M": {}}]}}},
            },
            "OldImage": {"Username": {"S": "John Doe"}, "Timestamp": {"N": "1479499740"},
                         "Big": {"N": "-99999999999999999999999999999999999999"}},
            "SequenceNumber": "13021600000000001596893679",
            "SizeBytes": 112,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
        "eventSourceARN": "arn:aws:dynamodb:us-west-2:123456789012:table/BarkTable/stream/2016-11-16T20:42:48.104",
    }
    EXPECTED = (
        '{"eventID":"7de3041dd709b024af6f29e4fa13d34c","eventName":"MODIFY","tableName":"BarkTable",'
        '"awsRegion":"us-west-2","approximateCreationDateTime":"2016-11-18T20:09:00.000Z",'
        '"isTtlDelete":false,"keys":{"Username":"John Doe","Timestamp":1479499740},'
        '"newImage":{"Username":"John Doe","Timestamp":1479499740,"Message":"héllo \\"woof\\"\\n",'
        '"Big":12345678901234567890123456789012345678,"Neg":-1.5E+10,"Tiny":1E-130,"Zeros":7.50,'
        '"Tags":["a","b"],"Scores":[-3,9.5,10],"Blobs":["YQ==","Yg=="],"Bin":"AAEC/w==",'
        '"Nested":{"l":[true,null,{}]}},'
        '"oldImage":{"Username":"John Doe","Timestamp":1479499740,'
        '"Big":-99999999999999999999999999999999999999}}\n'
    )

    def test_realistic_record_line(self):
        # 1479499740 s = 2016-11-18T20:09:00Z; NS: 10 and 1E+1 are equal, the first is kept
        self.assertEqual(self.lines([self.EVENT_RECORD]), [self.EXPECTED])

    def test_float_timestamp_is_whole_seconds(self):
        rec = json.loads(json.dumps(self.EVENT_RECORD))
        rec["dynamodb"]["ApproximateCreationDateTime"] = 1479499740.0
        self.assertEqual(self.lines([rec]), [self.EXPECTED])
        rec["dynamodb"]["ApproximateCreationDateTime"] = 1479499740.9  # documented: rounded down
        self.assertEqual(self.lines([rec]), [self.EXPECTED])

    def test_table_name_from_arn_and_missing_arn(self):
        rec = json.loads(json.dumps(self.EVENT_RECORD))
        rec["eventSourceARN"] = "arn:aws-cn:dynamodb:cn-north-1:1:table/my.Table-1_x/stream/2020"
        self.assertEqual(json.loads(self.lines([rec])[0])["tableName"], "my.Table-1_x")
        del rec["eventSourceARN"]
        self.assertIsNone(json.loads(self.lines([rec])[0])["tableName"])

    def test_field_order_and_ttl_flag(self):
        ttl = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
        line = self.lines([ddb_record(0, "REMOVE", userIdentity=ttl)])[0]
        obj = json.loads(line)
        self.assertEqual(list(obj), ["eventID", "eventName", "tableName", "awsRegion",
                                     "approximateCreationDateTime", "isTtlDelete", "keys",
                                     "newImage", "oldImage"])
        self.assertEqual((obj["tableName"], obj["isTtlDelete"], obj["newImage"]), ("Orders", True, None))
        self.assertEqual(obj["approximateCreationDateTime"], "2024-11-18T10:09:15.000Z")
        self.assertTrue(line.endswith("}\n") and line.count("\n") == 1)

    def test_drop_old_image(self):
        line = self.lines([self.EVENT_RECORD], FERROCDK_DROP_OLD_IMAGE="TRUE")[0]
        self.assertEqual(line, self.EXPECTED[:self.EXPECTED.index(',"oldImage":')] + "}\n")

    def test_other_view_types(self):
        base = json.loads(json.dumps(self.EVENT_RECORD))
        d = base["dynamodb"]
        keys_only = json.loads(json.dumps(base))
        for k in ("NewImage", "OldImage"):
            keys_only["dynamodb"].pop(k)
        keys_only["dynamodb"]["StreamViewType"] = "KEYS_ONLY"
        new_only = json.loads(json.dumps(base))
        new_only["dynamodb"].pop("OldImage")
        new_only["dynamodb"]["StreamViewType"] = "NEW_IMAGE"
        old_only = json.loads(json.dumps(base))
        old_only["dynamodb"].pop("NewImage")
        old_only["dynamodb"]["StreamViewType"] = "OLD_IMAGE"
        for view, rec, new, old in (("KEYS_ONLY", keys_only, False, False),
                                    ("NEW_IMAGE", new_only, True, False),
                                    ("OLD_IMAGE", old_only, False, True)):
            with self.subTest(view):
                obj = json.loads(self.lines([rec], FERROCDK_STREAM_VIEW_TYPE=view)[0])
                self.assertEqual(obj["keys"], {"Username": "John Doe", "Timestamp": 1479499740})
                self.assertEqual(obj["newImage"] is not None, new)
                self.assertEqual(obj["oldImage"] is not None, old)
                self.assertEqual(len(self.lines([rec])), 1)  # the record's view type wins
                # records carrying no StreamViewType: the function's view type decides
                del rec["dynamodb"]["StreamViewType"]
                self.assertEqual(len(self.lines([rec], FERROCDK_STREAM_VIEW_TYPE=view)), 1)
                resp, _, _ = self.run_handler([rec])  # NEW_AND_OLD_IMAGES requires both images
                self.assertEqual(resp, {"batchItemFailures": []})
                self.assertEqual(list(self.kept().values()), [rec])  # kept, not sent


class Source(unittest.TestCase):
    def test_template_code_is_the_source_files(self):
        if not os.environ.get("FERROCDK_STREAMS_TEMPLATE"):
            self.skipTest("FERROCDK_STREAMS_TEMPLATE not set: the code under test is the files")
        code, where = ferrocdk_code.forwarder_source()
        os.environ["FERROCDK_STREAMS_TEMPLATE"], saved = "", os.environ["FERROCDK_STREAMS_TEMPLATE"]
        try:
            files, _ = ferrocdk_code.forwarder_source()
        finally:
            os.environ["FERROCDK_STREAMS_TEMPLATE"] = saved
        self.assertEqual(code, files, f"{where} is stale: rebuild it from the current sources")
        self.assertIn(ferrocdk_code.FORWARDER_MARKER, code)


if __name__ == "__main__":
    unittest.main()
