variable "account_id" {
  description = "The Management account."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits."
  }
}

variable "region" {
  description = "The only region the platform uses (and the only one SCPs allow)."
  type        = string
  default     = "us-east-1"
}

variable "assume_role_arn" {
  description = "Role in the Management account the provider assumes (the roster workflow's deploy role); null or empty to use the caller's credentials."
  type        = string
  default     = null
}

variable "offline_plan" {
  description = "Plan without AWS access (fixture generation): skip credential and account checks and do not assume a role. Never set for a plan that will be applied."
  type        = bool
  default     = false
}

variable "free_tier_instance_types" {
  description = "EC2 instance types students may launch."
  type        = list(string)
  default     = ["t2.micro", "t3.micro"]
}

variable "free_tier_db_classes" {
  description = "RDS instance classes students may create."
  type        = list(string)
  default     = ["db.t3.micro", "db.t4g.micro"]
}

variable "max_volume_size_gb" {
  description = "Largest EBS volume students may create."
  type        = number
  default     = 30
}

variable "break_glass_role_patterns" {
  description = "Roles (ArnLike patterns) exempt from the region lock, for administrators repairing an account."
  type        = list(string)
  default     = ["arn:aws:iam::*:role/OrganizationAccountAccessRole"]
}

variable "students_account_name" {
  description = "Name of the students and mentors account."
  type        = string
  default     = "acme-students"
}

variable "students_account_email" {
  description = "Root e-mail address of the students and mentors account."
  type        = string
}

variable "students_account_access_role" {
  description = "Role the organization creates in the new account for the Management account."
  type        = string
  default     = "OrganizationAccountAccessRole"
}

variable "students_account_id" {
  description = "Id of the students and mentors account once it exists (output students_account_id of the first apply); null until then, and nothing is managed inside the account."
  type        = string
  default     = null

  validation {
    condition     = var.students_account_id == null || can(regex("^[0-9]{12}$", var.students_account_id))
    error_message = "students_account_id must be null or 12 digits."
  }
}

variable "management_admin_arn_patterns" {
  description = "Management-account principals (ArnLike patterns) allowed to assume the admin role in the students account."
  type        = list(string)
}

variable "roster_json" {
  description = "Roster written by the roster workflow: {\"students\": [{\"username\", \"email\", \"subnet_index\"}], \"mentors\": [{\"username\", \"email\"}]}."
  type        = string
  default     = "{\"students\": [], \"mentors\": []}"

  validation {
    condition     = can([for s in jsondecode(var.roster_json).students : [s.username, s.email, s.subnet_index]]) && can([for m in jsondecode(var.roster_json).mentors : [m.username, m.email]])
    error_message = "roster_json must hold \"students\" (username, email, subnet_index) and \"mentors\" (username, email)."
  }

  validation {
    condition = try(
      length(distinct(concat([for s in jsondecode(var.roster_json).students : lower(s.username)], [for m in jsondecode(var.roster_json).mentors : lower(m.username)]))) ==
      length(jsondecode(var.roster_json).students) + length(jsondecode(var.roster_json).mentors),
      false
    )
    error_message = "A user name appears twice in roster_json."
  }
}

variable "drift_role_arn" {
  description = "The drift workflow's role in Tooling (github-actions-drift): the only principal the stack's read-only plan role trusts."
  type        = string
}
