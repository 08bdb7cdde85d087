"""Measures the compression ratios the planner's query cost uses by default
(crates/plan/src/query.rs; recorded in BENCHMARKS.md, "Query layer"): 40 seeds of the SQL test's
scenario, shaped by the Rust transform, as gzip JSON lines and as Parquet (pyarrow, SNAPPY and
GZIP) with the derived schema. Run after scripts/test (it reads target/templates), from
tests/python: ../../.venv/bin/python measure_query_ratios.py
"""
import gzip, json, sys, io, base64, subprocess
sys.path.insert(0, '.')
import query_harness as h
import pyarrow as pa, pyarrow.parquet as pq
t = json.load(open('../../target/templates/queryable_pipeline.json'))
names = h.deployed_names(t); tables = h.source_tables(t)
# a bigger scenario: many seeds
changes = []
for seed in range(40):
    changes += h.scenario(tables, seed=seed)
copies = [(c.ms, c) for c in changes]
import tempfile, os, glob
root = tempfile.mkdtemp()
objs = h.write_log(t, names, copies, root)
lines = []
for o in objs:
    with gzip.open(os.path.join(root, h.BUCKET, o)) as f:
        lines += [l for l in f.read().split(b"\n") if l]
raw = sum(len(l) + 1 for l in lines)
gz = len(gzip.compress(b"\n".join(lines) + b"\n"))
tp = json.load(open('../../target/templates/snapshots/queryable_parquet.json'))
schema, mappings = h.conversion(tp)
rows = [h.parquet_row(l, schema, mappings) for l in lines]
tbl = pa.Table.from_pylist(rows, schema=schema)
state_cols = ["eventid", "eventname", "tablename", "approximatecreationdatetime", "keys", "newimage"]
for comp in ["snappy", "gzip"]:
    buf = io.BytesIO(); pq.write_table(tbl, buf, compression=comp)
    f = pq.ParquetFile(io.BytesIO(buf.getvalue()))
    md = f.metadata
    col_bytes = {}
    for rg in range(md.num_row_groups):
        for ci in range(md.num_columns):
            c = md.row_group(rg).column(ci)
            col_bytes[c.path_in_schema] = col_bytes.get(c.path_in_schema, 0) + c.total_compressed_size
    state = sum(v for k, v in col_bytes.items() if k in state_cols)
    print(comp, "file", len(buf.getvalue()), "state cols", state, "ratio state/raw %.3f" % (state / raw))
print("lines", len(lines), "raw", raw, "gzip", gz, "gzip/raw %.3f" % (gz / raw))
sr = 0
for r in rows:
    for c in state_cols:
        v = r[c]
        sr += len(v.encode()) if isinstance(v, str) else 0
print("state cols raw", sr, "of line raw %.3f" % (sr / raw))
for comp in ["snappy", "gzip"]:
    buf = io.BytesIO(); pq.write_table(tbl.select(state_cols), buf, compression=comp)
    print(comp, "state cols compressed/raw %.3f" % (len(buf.getvalue()) / sr))
