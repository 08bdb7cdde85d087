"""The replacement data `ferrocdk diff` vendors (crates/core/data/create_only_properties.json)
agrees with the resource schemas bundled in the pinned cfn-lint: same version, same schema
date, and for every vendored type the same schema file, createOnlyProperties and
conditionalCreateOnlyProperties. Regenerate with scripts/vendor_create_only.py."""
import json
import pathlib
import unittest
from importlib.metadata import version

import cfnlint

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = json.loads((ROOT / "crates/core/data/create_only_properties.json").read_text(encoding="utf-8"))
SCHEMAS = pathlib.Path(cfnlint.__file__).parent / "data" / "schemas"


def schema_of(type_name):
    providers = json.loads((SCHEMAS / "providers" / "us-east-1.json").read_text(encoding="utf-8"))
    digest = providers[type_name]
    return digest, json.loads((SCHEMAS / "resources" / f"{digest}.json").read_text(encoding="utf-8"))


class VendoredCreateOnlyProperties(unittest.TestCase):
    def test_names_the_installed_cfn_lint_and_its_schema_date(self):
        self.assertEqual(DATA["cfnLint"], version("cfn-lint"))
        self.assertIn(f"cfn-lint {DATA['cfnLint']}", DATA["source"])
        stamp = json.loads((SCHEMAS / "version.json").read_text(encoding="utf-8"))["schema_date"]
        self.assertEqual(DATA["schemaDate"], stamp)
        self.assertRegex(DATA["vendored"], r"^\d{4}-\d{2}-\d{2}$")

    def test_every_type_matches_its_bundled_schema(self):
        self.assertGreaterEqual(len(DATA["types"]), 16)
        for type_name, vendored in DATA["types"].items():
            with self.subTest(type_name):
                digest, schema = schema_of(type_name)
                self.assertEqual(schema["typeName"], type_name)
                self.assertEqual(vendored["schema"], digest)
                self.assertEqual(vendored["createOnlyProperties"], schema.get("createOnlyProperties", []))
                self.assertEqual(
                    vendored["conditionalCreateOnlyProperties"],
                    schema.get("conditionalCreateOnlyProperties", []),
                )

    def test_pointers_are_plain_property_paths(self):
        # The Rust side resolves /properties/A/B by member names; it does not expand wildcards
        # or array indexes, so a schema that starts using them must be handled there first.
        for type_name, vendored in DATA["types"].items():
            for pointer in vendored["createOnlyProperties"] + vendored["conditionalCreateOnlyProperties"]:
                with self.subTest(type_name, pointer=pointer):
                    self.assertRegex(pointer, r"^/properties(/[A-Za-z][A-Za-z0-9]*)+$")

    def test_the_known_replacement_triggers_are_there(self):
        # aws-facts-2 D1, read from the same schemas by hand.
        t = DATA["types"]
        self.assertIn("/properties/TableName", t["AWS::DynamoDB::Table"]["createOnlyProperties"])
        self.assertEqual(t["AWS::DynamoDB::Table"]["conditionalCreateOnlyProperties"], ["/properties/KeySchema"])
        self.assertIn("/properties/KinesisStreamSourceConfiguration",
                      t["AWS::KinesisFirehose::DeliveryStream"]["createOnlyProperties"])
        self.assertIn("/properties/EventSourceArn", t["AWS::Lambda::EventSourceMapping"]["createOnlyProperties"])
        self.assertEqual(t["AWS::KMS::Key"]["createOnlyProperties"], [])


if __name__ == "__main__":
    unittest.main()
