terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

# Applied once by a platform administrator with their own credentials, in the Tooling account.
provider "aws" {
  region = var.region

  # Refuse to touch any account but Tooling. Disabled only for offline plans, where the
  # provider cannot learn the account it talks to.
  allowed_account_ids = var.offline_plan ? null : [var.account_id]

  skip_credentials_validation = var.offline_plan
  skip_requesting_account_id  = var.offline_plan
  skip_metadata_api_check     = var.offline_plan

  # The drift workflow reads this stack through its read-only plan role.
  dynamic "assume_role" {
    for_each = var.offline_plan ? [] : compact([var.assume_role_arn])
    content {
      role_arn     = assume_role.value
      session_name = "tfgate-drift-bootstrap"
    }
  }

  default_tags {
    tags = {
      Project   = "acme-platform"
      ManagedBy = "terraform"
      Stack     = "bootstrap"
    }
  }
}
