# Firehose data-transformation handler (index.handler). shape.py is concatenated before this
# file at synth time, so its names (b64d, b64e, parse_json, shape) are used without an import.
import datetime, os

def _on(name):
    v = os.environ.get(name, "")
    return v.isascii() and v.lower() in ("1", "true")

def _arrival_day(ms):  # Firehose approximateArrivalTimestamp (epoch ms) -> YYYY-MM-DD
    if type(ms) in (int, float) and ms == ms and abs(ms) < 1e17:
        d = datetime.date(1970, 1, 1).toordinal() + int(ms // 86400000)
        if 1 <= d <= 3652059: return datetime.date.fromordinal(d).isoformat()
    return "1970-01-01"

def handler(event, context):
    if not isinstance(event, dict) or not isinstance(event.get("records"), list):
        raise ValueError("not a Firehose transformation event")
    drop_old, drop_ttl, pkeys = (_on("FERROCDK_DROP_OLD_IMAGE"), _on("FERROCDK_DROP_TTL_DELETES"),
                                 _on("FERROCDK_PARTITION_KEYS"))
    out = []
    for r in event["records"]:
        rid = r.get("recordId") if isinstance(r, dict) else None
        if type(rid) is not str: continue  # cannot be answered
        data = r.get("data")
        if type(data) is not str: data = ""
        try:
            line, ttl, table, name, day = shape(parse_json(b64d(data)), "auto", drop_old)
        except Exception:  # one bad record (any size or depth) never fails the batch
            out.append({"recordId": rid, "result": "ProcessingFailed", "data": data})
            continue
        if ttl and drop_ttl:
            out.append({"recordId": rid, "result": "Dropped", "data": data})
            continue
        resp = {"recordId": rid, "result": "Ok", "data": b64e(line)}
        if pkeys:
            resp["metadata"] = {"partitionKeys": {
                "table": "unknown" if table is None else table, "eventName": name,
                "eventDate": day or _arrival_day(r.get("approximateArrivalTimestamp"))}}
        out.append(resp)
    return {"records": out}
