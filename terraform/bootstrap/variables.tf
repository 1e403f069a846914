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
  description = "Repository (owner/name) that runs the roster workflow."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be owner/name without wildcards."
  }
}

variable "roster_bucket" {
  description = "Roster bucket name."
  type        = string
}

variable "github_token_secret_name" {
  description = "Secrets Manager secret holding the repository_dispatch token."
  type        = string
  default     = "acme/platform/roster-dispatch-token"
}

variable "csv_to_json_package_path" {
  description = "ZIP of modules/roster_pipeline/src/csv_to_json.py, e.g. built with: python3 -m zipfile -c build/csv_to_json.zip ../modules/roster_pipeline/src/csv_to_json.py"
  type        = string
}

variable "csv_to_json_package_sha256" {
  description = "Hex SHA-256 of the csv_to_json ZIP (sha256sum build/csv_to_json.zip)."
  type        = string
}

variable "dispatch_package_path" {
  description = "ZIP of modules/roster_pipeline/src/dispatch.py, e.g. built with: python3 -m zipfile -c build/dispatch.zip ../modules/roster_pipeline/src/dispatch.py"
  type        = string
}

variable "dispatch_package_sha256" {
  description = "Hex SHA-256 of the dispatch ZIP (sha256sum build/dispatch.zip)."
  type        = string
}

variable "drift_role_arn" {
  description = "The drift workflow's role in Tooling (github-actions-drift): the only principal the stack's read-only plan role trusts."
  type        = string
}

variable "assume_role_arn" {
  description = "Role the provider assumes (the drift workflow's read-only plan role); null to use the caller's credentials."
  type        = string
  default     = null
}
