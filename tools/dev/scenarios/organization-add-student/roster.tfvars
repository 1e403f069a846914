# The merged roster after a new students upload (written by the roster workflow).
roster_json = <<-JSON
  {
    "students": [
      {"username": "alice.nguyen", "email": "alice.nguyen@students.acme.example", "subnet_index": 1},
      {"username": "bob.okafor", "email": "bob.okafor@students.acme.example", "subnet_index": 2},
      {"username": "chen.li", "email": "chen.li@students.acme.example", "subnet_index": 3},
      {"username": "dario.rossi", "email": "dario.rossi@students.acme.example", "subnet_index": 4}
    ],
    "mentors": [
      {"username": "dana.kowalski", "email": "dana.kowalski@acme.example"},
      {"username": "emeka.obi", "email": "emeka.obi@acme.example"}
    ]
  }
JSON
