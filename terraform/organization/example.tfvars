# Values of the example platform. students_account_id is the id the first apply reported
# (output students_account_id); the roster workflow supplies roster_json.
account_id = "111111111111"
region     = "us-east-1"

students_account_email = "aws-students@acme.example"
students_account_id    = "777777777777"

management_admin_arn_patterns = [
  "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_*",
]

drift_role_arn = "arn:aws:iam::333333333333:role/github-actions-drift"

roster_json = <<-JSON
  {
    "students": [
      {"username": "alice.nguyen", "email": "alice.nguyen@students.acme.example", "subnet_index": 1},
      {"username": "bob.okafor", "email": "bob.okafor@students.acme.example", "subnet_index": 2},
      {"username": "chen.li", "email": "chen.li@students.acme.example", "subnet_index": 3}
    ],
    "mentors": [
      {"username": "dana.kowalski", "email": "dana.kowalski@acme.example"},
      {"username": "emeka.obi", "email": "emeka.obi@acme.example"}
    ]
  }
JSON
