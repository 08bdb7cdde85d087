"""Targeted tests of the built-in Python transform (docs/record-contract.md)."""
import base64
import json
import os
import random
import unittest
from decimal import Decimal

import ferrocdk_code
from test_transform_vectors import vector_env

M = ferrocdk_code.load()


def b64(b):
    return base64.b64encode(b).decode("ascii")


def rec_text(image=None, name="INSERT", ts=1731924555370, extra_ddb="", extra="", keys='{"id":{"S":"k"}}'):
    """A change record as JSON text; image is the NewImage/OldImage JSON text."""
    image = image or '{"id":{"S":"k"}}'
    imgs = {"INSERT": f'"NewImage":{image}', "MODIFY": f'"NewImage":{image},"OldImage":{image}',
            "REMOVE": f'"OldImage":{image}'}[name]
    return ('{"awsRegion":"eu-west-1","eventID":"e1","eventName":"%s","userIdentity":null,'
            '"tableName":"T","dynamodb":{"ApproximateCreationDateTime":%s,"Keys":%s,%s%s}%s}'
            % (name, json.dumps(ts), keys, imgs, extra_ddb, extra))


def run(texts, env=None, raw=False, **rec_fields):
    """Handler over records (text -> dataText, or raw data strings when raw); returns responses."""
    records = []
    for i, t in enumerate(texts):
        r = {"recordId": str(i), "approximateArrivalTimestamp": 1731924555932}
        r["data"] = t if raw else b64(t.encode("utf-8"))
        r.update(rec_fields)
        records.append(r)
    with vector_env(env):
        return M.handler({"invocationId": "i", "region": "eu-west-1", "records": records}, None)["records"]


def line(resp):
    assert resp["result"] == "Ok", resp
    return base64.b64decode(resp["data"], validate=True).decode("utf-8")


def new_image(text, **kw):
    """The converted NewImage of an INSERT whose NewImage is {"a": <attribute value text>}."""
    resp = run([rec_text('{"a":%s}' % text)], **kw)[0]
    if resp["result"] != "Ok":
        return None
    out = line(resp)
    start = out.index(',"newImage":{"a":') + len(',"newImage":{"a":')
    end = out.index('},"oldImage":')
    return out[start:end]


class Numbers(unittest.TestCase):
    def test_canonical_forms(self):
        cases = {"-1.5E+10": "-1.5E+10", "1E-130": "1E-130", "007": "7", "+.5": "0.5", "5.": "5",
                 "-0": "-0", "0": "0", "000": "0", "-007.250": "-7.250", "+0.0e-0": "0.0e-0",
                 ".5": "0.5", "-.5E3": "-0.5E3", "00.": "0", "1e5": "1e5",
                 "12345678901234567890123456789012345678": "12345678901234567890123456789012345678",
                 "0.1000000000000000000000000000000000001": "0.1000000000000000000000000000000000001"}
        for src, want in cases.items():
            with self.subTest(n=src):
                self.assertEqual(new_image('{"N":%s}' % json.dumps(src)), want)

    def test_bad_numbers_fail(self):
        for bad in ["", "1e", "NaN", "Infinity", "-Infinity", "0x10", " 1", "1 ", "1_000", ".", "+",
                    "-", "e5", "1.2.3", "1e+", "١٢", "1\n", "--1", "1,5", "¹"]:
            with self.subTest(n=bad):
                self.assertIsNone(new_image('{"N":%s}' % json.dumps(bad)))
        for bad in ['{"N":5}', '{"N":null}', '{"N":["1"]}']:
            with self.subTest(av=bad):
                self.assertIsNone(new_image(bad))

    def test_ns_exact_order_and_dedup(self):
        got = new_image('{"NS":["10","9.0","1e1","-0","0","0.1000000000000000000000000001","0.1",'
                        '"-5","-50e-1","-5.0000000000000000000000001","1E999999999999999999999",'
                        '"2E999999999999999999998","-1E-999999999999999999999"]}')
        self.assertEqual(got, "[-5.0000000000000000000000001,-5,-1E-999999999999999999999,-0,0.1,"
                              "0.1000000000000000000000000001,9.0,10,2E999999999999999999998,"
                              "1E999999999999999999999]")

    def test_ns_matches_decimal_on_random_numbers(self):
        rng = random.Random(20240611)
        for case in range(300):
            ns = []
            for _ in range(rng.randint(1, 12)):
                sign = rng.choice(["", "-", "+"])
                ip = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 5)))
                fr = "".join(rng.choice("0009") for _ in range(rng.randint(0, 4)))
                if not ip and not fr:
                    ip = "0"
                n = sign + ip + ("." + fr if fr or rng.random() < 0.2 else "")
                if rng.random() < 0.5:
                    n += rng.choice("eE") + rng.choice(["", "+", "-"]) + str(rng.randint(0, 12))
                ns.append(n)
            first = {}
            for n in ns:
                first.setdefault(Decimal(n), n)
            with self.subTest(case=case, ns=ns):
                got = json.loads("[" + new_image('{"NS":%s}' % json.dumps(ns))[1:-1] + "]",
                                 parse_float=Decimal, parse_int=Decimal)
                self.assertEqual(got, sorted(first))  # exact values, sorted, one per value
                text = new_image('{"NS":%s}' % json.dumps(ns))[1:-1].split(",")
                for t in text:  # first occurrence's canonical text kept
                    self.assertEqual(Decimal(t), Decimal(first[Decimal(t)]))

    def test_ns_bad_member_fails(self):
        self.assertIsNone(new_image('{"NS":["1","x"]}'))
        self.assertIsNone(new_image('{"NS":[1]}'))
        self.assertEqual(new_image('{"NS":[]}'), "[]")

    def test_n_never_through_float(self):
        self.assertEqual(new_image('{"N":"9007199254740993"}'), "9007199254740993")
        self.assertEqual(new_image('{"N":"0.30000000000000000000000000000000004"}'),
                         "0.30000000000000000000000000000000004")


class Sets(unittest.TestCase):
    def test_bs_order_dedup_canonical(self):
        got = new_image('{"BS":["/w==","AQ==","YR==","YQ==","YWI=","AA=="]}')
        self.assertEqual(got, '["AA==","AQ==","YQ==","YWI=","/w=="]')  # 00 01 61 6162 ff

    def test_b_reencoded(self):
        self.assertEqual(new_image('{"B":"YR=="}'), '"YQ=="')
        self.assertEqual(new_image('{"B":""}'), '""')

    def test_bad_base64_fails(self):
        for bad in ["YQ", "YQ=", "YQ===", "YWJj====", "Y", "YW Jj", "YWJj\\n", "-_8=", "YQ==YQ==",
                    "=YWJ", "YW=j", "ä==="]:
            with self.subTest(b=bad):
                self.assertIsNone(new_image('{"B":"%s"}' % bad))
                self.assertIsNone(new_image('{"BS":["%s"]}' % bad))

    def test_ss_code_point_order(self):
        got = new_image('{"SS":["b","\\uffff","😀","a","b","B",""]}')
        self.assertEqual(got, '["","B","a","b","\uffff","😀"]')
        self.assertIsNone(new_image('{"SS":[1]}'))
        self.assertIsNone(new_image('{"SS":"a"}'))
        self.assertEqual(new_image('{"SS":[]}'), "[]")


class Values(unittest.TestCase):
    def test_bad_attribute_values(self):
        for bad in ['{"S":5}', '{"NULL":false}', '{"NULL":null}', '{"SS":"a"}', '{"SS":[1]}', '{}',
                    '{"S":"a","N":"1"}', '{"X":"a"}', '"a"', 'null', '{"BOOL":"true"}', '{"BOOL":1}',
                    '{"M":[]}', '{"L":{}}', '{"M":{"x":{"Q":1}}}', '{"L":[{"S":"a"},5]}', '{"s":"a"}']:
            with self.subTest(av=bad):
                self.assertIsNone(new_image(bad))

    def test_nested_and_order(self):
        got = new_image('{"M":{"z":{"L":[{"N":"1"},{"BOOL":true},{"NULL":true},{"M":{}},{"L":[]}]},'
                        '"a":{"BOOL":false},"z2":{"M":{"q":{"S":"x"}}}}}')
        self.assertEqual(got, '{"z":[1,true,null,{},[]],"a":false,"z2":{"q":"x"}}')

    def test_string_escaping(self):
        got = new_image('{"S":"q\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u0001\\u001F\\u007f é€😀"}')
        self.assertEqual(got, '"q\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f é€😀"')

    def test_duplicate_member_last_wins_first_position(self):
        got = new_image('{"M":{"a":{"S":"1"},"b":{"S":"2"},"a":{"S":"3"}}}')
        self.assertEqual(got, '{"a":"3","b":"2"}')

    def test_lone_surrogates_fail(self):
        self.assertIsNone(new_image('{"S":"\\ud800"}'))
        self.assertIsNone(new_image('{"S":"x\\udc00y"}'))
        self.assertIsNone(new_image('{"M":{"\\ud83d":{"S":"a"}}}'))
        resp = run([rec_text(extra=',"eventSource":"\\udfff"')])[0]  # also in ignored members
        self.assertEqual(resp["result"], "ProcessingFailed")
        self.assertEqual(new_image('{"S":"\\ud83d\\ude00"}'), '"😀"')  # a pair is fine
        self.assertEqual(new_image('{"S":"\\\\ud800"}'), '"\\\\ud800"')  # escaped backslash


def full(name="INSERT", **kw):
    return line(run([rec_text(name=name, **kw)])[0])


class Records(unittest.TestCase):
    def test_exact_line(self):
        text = ('{"awsRegion":"eu-west-1","eventID":"d9428029","eventName":"MODIFY","userIdentity":null,'
                '"recordFormat":"application/json","tableName":"Tbl","dynamodb":{'
                '"ApproximateCreationDateTime":1731924555370,"Keys":{"id":{"S":"r1"}},'
                '"NewImage":{"id":{"S":"r1"},"n":{"N":"2"}},"OldImage":{"id":{"S":"r1"},"n":{"N":"01"}},'
                '"SizeBytes":60},"eventSource":"aws:dynamodb"}')
        want = ('{"eventID":"d9428029","eventName":"MODIFY","tableName":"Tbl","awsRegion":"eu-west-1",'
                '"approximateCreationDateTime":"2024-11-18T10:09:15.370Z","isTtlDelete":false,'
                '"keys":{"id":"r1"},"newImage":{"id":"r1","n":2},"oldImage":{"id":"r1","n":1}}\n')
        self.assertEqual(line(run([text])[0]), want)
        want_dropped = want.replace(',"oldImage":{"id":"r1","n":1}', "")
        self.assertEqual(line(run([text], env={"FERROCDK_DROP_OLD_IMAGE": "True"})[0]), want_dropped)

    def test_timestamps(self):
        cases = [(1731924555370, "", '"2024-11-18T10:09:15.370Z"'),
                 (1731924555370123, "", '"2024-11-18T10:09:15.370123Z"'),
                 (99999999999999, "", '"5138-11-16T09:46:39.999Z"'),
                 (100000000000000, "", '"1973-03-03T09:46:40.000000Z"'),
                 (5, ',"ApproximateCreationDateTimePrecision":"MICROSECOND"', '"1970-01-01T00:00:00.000005Z"'),
                 (253402300799999, ',"ApproximateCreationDateTimePrecision":"MILLISECOND"',
                  '"9999-12-31T23:59:59.999Z"'),
                 (253402300799999999, "", '"9999-12-31T23:59:59.999999Z"'),
                 (0, "", '"1970-01-01T00:00:00.000Z"'),
                 (None, "", "null")]
        for ts, extra, want in cases:
            with self.subTest(ts=ts, extra=extra):
                self.assertIn(',"approximateCreationDateTime":%s,' % want, full(ts=ts, extra_ddb=extra))
        self.assertIn('"approximateCreationDateTime":null', full(ts=None).replace(" ", ""))
        missing = rec_text().replace('"ApproximateCreationDateTime":1731924555370,', "")
        self.assertIn('"approximateCreationDateTime":null,', line(run([missing])[0]))

    def test_bad_timestamps_fail(self):
        for ts in [1.5, 1e3, "1731924555370", -1, 253402300800000000, True, [1], {"a": 1}]:
            with self.subTest(ts=ts):
                self.assertEqual(run([rec_text(ts=ts)])[0]["result"], "ProcessingFailed")
        for text in ["1731924555370.0", "1E12", "10000000000000000000000000000000000000000"]:
            with self.subTest(ts=text):
                r = run([rec_text().replace("1731924555370", text)])[0]
                self.assertEqual(r["result"], "ProcessingFailed")
        r = run([rec_text(ts=253402300800000, extra_ddb=',"ApproximateCreationDateTimePrecision":"MILLISECOND"')])
        self.assertEqual(r[0]["result"], "ProcessingFailed")

    def test_seconds_unit(self):
        rec = M.parse_json(rec_text(ts=1479499740).encode())
        out, ttl, table, name, day = M.shape(rec, "seconds")
        self.assertIn(b'"approximateCreationDateTime":"2016-11-18T20:09:00.000Z"', out)
        self.assertEqual((ttl, table, name, day), (False, "T", "INSERT", "2016-11-18"))
        rec["dynamodb"]["ApproximateCreationDateTime"] = 253402300800  # plain int (parsed event)
        self.assertRaises(Exception, M.shape, rec, "seconds")
        rec["dynamodb"]["ApproximateCreationDateTime"] = 253402300799
        self.assertIn(b'"9999-12-31T23:59:59.000Z"', M.shape(rec, "seconds")[0])

    def test_streams_record_without_table_and_relaxed_images(self):
        rec = json.loads(rec_text(name="MODIFY", ts=1479499740).replace('"tableName":"T",', ""))
        self.assertIn(b'"tableName":null,', M.shape(rec, "seconds")[0])
        del rec["dynamodb"]["OldImage"]
        self.assertRaisesRegex(Exception, "required image", M.shape, rec, "seconds")
        out = M.shape(rec, "seconds", strict_images=False)[0]
        self.assertIn(b'"tableName":null,', out)
        self.assertTrue(out.endswith(b',"oldImage":null}\n'))

    def test_required_members(self):
        base = json.loads(rec_text(name="MODIFY"))
        breakers = [lambda r: r.pop("eventID"), lambda r: r.update(eventID=5),
                    lambda r: r.update(eventName="UPDATE"), lambda r: r.pop("awsRegion"),
                    lambda r: r.update(tableName=7),  # null = absent (vector null-members)
                    lambda r: r.pop("dynamodb"), lambda r: r.update(dynamodb=[]),
                    lambda r: r["dynamodb"].pop("Keys"), lambda r: r["dynamodb"].update(Keys=[]),
                    lambda r: r["dynamodb"].pop("NewImage"), lambda r: r["dynamodb"].pop("OldImage"),
                    lambda r: r["dynamodb"].update(NewImage=None)]
        for i, brk in enumerate(breakers):
            r = json.loads(json.dumps(base))
            brk(r)
            with self.subTest(breaker=i):
                self.assertEqual(run([json.dumps(r)])[0]["result"], "ProcessingFailed")
        self.assertEqual(run(["[1]", '"x"', "null", "", "{}"])[0]["result"], "ProcessingFailed")

    def test_images_per_event(self):
        self.assertTrue(full("INSERT").endswith(',"newImage":{"id":"k"},"oldImage":null}\n'))
        self.assertTrue(full("REMOVE").endswith(',"newImage":null,"oldImage":{"id":"k"}}\n'))
        both = rec_text(name="MODIFY").replace('"eventName":"MODIFY"', '"eventName":"REMOVE"')
        self.assertTrue(line(run([both])[0]).endswith(',"newImage":null,"oldImage":{"id":"k"}}\n'))
        bad_old = rec_text(extra_ddb=',"OldImage":{"x":{"Q":1}}')
        self.assertEqual(run([bad_old], env={"FERROCDK_DROP_OLD_IMAGE": "1"})[0]["result"], "ProcessingFailed")

    def test_ttl_and_options(self):
        ttl = rec_text(name="REMOVE", extra=',"userIdentity":{"principalId":"dynamodb.amazonaws.com",'
                                            '"type":"Service","other":1}')
        user = rec_text(name="REMOVE", extra=',"userIdentity":{"type":"Service","principalId":"x"}')
        self.assertIn('"isTtlDelete":true', line(run([ttl])[0]))
        self.assertIn('"isTtlDelete":false', line(run([user])[0]))
        for ui in ['{"type":"User","principalId":"dynamodb.amazonaws.com"}', '{"principalId":"dynamodb.amazonaws.com"}',
                   'null', '"Service"', '{"type":"Service"}']:
            with self.subTest(userIdentity=ui):
                self.assertIn('"isTtlDelete":false', line(run([rec_text(name="REMOVE", extra=',"userIdentity":' + ui)])[0]))
        not_remove = ttl.replace('"eventName":"REMOVE"', '"eventName":"MODIFY"').replace('"OldImage"', '"NewImage":{},"OldImage"')
        self.assertIn('"isTtlDelete":false', line(run([not_remove])[0]))
        for val, dropped in [("1", True), ("TRUE", True), ("true", True), ("yes", False), ("0", False),
                             (" true", False), ("", False)]:
            with self.subTest(val=val):
                got = run([ttl, user], env={"FERROCDK_DROP_TTL_DELETES": val})
                self.assertEqual([g["result"] for g in got], ["Dropped" if dropped else "Ok", "Ok"])
                if dropped:
                    self.assertEqual(got[0]["data"], b64(ttl.encode()))

    def test_partition_keys(self):
        env = {"FERROCDK_PARTITION_KEYS": "true"}
        got = run([rec_text()], env=env)[0]
        self.assertEqual(list(got), ["recordId", "result", "data", "metadata"])
        self.assertEqual(got["metadata"], {"partitionKeys": {"table": "T", "eventName": "INSERT",
                                                             "eventDate": "2024-11-18"}})
        no_ts = rec_text(ts=None).replace('"tableName":"T",', "")
        got = run([no_ts], env=env, approximateArrivalTimestamp=1510772160000)[0]
        self.assertEqual(got["metadata"]["partitionKeys"],
                         {"table": "unknown", "eventName": "INSERT", "eventDate": "2017-11-15"})
        got = run([no_ts], env=env, approximateArrivalTimestamp=None)[0]
        self.assertEqual(got["metadata"]["partitionKeys"]["eventDate"], "1970-01-01")
        self.assertNotIn("metadata", run(["bad"], env=env)[0])
        self.assertNotIn("metadata", run([rec_text()])[0])

    def test_options_read_every_invocation(self):
        self.assertIn('"oldImage"', line(run([rec_text()])[0]))
        self.assertNotIn('"oldImage"', line(run([rec_text()], env={"FERROCDK_DROP_OLD_IMAGE": "1"})[0]))
        self.assertIn('"oldImage"', line(run([rec_text()])[0]))


class Robustness(unittest.TestCase):
    def test_deep_nesting_10000_via_handler(self):
        depth = 10000
        deep_m = '{"M":{"a":' * depth + '{"S":"x"}' + "}}" * depth
        texts = [rec_text('{"a":%s}' % deep_m), "[" * 100000 + "]" * 100000, rec_text()]
        got = run(texts)
        self.assertEqual([g["result"] for g in got[:2]], ["ProcessingFailed"] * 2)
        self.assertEqual(got[2]["result"], "Ok")

    def test_deep_nesting_10000_converts_iteratively(self):
        depth = 10000
        av = {"S": "x"}
        for i in range(depth):
            av = {"M": {"a": av}} if i % 2 else {"L": [av]}
        rec = json.loads(rec_text())
        rec["dynamodb"]["NewImage"] = {"a": av}
        out = M.shape(rec)[0].decode()
        want = "".join('{"a":' if i % 2 else "[" for i in reversed(range(depth))) + '"x"' + \
            "".join("}" if i % 2 else "]" for i in range(depth))
        self.assertIn(',"newImage":{"a":' + want + '},"oldImage":null}', out)

    def test_random_bytes_never_raise(self):
        rng = random.Random(7)
        good = rec_text('{"a":{"M":{"n":{"N":"1.5"},"s":{"SS":["x","y"]},"b":{"B":"AAE="}}}}').encode()
        datas = []
        for i in range(3000):
            kind = i % 3
            if kind == 0:
                datas.append(b64(bytes(rng.randrange(256) for _ in range(rng.randrange(64)))))
            elif kind == 1:  # mutated valid record
                b = bytearray(good)
                for _ in range(rng.randint(1, 4)):
                    b[rng.randrange(len(b))] = rng.randrange(256)
                datas.append(b64(bytes(b)))
            else:  # random text that is often not base64 at all
                datas.append("".join(rng.choice("AZaz09+/= \n-_é") for _ in range(rng.randrange(24))))
        got = run(datas, raw=True)
        self.assertEqual([g["recordId"] for g in got], [str(i) for i in range(len(datas))])
        for g, d in zip(got, datas):
            self.assertIn(g["result"], ("Ok", "ProcessingFailed"))
            if g["result"] == "ProcessingFailed":
                self.assertEqual(g["data"], d)
            else:
                json.loads(line(g))
        self.assertGreater(sum(g["result"] == "Ok" for g in got), 0)

    def test_bad_record_does_not_affect_others(self):
        good = [rec_text(name=n) for n in ("INSERT", "MODIFY", "REMOVE")]
        alone = [run([g])[0]["data"] for g in good]
        mixed = run([good[0], "not json", good[1], '{"M":' * 50000, good[2]])
        self.assertEqual([m["result"] for m in mixed], ["Ok", "ProcessingFailed", "Ok", "ProcessingFailed", "Ok"])
        self.assertEqual([mixed[0]["data"], mixed[2]["data"], mixed[4]["data"]], alone)

    def test_failed_data_unchanged(self):
        for d in ["!!not base64!!", "YQ", "eyJhIjoxfQ==", "/w==", "", "e30= "]:
            with self.subTest(data=d):
                got = run([d], raw=True)[0]
                self.assertEqual((got["result"], got["data"]), ("ProcessingFailed", d))
        for raw in [b"\xed\xa0\x80", b'{"a":"\xff"}', b"\xef\xbb\xbf" + rec_text().encode(), rec_text().encode("utf-16")]:
            with self.subTest(raw=raw[:12]):  # invalid UTF-8 (surrogate, 0xff), BOM, UTF-16
                self.assertEqual(run([b64(raw)], raw=True)[0]["result"], "ProcessingFailed")
        self.assertEqual(run(["NaN", rec_text(ts=None).replace("null", "NaN")])[1]["result"], "ProcessingFailed")


class Envelope(unittest.TestCase):
    def test_order_and_record_ids(self):
        ok = b64(rec_text().encode())
        event = {"records": [{"recordId": "b", "data": ok}, {"data": ok}, {"recordId": 5, "data": ok},
                             "junk", {"recordId": "a", "data": "x"}, {"recordId": "c"},
                             {"recordId": "d", "data": 12, "kinesisRecordMetadata": {"subsequenceNumber": ""}},
                             {"recordId": "b", "data": ok, "extra": 1}],
                 "unknown": True}
        got = M.handler(event, None)["records"]
        self.assertEqual([(g["recordId"], g["result"], g["data"]) for g in got],
                         [("b", "Ok", got[0]["data"]), ("a", "ProcessingFailed", "x"),
                          ("c", "ProcessingFailed", ""), ("d", "ProcessingFailed", ""),
                          ("b", "Ok", got[0]["data"])])
        self.assertEqual(M.handler({"records": []}, None), {"records": []})

    def test_envelope_errors_raise(self):
        for ev in [None, [], "x", {}, {"records": None}, {"records": {}}, {"records": "a"}]:
            with self.subTest(event=ev):
                self.assertRaises(Exception, M.handler, ev, None)


class CodeSize(unittest.TestCase):
    def test_inline_code_is_small_and_marked(self):
        code, _ = ferrocdk_code.source()
        self.assertIn(ferrocdk_code.MARKER, code.splitlines()[0])
        self.assertLess(len(code.encode("utf-8")), 12 * 1024)


if __name__ == "__main__":
    unittest.main()
