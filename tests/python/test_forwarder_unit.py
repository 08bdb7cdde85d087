"""Unit tests of the built-in DynamoDB Streams forwarder (forwarder_handler.py after shape.py),
loaded by ferrocdk_code.load_forwarder() -- from $FERROCDK_STREAMS_TEMPLATE when set, so the code
under test is the code in the template. Firehose is a fake client injected through the module's
_client seam; sleeping is a fake injected through _sleep."""
import contextlib
import io
import json
import os
import re
import unittest

import ferrocdk_code

F = ferrocdk_code.load_forwarder()

STREAM = "OrdersToS3"
ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-11-18T10:09:15.370"
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


@contextlib.contextmanager
def forwarder_env(**extra):
    names = ("FERROCDK_DELIVERY_STREAM", "FERROCDK_STREAM_VIEW_TYPE", "FERROCDK_DROP_OLD_IMAGE",
             "FERROCDK_DROP_TTL_DELETES")
    saved = {k: os.environ.get(k) for k in names}
    env = {"FERROCDK_DELIVERY_STREAM": STREAM, "FERROCDK_STREAM_VIEW_TYPE": "NEW_AND_OLD_IMAGES"}
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
        self.saved = (F._client, F._sleep)
        F._sleep = self.sleeps.append

    def tearDown(self):
        F._client, F._sleep = self.saved

    def run_handler(self, records, script=(), context=None, **env):
        """-> (response, fake client, log text)."""
        fake = FakeFirehose(script)
        F._client = fake
        log = io.StringIO()
        with forwarder_env(**env), contextlib.redirect_stdout(log):
            resp = F.handler({"Records": records}, context)
        return resp, fake, log.getvalue()

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
    def test_over_1000_kib_goes_to_failure_path_after_earlier_records_are_sent(self):
        recs = [ddb_record(0), ddb_record(1), padded(2, 1000 * KIB + 1), ddb_record(3)]
        resp, fake, log = self.run_handler(recs)
        self.assert_failure_at(resp, recs[2])
        self.assertEqual(len(fake.calls), 1)
        self.assertEqual([json.loads(d)["eventID"] for d in fake.calls[0][1]], ["ev0", "ev1"])
        self.assertRegex(log, r"record %s is %d bytes .*1,000 KiB" % (seq_of(recs[2]), 1000 * KIB + 1))

    def test_exactly_1000_kib_is_sent(self):
        recs = [padded(0, 1000 * KIB)]
        resp, fake, _ = self.run_handler(recs)
        self.assertEqual(resp, {"batchItemFailures": []})
        self.assertEqual([len(d) for d in fake.calls[0][1]], [1000 * KIB])

    def test_first_record_oversized_sends_nothing(self):
        recs = [padded(0, 1000 * KIB + 1), ddb_record(1)]
        resp, fake, _ = self.run_handler(recs)
        self.assert_failure_at(resp, recs[0])
        self.assertEqual(fake.calls, [])


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

    def test_unshapeable_record_fails_at_that_record(self):
        bad = ddb_record(2, image={"pk": {"S": "x"}, "n": {"N": "NaN"}})
        recs = [ddb_record(0), ddb_record(1), bad, ddb_record(3)]
        resp, fake, log = self.run_handler(recs)
        self.assert_failure_at(resp, bad)
        self.assertEqual([json.loads(d)["eventID"] for _, data in fake.calls for d in data], ["ev0", "ev1"])
        self.assertIn("%s cannot be shaped" % seq_of(bad), log)

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
                resp, fake, _ = self.run_handler([ddb_record(9), rec])
                self.assertEqual(resp, {"batchItemFailures": [{"itemIdentifier": seq_of(rec)}]})
                self.assertEqual(len(fake.accepted), 1)

    def test_unsent_record_without_sequence_number_fails_the_batch(self):
        rec = ddb_record(1, image={"n": {"N": "1e"}})
        del rec["dynamodb"]["SequenceNumber"]
        fake = FakeFirehose()
        F._client = fake
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
                self.assertEqual(resp, {"batchItemFailures": [{"itemIdentifier": d["SequenceNumber"]}]})


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
