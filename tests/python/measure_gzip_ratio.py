"""Measurement (not a test) behind the planner's default GZIP ratio (ferrocdk_plan::GZIP_RATIO).

    python3 tests/python/measure_gzip_ratio.py [--mb 6]

Builds the benchmark's Firehose event (bench_transform.make_event: ~1 KB change records of
random strings, numbers, sets and maps), shapes it with the built-in transform exactly as the
construct inlines it, and prints the size of the change lines and of their gzip (level 6).
"""
import argparse
import base64
import gzip
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_transform  # noqa: E402
import ferrocdk_code  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=6.0)
    args = ap.parse_args()
    mod = ferrocdk_code.load()
    event = bench_transform.make_event(args.mb)
    records = mod.handler(event, None)["records"]
    lines = b"".join(base64.b64decode(r["data"]) for r in records if r["result"] == "Ok")
    packed = gzip.compress(lines, compresslevel=6)
    print(f"{len(records)} records, {len(lines):,} bytes of lines, {len(packed):,} gzipped: "
          f"ratio {len(packed) / len(lines):.3f}")


if __name__ == "__main__":
    main()
