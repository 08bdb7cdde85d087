"""The named queries of the synthesized templates, run for real on the transform's real output
(see query_harness.py for how), compared with the answers replayed from the scenario.

Templates: FERROCDK_QUERY_TEMPLATE (default target/templates/queryable_pipeline.json, the
example: arrival-hour layout) and FERROCDK_QUERY_DP_TEMPLATE (default
target/templates/snapshots/queryable_partitioned.json: dynamic partitioning, old images
dropped) and FERROCDK_QUERY_PARQUET_TEMPLATE (default
target/templates/snapshots/queryable_parquet.json: Parquet conversion). scripts/test writes
them before running this.
"""
import os
import re
import shutil
import tempfile
import unittest

import duckdb

import query_harness as h

TEMPLATES = os.path.join(h.ROOT, "target", "templates")


def load_template(var, default):
    import json
    path = os.environ.get(var, os.path.join(TEMPLATES, default))
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class QueriesOverTheLog:
    TEMPLATE_VAR = TEMPLATE_DEFAULT = None

    @classmethod
    def setUpClass(cls):
        cls.template = load_template(cls.TEMPLATE_VAR, cls.TEMPLATE_DEFAULT)
        cls.names = h.deployed_names(cls.template)
        cls.tables = h.source_tables(cls.template)
        cls.changes = h.scenario(cls.tables)
        cls.copies = h.arrivals(cls.changes)
        cls.root = tempfile.mkdtemp(prefix="ferrocdk-query-")
        cls.objects = h.write_log(cls.template, cls.names, cls.copies, cls.root)
        cls.con = duckdb.connect()
        cls.con.execute("SET TimeZone='UTC'")
        deployed = [cls.names[t] for t in cls.tables]
        cls.rows, cls.seen, cls.columns = h.load(cls.con, cls.template, cls.names, cls.root, deployed)
        cls.queries = h.resources(cls.template, "AWS::Athena::NamedQuery")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)

    # -- helpers ----------------------------------------------------------------------------

    def query(self, table, suffix):
        found = [q for lid, q in self.queries.items() if lid.endswith(table + suffix)]
        self.assertEqual(len(found), 1, f"named query {table}{suffix}")
        return found[0]

    def run_query(self, table, suffix, params):
        sql = h.athena_sql(self.query(table, suffix), self.names, params)
        cols, rows = h.run(self.con, sql)
        return [dict(zip(cols, r)) for r in rows]

    def attribute_types(self, table):
        """Declared attributes and their SQL types, as the state query reads them."""
        sql = self.query(table, "StateAsOf")["Properties"]["QueryString"]["Fn::Sub"]
        out = {}
        for m in re.finditer(r"(TRY_CAST\()?json_extract_scalar\(c\.newimage, '\$\[\"([^\"]+)\"\]'\)(?: AS ([a-z0-9(),]+)\))? AS", sql):
            out[m.group(2)] = m.group(3) or "varchar"
        return out

    def key_names(self, table):
        return [k for k, _ in self.tables[table]]

    def expected_change_row(self, c, attrs, with_keys=True, with_old=True):
        row = {"change_time": h.iso(c.ms), "event_name": c.event_name,
               "is_ttl_delete": c.ttl, "event_id": c.event_id}
        if with_keys:
            row.update({k: h.key_text(v) for k, v in c.key.items()})
        for a, t in attrs.items():
            row[a] = h.typed(h.plain(c.new).get(a) if c.new else None, t)
        row["new_image"] = h.plain(c.new) if c.new is not None else None
        if with_old and "oldimage" in self.columns:
            row["old_image"] = h.plain(c.old) if c.old is not None else None
        return row

    def normalized(self, rows):
        out = []
        for r in rows:
            r = dict(r)
            for k in ("new_image", "old_image"):
                if k in r:
                    r[k] = h.json_value(r[k])
            out.append(r)
        return out

    # -- the log ------------------------------------------------------------------------------

    def test_every_object_is_found_by_partition_projection(self):
        self.assertGreater(len(self.objects), 10)
        self.assertEqual(sorted(self.seen), self.objects)
        ok_lines = len(self.copies)
        self.assertEqual(len(self.rows), ok_lines, "every delivered copy is a row, once")

    def test_the_scenario_has_what_the_queries_must_handle(self):
        ids = [c.event_id for _, c in self.copies]
        self.assertGreater(len(ids) - len(set(ids)), 5, "duplicated deliveries")
        arrivals = [a for a, _ in self.copies]
        by_arrival = [c.ms for _, c in self.copies]
        self.assertNotEqual(by_arrival, sorted(by_arrival), "out-of-order arrival")
        names = {c.event_name for c in self.changes}
        self.assertEqual(names, {"INSERT", "MODIFY", "REMOVE"})
        self.assertTrue(any(c.ttl for c in self.changes), "TTL deletes")
        hours = {h.iso(a)[:13] for a in arrivals}
        self.assertGreater(len(hours), 6, "several hours")
        self.assertTrue(any(h.iso(a).startswith("2025") for a in arrivals)
                        and any(h.iso(a).startswith("2026") for a in arrivals), "a year boundary")
        self.assertGreater(len(self.tables), 1, "several tables")
        ties = {(c.table, tuple(map(h.key_text, c.key.values())), c.ms) for c in self.changes}
        self.assertLess(len(ties), len(self.changes), "equal timestamps on one item")
        self.assertGreater(len({o.split("/")[-2] for o in self.objects}), 1)

    # -- the named queries -------------------------------------------------------------------

    def times(self):
        ms = sorted({c.ms for c in self.changes})
        picks = [ms[0] - 1, ms[0], ms[len(ms) // 3], ms[len(ms) // 3] - 1, ms[len(ms) // 2],
                 h.ms_of("2025-12-31T23:59:59.999Z"), h.ms_of("2026-01-01T00:00:00.000Z"),
                 ms[-1] - 1, ms[-1] + 3_600_000]
        return sorted(set(picks))

    def test_state_as_of_a_time_is_the_replayed_state(self):
        checked = 0
        for table in self.tables:
            attrs = self.attribute_types(table)
            keys = self.key_names(table)
            for t in self.times():
                got = self.run_query(table, "StateAsOf", [f"'{h.iso(t)}'"])
                want = []
                for k, c in sorted(h.replay_state(self.changes, table, t).items()):
                    row = {n: v for n, v in zip(keys, k)}
                    for a, ty in attrs.items():
                        row[a] = h.typed(h.plain(c.new).get(a), ty)
                    row.update(change_time=h.iso(c.ms), event_id=c.event_id, new_image=h.plain(c.new))
                    want.append(row)
                sort = lambda rows: sorted(rows, key=lambda r: [r[k] for k in keys])
                self.assertEqual(sort(self.normalized(got)), sort(want), f"{table} as of {h.iso(t)}")
                checked += len(want)
        self.assertGreater(checked, 20)

    def test_history_of_one_item_is_every_change_once_in_order(self):
        for table in self.tables:
            attrs = self.attribute_types(table)
            items = {tuple(map(h.key_text, c.key.values())) for c in self.changes if c.table == table}
            for k in sorted(items) + [tuple("missing" for _ in self.key_names(table))]:
                got = self.run_query(table, "History", [f"'{v}'" for v in k])
                want = [self.expected_change_row(c, attrs, with_keys=False)
                        for c in h.ordered(h.unique(self.changes))
                        if c.table == table and tuple(map(h.key_text, c.key.values())) == k]
                self.assertEqual(self.normalized(got), want, f"{table} {k}")

    def windows(self):
        return [("2025-12-31T23:30:00.000Z", "2026-01-01T00:30:00.000Z"),
                ("2025-12-31T21:00:00.000Z", "2026-01-01T06:00:00.000Z"),
                ("2025-12-31T22:00:00.000Z", "2025-12-31T23:00:00.000Z"),
                ("2026-03-01T00:00:00.000Z", "2026-03-02T00:00:00.000Z")]

    def test_changes_between_two_times(self):
        for table in self.tables:
            attrs = self.attribute_types(table)
            for lo, hi in self.windows():
                got = self.run_query(table, "ChangesBetween", [f"'{lo}'", f"'{hi}'"])
                want = [self.expected_change_row(c, attrs) for c in h.ordered(h.unique(self.changes))
                        if c.table == table and h.ms_of(lo) <= c.ms < h.ms_of(hi)]
                self.assertEqual(self.normalized(got), want, f"{table} [{lo}, {hi})")

    def test_ttl_deletes_between_two_times(self):
        total = 0
        for table in self.tables:
            for lo, hi in self.windows():
                got = self.run_query(table, "TtlDeletes", [f"'{lo}'", f"'{hi}'"])
                want = []
                for c in h.ordered(h.unique(self.changes)):
                    if c.table == table and c.ttl and h.ms_of(lo) <= c.ms < h.ms_of(hi):
                        row = {"change_time": h.iso(c.ms)}
                        row.update({k: h.key_text(v) for k, v in c.key.items()})
                        row["event_id"] = c.event_id
                        if "oldimage" in self.columns:
                            row["old_image"] = h.plain(c.old)
                        want.append(row)
                self.assertEqual(self.normalized(got), want, f"{table} [{lo}, {hi})")
                total += len(want)
        self.assertGreater(total, 0)

    def test_every_named_query_was_run(self):
        kinds = {"StateAsOf", "History", "ChangesBetween", "TtlDeletes"}
        expected = {t + k for t in self.tables for k in kinds}
        got = {lid[len(lid) - len(t + k):] for lid in self.queries for t in self.tables for k in kinds
               if lid.endswith(t + k)}
        self.assertEqual(got, expected)
        self.assertEqual(len(self.queries), len(expected))


class ArrivalHourLayout(QueriesOverTheLog, unittest.TestCase):
    TEMPLATE_VAR, TEMPLATE_DEFAULT = "FERROCDK_QUERY_TEMPLATE", "queryable_pipeline.json"


class ParquetOutput(QueriesOverTheLog, unittest.TestCase):
    """Firehose record format conversion: the objects are Parquet (written by pyarrow with the
    schema of the delivery stream's Glue schema table), read through the catalog's Parquet table."""
    TEMPLATE_VAR = "FERROCDK_QUERY_PARQUET_TEMPLATE"
    TEMPLATE_DEFAULT = os.path.join("snapshots", "queryable_parquet.json")

    def test_the_objects_are_parquet_with_the_typed_attributes(self):
        import pyarrow.parquet as pq
        self.assertTrue(all(o.endswith(".parquet") for o in self.objects))
        t = pq.read_table(os.path.join(self.root, h.BUCKET, self.objects[0]))
        self.assertIn("newitem", t.schema.names)
        self.assertEqual(str(t.schema.field("newitem").type),
                         "struct<status: string, total: decimal128(12, 2), name: string, qty: int64, "
                         "paid: bool, d38: decimal128(38, 0), exp: decimal128(12, 2), big: double, "
                         "tiny: double, a: string, m: string>")
        typed = [r["newitem"] for r in t.to_pylist() if r["newitem"] and r["newitem"]["total"] is not None]
        self.assertTrue(typed, "some rows carry a typed total")


class DynamicPartitioningLayout(QueriesOverTheLog, unittest.TestCase):
    TEMPLATE_VAR = "FERROCDK_QUERY_DP_TEMPLATE"
    TEMPLATE_DEFAULT = os.path.join("snapshots", "queryable_partitioned.json")

    def test_partition_values_agree_with_the_lines(self):
        i_table = self.columns.index("tablename")
        i_time = self.columns.index("approximatecreationdatetime")
        i_tbl, i_dt = self.columns.index("tbl"), self.columns.index("dt")
        for r in self.rows:
            self.assertEqual(r[i_tbl], r[i_table])
            self.assertEqual(r[i_dt], r[i_time][:10])


if __name__ == "__main__":
    unittest.main()
