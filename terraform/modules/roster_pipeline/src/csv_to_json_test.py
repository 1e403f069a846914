import io
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import csv_to_json  # noqa: E402

BUCKET = "acme-roster-333333333333"
ROSTER_KEY = "pipeline_data/processed/roster.json"
PREFIXES = {
    "students": "pipeline_data/provision/new_account/new_users/students/",
    "mentors": "pipeline_data/provision/new_account/new_users/mentors/",
}
ENV = {"ROSTER_BUCKET": BUCKET, "ROSTER_KEY": ROSTER_KEY, "ROSTER_PREFIXES": json.dumps(PREFIXES)}


class ClientError(Exception):
    """Shaped like botocore's ClientError."""

    def __init__(self, code):
        super().__init__(code)
        self.response = {"Error": {"Code": code}}


class FakeS3:
    def __init__(self, objects=None):
        self.objects = dict(objects or {})
        self.puts = []
        self.gets = []

    def get_object(self, Bucket, Key, VersionId=None):
        self.gets.append((Bucket, Key, VersionId))
        if (Bucket, Key) not in self.objects:
            raise ClientError("NoSuchKey")
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)]), "ETag": '"e"'}

    def put_object(self, Bucket, Key, Body, ContentType, Metadata):
        self.puts.append((Bucket, Key))
        self.objects[(Bucket, Key)] = Body

    def roster(self):
        return json.loads(self.objects[(BUCKET, ROSTER_KEY)])


def event(role, name, bucket=BUCKET, version=None):
    key = PREFIXES[role] + name if role else name
    obj = {"key": key}
    if version:
        obj["version-id"] = version
    return {"detail-type": "Object Created", "detail": {"bucket": {"name": bucket}, "object": obj}}


def upload(s3, role, name, text):
    s3.objects[(BUCKET, PREFIXES[role] + name)] = text.encode("utf-8")
    return csv_to_json.lambda_handler(event(role, name), None, s3=s3, env=ENV)


STUDENTS = "username,email\nalice,alice@example.org\nbob,bob@example.org\n"


class ParseTest(unittest.TestCase):
    def rejected(self, text):
        with self.assertRaises(csv_to_json.RosterError) as caught:
            csv_to_json.parse_upload(text.encode("utf-8"), "upload x.csv")
        return caught.exception

    def test_reads_rows_with_bom_case_whitespace_and_blank_lines(self):
        rows = csv_to_json.parse_upload(
            "\ufeffEmail , UserName\n\n  Alice@Example.org ,ALICE \n".encode("utf-8"), "u"
        )
        self.assertEqual(rows, [(3, {"username": "alice", "email": "alice@example.org"})])

    def test_bad_rows_are_all_reported_by_line(self):
        err = self.rejected(
            "username,email\n"
            "alice,alice@example.org\n"
            "bob,not-an-address\n"
            "9lives,cat@example.org\n"
            "carol,carol@example.org,extra\n"
        )
        self.assertEqual(
            [line for line, _ in err.problems], [3, 4, 5], err.report()
        )
        report = err.report()
        self.assertIn("line 3: email 'not-an-address' is not a valid e-mail address", report)
        self.assertIn("line 4: username '9lives'", report)
        self.assertIn("line 5: expected 2 fields, found 3", report)
        self.assertIn("roster not changed", report)

    def test_duplicate_users_in_one_file(self):
        err = self.rejected(
            "username,email\nalice,a@example.org\nALICE,other@example.org\nbob,a@example.org\n"
        )
        self.assertEqual(
            err.problems,
            [(3, "username 'alice' repeats line 2"), (4, "email 'a@example.org' repeats line 2")],
        )

    def test_header_problems(self):
        err = self.rejected("user,email,team\nalice,a@example.org,x\n")
        messages = [m for _, m in err.problems]
        self.assertIn("unknown column 'user' (expected username, email)", messages)
        self.assertIn("unknown column 'team' (expected username, email)", messages)
        self.assertIn("missing column 'username'", messages)
        self.assertTrue(all(line == 1 for line, _ in err.problems))

    def test_empty_files(self):
        self.assertIn("file is empty", self.rejected("").report())
        self.assertIn("no users in file", self.rejected("username,email\n\n").report())

    def test_not_utf8(self):
        with self.assertRaises(csv_to_json.RosterError) as caught:
            csv_to_json.parse_upload(b"username,email\n\xff,x@example.org\n", "u")
        self.assertIn("not UTF-8", caught.exception.report())

    def test_malformed_quoting(self):
        self.assertIn("malformed CSV", self.rejected('username,email\n"alice,a@example.org\n').report())


class HandlerTest(unittest.TestCase):
    def test_first_upload_creates_roster_with_subnets(self):
        s3 = FakeS3()
        result = upload(s3, "students", "2024-09.csv", STUDENTS)
        self.assertEqual(result["status"], "merged")
        self.assertEqual(result["added"], ["alice", "bob"])
        self.assertEqual(
            s3.roster(),
            {
                "mentors": [],
                "students": [
                    {"email": "alice@example.org", "subnet_index": 1, "username": "alice"},
                    {"email": "bob@example.org", "subnet_index": 2, "username": "bob"},
                ],
            },
        )

    def test_reads_the_uploaded_version(self):
        s3 = FakeS3({(BUCKET, PREFIXES["students"] + "a.csv"): STUDENTS.encode()})
        csv_to_json.lambda_handler(event("students", "a.csv", version="v7"), None, s3=s3, env=ENV)
        self.assertEqual(s3.gets[0], (BUCKET, PREFIXES["students"] + "a.csv", "v7"))

    def test_mentors_upload_keeps_deployed_students(self):
        s3 = FakeS3()
        upload(s3, "students", "s.csv", STUDENTS)
        before = s3.roster()["students"]
        result = upload(s3, "mentors", "m.csv", "username,email\ndana,dana@example.org\n")
        self.assertEqual(result["added"], ["dana"])
        roster = s3.roster()
        self.assertEqual(roster["students"], before)
        self.assertEqual(roster["mentors"], [{"email": "dana@example.org", "username": "dana"}])

    def test_later_students_get_new_subnets_and_keep_old_ones(self):
        s3 = FakeS3()
        upload(s3, "students", "s1.csv", "username,email\nzoe,zoe@example.org\n")
        upload(s3, "students", "s2.csv", "username,email\nadam,adam@example.org\nzoe,zoe@example.org\n")
        indices = {u["username"]: u["subnet_index"] for u in s3.roster()["students"]}
        self.assertEqual(indices, {"adam": 2, "zoe": 1})

    def test_reupload_changes_nothing(self):
        s3 = FakeS3()
        upload(s3, "students", "s.csv", STUDENTS)
        result = upload(s3, "students", "again.csv", STUDENTS)
        self.assertEqual((result["status"], result["unchanged"]), ("unchanged", ["alice", "bob"]))
        self.assertEqual(len(s3.puts), 1)

    def test_bad_upload_writes_nothing(self):
        s3 = FakeS3()
        upload(s3, "students", "s.csv", STUDENTS)
        stored = s3.objects[(BUCKET, ROSTER_KEY)]
        with self.assertLogs(csv_to_json.LOG, "ERROR") as logs:
            with self.assertRaises(csv_to_json.RosterError):
                upload(s3, "students", "bad.csv", "username,email\ncarol,carol@example.org\ndan,dan@\n")
        self.assertEqual(s3.objects[(BUCKET, ROSTER_KEY)], stored)
        self.assertEqual(len(s3.puts), 1)
        self.assertIn("line 3: email 'dan@'", logs.output[0])
        self.assertIn(PREFIXES["students"] + "bad.csv", logs.output[0])

    def test_user_in_other_role_is_a_duplicate(self):
        s3 = FakeS3()
        upload(s3, "students", "s.csv", STUDENTS)
        with self.assertLogs(csv_to_json.LOG, "ERROR"):
            with self.assertRaises(csv_to_json.RosterError) as caught:
                upload(s3, "mentors", "m.csv", "username,email\nbob,bob@example.org\n")
        self.assertEqual(
            caught.exception.problems, [(2, "username 'bob' is already in the roster as one of the students")]
        )
        self.assertEqual(len(s3.puts), 1)

    def test_same_username_with_other_email_or_reused_email(self):
        s3 = FakeS3()
        upload(s3, "students", "s.csv", STUDENTS)
        with self.assertLogs(csv_to_json.LOG, "ERROR"):
            with self.assertRaises(csv_to_json.RosterError) as caught:
                upload(
                    s3,
                    "students",
                    "s2.csv",
                    "username,email\nalice,alice@elsewhere.org\ncarl,bob@example.org\n",
                )
        self.assertEqual(
            caught.exception.problems,
            [
                (2, "username 'alice' is already in the roster with email 'alice@example.org'"),
                (3, "email 'bob@example.org' already belongs to 'bob'"),
            ],
        )

    def test_damaged_stored_roster_is_not_overwritten(self):
        s3 = FakeS3({(BUCKET, ROSTER_KEY): b'{"students": [{"username": "x"}]}'})
        with self.assertLogs(csv_to_json.LOG, "ERROR"):
            with self.assertRaises(csv_to_json.RosterError) as caught:
                upload(s3, "mentors", "m.csv", "username,email\ndana,dana@example.org\n")
        self.assertIn("stored roster", caught.exception.report())
        self.assertEqual(s3.puts, [])

    def test_access_errors_are_not_mistaken_for_a_first_run(self):
        class Denied(FakeS3):
            def get_object(self, Bucket, Key, VersionId=None):
                if Key == ROSTER_KEY:
                    raise ClientError("AccessDenied")
                return super().get_object(Bucket, Key, VersionId)

        s3 = Denied()
        with self.assertRaises(ClientError):
            upload(s3, "students", "s.csv", STUDENTS)
        self.assertEqual(s3.puts, [])

    def test_other_objects_are_skipped(self):
        s3 = FakeS3()
        for ev in [
            event("students", "notes.txt"),
            event(None, "pipeline_data/other/x.csv"),
            event("students", "s.csv", bucket="someone-else"),
            event(None, PREFIXES["students"]),
        ]:
            with self.subTest(key=ev["detail"]["object"]["key"]):
                result = csv_to_json.lambda_handler(ev, None, s3=s3, env=ENV)
                self.assertEqual(result["status"], "skipped")
        self.assertEqual((s3.gets, s3.puts), ([], []))


class MergeTest(unittest.TestCase):
    def test_subnet_limit(self):
        roster = {
            "students": [{"username": "s", "email": "s@example.org", "subnet_index": csv_to_json.MAX_SUBNET_INDEX}],
            "mentors": [],
        }
        with self.assertRaises(csv_to_json.RosterError) as caught:
            csv_to_json.merge(roster, "students", [(2, {"username": "t", "email": "t@example.org"})], "u")
        self.assertIn("no subnet left", caught.exception.report())

    def test_output_is_sorted_and_stable(self):
        roster = csv_to_json.empty_roster()
        rows = [(2, {"username": "b", "email": "b@example.org"}), (3, {"username": "a", "email": "a@example.org"})]
        merged, _, _ = csv_to_json.merge(roster, "mentors", rows, "u")
        self.assertEqual([u["username"] for u in merged["mentors"]], ["a", "b"])
        self.assertEqual(csv_to_json.serialize(merged), csv_to_json.serialize(json.loads(csv_to_json.serialize(merged))))
        self.assertEqual(roster, csv_to_json.empty_roster())


if __name__ == "__main__":
    unittest.main()
