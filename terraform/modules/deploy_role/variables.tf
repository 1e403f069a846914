variable "environment" {
  description = "Environment the role deploys to; prod gets no delete or IAM write permissions."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "account_id" {
  description = "AWS account of the environment."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits."
  }
}

variable "region" {
  description = "Region the application lives in."
  type        = string
  default     = "us-east-1"
}

variable "app_name" {
  description = "Application name (must match modules/app's name)."
  type        = string
  default     = "platform-api"
}

variable "ci_role_arn" {
  description = "The only principal trusted to assume the deploy role: the CI role in the Tooling account."
  type        = string

  validation {
    condition     = can(regex("^arn:aws:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", var.ci_role_arn))
    error_message = "ci_role_arn must be the ARN of one IAM role (no wildcards)."
  }
}

variable "artifact_bucket" {
  description = "Bucket holding the Lambda packages (read by the deploy role)."
  type        = string
}

variable "state_bucket" {
  description = "Terraform state bucket; the deploy role is explicitly denied deleting it."
  type        = string
}
