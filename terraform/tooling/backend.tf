# This stack creates the state bucket, lock table and state key that every stack's backend
# uses. First apply with local state by adding a backend_override.tf holding
# `terraform { backend "local" {} }`; then delete the override and move the state into the
# bucket:
#   terraform init -backend-config=backend.hcl -migrate-state
# Partial configuration: the values come from backend.hcl (see backend.hcl.example).
terraform {
  backend "s3" {
    encrypt = true
  }
}
