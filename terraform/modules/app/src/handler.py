"""HTTP API of the platform application.

Routes (API Gateway HTTP API, payload format 2.0):
  GET /health        status, environment and the deployed artifact digest
  GET /items/{id}    read one item
  PUT /items/{id}    store one item; body: {"value": <any JSON>}

The table client is injected for tests; in Lambda it is a boto3 DynamoDB client created on
first use (boto3 ships with the Lambda runtime and is not packaged).
"""

import base64
import json
import logging
import os
import re

LOG = logging.getLogger(__name__)
LOG.setLevel(logging.INFO)

ITEM_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_BODY_BYTES = 4096


class HttpError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class ItemStore:
    """Items in the application table: {"id": S, "value": S (JSON text)}."""

    def __init__(self, table_name, client=None):
        self.table_name = table_name
        self._client = client

    @property
    def client(self):
        if self._client is None:
            import boto3  # provided by the Lambda runtime

            self._client = boto3.client("dynamodb")
        return self._client

    def get(self, item_id):
        reply = self.client.get_item(
            TableName=self.table_name, Key={"id": {"S": item_id}}, ConsistentRead=True
        )
        item = reply.get("Item")
        if item is None:
            return None
        return json.loads(item["value"]["S"])

    def put(self, item_id, value):
        self.client.put_item(
            TableName=self.table_name,
            Item={"id": {"S": item_id}, "value": {"S": json.dumps(value, sort_keys=True)}},
        )


def response(status, body):
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json", "cache-control": "no-store"},
        "body": json.dumps(body, sort_keys=True),
    }


def request_body(event):
    raw = event.get("body") or ""
    if event.get("isBase64Encoded"):
        try:
            raw = base64.b64decode(raw, validate=True).decode("utf-8")
        except ValueError as exc:
            raise HttpError(400, "body is not valid base64 UTF-8") from exc
    if len(raw.encode("utf-8")) > MAX_BODY_BYTES:
        raise HttpError(413, "body larger than %d bytes" % MAX_BODY_BYTES)
    try:
        doc = json.loads(raw)
    except ValueError as exc:
        raise HttpError(400, "body is not valid JSON") from exc
    if not isinstance(doc, dict) or set(doc) != {"value"}:
        raise HttpError(400, 'body must be an object with exactly one member "value"')
    return doc["value"]


def item_id_of(event):
    item_id = (event.get("pathParameters") or {}).get("id", "")
    if not ITEM_ID.match(item_id):
        raise HttpError(400, "item id must be 1-64 characters of A-Z a-z 0-9 _ -")
    return item_id


def route(event, store, env):
    key = event.get("routeKey", "")
    if key == "GET /health":
        return response(
            200,
            {
                "status": "ok",
                "environment": env.get("APP_ENVIRONMENT", "unknown"),
                "artifact": "sha256:" + env.get("APP_ARTIFACT_SHA256", "unknown"),
            },
        )
    if key == "GET /items/{id}":
        item_id = item_id_of(event)
        value = store.get(item_id)
        if value is None:
            raise HttpError(404, "no item %s" % item_id)
        return response(200, {"id": item_id, "value": value})
    if key == "PUT /items/{id}":
        item_id = item_id_of(event)
        value = request_body(event)
        store.put(item_id, value)
        return response(200, {"id": item_id, "value": value})
    raise HttpError(404, "no route %s" % key)


_STORE = None


def lambda_handler(event, context, store=None, env=None):
    global _STORE
    env = os.environ if env is None else env
    if store is None:
        if _STORE is None:
            _STORE = ItemStore(env["APP_TABLE_NAME"])
        store = _STORE
    try:
        return route(event, store, env)
    except HttpError as err:
        return response(err.status, {"error": err.message})
    except Exception:  # never leak internals to the caller
        LOG.exception("unhandled error for route %s", event.get("routeKey"))
        return response(500, {"error": "internal error"})
