"""Loads ferrocdk's built-in Firehose transformation code as a module.

Source: if FERROCDK_TEMPLATE names a synthesized CloudFormation template (JSON), the Code.ZipFile
of the AWS::Lambda::Function whose code contains the marker below -- so the tests run the exact
code from the template. Otherwise shape.py + transform_handler.py joined the way
the construct does it (crates/aws/src/lambda/builtin.rs adds a newline after shape.py only if it
lacks one).
"""
import json
import os
import sys
import types

MARKER = "ferrocdk:dynamodb-changes"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CODE_DIR = os.path.join(ROOT, "crates", "aws", "src", "lambda", "code")


def _from_template(path):
    with open(path, encoding="utf-8") as f:
        template = json.load(f)
    found = []
    for lid, res in (template.get("Resources") or {}).items():
        if not isinstance(res, dict) or res.get("Type") != "AWS::Lambda::Function":
            continue
        code = ((res.get("Properties") or {}).get("Code") or {}).get("ZipFile")
        if isinstance(code, str) and MARKER in code:
            found.append((lid, code))
    if not found:
        raise RuntimeError(f"FERROCDK_TEMPLATE={path}: no AWS::Lambda::Function whose "
                           f"Code.ZipFile contains {MARKER!r}")
    lid, code = found[0]
    return code, f"template {path} (resource {lid})"


def source():
    """(code text, description of where it came from)."""
    tpl = os.environ.get("FERROCDK_TEMPLATE")
    if tpl:
        return _from_template(tpl)
    parts = []
    for name in ("shape.py", "transform_handler.py"):
        with open(os.path.join(CODE_DIR, name), encoding="utf-8") as f:
            parts.append(f.read())
    shape, handler = parts
    if not shape.endswith("\n"):
        shape += "\n"
    return shape + handler, f"{CODE_DIR}/shape.py + transform_handler.py (concatenated)"


_MODULE = None


def load():
    """The inline code as a module (loaded once per process); it exposes handler()."""
    global _MODULE
    if _MODULE is None:
        code, where = source()
        print(f"ferrocdk_code: transformation code from {where}", file=sys.stderr)
        mod = types.ModuleType("ferrocdk_inline_index")
        mod.__file__ = "index.py"
        exec(compile(code, "index.py", "exec"), mod.__dict__)
        if not callable(getattr(mod, "handler", None)):
            raise RuntimeError(f"{where}: the code defines no handler(event, context)")
        _MODULE = mod
    return _MODULE
