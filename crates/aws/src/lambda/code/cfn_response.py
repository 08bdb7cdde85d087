# ferrocdk:custom-resource -- the CloudFormation custom-resource protocol, shared by ferrocdk's
# built-in custom resources (the resource's own handler follows this part). Standard library and
# boto3 only (both in the Lambda Python runtime); no cfnresponse module, which only exists for
# some inline code. Every request is answered: SUCCESS or FAILED, on every exception, before the
# function's own timeout (the work gets the remaining time less RESERVE_S), with a response body
# of at most 4,096 bytes.
import json
import time
import urllib.request

MAX_BODY = 4096      # bytes: CloudFormation's limit on a response body
RESERVE_S = 25       # kept from the time budget: one AWS call's timeouts (15 s) and the PUT (10 s)
PUT_TIMEOUT_S = 5    # per PUT attempt (two attempts)
MAX_ATTEMPTS = 6     # per AWS call, throttling and transient errors included
POLL_S = 5           # between two status reads
RETRYABLE = frozenset({
    "ThrottlingException", "Throttling", "LimitExceededException", "RequestLimitExceeded",
    "ProvisionedThroughputExceededException", "InternalServerError", "ServiceUnavailable",
    "ResourceInUseException",
})

_clients = {}           # by service name; tests inject clients wrapped in botocore's Stubber
_sleep = time.sleep     # tests inject a fake clock through _sleep and _now
_now = time.monotonic


class Failed(Exception):
    """A reason to answer FAILED that is no bug; its text is the Reason CloudFormation shows."""


def client(service):
    c = _clients.get(service)
    if c is None:  # boto3 is in the Lambda runtime; imported lazily
        import boto3
        import botocore.config
        c = _clients[service] = boto3.client(service, config=botocore.config.Config(
            connect_timeout=5, read_timeout=10, retries={"total_max_attempts": 1}))
    return c


class Budget:
    """The time the work may take: what Lambda leaves the invocation, less RESERVE_S."""

    def __init__(self, context):
        self.end = _now() + context.get_remaining_time_in_millis() / 1000.0 - RESERVE_S

    def left(self):
        return self.end - _now()

    def wait(self, what):
        """Sleeps POLL_S before the next status read, or fails when the budget has no room."""
        if self.left() <= POLL_S:
            raise Failed("out of time waiting for " + what)
        _sleep(POLL_S)


def error_code(e):
    r = getattr(e, "response", None)
    return (r.get("Error") or {}).get("Code") if isinstance(r, dict) else None


def call(budget, fn, **kwargs):
    """fn(**kwargs), retried with exponential backoff on throttling and transient errors while
    attempts and the budget last; any other error is raised at once."""
    delay = 1.0
    for attempt in range(1, MAX_ATTEMPTS + 1):
        if budget.left() <= 0:
            raise Failed("out of time before calling " + getattr(fn, "__name__", "AWS"))
        try:
            return fn(**kwargs)
        except Exception as e:
            code = error_code(e)
            if code not in RETRYABLE or attempt == MAX_ATTEMPTS or budget.left() < delay:
                raise
            print("retrying %s after %s (attempt %d)" % (getattr(fn, "__name__", "call"), code, attempt))
            _sleep(delay)
            delay = min(delay * 2, 20.0)


def body(event, status, physical_id, reason, data=None):
    """The response body as bytes, at most MAX_BODY: the reason is cut (then Data dropped)."""
    def encode(reason, data):
        b = {"Status": status, "Reason": reason, "PhysicalResourceId": physical_id,
             "StackId": event.get("StackId", ""), "RequestId": event.get("RequestId", ""),
             "LogicalResourceId": event.get("LogicalResourceId", "")}
        if data:
            b["Data"] = data
        return json.dumps(b, separators=(",", ":")).encode("utf-8")
    for data in (data, None):
        raw = encode(reason, data)
        if len(raw) <= MAX_BODY:
            return raw
        lo, hi = 0, len(reason)  # the longest prefix of the reason that fits, found by halving
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if len(encode(reason[:mid] + "...", data)) <= MAX_BODY:
                lo = mid
            else:
                hi = mid - 1
        raw = encode(reason[:lo] + "...", data)
        if len(raw) <= MAX_BODY:
            return raw
    return encode("", None)


def respond(event, status, physical_id, reason, data=None):
    raw = body(event, status, physical_id, reason, data)
    print("response: %s" % raw.decode("utf-8"))
    req = urllib.request.Request(event["ResponseURL"], data=raw, method="PUT",
                                 headers={"Content-Type": "", "Content-Length": str(len(raw))})
    for attempt in (1, 2):
        try:
            with urllib.request.urlopen(req, timeout=PUT_TIMEOUT_S) as r:
                print("response PUT: HTTP %d" % r.status)
                return
        except Exception as e:
            print("response PUT failed (attempt %d): %s" % (attempt, e))
            if attempt == 2:
                raise  # the invocation fails; Lambda retries it and the work is idempotent


def run(event, context, work):
    """Runs work(event, budget) -> (physical_id, reason, data) and answers CloudFormation.

    On failure the PhysicalResourceId is the request's (Update, Delete) or, for a Create, a
    marker that no handler mistakes for a resource it made, so the Delete CloudFormation sends
    after a failed Create touches nothing."""
    print("request: %s %s" % (event.get("RequestType"), event.get("LogicalResourceId")))
    fallback = ("ferrocdk-create-failed-" + str(event.get("RequestId", "")))[:1024]
    physical = event.get("PhysicalResourceId") or fallback
    try:
        budget = Budget(context)
        physical, reason, data = work(event, budget)
        physical = physical or fallback
        status = "SUCCESS"
    except Failed as e:
        status, reason, data = "FAILED", str(e), None
    except Exception as e:
        status, reason, data = "FAILED", "%s: %s" % (type(e).__name__, e), None
    respond(event, status, physical, reason, data)
