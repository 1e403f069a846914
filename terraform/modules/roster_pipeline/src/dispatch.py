"""Roster pipeline, step 2: start the roster workflow when the merged roster changes.

Triggered by EventBridge "Object Created" events under the processed prefix. For the roster
object it sends a repository_dispatch event (DISPATCH_EVENT_TYPE) to GITHUB_REPOSITORY; the
workflow reads the roster version named in client_payload. The GitHub token is read from
Secrets Manager (TOKEN_SECRET_ID): either the token itself or {"token": "..."}. The token
never appears in logs or errors.

boto3 is provided by the Lambda runtime and imported only when no client is injected.
"""

import json
import logging
import os
import re
import urllib.error
import urllib.request

LOG = logging.getLogger(__name__)
LOG.setLevel(logging.INFO)

API = "https://api.github.com"
REPOSITORY = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")
TIMEOUT_SECONDS = 10


class DispatchError(Exception):
    pass


def read_token(secrets, secret_id):
    value = secrets.get_secret_value(SecretId=secret_id).get("SecretString") or ""
    value = value.strip()
    if value.startswith("{"):
        try:
            value = str(json.loads(value).get("token", "")).strip()
        except (ValueError, AttributeError):
            raise DispatchError("secret %s is neither a token nor {\"token\": ...}" % secret_id) from None
    if not value:
        raise DispatchError("secret %s holds no token" % secret_id)
    return value


def build_request(repository, event_type, token, payload):
    if not REPOSITORY.match(repository):
        raise DispatchError("GITHUB_REPOSITORY %r is not owner/name" % repository)
    body = json.dumps({"event_type": event_type, "client_payload": payload}, sort_keys=True).encode("utf-8")
    return urllib.request.Request(
        "%s/repos/%s/dispatches" % (API, repository),
        data=body,
        method="POST",
        headers={
            "Accept": "application/vnd.github+json",
            "Authorization": "Bearer " + token,
            "Content-Type": "application/json",
            "User-Agent": "acme-roster-dispatch",
            "X-GitHub-Api-Version": "2022-11-28",
        },
    )


def send(opener, request):
    try:
        with opener(request, timeout=TIMEOUT_SECONDS) as reply:
            status = reply.status
    except urllib.error.HTTPError as exc:
        detail = exc.read(512).decode("utf-8", "replace")
        try:
            detail = json.loads(detail).get("message", detail)
        except (ValueError, AttributeError):
            pass
        raise DispatchError("GitHub answered %d: %s" % (exc.code, detail)) from None
    except urllib.error.URLError as exc:
        raise DispatchError("GitHub unreachable: %s" % exc.reason) from None
    if status != 204:
        raise DispatchError("GitHub answered %d, expected 204" % status)


def handle(event, secrets, opener, env):
    detail = event.get("detail") or {}
    obj = detail.get("object") or {}
    key = obj.get("key", "")
    if key != env["ROSTER_KEY"]:
        LOG.info(json.dumps({"status": "skipped", "key": key}))
        return {"status": "skipped", "key": key}

    payload = {
        "bucket": (detail.get("bucket") or {}).get("name"),
        "key": key,
        "version_id": obj.get("version-id"),
        "etag": obj.get("etag"),
    }
    token = read_token(secrets, env["TOKEN_SECRET_ID"])
    request = build_request(env["GITHUB_REPOSITORY"], env["DISPATCH_EVENT_TYPE"], token, payload)
    send(opener, request)
    result = {"status": "dispatched", "repository": env["GITHUB_REPOSITORY"], **payload}
    LOG.info(json.dumps(result, sort_keys=True))
    return result


def lambda_handler(event, context, secrets=None, opener=None, env=None):
    if secrets is None:
        import boto3  # provided by the Lambda runtime

        secrets = boto3.client("secretsmanager")
    return handle(event, secrets, opener or urllib.request.urlopen, os.environ if env is None else env)
