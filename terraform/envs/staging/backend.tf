# State lives in the Tooling account's state bucket, locked by the lock table and encrypted
# with the state key. Partial configuration: the values come from backend.hcl
# (see backend.hcl.example):
#   terraform init -backend-config=backend.hcl
terraform {
  backend "s3" {
    encrypt = true
  }
}
