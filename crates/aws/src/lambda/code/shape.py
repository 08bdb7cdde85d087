# ferrocdk:dynamodb-changes -- ferrocdk's built-in DynamoDB change-record shaping (stdlib only).
# Follows docs/record-contract.md byte for byte, like the Rust crate ferrocdk-transform.
import binascii, datetime, json, re

class _JInt(str): pass    # integer literal, kept as text (never int/float)
class _JFloat(str): pass  # number with fraction/exponent, kept as text

def _no_const(s): raise ValueError("non-JSON constant " + s)

_DEC = json.JSONDecoder(parse_int=_JInt, parse_float=_JFloat, parse_constant=_no_const)
_enc = json.encoder.encode_basestring  # ensure_ascii=False escaping (same as serde_json)
_NRE = re.compile(r"([+-]?)(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))((?:[eE][+-]?[0-9]+)?)")
_INV = str.maketrans("0123456789", "9876543210")
_SURR = re.compile(r"\\u[dD][89a-fA-F]")  # \uD800-\uDFFF escapes: only then walk the strings
_MAX = {1: 253402300799, 1000: 253402300799999, 1000000: 253402300799999999}

def b64d(s):
    # strict standard base64: padding required, no whitespace; non-zero trailing bits ok
    if len(s) % 4 or s[-3:] == "===": raise ValueError("bad base64")
    return binascii.a2b_base64(s, strict_mode=True)

def b64e(b): return binascii.b2a_base64(b, newline=False).decode("ascii")

def _big(d):  # int() of a digit string of any length (int_max_str_digits is 4300)
    if len(d) <= 4000: return int(d)
    r = 0
    for i in range(0, len(d), 4000):
        c = d[i:i + 4000]; r = r * 10 ** len(c) + int(c)
    return r

def _nparts(x):
    if type(x) is not str: raise ValueError("N not a string")
    m = _NRE.fullmatch(x)
    if m is None: raise ValueError("bad N")
    sign, ip, f1, f2, ex = m.groups()
    ip = (ip or "").lstrip("0")
    fr = f1 or f2 or ""
    return sign == "-", ip, fr, ex, ("-" if sign == "-" else "") + (ip or "0") + ("." + fr if fr else "") + ex

def num(x):
    if type(x) is str and x.isdigit() and x.isascii():
        return x if x[0] != "0" else (x.lstrip("0") or "0")
    return _nparts(x)[4]

def nkey(neg, ip, fr, ex):
    # exact ordering key: equal keys <=> equal values (-0 == 0); no float, no rounding
    ds = ip + fr
    st = ds.lstrip("0")
    pos = len(ip) - (len(ds) - len(st))
    st = st.rstrip("0")
    if not st: return (1,)
    if ex: pos += (-1 if ex[1] == "-" else 1) * _big(ex[2:] if ex[1] in "+-" else ex[1:])
    return (0, -pos, st.translate(_INV) + ":") if neg else (2, pos, st)

def _ns(x):
    seen = {}
    for n in x:
        p = _nparts(n)
        seen.setdefault(nkey(*p[:4]), p[4])  # first occurrence wins
    return "[" + ",".join([seen[k] for k in sorted(seen)]) + "]"

def _bs(x):
    if type(x) is not list: raise ValueError("BS not a list")
    seen = set()
    for s in x:
        if type(s) is not str: raise ValueError("BS member not a string")
        seen.add(b64d(s))
    return "[" + ",".join(['"' + b64e(b) + '"' for b in sorted(seen)]) + "]"

def emit_map(m, out):
    # Appends the plain JSON of a map of attribute values to out. Iterative (explicit stack);
    # every member is followed by ",", which the closing bracket then overwrites.
    if type(m) is not dict: raise ValueError("not a map of attribute values")
    if not m: out.append("{}"); return
    app = out.append; enc = _enc
    stack = []
    is_map, it = True, iter(m.items())
    app("{")
    while True:
        for v in it:
            if is_map: app(enc(v[0])); app(":"); v = v[1]
            if type(v) is not dict: raise ValueError("attribute value is not an object")
            [t] = v; x = v[t]  # ValueError unless exactly one member
            if t == "S":
                if type(x) is not str: raise ValueError("S")
                app(enc(x))
            elif t == "N": app(num(x))
            elif t == "M":
                if type(x) is not dict: raise ValueError("M")
                if x:
                    app("{"); stack.append((is_map, it)); is_map, it = True, iter(x.items()); break
                app("{}")
            elif t == "L":
                if type(x) is not list: raise ValueError("L")
                if x:
                    app("["); stack.append((is_map, it)); is_map, it = False, iter(x); break
                app("[]")
            elif t == "BOOL":
                if type(x) is not bool: raise ValueError("BOOL")
                app("true" if x else "false")
            elif t == "NULL":
                if x is not True: raise ValueError("NULL")
                app("null")
            elif t == "SS":
                if type(x) is not list or any(type(s) is not str for s in x): raise ValueError("SS")
                app("[" + ",".join(map(enc, sorted(set(x)))) + "]")
            elif t == "NS":
                if type(x) is not list: raise ValueError("NS")
                app(_ns(x))
            elif t == "B":
                if type(x) is not str: raise ValueError("B")
                app('"' + b64e(b64d(x)) + '"')
            elif t == "BS": app(_bs(x))
            else: raise ValueError("unknown type tag")
            app(",")
        else:  # container done: its last "," becomes the closing bracket
            out[-1] = "}" if is_map else "]"
            if not stack: return
            is_map, it = stack.pop()
            app(",")

def _no_surrogates(o):  # iterative walk; json.loads accepts "\ud800", the contract does not
    st = [o]
    while st:
        o = st.pop()
        if type(o) is dict:
            for k, v in o.items(): k.encode("utf-8"); st.append(v)
        elif type(o) is list: st.extend(o)
        elif isinstance(o, str): o.encode("utf-8")

_TOK = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')

def _too_deep(text):  # the contract's limit: 128 levels of nesting (serde_json's)
    if text.count("{") + text.count("[") <= 128: return False
    d = 0
    for m in _TOK.finditer(text):
        c = m.group()[0]
        if c == "[" or c == "{":
            d += 1
            if d > 128: return True
        elif c != '"': d -= 1
    return False

def parse_json(raw):
    # strict JSON of UTF-8 bytes; numbers stay text (_JInt/_JFloat); lone surrogates rejected
    text = raw.decode("utf-8")
    if _too_deep(text): raise ValueError("nesting deeper than 128 levels")
    obj = _DEC.decode(text)
    if "\\u" in text and _SURR.search(text): _no_surrogates(obj)
    return obj

def _iso(v, per_s):
    s, f = divmod(v, per_s)
    d, s = divmod(s, 86400)
    day = datetime.date.fromordinal(719163 + d).isoformat()
    iso = "%sT%02d:%02d:%02d." % (day, s // 3600, s // 60 % 60, s % 60)
    return iso + ("%06d" % f if per_s == 1000000 else "%03d" % f) + "Z", day

def timestamp(ddb, unit):
    # -> (ISO string, YYYY-MM-DD) or (None, None); unit: "auto" (Kinesis) or "seconds"
    ts = ddb.get("ApproximateCreationDateTime")
    if ts is None: return None, None
    if type(ts) is int: v = ts  # already-parsed events (e.g. a DynamoDB Streams forwarder)
    elif type(ts) is _JInt and len(ts) < 30: v = int(ts)
    else: raise ValueError("timestamp is not an integer literal")
    if v < 0: raise ValueError("negative timestamp")
    if unit == "seconds": per_s = 1
    else:
        p = ddb.get("ApproximateCreationDateTimePrecision")
        per_s = 1000000 if p == "MICROSECOND" else 1000 if p == "MILLISECOND" else 1000000 if v >= 10**14 else 1000
    if v > _MAX[per_s]: raise ValueError("timestamp after year 9999")
    return _iso(v, per_s)  # seconds are written as .000

_NAMES = ("INSERT", "MODIFY", "REMOVE")
_MISSING = object()

def shape(rec, unit="auto", drop_old=False, strict_images=True):
    # One parsed change record -> (line bytes, isTtlDelete, tableName or None, eventName,
    # eventDate or None); raises for ProcessingFailed. strict_images=False turns a missing
    # required image into null (DynamoDB Streams view types).
    if type(rec) is not dict: raise ValueError("record is not an object")
    eid, name, region = rec.get("eventID"), rec.get("eventName"), rec.get("awsRegion")
    table = rec.get("tableName", _MISSING)
    ddb = rec.get("dynamodb")
    if type(eid) is not str or type(region) is not str or type(name) is not str or name not in _NAMES:
        raise ValueError("bad eventID/eventName/awsRegion")
    if table is _MISSING or table is None: table = None  # null on an optional member = absent
    elif type(table) is not str: raise ValueError("tableName is not a string")
    if type(ddb) is not dict: raise ValueError("dynamodb is not an object")
    iso, day = timestamp(ddb, unit)
    ui = rec.get("userIdentity")
    ttl = (name == "REMOVE" and type(ui) is dict and ui.get("type") == "Service"
           and ui.get("principalId") == "dynamodb.amazonaws.com")
    new, old = ddb.get("NewImage", _MISSING), ddb.get("OldImage", _MISSING)
    if new is None: new = _MISSING
    if old is None: old = _MISSING
    if strict_images and (new is _MISSING and name != "REMOVE" or old is _MISSING and name != "INSERT"):
        raise ValueError("required image missing")
    out = ['{"eventID":', _enc(eid), ',"eventName":"', name, '","tableName":',
           "null" if table is None else _enc(table), ',"awsRegion":', _enc(region),
           ',"approximateCreationDateTime":', "null" if iso is None else '"' + iso + '"',
           ',"isTtlDelete":', "true" if ttl else "false", ',"keys":']
    emit_map(ddb.get("Keys"), out)
    out.append(',"newImage":')
    if name == "REMOVE" or new is _MISSING: out.append("null")
    else: emit_map(new, out)
    mark = len(out)
    out.append(',"oldImage":')
    if old is _MISSING: out.append("null")
    else: emit_map(old, out)  # validated even when dropped: options never change the result
    if drop_old: del out[mark:]
    out.append("}\n")
    return "".join(out).encode("utf-8"), ttl, table, name, day
