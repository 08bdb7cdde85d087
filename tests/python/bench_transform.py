"""Benchmark (not a test) of the built-in Python Firehose transform.

    python3 tests/python/bench_transform.py [--runs N] [--mb 6] [--profile]

Builds a ~6 MB Firehose transformation event of ~1 KB DynamoDB change records (Kinesis route:
INSERT/MODIFY/REMOVE, S, N, BOOL, NULL, M, L, SS, NS and a few B/BS), runs the handler several
times and prints MB/s of event JSON and records/s. --profile prints a cProfile of one run.
"""
import argparse
import base64
import json
import os
import platform
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ferrocdk_code  # noqa: E402


def attr(rng, depth=0):
    k = rng.random()
    if k < 0.35:
        return {"S": "".join(rng.choice("abcdefghijklmnopqrstuvwxyz -_é") for _ in range(rng.randint(4, 40)))}
    if k < 0.6:
        return {"N": rng.choice([str(rng.randint(0, 10**9)), "%d.%02d" % (rng.randint(0, 9999), rng.randint(0, 99)),
                                 "-%d" % rng.randint(1, 5000)])}
    if k < 0.68:
        return {"BOOL": rng.random() < 0.5}
    if k < 0.7:
        return {"NULL": True}
    if k < 0.8 and depth < 2:
        return {"M": {"f%d" % i: attr(rng, depth + 1) for i in range(rng.randint(1, 4))}}
    if k < 0.88 and depth < 2:
        return {"L": [attr(rng, depth + 1) for _ in range(rng.randint(1, 4))]}
    if k < 0.93:
        return {"SS": ["tag%d" % rng.randint(0, 20) for _ in range(rng.randint(1, 5))]}
    if k < 0.97:
        return {"NS": [str(rng.randint(-1000, 1000)) for _ in range(rng.randint(1, 5))]}
    if k < 0.99:
        return {"B": base64.b64encode(rng.randbytes(rng.randint(1, 48))).decode()}
    return {"BS": [base64.b64encode(rng.randbytes(rng.randint(1, 16))).decode() for _ in range(2)]}


def image(rng, key):
    img = dict(key)
    img["updatedAt"] = {"S": "2024-11-18T10:09:%02d.370Z" % rng.randint(0, 59)}
    while len(json.dumps(img)) < 420:
        img["a%d" % len(img)] = attr(rng)
    return img


def change(rng, i):
    name = rng.choice(["INSERT", "INSERT", "MODIFY", "MODIFY", "MODIFY", "REMOVE"])
    key = {"pk": {"S": "user#%08d" % rng.randint(0, 10**7)}, "sk": {"N": str(i)}}
    ddb = {"ApproximateCreationDateTime": 1731924555370 + i, "Keys": key, "SizeBytes": 700}
    if name != "REMOVE":
        ddb["NewImage"] = image(rng, key)
    if name != "INSERT":
        ddb["OldImage"] = image(rng, key)
    ttl = name == "REMOVE" and rng.random() < 0.3
    return {"awsRegion": "eu-west-1", "eventID": "%08x-0f63-4056-86da-ce10d545b1b9" % i, "eventName": name,
            "userIdentity": {"type": "Service", "principalId": "dynamodb.amazonaws.com"} if ttl else None,
            "recordFormat": "application/json", "tableName": "Orders", "dynamodb": ddb,
            "eventSource": "aws:dynamodb"}


def make_event(mb, seed=42):
    rng = random.Random(seed)
    records, size, i = [], 200, 0
    while size < mb * 1_000_000:
        data = base64.b64encode(json.dumps(change(rng, i), separators=(",", ":")).encode()).decode()
        rec = {"recordId": "%056d" % i, "approximateArrivalTimestamp": 1731924555932 + i, "data": data,
               "kinesisRecordMetadata": {"shardId": "shardId-000000000000", "partitionKey": "859F7C064A48",
                                         "approximateArrivalTimestamp": 1731924555932 + i,
                                         "sequenceNumber": "4954698668313554428650745793632162567570019247115678%04d" % i,
                                         "subsequenceNumber": 0}}
        size += len(json.dumps(rec)) + 2
        records.append(rec)
        i += 1
    return {"invocationId": "bench", "deliveryStreamArn": "arn:aws:firehose:eu-west-1:1:deliverystream/x",
            "sourceKinesisStreamArn": "arn:aws:kinesis:eu-west-1:1:stream/x", "region": "eu-west-1",
            "records": records}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mb", type=float, default=6.0)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    mod = ferrocdk_code.load()
    event = make_event(args.mb)
    n = len(event["records"])
    ev_bytes = len(json.dumps(event))
    raw = sum(len(base64.b64decode(r["data"])) for r in event["records"])
    os.environ["FERROCDK_PARTITION_KEYS"] = "true"
    print(f"Python {platform.python_version()} ({platform.machine()}); event {ev_bytes / 1e6:.2f} MB, "
          f"{n} records, mean record {raw / n:.0f} B; FERROCDK_PARTITION_KEYS=true")
    res = mod.handler(event, None)["records"]
    counts = {}
    for r in res:
        counts[r["result"]] = counts.get(r["result"], 0) + 1
    print("results:", counts, f"response {len(json.dumps({'records': res})) / 1e6:.2f} MB")
    if args.profile:
        import cProfile
        import pstats
        pr = cProfile.Profile()
        pr.enable()
        mod.handler(event, None)
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(15)
        return
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        mod.handler(event, None)
        times.append(time.perf_counter() - t)
    best, med = min(times), sorted(times)[len(times) // 2]
    print(f"runs {args.runs}: best {best * 1000:.0f} ms, median {med * 1000:.0f} ms")
    print(f"best: {ev_bytes / 1e6 / best:.1f} MB/s of event, {n / best:,.0f} records/s; "
          f"median: {ev_bytes / 1e6 / med:.1f} MB/s, {n / med:,.0f} records/s")


if __name__ == "__main__":
    main()
