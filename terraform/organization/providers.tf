terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

# The Management account: organization, OUs, SCPs and member accounts. Applied by a
# Management-account administrator, or by the roster workflow through assume_role_arn (a role a
# Management administrator creates for it, e.g. tfgate-deploy-organization, that the Tooling CI
# role may assume); the roster workflow supplies roster_json.
provider "aws" {
  region = var.region

  dynamic "assume_role" {
    for_each = var.offline_plan ? [] : compact([var.assume_role_arn])
    content {
      role_arn     = assume_role.value
      session_name = "tfgate-organization"
    }
  }

  # Refuse to touch any account but Management. Disabled only for offline plans, where the
  # provider cannot learn the account it talks to.
  allowed_account_ids = var.offline_plan ? null : [var.account_id]

  skip_credentials_validation = var.offline_plan
  skip_requesting_account_id  = var.offline_plan
  skip_metadata_api_check     = var.offline_plan

  default_tags {
    tags = {
      Project   = "acme-platform"
      ManagedBy = "terraform"
      Stack     = "organization"
    }
  }
}

# Inside the students and mentors account, through the role the organization created with the
# account. Its id is known only after the account exists, so it comes from a variable; until it
# is set, nothing is planned inside the account (see main.tf).
provider "aws" {
  alias  = "students"
  region = var.region

  allowed_account_ids = var.offline_plan || var.students_account_id == null ? null : [var.students_account_id]

  skip_credentials_validation = var.offline_plan
  skip_requesting_account_id  = var.offline_plan
  skip_metadata_api_check     = var.offline_plan

  dynamic "assume_role" {
    for_each = var.offline_plan || var.students_account_id == null ? [] : [var.students_account_id]
    content {
      role_arn     = "arn:aws:iam::${assume_role.value}:role/${var.students_account_access_role}"
      session_name = "organization-roster"
    }
  }

  default_tags {
    tags = {
      Project   = "acme-platform"
      ManagedBy = "terraform"
      Stack     = "organization"
    }
  }
}
