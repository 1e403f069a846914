resource "aws_organizations_organization" "this" {
  feature_set          = "ALL"
  enabled_policy_types = ["SERVICE_CONTROL_POLICY"]

  aws_service_access_principals = [
    "cloudtrail.amazonaws.com",
    "config.amazonaws.com",
  ]

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_organizations_organizational_unit" "workloads" {
  name      = "workloads"
  parent_id = aws_organizations_organization.this.roots[0].id
}

resource "aws_organizations_organizational_unit" "students" {
  name      = "students"
  parent_id = aws_organizations_organization.this.roots[0].id
}

# Closing the account on removal would destroy every student's work: removal only detaches it.
resource "aws_organizations_account" "students" {
  name                       = var.students_account_name
  email                      = var.students_account_email
  parent_id                  = aws_organizations_organizational_unit.students.id
  role_name                  = var.students_account_access_role
  iam_user_access_to_billing = "DENY"
  close_on_deletion          = false

  lifecycle {
    prevent_destroy = true
    # Both are used only when the account is created and cannot be read back.
    ignore_changes = [role_name, iam_user_access_to_billing]
  }
}

locals {
  roster   = jsondecode(var.roster_json)
  students = { for s in local.roster.students : lower(s.username) => { email = s.email, subnet_index = s.subnet_index } }
  mentors  = { for m in local.roster.mentors : lower(m.username) => { email = m.email } }
}

# Users, groups, network and the admin role inside the students and mentors account.
module "students_account" {
  source = "../modules/student_account"
  count  = var.students_account_id == null ? 0 : 1

  providers = {
    aws = aws.students
  }

  region                        = var.region
  students                      = local.students
  mentors                       = local.mentors
  management_account_id         = var.account_id
  management_admin_arn_patterns = var.management_admin_arn_patterns
}

# Read-only plan role of this stack, for the drift workflow (.github/workflows/drift.yml).
module "drift_read_role" {
  source = "../modules/drift_read_role"

  stack          = "organization"
  drift_role_arn = var.drift_role_arn
}
