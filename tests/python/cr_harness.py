"""What the tests of ferrocdk's built-in custom resources share: the ResponseURL (an HTTP server
on 127.0.0.1 recording every request exactly), DynamoDB clients wrapped in botocore's Stubber
(every request is checked against the real DynamoDB service model), a fake clock injected
through the code's _now/_sleep seams, and a Lambda context whose remaining time follows it."""
import contextlib
import http.server
import io
import json
import os
import threading
import unittest

import botocore.session
from botocore.stub import Stubber

import ferrocdk_code

STACK_ID = "arn:aws:cloudformation:eu-west-1:123456789012:stack/Demo/5b7f8a10-0000-11ef-8000-0a1b2c3d4e5f"
REGION = "eu-west-1"
_SESSION = botocore.session.get_session()  # one session: the service model is loaded once


class ResponseServer:
    """A presigned-URL stand-in: records (method, path, headers, body) of each request and
    answers `statuses` in order (then 200)."""

    def __init__(self, statuses=()):
        self.requests = []
        self.statuses = list(statuses)
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PUT(self):
                n = int(self.headers.get("Content-Length") or 0)
                outer.requests.append(("PUT", self.path, dict(self.headers.items()),
                                       self.rfile.read(n)))
                code = outer.statuses.pop(0) if outer.statuses else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,),
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Clock:
    """Monotonic time that only sleeping advances; records every sleep."""

    def __init__(self):
        self.t = 1000.0
        self.sleeps = []

    def now(self):
        return self.t

    def sleep(self, s):
        self.sleeps.append(s)
        self.t += s


class Context:
    """A Lambda context whose remaining time runs with the clock."""

    def __init__(self, clock, timeout_s=900):
        self.clock = clock
        self.deadline = clock.t + timeout_s

    def get_remaining_time_in_millis(self):
        return int((self.deadline - self.clock.t) * 1000)


def template_properties(resource_type):
    """The Properties of the template's custom resource of `resource_type` (from the template
    the code is loaded from), or None when the code comes from the source files."""
    for name, (var, _, _) in ferrocdk_code.CUSTOM_RESOURCES.items():
        path = os.environ.get(var)
        if not path:
            continue
        with open(path, encoding="utf-8") as f:
            for res in (json.load(f).get("Resources") or {}).values():
                if res.get("Type") == resource_type:
                    return res.get("Properties") or {}
    return None


def as_cloudformation_passes_them(props, values):
    """Properties as CloudFormation hands them to the function: intrinsics replaced by
    `values[name]`, every scalar a string."""
    out = {}
    for k, v in props.items():
        if isinstance(v, dict):
            v = values[k]
        out[k] = v if isinstance(v, str) else json.dumps(v)
    return out


class CustomResourceCase(unittest.TestCase):
    """Per test: a fresh module of the code, a Stubber'd DynamoDB client, a clock, a server."""

    CODE = None  # "kinesis_destination" or "stream_lookup"

    def setUp(self):
        self.m = ferrocdk_code.fresh_custom_resource(self.CODE)
        self.clock = Clock()
        self.m._now = self.clock.now
        self.m._sleep = self.clock.sleep
        ddb = _SESSION.create_client(
            "dynamodb", region_name=REGION, aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret")
        self.stub = Stubber(ddb)
        self.stub.activate()
        self.m._clients["dynamodb"] = ddb
        self.server = ResponseServer()
        self.addCleanup(self.server.close)
        self.addCleanup(self.stub.deactivate)
        self.logical_id = "Resource"

    def event(self, kind, props, old=None, physical=None, resource_type="Custom::X"):
        e = {
            "RequestType": kind,
            "ResponseURL": self.server.url + "/cfn-response/req?X-Amz-Signature=abc123",
            "StackId": STACK_ID,
            "RequestId": "9f1e2d3c-%s" % kind.lower(),
            "ResourceType": resource_type,
            "LogicalResourceId": self.logical_id,
            "ResourceProperties": dict(props),
        }
        if old is not None:
            e["OldResourceProperties"] = dict(old)
        if physical is not None:
            e["PhysicalResourceId"] = physical
        return e

    def invoke(self, event, timeout_s=900):
        """Runs the handler; returns the one response PUT's body as JSON (checked exactly)."""
        before = len(self.server.requests)
        ctx = Context(self.clock, timeout_s)
        self.log = io.StringIO()  # what the function prints (its log), for a failing test to show
        with contextlib.redirect_stdout(self.log):
            self.m.handler(event, ctx)
        self.assertLessEqual(self.clock.t, ctx.deadline, "answered after the Lambda timeout")
        self.assertEqual(len(self.server.requests), before + 1, "exactly one response PUT")
        method, path, headers, raw = self.server.requests[-1]
        self.assertEqual(method, "PUT")
        self.assertEqual(path, "/cfn-response/req?X-Amz-Signature=abc123")
        self.assertEqual(headers.get("Content-Type"), "", "the presigned URL signs no type")
        self.assertEqual(int(headers["Content-Length"]), len(raw))
        self.assertLessEqual(len(raw), 4096)
        body = json.loads(raw)
        want = {"Status", "Reason", "PhysicalResourceId", "StackId", "RequestId",
                "LogicalResourceId"}
        self.assertEqual(set(body) - {"Data"}, want)
        self.assertIn(body["Status"], ("SUCCESS", "FAILED"))
        self.assertEqual(body["StackId"], event["StackId"])
        self.assertEqual(body["RequestId"], event["RequestId"])
        self.assertEqual(body["LogicalResourceId"], event["LogicalResourceId"])
        self.assertTrue(0 < len(body["PhysicalResourceId"].encode()) <= 1024)
        if event["RequestType"] != "Create":
            if body["Status"] == "FAILED" or event["RequestType"] == "Delete":
                self.assertEqual(body["PhysicalResourceId"], event["PhysicalResourceId"])
        return body

    def assert_all_calls_made(self):
        self.stub.assert_no_pending_responses()
