"""Loads ferrocdk's built-in inline Python as modules.

load(): the Firehose transformation. Source: if FERROCDK_TEMPLATE names a synthesized
CloudFormation template (JSON), the Code.ZipFile of the AWS::Lambda::Function whose code contains
MARKER (and not FORWARDER_MARKER) -- so the tests run the exact code from the template. Otherwise
shape.py + transform_handler.py joined the way the construct does it
(crates/aws/src/lambda/builtin.rs adds a newline after shape.py only if it lacks one).

load_forwarder(): the DynamoDB Streams forwarder, the same way: from the function whose
Code.ZipFile contains FORWARDER_MARKER in the template named by FERROCDK_STREAMS_TEMPLATE (the
output of `cargo run --example dynamodb_streams_pipeline`), else shape.py + forwarder_handler.py.
forwarder_environment(): that function's environment variables whose values are plain strings in
the template (e.g. FERROCDK_ERROR_PREFIX), or {} without a template.

fresh_custom_resource(name): the built-in custom resources (existing tables), the same way, from
FERROCDK_EXISTING_TABLE_TEMPLATE / FERROCDK_EXISTING_STREAMS_TEMPLATE.
"""
import json
import os
import sys
import types

MARKER = "ferrocdk:dynamodb-changes"  # shape.py's header: in both functions' code
FORWARDER_MARKER = "ferrocdk:dynamodb-streams-forwarder"  # forwarder_handler.py's header
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CODE_DIR = os.path.join(ROOT, "crates", "aws", "src", "lambda", "code")


def _function(path, marker, exclude, var):
    """(logical ID, properties) of the first function whose code has marker (and not exclude)."""
    with open(path, encoding="utf-8") as f:
        template = json.load(f)
    for lid, res in (template.get("Resources") or {}).items():
        if not isinstance(res, dict) or res.get("Type") != "AWS::Lambda::Function":
            continue
        props = res.get("Properties") or {}
        code = (props.get("Code") or {}).get("ZipFile")
        if isinstance(code, str) and marker in code and not (exclude and exclude in code):
            return lid, props
    raise RuntimeError(f"{var}={path}: no AWS::Lambda::Function whose "
                       f"Code.ZipFile contains {marker!r}")


def _from_template(path, marker=MARKER, exclude=FORWARDER_MARKER, var="FERROCDK_TEMPLATE"):
    lid, props = _function(path, marker, exclude, var)
    return props["Code"]["ZipFile"], f"template {path} (resource {lid})"


def _from_files(handler_file):
    parts = []
    for name in ("shape.py", handler_file):
        with open(os.path.join(CODE_DIR, name), encoding="utf-8") as f:
            parts.append(f.read())
    shape, handler = parts
    if not shape.endswith("\n"):
        shape += "\n"
    return shape + handler, f"{CODE_DIR}/shape.py + {handler_file} (concatenated)"


def source():
    """(code text, description of where it came from) of the transformation."""
    tpl = os.environ.get("FERROCDK_TEMPLATE")
    if tpl:
        return _from_template(tpl)
    return _from_files("transform_handler.py")


def forwarder_source():
    """(code text, description of where it came from) of the DynamoDB Streams forwarder."""
    tpl = os.environ.get("FERROCDK_STREAMS_TEMPLATE")
    if tpl:
        return _from_template(tpl, FORWARDER_MARKER, None, "FERROCDK_STREAMS_TEMPLATE")
    return _from_files("forwarder_handler.py")


def forwarder_environment():
    """The forwarder's environment variables with plain-string values in the template named by
    FERROCDK_STREAMS_TEMPLATE ({} when it is not set)."""
    tpl = os.environ.get("FERROCDK_STREAMS_TEMPLATE")
    if not tpl:
        return {}
    _, props = _function(tpl, FORWARDER_MARKER, None, "FERROCDK_STREAMS_TEMPLATE")
    variables = (props.get("Environment") or {}).get("Variables") or {}
    return {k: v for k, v in variables.items() if isinstance(v, str)}


# The built-in custom resources: (env var naming a template, marker in the handler's header,
# handler file). Their code is cfn_response.py followed by the handler file.
CUSTOM_RESOURCES = {
    "kinesis_destination": ("FERROCDK_EXISTING_TABLE_TEMPLATE",
                            "ferrocdk:kinesis-streaming-destination",
                            "kinesis_destination_handler.py"),
    "stream_lookup": ("FERROCDK_EXISTING_STREAMS_TEMPLATE", "ferrocdk:table-stream-lookup",
                      "stream_lookup_handler.py"),
}


def custom_resource_source(name):
    """(code text, where it came from) of a built-in custom resource's handler: from the
    template named by its env var (the output of `cargo run --example existing_table` or
    `existing_table_streams`) when set, else cfn_response.py + the handler file."""
    var, marker, handler_file = CUSTOM_RESOURCES[name]
    tpl = os.environ.get(var)
    if tpl:
        return _from_template(tpl, marker, None, var)
    parts = []
    for f in ("cfn_response.py", handler_file):
        with open(os.path.join(CODE_DIR, f), encoding="utf-8") as fh:
            parts.append(fh.read())
    head, handler = parts
    if not head.endswith("\n"):
        head += "\n"
    return head + handler, f"{CODE_DIR}/cfn_response.py + {handler_file} (concatenated)"


def fresh_custom_resource(name):
    """A new module of the custom resource's code (tests replace its seams: _clients, _sleep,
    _now), so no test sees another's clients or clock."""
    return _module(name, *custom_resource_source(name))


_ANNOUNCED = set()


def _module(what, code, where):
    if what not in _ANNOUNCED:
        _ANNOUNCED.add(what)
        print(f"ferrocdk_code: {what} code from {where}", file=sys.stderr)
    mod = types.ModuleType("ferrocdk_inline_index")
    mod.__file__ = "index.py"
    exec(compile(code, "index.py", "exec"), mod.__dict__)
    if not callable(getattr(mod, "handler", None)):
        raise RuntimeError(f"{where}: the code defines no handler(event, context)")
    return mod


_MODULE = None
_FORWARDER = None


def load():
    """The transformation code as a module (loaded once per process); it exposes handler()."""
    global _MODULE
    if _MODULE is None:
        _MODULE = _module("transformation", *source())
    return _MODULE


def load_forwarder():
    """The forwarder code as a module (loaded once per process); it exposes handler() and the
    seams _client (the Firehose client, created lazily when None) and _sleep."""
    global _FORWARDER
    if _FORWARDER is None:
        _FORWARDER = _module("forwarder", *forwarder_source())
    return _FORWARDER
