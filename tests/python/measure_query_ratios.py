"""Measures the compression ratios behind the planner's query cost (crates/plan/src/query.rs;
recorded in BENCHMARKS.md, "Query layer"), on two sets of change lines shaped by the built-in
transform:

- "bench": the benchmark's generated records (bench_transform.make_event: ~1 KB items of random
  strings, numbers, sets and maps), the data behind the planner's GZIP ratio
  (measure_gzip_ratio.py); the planner's defaults come from this set;
- "scenario": 40 seeds of the SQL test's scenario (small, repetitive items), shaped by the Rust
  transform.

For each: gzip (level 6) of the JSON lines, and the state-as-of query's Parquet columns (pyarrow,
SNAPPY and GZIP, the derived schema of the Parquet snapshot). Run after scripts/test (it reads
target/templates), from tests/python: ../../.venv/bin/python measure_query_ratios.py
"""
import base64
import gzip
import io
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_transform  # noqa: E402
import ferrocdk_code  # noqa: E402
import query_harness as h  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "templates")
STATE_COLUMNS = ["eventid", "eventname", "tablename", "approximatecreationdatetime", "keys", "newimage"]


def bench_lines():
    mod = ferrocdk_code.load()
    records = mod.handler(bench_transform.make_event(6.0), None)["records"]
    return [line for r in records if r["result"] == "Ok"
            for line in base64.b64decode(r["data"]).split(b"\n") if line]


def scenario_lines():
    t = json.load(open(os.path.join(TEMPLATES, "queryable_pipeline.json")))
    names = h.deployed_names(t)
    tables = h.source_tables(t)
    changes = []
    for seed in range(40):
        changes += h.scenario(tables, seed=seed)
    root = tempfile.mkdtemp()
    lines = []
    for o in h.write_log(t, names, [(c.ms, c) for c in changes], root):
        with gzip.open(os.path.join(root, h.BUCKET, o)) as f:
            lines += [line for line in f.read().split(b"\n") if line]
    return lines


def measure(name, lines):
    raw = sum(len(line) + 1 for line in lines)
    gz = len(gzip.compress(b"\n".join(lines) + b"\n", compresslevel=6))
    tp = json.load(open(os.path.join(TEMPLATES, "snapshots", "queryable_parquet.json")))
    schema, mappings = h.conversion(tp)
    rows = [h.parquet_row(line, schema, mappings) for line in lines]
    table = pa.Table.from_pylist(rows, schema=schema)
    state_raw = sum(len(r[c].encode()) for r in rows for c in STATE_COLUMNS if isinstance(r[c], str))
    print(f"{name}: {len(lines)} lines, {raw:,} bytes; gzip {gz:,} = {gz / raw:.3f} of the lines; "
          f"the query's columns {state_raw:,} bytes raw = {state_raw / raw:.3f} of the lines")
    for comp in ["snappy", "gzip"]:
        buf = io.BytesIO()
        pq.write_table(table, buf, compression=comp)
        md = pq.ParquetFile(io.BytesIO(buf.getvalue())).metadata
        state = sum(md.row_group(g).column(c).total_compressed_size
                    for g in range(md.num_row_groups) for c in range(md.num_columns)
                    if md.row_group(g).column(c).path_in_schema in STATE_COLUMNS)
        print(f"  Parquet {comp.upper()}: the query's column chunks {state:,} bytes = "
              f"{state / state_raw:.3f} of those columns raw ({state / raw:.3f} of the lines)")


if __name__ == "__main__":
    measure("bench", bench_lines())
    measure("scenario", scenario_lines())
