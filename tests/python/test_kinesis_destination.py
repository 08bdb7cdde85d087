"""The Kinesis streaming destination custom resource (cfn_response.py + kinesis_destination_
handler.py), as taken from the template of `cargo run --example existing_table` when
FERROCDK_EXISTING_TABLE_TEMPLATE names it. DynamoDB is botocore's Stubber (moto does not implement
these APIs): each expected call is checked against the real service model and its parameters;
the response goes to an HTTP server on 127.0.0.1 and is checked as sent."""
import contextlib
import io
import json
import unittest

from cr_harness import (Context, CustomResourceCase, as_cloudformation_passes_them,
                        template_properties)

TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders"
TABLE2 = "arn:aws:dynamodb:eu-west-1:123456789012:table/Invoices"
STREAM = "arn:aws:kinesis:eu-west-1:123456789012:stream/Changes"
OTHER = "arn:aws:kinesis:eu-west-1:123456789012:stream/AnalyticsFeed"
TOKEN = "arn:aws:lambda:eu-west-1:123456789012:function:Demo-OrdersToChangesHandler-1A2B3C"
ENABLED = TABLE + "|" + STREAM + "|enabled"
ADOPTED = TABLE + "|" + STREAM + "|adopted"
TYPE = "Custom::KinesisStreamingDestination"


def properties(**change):
    """ResourceProperties as CloudFormation passes them: the template's custom resource (when
    the code comes from a template, so property names are the template's), ARNs filled in."""
    from_template = template_properties(TYPE)
    if from_template is None:
        from_template = {"ServiceToken": {"Fn::GetAtt": ["X", "Arn"]}, "ServiceTimeout": 960,
                         "TableArn": {"Ref": "T"}, "StreamArn": {"Ref": "S"},
                         "ApproximateCreationDateTimePrecision": "MILLISECOND",
                         "DisableOnDelete": "true"}
    p = as_cloudformation_passes_them(
        from_template, {"ServiceToken": TOKEN, "TableArn": TABLE, "StreamArn": STREAM})
    p.update(change)
    return p


class DestinationCase(CustomResourceCase):
    CODE = "kinesis_destination"

    def setUp(self):
        super().setUp()
        self.logical_id = "OrdersToChanges"

    def ev(self, kind, props=None, old=None, physical=None):
        return self.event(kind, props if props is not None else properties(), old, physical, TYPE)

    # -- stubbed DynamoDB calls, in the order the code must make them
    def describe(self, *dests, table=TABLE):
        self.stub.add_response(
            "describe_kinesis_streaming_destination",
            {"TableName": table.rsplit("/", 1)[1], "KinesisDataStreamDestinations": [
                dict({"StreamArn": s, "DestinationStatus": st},
                     **({"ApproximateCreationDateTimePrecision": p} if p else {}),
                     **({"DestinationStatusDescription": d} if d else {}))
                for (s, st, p, d) in (tuple(x) + (None,) * (4 - len(x)) for x in dests)]},
            {"TableName": table})

    def enable(self, precision="MILLISECOND", table=TABLE, stream=STREAM):
        self.stub.add_response(
            "enable_kinesis_streaming_destination",
            {"TableName": table.rsplit("/", 1)[1], "StreamArn": stream,
             "DestinationStatus": "ENABLING",
             "EnableKinesisStreamingConfiguration": {
                 "ApproximateCreationDateTimePrecision": precision}},
            {"TableName": table, "StreamArn": stream,
             "EnableKinesisStreamingConfiguration": {
                 "ApproximateCreationDateTimePrecision": precision}})

    def update(self, precision):
        self.stub.add_response(
            "update_kinesis_streaming_destination",
            {"TableName": "Orders", "StreamArn": STREAM, "DestinationStatus": "UPDATING",
             "UpdateKinesisStreamingConfiguration": {
                 "ApproximateCreationDateTimePrecision": precision}},
            {"TableName": TABLE, "StreamArn": STREAM,
             "UpdateKinesisStreamingConfiguration": {
                 "ApproximateCreationDateTimePrecision": precision}})

    def disable(self, table=TABLE, stream=STREAM):
        self.stub.add_response(
            "disable_kinesis_streaming_destination",
            {"TableName": table.rsplit("/", 1)[1], "StreamArn": stream,
             "DestinationStatus": "DISABLING"},
            {"TableName": table, "StreamArn": stream})

    def error(self, method, code, message="", params=None):
        self.stub.add_client_error(method, service_error_code=code, service_message=message,
                                   http_status_code=400, expected_params=params)

    def ok(self, body, physical, reason_has=""):
        self.assertEqual(body["Status"], "SUCCESS", body["Reason"])
        self.assertEqual(body["PhysicalResourceId"], physical)
        self.assertIn(reason_has, body["Reason"])
        self.assert_all_calls_made()

    def failed(self, body, *reason_has):
        self.assertEqual(body["Status"], "FAILED")
        for r in reason_has:
            self.assertIn(r, body["Reason"])
        return body


class Create(DestinationCase):
    def test_enables_waits_for_active_and_marks_the_id_enabled(self):
        self.describe()
        self.enable()
        self.describe((STREAM, "ENABLING", "MILLISECOND"))
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        body = self.invoke(self.ev("Create"))
        self.ok(body, ENABLED, "enabled by this resource")
        self.assertEqual(self.clock.sleeps, [5, 5])

    def test_the_exact_response_put(self):
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        event = self.ev("Create")
        self.invoke(event)
        method, path, headers, raw = self.server.requests[0]
        self.assertEqual(json.loads(raw), {
            "Status": "SUCCESS",
            "Reason": "ACTIVE, enabled before: kept on delete",
            "PhysicalResourceId": ADOPTED,
            "StackId": event["StackId"],
            "RequestId": event["RequestId"],
            "LogicalResourceId": "OrdersToChanges",
        })
        self.assertEqual((headers["Content-Type"], headers["Content-Length"]), ("", str(len(raw))))

    def test_a_destination_already_active_to_this_stream_is_adopted_not_enabled(self):
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.ok(self.invoke(self.ev("Create")), ADOPTED)
        self.assertEqual(self.clock.sleeps, [])

    def test_enabling_is_waited_for_and_adopted(self):
        self.describe((STREAM, "ENABLING"))
        self.describe((STREAM, "ENABLING"))
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.ok(self.invoke(self.ev("Create")), ADOPTED)

    def test_updating_is_waited_for(self):
        self.describe((STREAM, "UPDATING", "MICROSECOND"))
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.ok(self.invoke(self.ev("Create")), ADOPTED)

    def test_disabled_is_enabled_again(self):
        self.describe((STREAM, "DISABLED", "MILLISECOND"))
        self.enable()
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.ok(self.invoke(self.ev("Create")), ENABLED)

    def test_disabling_is_waited_out_then_enabled(self):
        self.describe((STREAM, "DISABLING"))
        self.describe((STREAM, "DISABLED"))
        self.enable()
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.ok(self.invoke(self.ev("Create")), ENABLED)

    def test_an_earlier_enable_failed_is_tried_once_more(self):
        self.describe((STREAM, "ENABLE_FAILED", None, "earlier failure"))
        self.enable()
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.ok(self.invoke(self.ev("Create")), ENABLED)

    def test_enable_failed_after_our_enable_fails_with_the_service_reason(self):
        self.describe()
        self.enable()
        self.describe((STREAM, "ENABLE_FAILED", None, "Kinesis stream is not ACTIVE"))
        body = self.failed(self.invoke(self.ev("Create")), "Kinesis stream is not ACTIVE", STREAM)
        self.assertTrue(body["PhysicalResourceId"].startswith("ferrocdk-create-failed-"))
        self.assert_all_calls_made()

    def test_a_destination_to_another_stream_is_never_replaced(self):
        for status in ("ACTIVE", "ENABLING", "UPDATING"):
            with self.subTest(status=status):
                self.describe((OTHER, status, "MICROSECOND"))
                body = self.failed(self.invoke(self.ev("Create")), OTHER, STREAM, status,
                                   "never replaces")
                self.assertNotIn("|", body["PhysicalResourceId"])
                self.assert_all_calls_made()  # no enable, no disable

    def test_a_disabled_destination_to_another_stream_is_no_obstacle(self):
        self.describe((OTHER, "DISABLED"))
        self.enable()
        self.describe((OTHER, "DISABLED"), (STREAM, "ACTIVE", "MILLISECOND"))
        self.ok(self.invoke(self.ev("Create")), ENABLED)

    def test_precision_is_sent_and_a_different_one_is_updated(self):
        self.describe()
        self.enable("MICROSECOND")
        self.describe((STREAM, "ACTIVE", "MICROSECOND"))
        self.ok(self.invoke(self.ev(
            "Create", properties(ApproximateCreationDateTimePrecision="MICROSECOND"))), ENABLED)

        self.describe((STREAM, "ACTIVE", "MICROSECOND"))
        self.update("MILLISECOND")
        self.describe((STREAM, "UPDATING", "MICROSECOND"))
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.ok(self.invoke(self.ev("Create")), ADOPTED)

    def test_bad_properties_fail_without_calling_aws(self):
        for bad in ({"ApproximateCreationDateTimePrecision": "NANOSECOND"},
                    {"TableArn": "Orders"}, {"StreamArn": ""}):
            with self.subTest(bad=bad):
                self.failed(self.invoke(self.ev("Create", properties(**bad))), "property")
        self.assert_all_calls_made()

    def test_an_unknown_request_type_fails(self):
        self.failed(self.invoke(self.ev("Import", physical=ENABLED)), "unknown RequestType")


class Update(DestinationCase):
    def test_unchanged_properties_keep_the_id_and_change_nothing(self):
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.ok(self.invoke(self.ev("Update", old=properties(), physical=ENABLED)), ENABLED)

    def test_only_disable_on_delete_changed_keeps_the_id_and_calls_nothing_mutating(self):
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        body = self.invoke(self.ev("Update", properties(DisableOnDelete="false"),
                                   old=properties(), physical=ENABLED))
        self.ok(body, ENABLED)

    def test_a_new_precision_is_updated_in_place(self):
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.update("MICROSECOND")
        self.describe((STREAM, "UPDATING", "MILLISECOND"))
        self.describe((STREAM, "ACTIVE", "MICROSECOND"))
        props = properties(ApproximateCreationDateTimePrecision="MICROSECOND")
        self.ok(self.invoke(self.ev("Update", props, old=properties(), physical=ADOPTED)), ADOPTED)

    def test_a_new_stream_on_the_same_table_disables_ours_first_and_gets_a_new_id(self):
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.disable()
        self.describe((STREAM, "DISABLING", "MILLISECOND"))
        self.describe((STREAM, "DISABLED", "MILLISECOND"))
        self.describe((STREAM, "DISABLED", "MILLISECOND"))
        self.enable(stream=OTHER)
        self.describe((STREAM, "DISABLED"), (OTHER, "ACTIVE", "MILLISECOND"))
        body = self.invoke(self.ev("Update", properties(StreamArn=OTHER), old=properties(),
                                   physical=ENABLED))
        self.ok(body, TABLE + "|" + OTHER + "|enabled")

    def test_a_new_stream_where_ours_was_adopted_is_refused(self):
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.failed(self.invoke(self.ev("Update", properties(StreamArn=OTHER), old=properties(),
                                        physical=ADOPTED)), "never replaces", STREAM, OTHER)
        self.assert_all_calls_made()

    def test_a_new_table_leaves_the_old_one_to_the_delete_that_follows(self):
        self.describe(table=TABLE2)
        self.enable(table=TABLE2)
        self.describe((STREAM, "ACTIVE", "MILLISECOND"), table=TABLE2)
        body = self.invoke(self.ev("Update", properties(TableArn=TABLE2), old=properties(),
                                   physical=ENABLED))
        self.ok(body, TABLE2 + "|" + STREAM + "|enabled")
        # CloudFormation then deletes the old ID: that disables the old table's destination.
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.disable()
        self.describe((STREAM, "DISABLED"))
        self.ok(self.invoke(self.ev("Delete", properties(), physical=ENABLED)), ENABLED)

    def test_a_failed_update_keeps_the_old_id(self):
        self.error("describe_kinesis_streaming_destination", "AccessDeniedException", "no")
        body = self.failed(self.invoke(self.ev("Update", old=properties(), physical=ENABLED)),
                           "AccessDeniedException")
        self.assertEqual(body["PhysicalResourceId"], ENABLED)


class Delete(DestinationCase):
    def test_disables_a_destination_it_enabled_and_waits(self):
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.disable()
        self.describe((STREAM, "DISABLING"))
        self.describe((STREAM, "DISABLED"))
        self.ok(self.invoke(self.ev("Delete", physical=ENABLED)), ENABLED, "DISABLED")

    def test_keeps_an_adopted_destination(self):
        self.ok(self.invoke(self.ev("Delete", physical=ADOPTED)), ADOPTED, "kept")

    def test_keeps_its_own_destination_when_disable_on_delete_is_false(self):
        for value in ("false", "False", " FALSE "):
            body = self.invoke(self.ev("Delete", properties(DisableOnDelete=value),
                                       physical=ENABLED))
            self.ok(body, ENABLED, "kept")

    def test_after_a_failed_create_touches_nothing(self):
        self.error("describe_kinesis_streaming_destination", "AccessDeniedException", "denied")
        created = self.failed(self.invoke(self.ev("Create")), "AccessDeniedException")
        # No stubbed call is left: any AWS call now would raise and answer FAILED.
        body = self.invoke(self.ev("Delete", physical=created["PhysicalResourceId"]))
        self.ok(body, created["PhysicalResourceId"], "nothing to do")

    def test_an_id_cloudformation_made_up_touches_nothing(self):
        for physical in ("Demo-OrdersToChanges-1XYZ2ABC", "a|b|enabled"):
            self.ok(self.invoke(self.ev("Delete", physical=physical)), physical, "nothing to do")

    def test_a_table_that_is_gone_is_done(self):
        self.error("describe_kinesis_streaming_destination", "ResourceNotFoundException",
                   "Requested resource not found", {"TableName": TABLE})
        self.ok(self.invoke(self.ev("Delete", physical=ENABLED)), ENABLED, "no longer exists")

    def test_a_destination_still_enabling_is_disabled_once_active(self):
        self.describe((STREAM, "ENABLING"))
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.disable()
        self.describe((STREAM, "DISABLED"))
        self.ok(self.invoke(self.ev("Delete", physical=ENABLED)), ENABLED)

    def test_already_disabled_enable_failed_or_absent_is_done(self):
        for dests in ([(STREAM, "DISABLED")], [(STREAM, "ENABLE_FAILED")], [(OTHER, "ACTIVE")]):
            self.describe(*dests)
            self.ok(self.invoke(self.ev("Delete", physical=ENABLED)), ENABLED)

    def test_disabling_that_outlasts_the_budget_is_still_success(self):
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.disable()
        for _ in range(40):
            self.describe((STREAM, "DISABLING"))
        body = self.invoke(self.ev("Delete", physical=ENABLED), timeout_s=100)
        self.assertEqual(body["Status"], "SUCCESS")
        self.assertIn("DISABLING", body["Reason"])


class Failures(DestinationCase):
    def test_throttling_is_retried_with_backoff(self):
        self.error("describe_kinesis_streaming_destination", "ThrottlingException", "Rate exceeded")
        self.error("describe_kinesis_streaming_destination", "ThrottlingException", "Rate exceeded")
        self.describe()
        self.error("enable_kinesis_streaming_destination", "LimitExceededException", "Too many")
        self.enable()
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        self.ok(self.invoke(self.ev("Create")), ENABLED)
        self.assertEqual(self.clock.sleeps, [1.0, 2.0, 1.0, 5])

    def test_throttling_that_never_ends_fails_after_the_last_attempt(self):
        for _ in range(self.m.MAX_ATTEMPTS):
            self.error("describe_kinesis_streaming_destination", "ThrottlingException", "Rate")
        self.failed(self.invoke(self.ev("Create")), "ThrottlingException")
        self.assertEqual(self.clock.sleeps, [1.0, 2.0, 4.0, 8.0, 16.0])
        self.assert_all_calls_made()

    def test_an_error_midway_still_answers_failed(self):
        self.describe()
        self.enable()
        self.error("describe_kinesis_streaming_destination", "InternalServerFault", "boom")
        self.failed(self.invoke(self.ev("Create")), "InternalServerFault", "boom")
        self.assert_all_calls_made()

    def test_a_python_exception_midway_still_answers_failed(self):
        class Broken:
            def describe_kinesis_streaming_destination(self, **kw):
                return {"KinesisDataStreamDestinations": [{"StreamArn": STREAM}]}

            def enable_kinesis_streaming_destination(self, **kw):
                raise RuntimeError("connection reset")
        self.m._clients["dynamodb"] = Broken()
        self.failed(self.invoke(self.ev("Create")), "RuntimeError: connection reset")

    def test_answers_before_the_lambda_timeout_when_enabling_never_ends(self):
        self.describe()
        self.enable()
        for _ in range(100):
            self.describe((STREAM, "ENABLING"))
        start = self.clock.t
        body = self.failed(self.invoke(self.ev("Create"), timeout_s=120), "out of time", "ENABLING")
        # The work stops RESERVE_S before the timeout, leaving room for the answer.
        self.assertLessEqual(self.clock.t - start, 120 - self.m.RESERVE_S)
        self.assertTrue(body["PhysicalResourceId"].startswith("ferrocdk-create-failed-"))

    def test_the_response_body_stays_within_4096_bytes(self):
        self.error("describe_kinesis_streaming_destination", "ValidationException",
                   "é" * 5000 + "x" * 5000)
        body = self.failed(self.invoke(self.ev("Create")), "ValidationException")
        self.assertTrue(body["Reason"].endswith("..."))
        raw = self.m.body({"StackId": "s" * 600, "RequestId": "r", "LogicalResourceId": "l"},
                          "SUCCESS", "p" * 1024, "why " * 2000, {"Big": "d" * 5000})
        self.assertLessEqual(len(raw), 4096)
        self.assertNotIn("Data", json.loads(raw))

    def test_the_response_put_is_tried_twice(self):
        self.server.statuses = [500]
        self.describe((STREAM, "ACTIVE", "MILLISECOND"))
        with contextlib.redirect_stdout(io.StringIO()):
            self.m.handler(self.ev("Create"), Context(self.clock))
        self.assertEqual(len(self.server.requests), 2)
        self.assertEqual(self.server.requests[0][3], self.server.requests[1][3])
        self.assertEqual(json.loads(self.server.requests[1][3])["Status"], "SUCCESS")


if __name__ == "__main__":
    unittest.main()
