"""The Parquet schema ferrocdk derives (the Glue schema table of a delivery stream with
record format conversion, in the synthesized template) takes every line of tests/vectors/
through a real Parquet writer (pyarrow), read back equal; a line that cannot be represented is
named, with what Firehose does with it.

Template: FERROCDK_QUERY_PARQUET_TEMPLATE (default target/templates/snapshots/queryable_parquet.json).
"""
import glob
import json
import os
import tempfile
import unittest
from decimal import Decimal

import pyarrow.parquet as pq

import query_harness as h

# (vector file, recordId) -> why the line does not fit the derived schema. Firehose fails such a
# record: it goes under the error prefix (format-conversion-failed/), and source-record backup
# keeps its raw input under source-records/; nothing is lost, but it is not in the Parquet table.
NOT_REPRESENTABLE = {
    ("numbers.json", "1"): "newitem.exp: -1.5E+10 needs more than decimal(12,2)'s 12 digits",
}


class DerivedParquetSchema(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        path = os.environ.get("FERROCDK_QUERY_PARQUET_TEMPLATE",
                              os.path.join(h.ROOT, "target", "templates", "snapshots",
                                           "queryable_parquet.json"))
        with open(path, encoding="utf-8") as f:
            cls.template = json.load(f)
        cls.schema, cls.mappings = h.conversion(cls.template)
        cls.lines = []
        for f in sorted(glob.glob(os.path.join(h.ROOT, "tests", "vectors", "firehose", "*.json"))):
            with open(f, encoding="utf-8") as fh:
                v = json.load(fh)
            for e in v.get("expected", []):
                if e.get("result") == "Ok":
                    cls.lines.append(((os.path.basename(f), e["recordId"]), e["line"]))

    def test_every_vector_line_goes_through_pyarrow_or_is_named(self):
        self.assertGreater(len(self.lines), 40)
        refused = {}
        kept = []
        for at, line in self.lines:
            try:
                kept.append((at, line, h.parquet_row(line, self.schema, self.mappings)))
            except ValueError as e:
                refused[at] = str(e)
        self.assertEqual(refused, NOT_REPRESENTABLE)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "vectors.parquet")
            h.write_parquet(path, [line for _, line, _ in kept], self.schema, self.mappings)
            back = pq.read_table(path)
        self.assertEqual(back.schema, self.schema)
        for (at, line, row), got in zip(kept, back.to_pylist()):
            self.assertEqual(got, row, at)
            # The contract's columns keep the line: strings as they are, nested values as their
            # exact JSON text.
            members = h._members(line)
            for name in ("eventid", "eventname", "tablename", "approximatecreationdatetime"):
                self.assertEqual(got[name], members[name][0], at)
            for name in ("keys", "newimage", "oldimage"):
                if name in members and members[name][0] is not None:
                    self.assertEqual(got[name], members[name][1], at)
                    self.assertEqual(json.loads(got[name], parse_float=Decimal),
                                     json.loads(line, parse_float=Decimal)[
                                         {"keys": "keys", "newimage": "newImage",
                                          "oldimage": "oldImage"}[name]], at)

    def test_the_schema_is_the_contract_plus_the_declared_attributes(self):
        names = self.schema.names
        self.assertEqual(names[:9], ["eventid", "eventname", "tablename", "awsregion",
                                     "approximatecreationdatetime", "isttldelete", "keys",
                                     "newimage", "oldimage"])
        self.assertEqual(names[9], "newitem")
        self.assertEqual(self.mappings, {"newitem": "newImage"})

    def test_a_refused_record_is_kept_by_source_record_backup(self):
        _, ds = h.one(self.template, "AWS::KinesisFirehose::DeliveryStream")
        d = ds["Properties"]["ExtendedS3DestinationConfiguration"]
        self.assertEqual(d["S3BackupMode"], "Enabled")
        self.assertIn("!{firehose:error-output-type}", d["ErrorOutputPrefix"])
        self.assertEqual(d["CompressionFormat"], "UNCOMPRESSED")
        self.assertGreaterEqual(d["BufferingHints"]["SizeInMBs"], 64)


if __name__ == "__main__":
    unittest.main()
