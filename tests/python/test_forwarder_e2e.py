"""End to end: DynamoDB table stream -> forwarder -> Firehose (DirectPut) -> S3, against moto's
server on 127.0.0.1 (an in-process ThreadedMotoServer on a free port, stopped by the test).

What is real here: the table and its stream (moto's DynamoDB and DynamoDB Streams APIs:
DescribeStream, GetShardIterator TRIM_HORIZON, GetRecords), the forwarder code (from the template
when FERROCDK_STREAMS_TEMPLATE is set, see ferrocdk_code.py, with the error prefix the template
gives it) with the boto3 Firehose and S3 clients it creates itself (pointed at moto by
AWS_ENDPOINT_URL), moto's Firehose and S3. What the test plays: Lambda's event source mapping --
it reads the shard, turns the GetRecords records into Lambda's event format (lambda_record below)
and invokes handler() batch by batch.

moto 5.2 differences from AWS, and what the test does about them:
- Firehose delivers synchronously: every PutRecordBatch call writes ONE S3 object,
  <Prefix>YYYY/MM/DD/HH/<stream>-<version>-<time>-<uuid>, holding the records' bytes
  concatenated; buffering hints and CompressionFormat are ignored (so the stream is created
  UNCOMPRESSED, which AWS would honour too) and prefix expressions are not evaluated (a plain
  prefix is used).
- Stream records: awsRegion is always "us-east-1" (so the test uses that region), eventVersion is
  "1.0", numbers are kept exactly as written (AWS normalises them, e.g. "007" -> "7"), there is no
  TTL, so no record ever carries userIdentity: the TTL-like delete below is a normal delete_item
  whose converted record gets Lambda's TTL userIdentity injected.
"""
import base64
import contextlib
import copy
import datetime
import io
import json
import logging
import math
import os
import re
import time
import unittest
from decimal import Decimal
from unittest import mock

import ferrocdk_code

try:
    import boto3
    from moto.server import ThreadedMotoServer
except ImportError as e:  # scripts/test installs both (requirements-dev.txt): CI runs this
    raise unittest.SkipTest(f"moto[server] and boto3 are needed for the end-to-end test: {e}")

REGION = "us-east-1"  # moto writes awsRegion "us-east-1" into every stream record
ERROR_PREFIX = ferrocdk_code.forwarder_environment().get(
    "FERROCDK_ERROR_PREFIX", "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/")
BLOB = 390_000  # bytes of the binary attribute: a legal item (DynamoDB allows 400 KB)
TTL_IDENTITY = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
BIG = "12345678901234567890123456789012345678"  # 38 digits, DynamoDB's maximum precision
FIELDS = ["eventID", "eventName", "tableName", "awsRegion", "approximateCreationDateTime",
          "isTtlDelete", "keys", "newImage", "oldImage"]


# ---- Lambda's view of a stream record -------------------------------------------------------
def _wire(av):
    """boto3 attribute value -> Lambda event JSON: B and BS members are bytes in boto3 and
    base64 strings in the event; M and L recurse; everything else is already JSON."""
    (tag, v), = av.items()
    if tag == "B":
        return {"B": base64.b64encode(v).decode("ascii")}
    if tag == "BS":
        return {"BS": [base64.b64encode(b).decode("ascii") for b in v]}
    if tag == "M":
        return {"M": {k: _wire(x) for k, x in v.items()}}
    if tag == "L":
        return {"L": [_wire(x) for x in v]}
    return {tag: v}


def lambda_record(rec, stream_arn):
    """A GetRecords record (boto3 types) -> the record as Lambda's DynamoDB event has it
    (aws-facts §3.2): ApproximateCreationDateTime is a datetime in boto3 and epoch seconds
    (a number, rounded down to the second) in the event; binary values become base64 strings;
    userIdentity {PrincipalId, Type} becomes {principalId, type}; Lambda adds eventSourceARN
    (the stream ARN). The result goes through JSON, as Lambda's event does."""
    out = {k: v for k, v in rec.items() if k not in ("dynamodb", "userIdentity")}
    ddb = dict(rec["dynamodb"])
    ddb["ApproximateCreationDateTime"] = math.floor(ddb["ApproximateCreationDateTime"].timestamp())
    for k in ("Keys", "NewImage", "OldImage"):
        if k in ddb:
            ddb[k] = {name: _wire(av) for name, av in ddb[k].items()}
    out["dynamodb"] = ddb
    if "userIdentity" in rec:
        ui = rec["userIdentity"]
        out["userIdentity"] = {"type": ui["Type"], "principalId": ui["PrincipalId"]}
    out["eventSourceARN"] = stream_arn
    return json.loads(json.dumps(out))


# ---- an independent statement of the contract (docs/record-contract.md) ---------------------
_N = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?((?:[eE][+-]?[0-9]+)?)")


def canon(n):
    sign, ip, fr, ex = _N.fullmatch(n).groups()
    assert ip or fr, n
    return ("-" if sign == "-" else "") + (ip.lstrip("0") or "0") + ("." + fr if fr else "") + ex


def plain(av):
    """Attribute value (Lambda event form) -> its compact plain-JSON text."""
    (tag, v), = av.items()
    dumps = lambda s: json.dumps(s, ensure_ascii=False)
    if tag == "S":
        return dumps(v)
    if tag == "N":
        return canon(v)
    if tag == "B":
        return dumps(base64.b64encode(base64.b64decode(v)).decode())
    if tag == "BOOL":
        return "true" if v else "false"
    if tag == "NULL":
        return "null"
    if tag == "M":
        return "{" + ",".join(dumps(k) + ":" + plain(x) for k, x in v.items()) + "}"
    if tag == "L":
        return "[" + ",".join(plain(x) for x in v) + "]"
    if tag == "SS":
        return "[" + ",".join(dumps(s) for s in sorted(set(v))) + "]"
    if tag == "NS":
        first = {}
        for n in v:
            first.setdefault(Decimal(n), canon(n))  # equal values: the first occurrence
        return "[" + ",".join(first[k] for k in sorted(first)) + "]"
    if tag == "BS":
        bs = sorted({base64.b64decode(b) for b in v})
        return "[" + ",".join(dumps(base64.b64encode(b).decode()) for b in bs) + "]"
    raise AssertionError(f"unexpected tag {tag}")


def image(m):
    return "null" if m is None else plain({"M": m})


def expected_line(rec, drop_old=False):
    ddb = rec["dynamodb"]
    name = rec["eventName"]
    ts = datetime.datetime.fromtimestamp(ddb["ApproximateCreationDateTime"], datetime.timezone.utc)
    table = rec["eventSourceARN"].split(":table/")[1].split("/")[0]
    parts = [("eventID", json.dumps(rec["eventID"])), ("eventName", json.dumps(name)),
             ("tableName", json.dumps(table)), ("awsRegion", json.dumps(rec["awsRegion"])),
             ("approximateCreationDateTime", json.dumps(ts.strftime("%Y-%m-%dT%H:%M:%S.000Z"))),
             ("isTtlDelete", "true" if name == "REMOVE" and rec.get("userIdentity") == TTL_IDENTITY
              else "false"),
             ("keys", image(ddb["Keys"])),
             ("newImage", "null" if name == "REMOVE" else image(ddb.get("NewImage")))]
    if not drop_old:
        parts.append(("oldImage", image(ddb.get("OldImage"))))
    return "{" + ",".join(json.dumps(k) + ":" + v for k, v in parts) + "}\n"


# ---- the test --------------------------------------------------------------------------------
class ForwarderEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.werkzeug = logging.getLogger("werkzeug")
        cls.werkzeug_level = cls.werkzeug.level
        cls.werkzeug.setLevel(logging.ERROR)  # no access log per request
        cls.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        cls.server.start()
        host, port = cls.server.get_host_and_port()
        cls.endpoint = f"http://{host}:{port}"
        # dummy credentials, one region, every client (also the one the forwarder creates
        # itself) sent to moto; no profile, config file or instance metadata
        env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION,
               "AWS_ENDPOINT_URL": cls.endpoint, "AWS_EC2_METADATA_DISABLED": "true",
               "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
        cls.env = mock.patch.dict(os.environ, env)
        cls.env.start()
        for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            os.environ.pop(k, None)
        cls.F = ferrocdk_code.load_forwarder()
        cls.saved = (cls.F._client, cls.F._s3, cls.F._sleep)
        cls.F._client = cls.F._s3 = None  # the forwarder creates its own clients (as in Lambda)
        cls.sleeps = []
        cls.F._sleep = cls.sleeps.append
        try:
            cls.build()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.F._client, cls.F._s3, cls.F._sleep = cls.saved
        cls.env.stop()
        cls.server.stop()
        cls.werkzeug.setLevel(cls.werkzeug_level)

    @classmethod
    def client(cls, name):
        return boto3.client(name, endpoint_url=cls.endpoint, region_name=REGION)

    @classmethod
    def build(cls):
        ddb, s3, fh = cls.client("dynamodb"), cls.client("s3"), cls.client("firehose")
        s3.create_bucket(Bucket="change-log")
        for name, prefix in (("OrdersToS3", "changes/"), ("OrdersToS3NoTtl", "nottl/"),
                             ("BulkToS3", "bulk/"), ("BigToS3", "big/")):
            fh.create_delivery_stream(
                DeliveryStreamName=name, DeliveryStreamType="DirectPut",
                ExtendedS3DestinationConfiguration={
                    "RoleARN": "arn:aws:iam::123456789012:role/firehose",
                    "BucketARN": "arn:aws:s3:::change-log", "Prefix": prefix,
                    "ErrorOutputPrefix": "errors/", "CompressionFormat": "UNCOMPRESSED",
                    "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60}})
        cls.t0 = time.time()
        cls.orders_arn = cls.create_table(ddb, "Orders")
        cls.write_orders(ddb)
        cls.bulk_arn = cls.create_table(ddb, "Bulk")
        for start in range(0, 600, 25):
            ddb.batch_write_item(RequestItems={"Bulk": [
                {"PutRequest": {"Item": {"pk": {"S": "bulk#%04d" % i}, "sk": {"N": str(i)},
                                         "v": {"N": "%d.%d" % (i, i)}}}}
                for i in range(start, start + 25)]})
        cls.big_arn = cls.create_table(ddb, "Big")
        blob = bytes(i % 251 for i in range(BLOB))
        doc = {"pk": {"S": "doc#1"}, "sk": {"N": "1"}}
        ddb.put_item(TableName="Big", Item={**doc, "blob": {"B": blob}, "rev": {"N": "1"}})
        ddb.update_item(TableName="Big", Key=doc, UpdateExpression="SET rev = :r",
                        ExpressionAttributeValues={":r": {"N": "2"}})
        ddb.put_item(TableName="Big", Item={"pk": {"S": "doc#2"}, "sk": {"N": "1"}, "rev": {"N": "1"}})
        cls.t1 = time.time()
        cls.orders = [lambda_record(r, cls.orders_arn) for r in cls.read_stream(cls.orders_arn)]
        cls.bulk = [lambda_record(r, cls.bulk_arn) for r in cls.read_stream(cls.bulk_arn)]
        cls.big = [lambda_record(r, cls.big_arn) for r in cls.read_stream(cls.big_arn)]
        # the TTL-like delete: moto has no TTL, so the record gets the userIdentity Lambda's
        # event carries for a TTL delete (aws-facts §3.1, "TTL deletions")
        ttl = [r for r in cls.orders if r["eventName"] == "REMOVE"
               and r["dynamodb"]["Keys"]["pk"] == {"S": "session#9"}]
        assert len(ttl) == 1 and not any("userIdentity" in r for r in cls.orders)
        ttl[0]["userIdentity"] = dict(TTL_IDENTITY)

    @staticmethod
    def create_table(ddb, name):
        t = ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        return t["TableDescription"]["LatestStreamArn"]

    @classmethod
    def write_orders(cls, ddb):
        T = "Orders"
        a = {"pk": {"S": "order#1"}, "sk": {"N": "1"}}
        b = {"pk": {"S": "order#2"}, "sk": {"N": BIG}}
        c = {"pk": {"S": "session#9"}, "sk": {"N": "0"}}
        ddb.put_item(TableName=T, Item={  # 1 INSERT a
            **a, "total": {"N": BIG}, "discount": {"N": "-1.5E+10"}, "tiny": {"N": "1E-130"},
            "padded": {"N": "007.50"}, "neg0": {"N": "-0"},
            "note": {"S": 'héllo "quoted" \\ back\nslash\ttab \u0001 ✓ 😀'},
            "tags": {"SS": ["zeta", "alpha", "Ämber", "beta"]},
            "scores": {"NS": ["10", "-3", "9.5", "1E+1", "0.001", BIG]},
            "blobs": {"BS": [b"\xff\x00", b"\x00", b"abc"]}, "raw": {"B": b"\x00\x01\x02\xfe\xff"},
            "flag": {"BOOL": True}, "nothing": {"NULL": True},
            "lines": {"L": [{"M": {"sku": {"S": "X-1"}, "qty": {"N": "2"},
                                   "dims": {"M": {"w": {"N": "0.5"}, "h": {"N": "1e3"}}}}},
                            {"L": [{"N": "-99999999999999999999999999999999999999"}, {"S": ""}]},
                            {"M": {}}, {"L": []}]}})
        ddb.put_item(TableName=T, Item={**b, "status": {"S": "new"}, "n": {"N": "+.5"}})  # 2
        ddb.update_item(TableName=T, Key=a,  # 3 MODIFY a
                        UpdateExpression="SET #t = :t, note = :n REMOVE tiny",
                        ExpressionAttributeNames={"#t": "total"},
                        ExpressionAttributeValues={":t": {"N": "-0.00000000000000000000000000000000000123"},
                                                   ":n": {"S": "updated"}})
        ddb.put_item(TableName=T, Item={**c, "expiresAt": {"N": "1731924555"}})  # 4 INSERT c
        ddb.delete_item(TableName=T, Key=a)  # 5 REMOVE a
        ddb.delete_item(TableName=T, Key=c)  # 6 REMOVE c (TTL-like, see build())
        ddb.update_item(TableName=T, Key=b, UpdateExpression="SET #s = :s",  # 7 MODIFY b
                        ExpressionAttributeNames={"#s": "status"},
                        ExpressionAttributeValues={":s": {"S": "shipped"}})
        ddb.put_item(TableName=T, Item={**a, "total": {"N": "1"}})  # 8 INSERT a again

    @classmethod
    def read_stream(cls, arn):
        st = cls.client("dynamodbstreams")
        desc = st.describe_stream(StreamArn=arn)["StreamDescription"]
        assert desc["StreamViewType"] == "NEW_AND_OLD_IMAGES", desc
        out = []
        for shard in desc["Shards"]:
            it = st.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                       ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            while it:
                page = st.get_records(ShardIterator=it, Limit=1000)
                if not page["Records"]:
                    break
                out += page["Records"]
                it = page.get("NextShardIterator")
        return out

    # -- helpers
    def keys(self, prefix):
        s3 = self.client("s3")
        out = []
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="change-log", Prefix=prefix):
            out += [o["Key"] for o in page.get("Contents", [])]
        return set(out)

    def body(self, key):
        return self.client("s3").get_object(Bucket="change-log", Key=key)["Body"].read()

    PREFIXES = {"OrdersToS3": "changes/", "OrdersToS3NoTtl": "nottl/", "BulkToS3": "bulk/",
                "BigToS3": "big/"}

    def run_batch(self, stream, records, **env):
        """Lambda's role, once: handler() on a batch of records. -> (response, log text, [body
        of each new S3 object under the stream's prefix])."""
        prefix = self.PREFIXES[stream]
        before = self.keys(prefix)
        variables = {"FERROCDK_DELIVERY_STREAM": stream, "FERROCDK_STREAM_VIEW_TYPE": "NEW_AND_OLD_IMAGES",
                     "FERROCDK_DROP_OLD_IMAGE": "", "FERROCDK_DROP_TTL_DELETES": "",
                     "FERROCDK_ERROR_BUCKET": "change-log", "FERROCDK_ERROR_PREFIX": ERROR_PREFIX,
                     "AWS_LAMBDA_FUNCTION_NAME": "Forward"}
        variables.update(env)
        event = {"Records": copy.deepcopy(records)}
        log = io.StringIO()
        with mock.patch.dict(os.environ, variables), contextlib.redirect_stdout(log):
            resp = self.F.handler(event, None)
        return resp, log.getvalue(), [self.body(k) for k in sorted(self.keys(prefix) - before)]

    def invoke(self, stream, records, batch_size, **env):
        """Lambda's role: handler() on consecutive batches, each answered without failure and
        without a word logged. -> [[S3 object body, ...] per invocation]."""
        out = []
        for i in range(0, len(records), batch_size):
            resp, log, objects = self.run_batch(stream, records[i:i + batch_size], **env)
            self.assertEqual(resp, {"batchItemFailures": []}, log)
            self.assertEqual(log, "")
            out.append(objects)
        self.assertEqual(self.sleeps, [])  # no retry was needed
        return out

    def check_lines(self, lines, records, drop_old=False):
        self.assertEqual(len(lines), len(records))  # one line per change, in stream order
        for line, rec in zip(lines, records):
            with self.subTest(seq=rec["dynamodb"]["SequenceNumber"]):
                self.assertEqual(line, expected_line(rec, drop_old))
                obj = json.loads(line)
                self.assertEqual(list(obj), FIELDS[:-1] if drop_old else FIELDS)
                self.assertEqual((obj["eventID"], obj["eventName"], obj["tableName"], obj["awsRegion"]),
                                 (rec["eventID"], rec["eventName"],
                                  rec["eventSourceARN"].split("/")[1], REGION))
                ts = obj["approximateCreationDateTime"]
                self.assertRegex(ts, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$")
                epoch = datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.000Z").replace(
                    tzinfo=datetime.timezone.utc).timestamp()
                self.assertTrue(math.floor(self.t0) <= epoch <= self.t1, (ts, self.t0, self.t1))

    # -- tests
    def test_stream_records_as_lambda_sees_them(self):
        self.assertEqual([r["eventName"] for r in self.orders],
                         ["INSERT", "INSERT", "MODIFY", "INSERT", "REMOVE", "REMOVE", "MODIFY", "INSERT"])
        seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in self.orders]
        self.assertEqual(seqs, sorted(seqs))
        for r in self.orders:
            self.assertIsInstance(r["dynamodb"]["ApproximateCreationDateTime"], int)
            self.assertTrue(r["eventSourceARN"].startswith("arn:aws:dynamodb:us-east-1:"))
        self.assertEqual(len(self.bulk), 600)

    def test_changes_reach_s3_as_contract_lines(self):
        objects = self.invoke("OrdersToS3", self.orders, batch_size=3)  # 3 + 3 + 2 records
        # one PutRecordBatch per invocation, and moto writes one object per call
        self.assertEqual([len(objs) for objs in objects], [1, 1, 1])
        data = b"".join(o for objs in objects for o in objs)
        text = data.decode("utf-8")  # valid UTF-8, raw (not \u-escaped) non-ASCII
        lines = text.splitlines(keepends=True)
        self.assertTrue(all(l.endswith("}\n") for l in lines))
        self.check_lines(lines, self.orders)
        objs = [json.loads(l) for l in lines]
        by_item = {}
        for o in objs:
            by_item.setdefault(o["keys"]["pk"], []).append(o["eventName"])
        self.assertEqual(by_item, {"order#1": ["INSERT", "MODIFY", "REMOVE", "INSERT"],
                                   "order#2": ["INSERT", "MODIFY"], "session#9": ["INSERT", "REMOVE"]})
        self.assertEqual([o["isTtlDelete"] for o in objs],
                         [False, False, False, False, False, True, False, False])
        # numbers digit for digit, as written (never through a float)
        first = lines[0]
        for text_ in ('"total":%s,' % BIG, '"discount":-1.5E+10,', '"tiny":1E-130,',
                      '"padded":7.50,', '"neg0":-0,', '"qty":2,', '"w":0.5,', '"h":1e3}',
                      '[-99999999999999999999999999999999999999,""]',
                      '"scores":[-3,0.001,9.5,10,%s]' % BIG,
                      '"tags":["alpha","beta","zeta","Ämber"]',
                      '"blobs":["AA==","YWJj","/wA="]', '"raw":"AAEC/v8="',
                      '"note":"héllo \\"quoted\\" \\\\ back\\nslash\\ttab \\u0001 ✓ 😀"',
                      '"flag":true,"nothing":null,', '"lines":[{"sku":"X-1",'):
            self.assertIn(text_, first)
        self.assertIn('"keys":{"pk":"order#2","sk":%s}' % BIG, lines[1])
        self.assertIn('"n":0.5}', lines[1])
        self.assertIn('"newImage":{"pk":"order#1","sk":1,"total":-0.00000000000000000000000000000000000123,',
                      lines[2])
        self.assertNotIn('"tiny"', lines[2].split('"oldImage"')[0])
        self.assertIn('"oldImage":{"pk":"order#1","sk":1,"total":%s,' % BIG, lines[2])
        self.assertIn('"newImage":null,"oldImage":{"pk":"order#1"', lines[4])

    def test_ttl_deletes_dropped_and_old_image_omitted(self):
        objects = self.invoke("OrdersToS3NoTtl", self.orders, batch_size=100,
                              FERROCDK_DROP_TTL_DELETES="true", FERROCDK_DROP_OLD_IMAGE="1")
        self.assertEqual([len(objs) for objs in objects], [1])
        lines = objects[0][0].decode("utf-8").splitlines(keepends=True)
        kept = [r for r in self.orders if r.get("userIdentity") != TTL_IDENTITY]
        self.assertEqual(len(kept), len(self.orders) - 1)
        self.check_lines(lines, kept, drop_old=True)
        self.assertNotIn('"oldImage"', "".join(lines))

    def test_600_records_two_put_record_batch_calls(self):
        objects = self.invoke("BulkToS3", self.bulk, batch_size=1000)  # one invocation
        self.assertEqual(len(objects), 1)
        bodies = [o.decode("utf-8").splitlines(keepends=True) for o in objects[0]]
        # moto names objects to the second plus a uuid: put them in order by their first line
        bodies.sort(key=lambda ls: [r["eventID"] for r in self.bulk].index(json.loads(ls[0])["eventID"]))
        self.assertEqual([len(b) for b in bodies], [500, 100])
        self.check_lines([l for b in bodies for l in b], self.bulk)
        self.assertIn('"keys":{"pk":"bulk#0599","sk":599},"newImage":{"pk":"bulk#0599","sk":599,"v":599.599}',
                      bodies[1][-1])

    def big_records(self):
        """The Big table's INSERT, MODIFY (both images of the 390,000-byte item), INSERT."""
        self.assertEqual([(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in self.big],
                         [("INSERT", "doc#1"), ("MODIFY", "doc#1"), ("INSERT", "doc#2")])
        insert, modify, later = self.big
        self.assertEqual(len(base64.b64decode(modify["dynamodb"]["OldImage"]["blob"]["B"])), BLOB)
        # the INSERT fits in a Firehose record, the MODIFY does not
        self.assertLess(len(expected_line(insert).encode()), 1000 * 1024)
        self.assertGreater(len(expected_line(modify).encode()), 1000 * 1024)
        return insert, modify, later

    def error_key(self, rec, kind):
        ddb = rec["dynamodb"]
        hour = time.strftime("%Y/%m/%d/%H", time.gmtime(ddb["ApproximateCreationDateTime"]))
        return "errors/%s/%s/Big-%s-%s.json" % (kind, hour, ddb["SequenceNumber"], rec["eventID"])

    def test_a_change_too_large_for_firehose_is_kept_under_the_error_prefix(self):
        insert, modify, later = self.big_records()
        errors_before = self.keys("errors/")
        resp, log, objects = self.run_batch("BigToS3", self.big)
        self.assertEqual(resp, {"batchItemFailures": []}, log)
        # the INSERT and the later INSERT arrive as lines (one PutRecordBatch, one object)
        self.assertEqual(len(objects), 1)
        self.check_lines(objects[0].decode("utf-8").splitlines(keepends=True), [insert, later])
        # the MODIFY arrives as the original record, under the error prefix, by why and when
        key = self.error_key(modify, "oversize")
        self.assertEqual(self.keys("errors/") - errors_before, {key})
        self.assertEqual(json.loads(self.body(key)), modify)
        self.assertIn("kept as s3://change-log/" + key, log)
        metric = [json.loads(l) for l in log.splitlines() if l.startswith('{"_aws"')]
        self.assertEqual([(m["FunctionName"], m["RecordsKept"]) for m in metric], [("Forward", 1)])
        self.assertEqual(self.sleeps, [])
        # kept once more by a retried batch: the same object, not a second one
        resp, _, _ = self.run_batch("BigToS3", self.big)
        self.assertEqual((resp, self.keys("errors/") - errors_before), ({"batchItemFailures": []}, {key}))

    def test_when_s3_fails_too_the_record_and_everything_after_it_are_reported(self):
        insert, modify, later = self.big_records()
        resp, log, objects = self.run_batch("BigToS3", self.big, FERROCDK_ERROR_BUCKET="no-such-bucket")
        try:
            self.assertEqual(resp, {"batchItemFailures": [{"itemIdentifier": modify["dynamodb"]["SequenceNumber"]}]})
            self.assertIn("NoSuchBucket", log)
            self.assertEqual(self.sleeps, [0.1, 0.2])  # PutObject tried 3 times
            # the INSERT before it was delivered; the later INSERT was not sent
            self.assertEqual(len(objects), 1)
            self.check_lines(objects[0].decode("utf-8").splitlines(keepends=True), [insert])
        finally:
            self.sleeps.clear()


if __name__ == "__main__":
    unittest.main()
