variable "account_id" {
  description = "The dev account."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits."
  }
}

variable "region" {
  description = "The only region the platform uses."
  type        = string
  default     = "us-east-1"
}

variable "assume_role_arn" {
  description = "Role the provider assumes (the dev deploy role in CI); null or empty to use the caller's credentials, e.g. for the first apply by an administrator."
  type        = string
  default     = null
}

variable "offline_plan" {
  description = "Plan without AWS access (fixture generation): skip credential and account checks and do not assume a role. Never set for a plan that will be applied."
  type        = bool
  default     = false
}

variable "ci_role_arn" {
  description = "CI role in the Tooling account, the only principal trusted by the deploy role."
  type        = string
  default     = "arn:aws:iam::333333333333:role/github-actions-tooling"
}

variable "state_bucket" {
  description = "Terraform state bucket in the Tooling account."
  type        = string
  default     = "acme-tfstate-333333333333"
}

variable "artifact_bucket" {
  description = "Artifacts bucket in the Tooling account holding the Lambda packages."
  type        = string
  default     = "acme-artifacts-333333333333"
}

variable "artifact_key" {
  description = "S3 key of the Lambda package to deploy (written by CI)."
  type        = string
}

variable "artifact_sha256" {
  description = "Hex SHA-256 of the Lambda package, as recorded by CI when it was built."
  type        = string
}

variable "alarm_actions" {
  description = "ARNs notified by the application alarms."
  type        = list(string)
  default     = []
}

variable "drift_role_arn" {
  description = "The drift workflow's role in Tooling (github-actions-drift): the only principal the stack's read-only plan role trusts."
  type        = string
}
