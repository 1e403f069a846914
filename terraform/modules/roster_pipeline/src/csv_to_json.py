"""Roster pipeline, step 1: validate a roster CSV upload and merge it into the roster JSON.

Triggered by EventBridge "Object Created" events for CSV files under the upload prefixes (one
prefix per role: students, mentors). Each upload adds users of its role to the merged roster
at ROSTER_KEY, which the roster workflow turns into IAM users and subnets.

Upload format: UTF-8 CSV with a header row naming the columns "username" and "email" (any
order, any case). Blank lines are ignored.

Guarantees:
  * All-or-nothing: the upload is checked completely first; any problem rejects the whole file
    with a report naming each line and problem, and the roster is not written.
  * Users already in the roster are kept: the current roster is read and the upload is merged
    into it. Re-uploading a user with the same e-mail address changes nothing.
  * Every student keeps the subnet_index first assigned; new students get the next free one.

boto3 is provided by the Lambda runtime and imported only when no S3 client is injected.
"""

import csv
import io
import json
import logging
import os
import re

LOG = logging.getLogger(__name__)
LOG.setLevel(logging.INFO)

ROLES = ("students", "mentors")
COLUMNS = ("username", "email")
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,62}$")
EMAIL = re.compile(r"^[^@\s,;]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
MAX_UPLOAD_BYTES = 1024 * 1024
MAX_SUBNET_INDEX = 250


class RosterError(Exception):
    """An upload (or the stored roster) that cannot be merged; nothing was written."""

    def __init__(self, source, problems):
        self.source = source
        self.problems = problems  # list of (line or None, message)
        super().__init__(self.report())

    def report(self):
        lines = ["%s rejected, roster not changed:" % self.source]
        for line, message in self.problems:
            lines.append("  line %d: %s" % (line, message) if line else "  %s" % message)
        return "\n".join(lines)

    def as_json(self):
        return {
            "source": self.source,
            "problems": [{"line": line, "problem": message} for line, message in self.problems],
        }


def parse_upload(data, source):
    """Returns [(line, {"username", "email"})] or raises RosterError listing every problem."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise RosterError(source, [(None, "file is larger than %d bytes" % MAX_UPLOAD_BYTES)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError(source, [(None, "file is not UTF-8 (byte %d)" % exc.start)]) from None

    problems = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        while header is not None and not any(field.strip() for field in header):
            header = next(reader, None)
        if header is None:
            raise RosterError(source, [(None, "file is empty; expected a header row: username,email")])
        header_line = reader.line_num
        columns = [field.strip().lower() for field in header]
        for name in sorted(set(columns)):
            if columns.count(name) > 1:
                problems.append((header_line, "column %r appears %d times" % (name, columns.count(name))))
        for name in columns:
            if name not in COLUMNS:
                problems.append((header_line, "unknown column %r (expected username, email)" % name))
        for name in COLUMNS:
            if name not in columns:
                problems.append((header_line, "missing column %r" % name))
        if problems:
            raise RosterError(source, problems)

        rows = []
        first_line = {}
        for fields in reader:
            line = reader.line_num
            if not any(field.strip() for field in fields):
                continue
            if len(fields) != len(columns):
                problems.append((line, "expected %d fields, found %d" % (len(columns), len(fields))))
                continue
            user = {name: fields[i].strip().lower() for i, name in enumerate(columns)}
            bad = False
            if not USERNAME.match(user["username"]):
                problems.append(
                    (line, "username %r is not 2-63 characters of a-z 0-9 . _ - starting with a letter" % user["username"])
                )
                bad = True
            if not EMAIL.match(user["email"]):
                problems.append((line, "email %r is not a valid e-mail address" % user["email"]))
                bad = True
            for field in COLUMNS:
                seen = first_line.setdefault((field, user[field]), line)
                if seen != line:
                    problems.append((line, "%s %r repeats line %d" % (field, user[field], seen)))
                    bad = True
            if not bad:
                rows.append((line, user))
    except csv.Error as exc:
        problems.append((reader.line_num, "malformed CSV: %s" % exc))

    if not problems and not rows:
        problems.append((None, "no users in file"))
    if problems:
        raise RosterError(source, problems)
    return rows


def empty_roster():
    return {role: [] for role in ROLES}


def check_roster(roster, source):
    """Validates a stored roster before merging into it, so a damaged one is never built on."""
    problems = []
    if not isinstance(roster, dict) or set(roster) != set(ROLES):
        raise RosterError(source, [(None, "stored roster must be an object with exactly %s" % ", ".join(ROLES))])
    seen = {}
    indices = set()
    for role in ROLES:
        if not isinstance(roster[role], list):
            problems.append((None, "stored roster: %s is not a list" % role))
            continue
        for user in roster[role]:
            if not isinstance(user, dict) or not isinstance(user.get("username"), str) or not isinstance(user.get("email"), str):
                problems.append((None, "stored roster: malformed %s entry %r" % (role, user)))
                continue
            name = user["username"]
            if name in seen:
                problems.append((None, "stored roster: %r listed twice" % name))
            seen[name] = role
            if role == "students":
                index = user.get("subnet_index")
                if not isinstance(index, int) or isinstance(index, bool) or not 1 <= index <= MAX_SUBNET_INDEX or index in indices:
                    problems.append((None, "stored roster: student %r has a bad or repeated subnet_index" % name))
                indices.add(index)
    if problems:
        raise RosterError(source, problems)


def merge(roster, role, rows, source):
    """Returns (merged roster, added names, unchanged names); raises RosterError on conflicts."""
    if role not in ROLES:
        raise ValueError("unknown role %r" % role)
    by_name = {}
    by_email = {}
    for existing_role in ROLES:
        for user in roster[existing_role]:
            by_name[user["username"]] = (existing_role, user)
            by_email[user["email"]] = user["username"]

    problems = []
    added = []
    unchanged = []
    for line, user in rows:
        name, email = user["username"], user["email"]
        if name in by_name:
            existing_role, existing = by_name[name]
            if existing_role != role:
                problems.append((line, "username %r is already in the roster as one of the %s" % (name, existing_role)))
            elif existing["email"] != email:
                problems.append(
                    (line, "username %r is already in the roster with email %r" % (name, existing["email"]))
                )
            else:
                unchanged.append(name)
            continue
        if email in by_email:
            problems.append((line, "email %r already belongs to %r" % (email, by_email[email])))
            continue
        added.append(user)

    merged = {r: [dict(u) for u in roster[r]] for r in ROLES}
    if role == "students":
        next_index = max([u["subnet_index"] for u in merged["students"]], default=0) + 1
        for user in added:
            if next_index > MAX_SUBNET_INDEX:
                problems.append((None, "no subnet left for %r (at most %d students)" % (user["username"], MAX_SUBNET_INDEX)))
                break
            user["subnet_index"] = next_index
            next_index += 1
    if problems:
        raise RosterError(source, problems)

    merged[role].extend(added)
    for r in ROLES:
        merged[r].sort(key=lambda u: u["username"])
    return merged, [u["username"] for u in added], unchanged


def serialize(roster):
    return (json.dumps(roster, indent=2, sort_keys=True) + "\n").encode("utf-8")


def role_of(key, prefixes):
    for role, prefix in prefixes.items():
        if key.startswith(prefix) and len(key) > len(prefix):
            return role
    return None


def is_missing(exc):
    code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
    return code in ("NoSuchKey", "404", "NotFound")


def read_roster(s3, bucket, key):
    try:
        reply = s3.get_object(Bucket=bucket, Key=key)
    except Exception as exc:  # botocore.exceptions.ClientError, without importing botocore
        if is_missing(exc):
            return empty_roster(), None
        raise
    source = "stored roster s3://%s/%s" % (bucket, key)
    try:
        roster = json.loads(reply["Body"].read().decode("utf-8"))
    except ValueError as exc:
        raise RosterError(source, [(None, "stored roster is not valid JSON: %s" % exc)]) from None
    check_roster(roster, source)
    return roster, reply.get("ETag")


def handle(event, s3, env):
    detail = event.get("detail") or {}
    bucket = (detail.get("bucket") or {}).get("name")
    obj = detail.get("object") or {}
    key = obj.get("key", "")
    prefixes = json.loads(env["ROSTER_PREFIXES"])
    roster_bucket, roster_key = env["ROSTER_BUCKET"], env["ROSTER_KEY"]

    role = role_of(key, prefixes)
    if bucket != roster_bucket or role is None or not key.lower().endswith(".csv"):
        LOG.info(json.dumps({"status": "skipped", "bucket": bucket, "key": key}))
        return {"status": "skipped", "key": key}

    source = "upload s3://%s/%s" % (bucket, key)
    request = {"Bucket": bucket, "Key": key}
    if obj.get("version-id"):
        request["VersionId"] = obj["version-id"]
    rows = parse_upload(s3.get_object(**request)["Body"].read(), source)

    roster, _ = read_roster(s3, roster_bucket, roster_key)
    merged, added, unchanged = merge(roster, role, rows, source)
    result = {"status": "unchanged", "role": role, "source": key, "added": added, "unchanged": unchanged}
    if added:
        s3.put_object(
            Bucket=roster_bucket,
            Key=roster_key,
            Body=serialize(merged),
            ContentType="application/json",
            Metadata={"source-key": key[:1024]},
        )
        result["status"] = "merged"
    LOG.info(json.dumps(result, sort_keys=True))
    return result


def lambda_handler(event, context, s3=None, env=None):
    if s3 is None:
        import boto3  # provided by the Lambda runtime

        s3 = boto3.client("s3")
    try:
        return handle(event, s3, os.environ if env is None else env)
    except RosterError as err:
        LOG.error(err.report())
        LOG.error(json.dumps({"status": "rejected", **err.as_json()}, sort_keys=True))
        raise
