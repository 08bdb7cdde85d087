"""The table stream lookup custom resource (cfn_response.py + stream_lookup_handler.py), as taken
from the template of `cargo run --example existing_table_streams` when
FERROCDK_EXISTING_STREAMS_TEMPLATE names it. DescribeTable is botocore's Stubber; the response
goes to an HTTP server on 127.0.0.1 and is checked as sent."""
import unittest

from cr_harness import CustomResourceCase, as_cloudformation_passes_them, template_properties

TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders"
STREAM = TABLE + "/stream/2024-11-18T10:09:15.370"
TOKEN = "arn:aws:lambda:eu-west-1:123456789012:function:Demo-OrdersStreamHandler-1A2B3C"
TYPE = "Custom::TableStream"
COMMAND = ("aws dynamodb update-table --table-name Orders --stream-specification "
           "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES")


def properties(**change):
    t = template_properties(TYPE)
    if t is None:
        t = {"ServiceToken": {"Fn::GetAtt": ["X", "Arn"]}, "ServiceTimeout": 960,
             "TableArn": {"Ref": "T"}, "TableName": "Orders",
             "StreamViewType": "NEW_AND_OLD_IMAGES"}
    p = as_cloudformation_passes_them(t, {"ServiceToken": TOKEN, "TableArn": TABLE,
                                          "TableName": "Orders"})
    p.update(change)
    return p


class Lookup(CustomResourceCase):
    CODE = "stream_lookup"

    def setUp(self):
        super().setUp()
        self.logical_id = "OrdersStream"

    def ev(self, kind, props=None, physical=None, old=None):
        return self.event(kind, props if props is not None else properties(), old, physical, TYPE)

    def table(self, stream=True, view="NEW_AND_OLD_IMAGES"):
        t = {"TableName": "Orders", "TableArn": TABLE, "TableStatus": "ACTIVE"}
        if stream:
            t.update(StreamSpecification={"StreamEnabled": True, "StreamViewType": view},
                     LatestStreamArn=STREAM, LatestStreamLabel=STREAM.rsplit("/", 1)[1])
        self.stub.add_response("describe_table", {"Table": t}, {"TableName": TABLE})

    def test_reads_the_stream_arn_into_the_id_and_data(self):
        self.table()
        body = self.invoke(self.ev("Create"))
        self.assertEqual(body["Status"], "SUCCESS", body["Reason"])
        self.assertEqual(body["PhysicalResourceId"], STREAM)
        self.assertEqual(body["Data"], {"StreamArn": STREAM, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        self.assert_all_calls_made()

    def test_update_reads_again(self):
        self.table()
        body = self.invoke(self.ev("Update", physical=STREAM, old=properties()))
        self.assertEqual((body["Status"], body["PhysicalResourceId"]), ("SUCCESS", STREAM))
        self.assert_all_calls_made()

    def test_a_table_without_a_stream_fails_with_the_command_that_turns_it_on(self):
        self.table(stream=False)
        body = self.invoke(self.ev("Create"))
        self.assertEqual(body["Status"], "FAILED")
        self.assertIn(COMMAND, body["Reason"])
        self.assertTrue(body["PhysicalResourceId"].startswith("ferrocdk-create-failed-"))
        self.assert_all_calls_made()

    def test_another_view_type_fails_naming_both(self):
        self.table(view="KEYS_ONLY")
        body = self.invoke(self.ev("Create"))
        self.assertEqual(body["Status"], "FAILED")
        self.assertIn("carries KEYS_ONLY, this stack expects NEW_AND_OLD_IMAGES", body["Reason"])

    def test_the_expected_view_type_comes_from_the_properties(self):
        self.table(view="NEW_IMAGE")
        body = self.invoke(self.ev("Create", properties(StreamViewType="NEW_IMAGE")))
        self.assertEqual(body["Status"], "SUCCESS", body["Reason"])

    def test_delete_touches_nothing_even_after_a_failed_create(self):
        self.stub.add_client_error("describe_table", "ResourceNotFoundException", "not found")
        created = self.invoke(self.ev("Create"))
        self.assertEqual(created["Status"], "FAILED")
        self.assertIn("ResourceNotFoundException", created["Reason"])
        for physical in (created["PhysicalResourceId"], STREAM):
            body = self.invoke(self.ev("Delete", physical=physical))
            self.assertEqual(body["Status"], "SUCCESS")
        self.assert_all_calls_made()

    def test_throttling_is_retried(self):
        self.stub.add_client_error("describe_table", "ThrottlingException", "Rate exceeded")
        self.table()
        body = self.invoke(self.ev("Create"))
        self.assertEqual(body["Status"], "SUCCESS", body["Reason"])
        self.assertEqual(self.clock.sleeps, [1.0])

    def test_bad_properties_fail_without_calling_aws(self):
        body = self.invoke(self.ev("Create", properties(StreamViewType="EVERYTHING")))
        self.assertEqual(body["Status"], "FAILED")
        self.assertIn("StreamViewType", body["Reason"])
        self.assert_all_calls_made()


if __name__ == "__main__":
    unittest.main()
