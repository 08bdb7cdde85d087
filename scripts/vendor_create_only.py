"""Writes crates/core/data/create_only_properties.json from the resource schemas bundled in
the installed cfn-lint (pinned in requirements-dev.txt): for every resource type ferrocdk
emits (and the few it is expected to emit next), the schema's createOnlyProperties and
conditionalCreateOnlyProperties, which `ferrocdk diff` reads as replacement triggers.

Run it with the venv's Python after bumping cfn-lint, then review the diff of the JSON file:
    .venv/bin/python scripts/vendor_create_only.py
tests/python/test_create_only_properties.py checks that the file matches the installed
cfn-lint, so a bump without regenerating fails the tests.
"""
import datetime
import json
import pathlib
import sys

import cfnlint

OUT = pathlib.Path(__file__).resolve().parent.parent / "crates/core/data/create_only_properties.json"

# Every type a construct of crates/aws emits (a Rust test checks this list against the
# sources and the snapshots), then the types of aws-facts-2 D1 that planned constructs emit.
TYPES = [
    "AWS::CloudWatch::Alarm",
    "AWS::CloudWatch::Dashboard",
    "AWS::DynamoDB::Table",
    "AWS::IAM::Policy",
    "AWS::IAM::Role",
    "AWS::Kinesis::Stream",
    "AWS::KinesisFirehose::DeliveryStream",
    "AWS::Lambda::EventSourceMapping",
    "AWS::Lambda::Function",
    "AWS::Logs::LogGroup",
    "AWS::Logs::LogStream",
    "AWS::S3::Bucket",
    "AWS::S3::BucketPolicy",
    "AWS::SNS::Topic",
    "AWS::SQS::Queue",
    "AWS::SQS::QueuePolicy",
    # planned: existing tables (custom resource), customer keys, query layer, backfill
    "AWS::CloudFormation::CustomResource",
    "AWS::KMS::Key",
    "AWS::KMS::Alias",
    "AWS::Glue::Database",
    "AWS::Glue::Table",
    "AWS::Athena::WorkGroup",
    "AWS::Athena::NamedQuery",
    "AWS::StepFunctions::StateMachine",
]


def schemas_dir() -> pathlib.Path:
    return pathlib.Path(cfnlint.__file__).parent / "data" / "schemas"


def schema_date() -> str:
    return json.loads((schemas_dir() / "version.json").read_text(encoding="utf-8"))["schema_date"]


def provider_map() -> dict:
    """Type -> schema hash. cfn-lint 1.58 keeps one file per region mapping each type to
    resources/<hash>.json (the older providers/us_east_1/aws-*.json layout is gone)."""
    return json.loads((schemas_dir() / "providers" / "us-east-1.json").read_text(encoding="utf-8"))


def entry(type_name: str, providers: dict) -> dict:
    digest = providers[type_name]
    schema = json.loads((schemas_dir() / "resources" / f"{digest}.json").read_text(encoding="utf-8"))
    return {
        "schema": digest,
        "createOnlyProperties": schema.get("createOnlyProperties", []),
        "conditionalCreateOnlyProperties": schema.get("conditionalCreateOnlyProperties", []),
    }


def build() -> dict:
    providers = provider_map()
    return {
        "source": (
            f"cfn-lint {version()} (PyPI), "
            "package data cfnlint/data/schemas: providers/us-east-1.json maps each type to "
            "resources/<schema>.json; upstream "
            "https://github.com/aws-cloudformation/cfn-lint/tree/main/src/cfnlint/data/schemas"
        ),
        "cfnLint": version(),
        "schemaDate": schema_date(),
        "regenerate": "scripts/vendor_create_only.py",
        "types": {t: entry(t, providers) for t in TYPES},
    }


def version() -> str:
    from importlib.metadata import version as v

    return v("cfn-lint")


def main() -> int:
    data = build()
    data["vendored"] = datetime.date.today().isoformat()
    if OUT.exists():
        old = json.loads(OUT.read_text(encoding="utf-8"))
        # Keep the vendoring date when nothing else changed, so a rerun is not a diff.
        if {k: v for k, v in old.items() if k != "vendored"} == {
            k: v for k, v in data.items() if k != "vendored"
        }:
            data["vendored"] = old["vendored"]
    ordered = {k: data[k] for k in ["source", "cfnLint", "schemaDate", "vendored", "regenerate", "types"]}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(TYPES)} types from cfn-lint {data['cfnLint']} (schemas {data['schemaDate']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
