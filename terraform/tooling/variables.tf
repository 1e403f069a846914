variable "account_id" {
  description = "The Tooling (CI/CD) account."
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

variable "offline_plan" {
  description = "Plan without AWS access (fixture generation): skip credential and account checks. Never set for a plan that will be applied."
  type        = bool
  default     = false
}

variable "github_repository" {
  description = "The one GitHub repository (owner/name) whose deploy jobs may assume the CI role."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be owner/name without wildcards."
  }
}

variable "github_environments" {
  description = "GitHub environments whose jobs may assume the CI role (OIDC subject repo:<repository>:environment:<name>)."
  type        = list(string)

  validation {
    condition     = length(var.github_environments) > 0 && alltrue([for e in var.github_environments : can(regex("^[A-Za-z0-9._-]+$", e))])
    error_message = "github_environments must be non-empty names without wildcards."
  }
}

variable "deploy_accounts" {
  description = "Environment name to account id; the CI role may assume only tfgate-deploy-<env> in these accounts."
  type        = map(string)

  validation {
    condition     = alltrue([for id in values(var.deploy_accounts) : can(regex("^[0-9]{12}$", id))])
    error_message = "deploy_accounts values must be 12-digit account ids."
  }
}

variable "ci_role_name" {
  description = "Name of the CI role."
  type        = string
  default     = "github-actions-tooling"
}

variable "state_bucket" {
  description = "Name of the Terraform state bucket."
  type        = string
}

variable "lock_table" {
  description = "Name of the Terraform lock table."
  type        = string
}

variable "state_key_alias" {
  description = "Alias of the KMS key encrypting state and the lock table."
  type        = string
  default     = "alias/acme-tfstate"
}

variable "artifacts_bucket" {
  description = "Name of the artifacts bucket (Lambda packages, plan files, sign-off records)."
  type        = string
}

variable "roster_bucket" {
  description = "Roster bucket created by bootstrap/; the roster workflow reads the merged roster from it."
  type        = string
}

variable "roster_key" {
  description = "Key of the merged roster JSON in the roster bucket."
  type        = string
  default     = "pipeline_data/processed/roster.json"
}

variable "artifact_retention_days" {
  description = "Default object-lock retention (governance mode) of artifacts."
  type        = number
  default     = 365
}

variable "state_noncurrent_version_days" {
  description = "Days a superseded state version is kept."
  type        = number
  default     = 365
}

variable "drift_environment" {
  description = "GitHub environment of the drift workflow's jobs: the only OIDC subject the drift role trusts."
  type        = string
  default     = "drift"
}

variable "management_account_id" {
  description = "Management account, where the organization stack's read-only plan role lives."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.management_account_id))
    error_message = "management_account_id must be 12 digits."
  }
}

variable "assume_role_arn" {
  description = "Role the provider assumes (the drift workflow's read-only plan role); null to use the caller's credentials."
  type        = string
  default     = null
}
