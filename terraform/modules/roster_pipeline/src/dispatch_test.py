import io
import json
import os
import sys
import unittest
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dispatch  # noqa: E402

ROSTER_KEY = "pipeline_data/processed/roster.json"
ENV = {
    "GITHUB_REPOSITORY": "acme/platform",
    "DISPATCH_EVENT_TYPE": "roster-updated",
    "TOKEN_SECRET_ID": "acme/platform/roster-dispatch-token",
    "ROSTER_KEY": ROSTER_KEY,
}
TOKEN = "ghp_exampletokenvalue"


class FakeSecrets:
    def __init__(self, value):
        self.value = value
        self.asked = []

    def get_secret_value(self, SecretId):
        self.asked.append(SecretId)
        return {"SecretString": self.value}


class Reply:
    def __init__(self, status):
        self.status = status

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeOpener:
    def __init__(self, status=204, error=None):
        self.status = status
        self.error = error
        self.requests = []

    def __call__(self, request, timeout):
        self.requests.append((request, timeout))
        if self.error:
            raise self.error
        return Reply(self.status)


def roster_event(key=ROSTER_KEY):
    return {
        "detail": {
            "bucket": {"name": "acme-roster-333333333333"},
            "object": {"key": key, "version-id": "v3", "etag": "abc"},
        }
    }


class DispatchTest(unittest.TestCase):
    def run_handler(self, secret=TOKEN, opener=None, event=None):
        opener = opener or FakeOpener()
        secrets = FakeSecrets(secret)
        result = dispatch.lambda_handler(event or roster_event(), None, secrets=secrets, opener=opener, env=ENV)
        return result, opener, secrets

    def test_sends_repository_dispatch(self):
        result, opener, secrets = self.run_handler()
        self.assertEqual(result["status"], "dispatched")
        self.assertEqual(secrets.asked, ["acme/platform/roster-dispatch-token"])
        request, timeout = opener.requests[0]
        self.assertEqual(request.full_url, "https://api.github.com/repos/acme/platform/dispatches")
        self.assertEqual(request.get_method(), "POST")
        self.assertEqual(request.get_header("Authorization"), "Bearer " + TOKEN)
        self.assertEqual(request.get_header("Accept"), "application/vnd.github+json")
        self.assertEqual(
            json.loads(request.data),
            {
                "event_type": "roster-updated",
                "client_payload": {
                    "bucket": "acme-roster-333333333333",
                    "key": ROSTER_KEY,
                    "version_id": "v3",
                    "etag": "abc",
                },
            },
        )
        self.assertLessEqual(timeout, 30)

    def test_token_from_json_secret(self):
        _, opener, _ = self.run_handler(secret=json.dumps({"token": TOKEN}))
        self.assertEqual(opener.requests[0][0].get_header("Authorization"), "Bearer " + TOKEN)

    def test_other_objects_are_skipped(self):
        result, opener, secrets = self.run_handler(event=roster_event("pipeline_data/processed/other.json"))
        self.assertEqual(result["status"], "skipped")
        self.assertEqual((opener.requests, secrets.asked), ([], []))

    def test_empty_secret(self):
        for value in ["", "  ", '{"token": ""}', "{not json"]:
            with self.subTest(value=value):
                with self.assertRaises(dispatch.DispatchError):
                    self.run_handler(secret=value)

    def test_github_error_is_reported_without_token(self):
        error = urllib.error.HTTPError(
            "https://api.github.com/repos/acme/platform/dispatches",
            401,
            "Unauthorized",
            {},
            io.BytesIO(b'{"message": "Bad credentials"}'),
        )
        with self.assertRaises(dispatch.DispatchError) as caught:
            self.run_handler(opener=FakeOpener(error=error))
        self.assertEqual(str(caught.exception), "GitHub answered 401: Bad credentials")
        self.assertNotIn(TOKEN, str(caught.exception))

    def test_unexpected_status(self):
        with self.assertRaises(dispatch.DispatchError):
            self.run_handler(opener=FakeOpener(status=200))

    def test_network_error(self):
        with self.assertRaises(dispatch.DispatchError) as caught:
            self.run_handler(opener=FakeOpener(error=urllib.error.URLError("timed out")))
        self.assertIn("unreachable", str(caught.exception))

    def test_bad_repository_setting(self):
        with self.assertRaises(dispatch.DispatchError):
            dispatch.build_request("acme/*", "roster-updated", TOKEN, {})


if __name__ == "__main__":
    unittest.main()
