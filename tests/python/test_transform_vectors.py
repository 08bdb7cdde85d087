"""Runs the shared contract vectors tests/vectors/firehose/*.json against the built-in Python
transform (format: docs/record-contract.md, "Vector format")."""
import base64
import copy
import glob
import json
import os
import unittest
from contextlib import contextmanager

import ferrocdk_code

VECTOR_DIR = os.path.join(ferrocdk_code.ROOT, "tests", "vectors", "firehose")
MIN_VECTORS = 20
RESPONSE_KEYS = ["recordId", "result", "data"]


@contextmanager
def vector_env(env):
    """All FERROCDK_* variables cleared (absent env = all options off), the vector's set;
    the previous environment is restored afterwards."""
    saved = {k: v for k, v in os.environ.items() if k.startswith("FERROCDK_") and k != "FERROCDK_TEMPLATE"}
    for k in saved:
        del os.environ[k]
    for k, v in (env or {}).items():
        os.environ[k] = v
    try:
        yield
    finally:
        for k in list(os.environ):
            if k.startswith("FERROCDK_") and k != "FERROCDK_TEMPLATE":
                del os.environ[k]
        os.environ.update(saved)


def build_event(event):
    """dataText -> data = base64(UTF-8 of dataText); data is used as is."""
    event = copy.deepcopy(event)
    for rec in event.get("records", []) if isinstance(event, dict) else []:
        if isinstance(rec, dict) and "dataText" in rec:
            rec["data"] = base64.b64encode(rec.pop("dataText").encode("utf-8")).decode("ascii")
    return event


class VectorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mod = ferrocdk_code.load()

    def test_vectors(self):
        if not os.path.isdir(VECTOR_DIR):
            self.skipTest(f"{VECTOR_DIR} does not exist yet (vectors are written by the Rust side)")
        paths = sorted(glob.glob(os.path.join(VECTOR_DIR, "*.json")))
        self.assertGreaterEqual(len(paths), MIN_VECTORS,
                                f"{VECTOR_DIR} holds {len(paths)} vectors, expected at least {MIN_VECTORS}")
        for path in paths:
            name = os.path.basename(path)
            with open(path, encoding="utf-8") as f:
                vec = json.load(f)
            with self.subTest(vector=name, description=vec.get("description", "")):
                self.run_vector(name, vec)

    def run_vector(self, name, vec):
        event = build_event(vec["event"])
        with vector_env(vec.get("env")):
            if vec.get("expectedError"):
                with self.assertRaises(Exception, msg=f"{name}: an envelope error must raise"):
                    self.mod.handler(event, None)
                return
            resp = self.mod.handler(event, None)
        json.dumps(resp)  # the response must be JSON-serialisable as Lambda returns it
        self.assertEqual(list(resp), ["records"], f"{name}: response envelope")
        got, expected = resp["records"], vec["expected"]
        self.assertEqual([r.get("recordId") for r in got], [e["recordId"] for e in expected],
                         f"{name}: response recordIds / order / count")
        # inputs that can be answered, in order (response #i answers answerable[i])
        answerable = [r for r in event["records"]
                      if isinstance(r, dict) and isinstance(r.get("recordId"), str)]
        for i, (g, e) in enumerate(zip(got, expected)):
            where = f"{name}: response #{i} (recordId {e['recordId']!r})"
            self.assertEqual(g["result"], e["result"], f"{where}: result")
            want_keys = RESPONSE_KEYS + (["metadata"] if "partitionKeys" in e else [])
            self.assertEqual(list(g), want_keys, f"{where}: response record keys / order")
            if e["result"] == "Ok":
                line = base64.b64decode(g["data"], validate=True)
                self.assertEqual(line, e["line"].encode("utf-8"), f"{where}: output line")
                if "partitionKeys" in e:
                    self.assertEqual(g["metadata"], {"partitionKeys": e["partitionKeys"]},
                                     f"{where}: partition keys")
            else:
                src = answerable[i].get("data")
                self.assertEqual(g["data"], src if isinstance(src, str) else "",
                                 f"{where}: {e['result']} must return the input data unchanged")


if __name__ == "__main__":
    unittest.main()
