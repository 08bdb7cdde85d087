"""Runs the named queries of a synthesized template over a change log written by ferrocdk's
own code, on a real SQL engine.

1. scenario(): a seeded generator of DynamoDB changes (Kinesis Data Streams for DynamoDB
   records) over several tables and keys: INSERT/MODIFY/REMOVE sequences, TTL deletes,
   re-inserts, equal timestamps, duplicated deliveries, out-of-order and late arrival, spread
   over hours, a day change and a year boundary.
2. write_log(): groups the copies into Firehose deliveries (an object's arrival time is its
   oldest record's), shapes them with the Rust transform and evaluates the delivery stream's
   Prefix (from the template) with ferrocdk's prefix renderer (crates/conformance/examples/query_fixture.rs), and
   writes each object gzip-compressed at its S3 key under a local directory.
3. Athena emulation: the Glue table of the template is read back: partition projection
   (storage.location.template, date/injected/enum columns, range up to NOW) finds the objects,
   the OpenX JSON SerDe is emulated (case-insensitive members, a nested value in a string
   column is its JSON text), and the rows are loaded into DuckDB.
4. Each NamedQuery's QueryString (Trino SQL) gets its execution parameters substituted as
   Athena does (textually, in order), is transpiled by sqlglot from Trino to DuckDB, and runs.
5. replay(): the expected answers, computed from the scenario alone.
"""
import base64
import datetime as dt
import gzip
import json
import os
import random
import re
import subprocess
from decimal import Decimal, ROUND_HALF_UP

import duckdb
import sqlglot

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUCKET = "acme-change-log"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def ms_of(text):
    """'2025-12-31T23:59:59.999Z' -> epoch milliseconds."""
    t = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    return (t - EPOCH) // dt.timedelta(milliseconds=1)


def iso(ms):
    t = EPOCH + dt.timedelta(milliseconds=ms)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


# ---------------------------------------------------------------------------------------------
# The template

def resources(template, type_):
    return {k: r for k, r in template["Resources"].items() if r["Type"] == type_}


def one(template, type_):
    found = resources(template, type_)
    assert len(found) == 1, f"{len(found)} {type_} in the template"
    return next(iter(found.items()))


def source_tables(template):
    """{logical id: [(key name, 'S'|'N'|'B'), ...]} of the DynamoDB tables."""
    out = {}
    for lid, r in resources(template, "AWS::DynamoDB::Table").items():
        p = r["Properties"]
        types = {a["AttributeName"]: a["AttributeType"] for a in p["AttributeDefinitions"]}
        keys = sorted(p["KeySchema"], key=lambda k: k["KeyType"] != "HASH")
        out[lid] = [(k["AttributeName"], types[k["AttributeName"]]) for k in keys]
    return out


def resolve_sub(value, names):
    """A literal or {"Fn::Sub": text} with ${LogicalId} resolved from names."""
    if isinstance(value, str):
        return value
    text = value["Fn::Sub"]
    assert isinstance(text, str), value

    def repl(m):
        inner = m.group(1)
        if inner.startswith("!"):
            return "${" + inner[1:] + "}"
        return names[inner]

    return re.sub(r"\$\{([^}]*)\}", repl, text)


def deployed_names(template):
    """What each Ref resolves to once deployed (Glue names are literal; others made up)."""
    names = {"AWS::AccountId": "111122223333", "AWS::Region": "us-east-1"}
    for lid, r in template["Resources"].items():
        p = r.get("Properties", {})
        if r["Type"] == "AWS::Glue::Database":
            names[lid] = p["DatabaseInput"]["Name"]
        elif r["Type"] == "AWS::Glue::Table":
            names[lid] = p["TableInput"]["Name"]
        elif r["Type"] == "AWS::S3::Bucket":
            names[lid] = BUCKET
        else:
            names[lid] = f"Stack-{lid}-1A2B3C4D"
    return names


# ---------------------------------------------------------------------------------------------
# Scenario

class Change:
    def __init__(self, table, key, event_name, ms, event_id, new, old, ttl):
        self.table, self.key, self.event_name, self.ms = table, key, event_name, ms
        self.event_id, self.new, self.old, self.ttl = event_id, new, old, ttl


def ddb(value):
    """A plain value (the transform's output form) -> DynamoDB JSON."""
    if isinstance(value, SetOf):
        return {value.tag: value.items}
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, (int, Decimal)):
        return {"N": str(value)}
    if isinstance(value, Bytes):
        return {"B": value.b64}
    if isinstance(value, list):
        return {"L": [ddb(v) for v in value]}
    if isinstance(value, dict):
        return {"M": {k: ddb(v) for k, v in value.items()}}
    raise TypeError(value)


class SetOf:
    def __init__(self, tag, items):
        self.tag, self.items = tag, items

    def plain(self):
        return [Decimal(i) if self.tag == "NS" else i for i in self.items]


class Bytes:
    def __init__(self, raw):
        self.b64 = base64.b64encode(raw).decode()


def plain(value):
    """What the transform writes for a value, as json.loads(…, parse_float=Decimal) reads it."""
    if isinstance(value, SetOf):
        return value.plain()
    if isinstance(value, Bytes):
        return value.b64
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else value
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def scenario(tables, seed=20251231):
    """Changes of every table in `tables` ({logical id: key schema}), in no particular order."""
    rng = random.Random(seed)
    start = ms_of("2025-12-31T21:00:00.000Z")
    changes = []

    def event_id():
        return "".join(rng.choice("0123456789abcdef") for _ in range(32))

    def key_value(name, type_, i):
        if type_ == "N":
            return [7, 42, 1000000, 12345678901, 3, 19, 250, 8][i % 8] + i // 8 * 100
        if type_ == "B":
            return Bytes(bytes([i, 255 - i]))
        return f"{name}-{i:02d}" if name != "sk" else ["a", "b#1", "ünï", "x y"][i % 4]

    def image(lid, key, n):
        item = {k: v for k, v in key.items()}
        if "sk" in key or lid.startswith("Order"):
            total = [Decimal("19.99"), Decimal("100"), Decimal("0.5"), Decimal("12345.67"),
                     Decimal("-3.10"), Decimal("7")][n % 6]
            item.update({
                "status": ["NEW", "PAID", "SHIPPED", "café \"☕\"\n"][n % 4],
                "total": total,
                "lines": [{"sku": f"S{n}", "qty": n % 3 + 1}],
                "tags": SetOf("SS", sorted({"a", f"t{n}"})),
                "expiresAt": 1767225600 + n,
            })
        else:
            item.update({
                "name": ["Ana", "Bo 🚀", "Zoë", "O'Neil"][n % 4],
                "score": Decimal("12345678901234567890.123456789"),
                "flags": {"vip": n % 2 == 0, "note": None},
                "blob": Bytes(bytes(range(n % 5 + 1))),
            })
        return item

    for lid, schema in tables.items():
        for i in range(10):
            key = {name: key_value(name, t, i) for name, t in schema}
            t = start + rng.randrange(0, 3 * 3600 * 1000)
            current = None
            for step in range(rng.randrange(1, 7)):
                if current is None:
                    name = "INSERT"
                elif rng.random() < 0.25:
                    name = "REMOVE"
                else:
                    name = "MODIFY"
                ttl = name == "REMOVE" and rng.random() < 0.5
                new = None if name == "REMOVE" else image(lid, key, step + i)
                changes.append(Change(lid, key, name, t, event_id(), new, current, ttl))
                current = new
                # Equal timestamps now and then (ties are broken by the larger eventID).
                t += 0 if rng.random() < 0.1 else rng.randrange(1, 90 * 60 * 1000)
    return changes


def kinesis_record(c, names):
    d = {
        "ApproximateCreationDateTime": c.ms,
        "Keys": {k: ddb(v) for k, v in c.key.items()},
        "SizeBytes": 100,
        "ApproximateCreationDateTimePrecision": "MILLISECOND",
    }
    if c.new is not None:
        d["NewImage"] = {k: ddb(v) for k, v in c.new.items()}
    if c.old is not None:
        d["OldImage"] = {k: ddb(v) for k, v in c.old.items()}
    r = {"awsRegion": "us-east-1", "eventID": c.event_id, "eventName": c.event_name,
         "userIdentity": None, "recordFormat": "application/json",
         "tableName": names[c.table], "dynamodb": d, "eventSource": "aws:dynamodb"}
    if c.ttl:
        r["userIdentity"] = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    return r


def arrivals(changes, seed=7):
    """(arrival ms, change) copies: every change at least once, some twice; arrival after
    the change by 0.2 s to 20 h; some copies pinned to hour, day and year edges."""
    rng = random.Random(seed)
    edges = [ms_of("2025-12-31T23:59:59.999Z"), ms_of("2026-01-01T00:00:00.000Z"),
             ms_of("2025-12-31T22:59:59.999Z"), ms_of("2025-12-31T23:00:00.000Z")]
    out = []
    for i, c in enumerate(changes):
        copies = 2 if rng.random() < 0.2 else 1
        for _ in range(copies):
            r = rng.random()
            if r < 0.8:
                delay = rng.randrange(200, 10 * 60 * 1000)
            elif r < 0.95:
                delay = rng.randrange(3600 * 1000, 3 * 3600 * 1000)
            else:
                delay = rng.randrange(15 * 3600 * 1000, 20 * 3600 * 1000)
            out.append((c.ms + delay, c))
    for edge in edges:  # a change whose copy arrives exactly at an edge
        candidates = [c for c in changes if c.ms <= edge]
        if candidates:
            out.append((edge, rng.choice(candidates)))
    out.sort(key=lambda x: x[0])
    return out


# ---------------------------------------------------------------------------------------------
# Writing the log the way Firehose does

FIXTURE = os.environ.get("FERROCDK_QUERY_FIXTURE",
                         os.path.join(ROOT, "target", "debug", "examples", "query_fixture"))


def write_log(template, names, copies, root):
    """Deliveries -> Rust transform + prefix renderer -> gzip objects under root/BUCKET/."""
    _, ds = one(template, "AWS::KinesisFirehose::DeliveryStream")
    dest = ds["Properties"]["ExtendedS3DestinationConfiguration"]
    _, fn = next((k, r) for k, r in resources(template, "AWS::Lambda::Function").items()
                 if "ferrocdk:dynamodb-changes" in r["Properties"]["Code"]["ZipFile"])
    env = fn["Properties"].get("Environment", {}).get("Variables", {})
    parquet = conversion(template)
    assert dest["CompressionFormat"] == ("UNCOMPRESSED" if parquet else "GZIP")
    deliveries, batch = [], []
    for arrival, c in copies:  # a buffer holds what arrives within 300 s of its oldest record
        if batch and arrival - batch[0][0] >= 300_000:
            deliveries.append(batch)
            batch = []
        batch.append((arrival, c))
    deliveries.append(batch)
    events = []
    for n, b in enumerate(deliveries):
        records = [{"recordId": f"{n}-{i}", "approximateArrivalTimestamp": a,
                    "data": base64.b64encode(json.dumps(kinesis_record(c, names)).encode()).decode()}
                   for i, (a, c) in enumerate(b)]
        if n == 3:  # a malformed record: ProcessingFailed, kept under the error prefix
            records.append({"recordId": f"{n}-bad", "approximateArrivalTimestamp": b[0][0],
                            "data": base64.b64encode(b"{not json").decode()})
        events.append({"arrivalMs": b[0][0], "event": {"invocationId": str(n), "records": records}})
    request = {"prefix": dest["Prefix"], "environment": env, "deliveries": events}
    out = subprocess.run([FIXTURE], input=json.dumps(request).encode(), capture_output=True,
                         check=True).stdout
    shaped = {r["recordId"]: r for r in json.loads(out)}
    # One object per delivery and prefix (dynamic partitioning splits a delivery).
    objects = {}
    for n, e in enumerate(events):
        stamp = (EPOCH + dt.timedelta(milliseconds=e["arrivalMs"])).strftime("%Y-%m-%d-%H-%M-%S")
        for r in e["event"]["records"]:
            rec = shaped.pop(r["recordId"], None)
            if rec is None:
                assert r["recordId"].endswith("-bad"), f"record {r['recordId']} not shaped Ok"
                continue
            name = f"{rec['prefix']}{names['ToS3']}-1-{stamp}-{n:08d}.gz"
            objects.setdefault(name, []).append(base64.b64decode(rec["data"]))
    assert not shaped
    if parquet:  # Firehose names converted objects without .gz; Athena reads them by SerDe
        objects = {k[:-len(".gz")] + ".parquet": v for k, v in objects.items()}
    for key, lines in objects.items():
        path = os.path.join(root, BUCKET, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if parquet:
            write_parquet(path, lines, *parquet)
            continue
        with gzip.open(path, "wb") as f:
            f.write(b"".join(lines))
    return sorted(objects)


# ---------------------------------------------------------------------------------------------
# Athena emulation

def java_to_strftime(fmt):
    """The DateTimeFormatter subset ferrocdk writes: yyyy MM dd HH mm ss, quoted text."""
    out, i = "", 0
    letters = {"yyyy": "%Y", "MM": "%m", "dd": "%d", "HH": "%H", "mm": "%M", "ss": "%S"}
    while i < len(fmt):
        if fmt[i] == "'":
            j = fmt.index("'", i + 1)
            out += fmt[i + 1:j].replace("%", "%%") if j > i + 1 else "'"
            i = j + 1
            continue
        for pat, sub in letters.items():
            if fmt.startswith(pat, i):
                out += sub
                i += len(pat)
                break
        else:
            assert not fmt[i].isalpha(), f"pattern letter {fmt[i]!r} in {fmt!r}"
            out += fmt[i].replace("%", "%%")
            i += 1
    return out


STEP = {"HOURS": dt.timedelta(hours=1), "DAYS": dt.timedelta(days=1),
        "MINUTES": dt.timedelta(minutes=1)}


def projected_locations(table, names, injected):
    """Every (location, {column: value}) Athena would project, up to NOW."""
    p = table["Properties"]["TableInput"]
    params = p["Parameters"]
    assert params.get("projection.enabled") == "true"
    template = resolve_sub(params["storage.location.template"], names)
    columns = [c["Name"] for c in p.get("PartitionKeys", [])]
    for c in columns:
        assert "${" + c + "}" in template, (c, template)
    assert template.endswith("/")
    domains = {}
    now = dt.datetime.now(dt.timezone.utc)
    for c in columns:
        kind = params[f"projection.{c}.type"]
        if kind == "date":
            f = java_to_strftime(params[f"projection.{c}.format"])
            lo, hi = params[f"projection.{c}.range"].split(",")
            assert hi == "NOW"
            t = dt.datetime.strptime(lo, f).replace(tzinfo=dt.timezone.utc)
            step = STEP[params[f"projection.{c}.interval.unit"]] * int(params[f"projection.{c}.interval"])
            values = []
            while t <= now:
                values.append(t.strftime(f))
                t += step
            domains[c] = values
        elif kind == "enum":
            domains[c] = params[f"projection.{c}.values"].split(",")
        elif kind == "injected":
            domains[c] = injected[c]
        else:
            raise AssertionError(kind)
    combos = [{}]
    for c in columns:
        combos = [dict(x, **{c: v}) for x in combos for v in domains[c]]
    for combo in combos:
        loc = template
        for c, v in combo.items():
            loc = loc.replace("${" + c + "}", v)
        yield loc, combo


def openx_row(line, columns):
    """OpenX JSON SerDe: members matched case-insensitively; a non-string value in a string
    column reads as its JSON text (here: exactly the text in the line)."""
    text = line.decode("utf-8")
    dec = json.JSONDecoder()
    members = {}
    i = text.index("{") + 1
    while True:
        while text[i] in " ,":
            i += 1
        if text[i] == "}":
            break
        name, i = json.decoder.scanstring(text, i + 1)
        i = text.index(":", i) + 1
        value, end = dec.raw_decode(text, i)
        members[name.lower()] = (value, text[i:end])
        i = end
    row = []
    for name, type_ in columns:
        value, raw = members.get(name, (None, None))
        if value is None:
            row.append(None)
        elif type_ == "boolean":
            row.append(value if isinstance(value, bool) else None)
        else:
            row.append(value if isinstance(value, str) else raw)
    return row


def load(con, template, names, root, table_names):
    """Creates the Glue table in DuckDB from what projection finds; returns (rows, files seen)."""
    # The catalog table (the one with a location); a Parquet schema table has none.
    tables = [r for r in resources(template, "AWS::Glue::Table").values()
              if "Location" in r["Properties"]["TableInput"]["StorageDescriptor"]]
    assert len(tables) == 1, tables
    table = tables[0]
    p = table["Properties"]["TableInput"]
    db = p["Name"]
    database = names[table["Properties"]["DatabaseName"]["Ref"]]
    sd = p["StorageDescriptor"]
    serde = sd["SerdeInfo"]["SerializationLibrary"]
    parquet = serde == "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    assert parquet or serde == "org.openx.data.jsonserde.JsonSerDe", serde
    # The typed struct column is for ad-hoc queries; the named queries read the JSON text.
    columns = [(c["Name"], c["Type"]) for c in sd["Columns"] if not c["Type"].startswith("struct<")]
    parts = [c["Name"] for c in p.get("PartitionKeys", [])]
    sql_type = {"string": "VARCHAR", "boolean": "BOOLEAN"}
    con.execute(f'CREATE SCHEMA IF NOT EXISTS "{database}"')
    cols = [f'"{n}" {sql_type[t]}' for n, t in columns] + [f'"{n}" VARCHAR' for n in parts]
    con.execute(f'CREATE TABLE "{database}"."{db}" ({", ".join(cols)})')
    seen, rows = set(), []
    injected = {"tbl": table_names}
    prefix = f"s3://{BUCKET}/"
    for loc, combo in projected_locations(table, names, injected):
        assert loc.startswith(prefix), loc
        d = os.path.join(root, BUCKET, loc[len(prefix):])
        if not os.path.isdir(d):
            continue
        for dirpath, _, files in os.walk(d):
            for f in files:
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, os.path.join(root, BUCKET))
                assert rel not in seen, f"{rel} projected twice"
                seen.add(rel)
                if parquet:
                    import pyarrow.parquet as pq
                    for r in pq.read_table(path).to_pylist():
                        rows.append([r[n] for n, _ in columns] + [combo[c] for c in parts])
                    continue
                assert f.endswith(".gz"), f
                with gzip.open(path) as fh:
                    for line in fh.read().split(b"\n"):
                        if line:
                            rows.append(openx_row(line, columns) + [combo[c] for c in parts])
    if rows:
        marks = ", ".join("?" * (len(columns) + len(parts)))
        con.executemany(f'INSERT INTO "{database}"."{db}" VALUES ({marks})', rows)
    return rows, seen, [n for n, _ in columns] + parts


def athena_sql(query, names, params):
    """The QueryString with refs resolved and execution parameters substituted in order."""
    sql = resolve_sub(query["Properties"]["QueryString"], names)
    pieces = re.split(r"('(?:[^']|'')*')", sql)  # keep string literals intact
    it = iter(params)
    for i in range(0, len(pieces), 2):
        pieces[i] = re.sub(r"\?", lambda _: next(it), pieces[i])
    leftover = list(it)
    assert not leftover, f"{len(leftover)} parameters too many"
    return "".join(pieces)


def run(con, trino_sql):
    duck = sqlglot.transpile(trino_sql, read="trino", write="duckdb")
    assert len(duck) == 1
    cur = con.execute(duck[0])
    cols = [d[0] for d in cur.description]
    return cols, cur.fetchall()


# ---------------------------------------------------------------------------------------------
# The replay: expected answers from the scenario alone

def unique(changes):
    by_id = {}
    for c in changes:
        by_id.setdefault(c.event_id, c)
    return list(by_id.values())


def key_text(v):
    return v.b64 if isinstance(v, Bytes) else str(v)


def replay_state(changes, table, as_of):
    latest = {}
    for c in unique(changes):
        if c.table != table or c.ms > as_of:
            continue
        k = tuple(key_text(v) for v in c.key.values())
        if k not in latest or (c.ms, c.event_id) > (latest[k].ms, latest[k].event_id):
            latest[k] = c
    return {k: c for k, c in latest.items() if c.event_name != "REMOVE"}


def ordered(cs):
    return sorted(cs, key=lambda c: (c.ms, c.event_id))


def typed(value, sql_type):
    """What TRY_CAST(json_extract_scalar(…)) gives for a plain value."""
    if value is None or isinstance(value, (dict, list, SetOf)):
        return None
    if sql_type == "varchar":
        return value if isinstance(value, str) else str(value)
    m = re.fullmatch(r"decimal\((\d+),(\d+)\)", sql_type)
    if m:
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-int(m.group(2))), ROUND_HALF_UP)
    raise AssertionError(sql_type)


def json_value(text):
    return None if text is None else json.loads(text, parse_float=Decimal)


# ---------------------------------------------------------------------------------------------
# Parquet: Firehose record format conversion, emulated with a real Parquet writer (pyarrow)

def arrow_type(hive):
    """A Glue (Hive) column type as an Arrow type."""
    import pyarrow as pa
    hive = hive.strip()
    simple = {"string": pa.string(), "boolean": pa.bool_(), "bigint": pa.int64(),
              "double": pa.float64()}
    if hive in simple:
        return simple[hive]
    m = re.fullmatch(r"decimal\((\d+),(\d+)\)", hive)
    if m:
        return pa.decimal128(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"struct<(.*)>", hive)
    if m:
        fields, depth, cur = [], 0, ""
        for ch in m.group(1) + ",":
            if ch == "," and depth == 0:
                name, t = cur.split(":", 1)
                fields.append(pa.field(name, arrow_type(t)))
                cur = ""
                continue
            depth += ch == "<" or ch == "("
            depth -= ch == ">" or ch == ")"
            cur += ch
        return pa.struct(fields)
    raise AssertionError(f"no Arrow type for {hive!r}")


def arrow_schema(columns):
    import pyarrow as pa
    return pa.schema([pa.field(c["Name"], arrow_type(c["Type"])) for c in columns])


def _members(text):
    """Top-level members of a JSON object text: {lower name: (value, raw text)}, numbers as
    Decimal/int (exact)."""
    dec = json.JSONDecoder(parse_float=Decimal)
    out = {}
    i = text.index("{") + 1
    while True:
        while text[i] in " ,":
            i += 1
        if text[i] == "}":
            return out
        name, i = json.decoder.scanstring(text, i + 1)
        i = text.index(":", i) + 1
        value, end = dec.raw_decode(text, i)
        out[name.lower()] = (value, text[i:end])
        i = end


def _field(value, raw, arrow):
    """OpenX deserializer into one field: a nested value in a string field is its JSON text."""
    import pyarrow as pa
    if value is None:
        return None
    if pa.types.is_string(arrow):
        return value if isinstance(value, str) else raw
    if pa.types.is_struct(arrow):
        if not isinstance(value, dict):
            raise ValueError("not an object")
        inner = _members(raw)
        out = {}
        for f in arrow:
            try:
                out[f.name] = _field(*inner.get(f.name.lower(), (None, None)), f.type)
            except ValueError as e:
                raise ValueError(f"{f.name}: {e}") from None
        return out
    if pa.types.is_boolean(arrow):
        if not isinstance(value, bool):
            raise ValueError(f"{raw} is not a boolean")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError(f"{raw} is not a number")
    if pa.types.is_integer(arrow):
        if not (isinstance(value, int) and -2**63 <= value < 2**63):
            raise ValueError(f"{raw} is not a 64-bit integer")
        return value
    if pa.types.is_floating(arrow):
        f = float(value)
        if f in (float("inf"), float("-inf")):
            raise ValueError(f"{raw} overflows a double")
        return f
    if pa.types.is_decimal(arrow):
        import decimal
        d = Decimal(value)
        try:
            with decimal.localcontext(decimal.Context(prec=400, traps=[decimal.InvalidOperation])):
                q = d.quantize(Decimal(1).scaleb(-arrow.scale))
        except decimal.InvalidOperation:
            raise ValueError(f"{raw} is out of the decimal's range") from None
        if q != d:
            raise ValueError(f"{raw} has more than {arrow.scale} fraction digits")
        if len(q.as_tuple().digits) > arrow.precision and q != 0:
            raise ValueError(f"{raw} needs more than decimal({arrow.precision},{arrow.scale})'s "
                             f"{arrow.precision} digits")
        return q
    raise AssertionError(arrow)


def parquet_row(line, schema, mappings):
    """One change line as a row of `schema` (Firehose's OpenX deserializer: members matched
    case-insensitively, `mappings` column -> JSON key). Raises ValueError when a value does not
    fit its column: Firehose then fails the record (format-conversion-failed)."""
    members = _members(line.decode("utf-8") if isinstance(line, bytes) else line)
    row = {}
    for f in schema:
        key = mappings.get(f.name, f.name).lower()
        value, raw = members.get(key, (None, None))
        try:
            row[f.name] = _field(value, raw, f.type)
        except ValueError as e:
            raise ValueError(f"{f.name}.{e}" if pa_struct(f) else f"{f.name}: {e}") from None
    return row


def pa_struct(field):
    import pyarrow as pa
    return pa.types.is_struct(field.type)


def write_parquet(path, lines, schema, mappings):
    """Writes the lines as one Parquet object with pyarrow (rows that do not fit raise)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    rows = [parquet_row(l, schema, mappings) for l in lines]
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, compression="snappy")


def conversion(template):
    """(Arrow schema, column -> JSON key) of the delivery stream's Parquet conversion, or None."""
    _, ds = one(template, "AWS::KinesisFirehose::DeliveryStream")
    conv = ds["Properties"]["ExtendedS3DestinationConfiguration"].get("DataFormatConversionConfiguration")
    if not conv:
        return None
    table_id = conv["SchemaConfiguration"]["TableName"]["Ref"]
    columns = template["Resources"][table_id]["Properties"]["TableInput"]["StorageDescriptor"]["Columns"]
    mappings = conv["InputFormatConfiguration"]["Deserializer"]["OpenXJsonSerDe"].get(
        "ColumnToJsonKeyMappings", {})
    return arrow_schema(columns), mappings
