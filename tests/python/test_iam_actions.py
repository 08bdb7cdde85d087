"""Every action ferrocdk grants exists and can be granted on the ARNs it is granted on.

An action that supports no resource-level permission (IAM evaluates it against "*" only, e.g.
dynamodb:ListStreams) is never granted by a statement scoped to ARNs: such a grant is dead, and
a reader of the policy would believe the role has it. The catalogue is cfn-lint's copy of the
Service Authorization Reference (cfnlint/data/AdditionalSpecs/Policies.json): for each service
prefix, each action (lower case) with the resource types it supports.

The templates are the reviewed snapshots (snapshots/*.snap), which cover every construct.
"""
import json
import os
import pathlib
import unittest

import cfnlint

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATALOGUE = pathlib.Path(cfnlint.__file__).parent / "data" / "AdditionalSpecs" / "Policies.json"


def snapshots():
    for snap in sorted((ROOT / "snapshots").glob("*.snap")):
        text = snap.read_text(encoding="utf-8")
        end = text.index("\n---\n", 4)
        yield snap.name, json.loads(text[end + 5:])


def allow_statements(template):
    """(logical id, statement) of every Allow statement of every AWS::IAM::Policy."""
    for lid, res in (template.get("Resources") or {}).items():
        if res.get("Type") != "AWS::IAM::Policy":
            continue
        doc = (res.get("Properties") or {}).get("PolicyDocument") or {}
        for st in doc.get("Statement") or []:
            if st.get("Effect") == "Allow":
                yield lid, st


def as_list(v):
    return v if isinstance(v, list) else [v]


class GrantedActions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(CATALOGUE, encoding="utf-8") as f:
            cls.catalogue = json.load(f)

    def resource_types(self, action):
        """The resource types `action` supports, or None when the catalogue does not know it."""
        service, _, name = action.partition(":")
        actions = (self.catalogue.get(service) or {}).get("Actions") or {}
        entry = actions.get(name.lower())
        if entry is None:
            return None
        return entry.get("Resources") or []

    def test_every_granted_action_exists_and_supports_the_arns_it_is_granted_on(self):
        checked = 0
        for snap, template in snapshots():
            for lid, st in allow_statements(template):
                scoped = all(r != "*" for r in as_list(st.get("Resource")))
                for action in as_list(st.get("Action")):
                    with self.subTest(snapshot=snap, policy=lid, action=action):
                        types = self.resource_types(action)
                        self.assertIsNotNone(types, f"{action} is not an IAM action")
                        if scoped:
                            self.assertTrue(
                                types,
                                f"{action} supports no resource-level permission: scoped to "
                                f"ARNs it grants nothing (grant it on '*' or not at all)",
                            )
                    checked += 1
        self.assertGreater(checked, 50)

    def test_the_catalogue_knows_a_dead_grant_when_it_sees_one(self):
        self.assertEqual(self.resource_types("dynamodb:ListStreams"), [])
        self.assertEqual(self.resource_types("dynamodb:GetRecords"), ["stream"])
        self.assertIsNone(self.resource_types("dynamodb:NoSuchAction"))


if __name__ == "__main__":
    unittest.main()
