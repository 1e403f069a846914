# Values of the example platform. Build the packages first (see the variable descriptions)
# and record their SHA-256 here.
account_id        = "333333333333"
region            = "us-east-1"
github_repository = "acme/platform"
roster_bucket     = "acme-roster-333333333333"

csv_to_json_package_path   = "build/csv_to_json.zip"
csv_to_json_package_sha256 = "9b2f8c1d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c"
dispatch_package_path      = "build/dispatch.zip"
dispatch_package_sha256    = "4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c"
drift_role_arn             = "arn:aws:iam::333333333333:role/github-actions-drift"
