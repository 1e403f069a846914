import base64
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import handler  # noqa: E402


class FakeDynamo:
    def __init__(self):
        self.items = {}

    def get_item(self, TableName, Key, ConsistentRead):
        item = self.items.get((TableName, Key["id"]["S"]))
        return {"Item": item} if item else {}

    def put_item(self, TableName, Item):
        self.items[(TableName, Item["id"]["S"])] = Item


ENV = {"APP_ENVIRONMENT": "dev", "APP_ARTIFACT_SHA256": "ab" * 32, "APP_TABLE_NAME": "t"}


def call(route_key, item_id=None, body=None, b64=False, store=None):
    event = {"routeKey": route_key}
    if item_id is not None:
        event["pathParameters"] = {"id": item_id}
    if body is not None:
        event["body"] = base64.b64encode(body.encode()).decode() if b64 else body
        event["isBase64Encoded"] = b64
    store = store or handler.ItemStore("t", FakeDynamo())
    reply = handler.lambda_handler(event, None, store=store, env=ENV)
    return reply["statusCode"], json.loads(reply["body"])


class HandlerTest(unittest.TestCase):
    def test_health_reports_environment_and_artifact(self):
        status, body = call("GET /health")
        self.assertEqual(status, 200)
        self.assertEqual(body, {"status": "ok", "environment": "dev", "artifact": "sha256:" + "ab" * 32})

    def test_put_then_get_round_trips(self):
        store = handler.ItemStore("t", FakeDynamo())
        status, _ = call("PUT /items/{id}", "a-1", '{"value": {"n": 1}}', store=store)
        self.assertEqual(status, 200)
        status, body = call("GET /items/{id}", "a-1", store=store)
        self.assertEqual((status, body), (200, {"id": "a-1", "value": {"n": 1}}))

    def test_base64_body_is_decoded(self):
        status, body = call("PUT /items/{id}", "b", '{"value": "x"}', b64=True)
        self.assertEqual((status, body["value"]), (200, "x"))

    def test_missing_item_is_404(self):
        status, body = call("GET /items/{id}", "nope")
        self.assertEqual(status, 404)
        self.assertIn("nope", body["error"])

    def test_bad_item_id_is_400(self):
        status, _ = call("GET /items/{id}", "../etc")
        self.assertEqual(status, 400)

    def test_bad_bodies_are_400(self):
        for body in ["not json", "[1]", '{"value": 1, "extra": 2}', "{}"]:
            with self.subTest(body=body):
                status, _ = call("PUT /items/{id}", "x", body)
                self.assertEqual(status, 400)

    def test_oversized_body_is_413(self):
        status, _ = call("PUT /items/{id}", "x", json.dumps({"value": "a" * 5000}))
        self.assertEqual(status, 413)

    def test_unknown_route_is_404(self):
        status, _ = call("DELETE /items/{id}", "x")
        self.assertEqual(status, 404)

    def test_store_failure_is_500_without_details(self):
        class Broken:
            def get_item(self, **_):
                raise RuntimeError("secret detail")

        with self.assertLogs(handler.LOG, "ERROR"):
            status, body = call("GET /items/{id}", "x", store=handler.ItemStore("t", Broken()))
        self.assertEqual((status, body), (500, {"error": "internal error"}))


if __name__ == "__main__":
    unittest.main()
