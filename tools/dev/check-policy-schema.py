#!/usr/bin/env python3
"""Validates the policy files of a directory against policies/schema/*.schema.json.

Usage: check-policy-schema.py POLICY_DIR

Keeps the published JSON Schema in step with the files tfgate accepts: every shipped policy
must be valid under the schema (tfgate itself checks far more; this only guards the schema).
Needs the Python package jsonschema; exits 77 (skipped) without it.
"""
import glob
import json
import os
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:
    print("jsonschema is not installed; skipping")
    sys.exit(77)


def strip_comments(text):
    """Removes // and /* */ comments outside strings."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            i = text.index("*/", i + 2) + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def main():
    directory = sys.argv[1]
    schemas = {}
    for name in ("policy", "platform"):
        with open(os.path.join(directory, "schema", name + ".schema.json")) as f:
            schemas[name] = json.load(f)
        Draft202012Validator.check_schema(schemas[name])
    failed = False
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        if os.path.basename(path) == "trust.json":
            continue  # the trust file of tfgate verify, not a policy
        with open(path) as f:
            document = json.loads(strip_comments(f.read()))
        kind = "platform" if os.path.basename(path) == "platform.json" else "policy"
        errors = list(Draft202012Validator(schemas[kind]).iter_errors(document))
        for error in errors:
            failed = True
            pointer = "/" + "/".join(str(p) for p in error.absolute_path)
            print(f"{path}: {pointer}: {error.message}")
        if not errors:
            print(f"{path}: valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
