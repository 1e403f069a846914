variable "name" {
  description = "Application name; resources are named \"<name>-<environment>\"."
  type        = string
  default     = "platform-api"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lowercase letters, digits or hyphens."
  }
}

variable "environment" {
  description = "Environment the application runs in."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "account_id" {
  description = "AWS account the application is deployed to (used to build ARNs without calling AWS)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits."
  }
}

variable "region" {
  description = "AWS region the application is deployed to."
  type        = string
  default     = "us-east-1"
}

variable "artifact_bucket" {
  description = "S3 bucket holding the Lambda deployment packages (the artifacts bucket in the Tooling account)."
  type        = string
}

variable "artifact_key" {
  description = "S3 key of the Lambda deployment package built by CI, e.g. platform-api/<sha256>.zip."
  type        = string
}

variable "artifact_sha256" {
  description = "Lowercase hex SHA-256 of the deployment package at artifact_key, as recorded by CI. Changing it redeploys the code."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.artifact_sha256))
    error_message = "artifact_sha256 must be 64 lowercase hex characters."
  }
}

variable "permissions_boundary_arn" {
  description = "Managed policy set as permissions boundary on the function's execution role."
  type        = string
}

variable "runtime" {
  description = "Lambda runtime."
  type        = string
  default     = "python3.12"
}

variable "memory_size" {
  description = "Lambda memory in MB."
  type        = number
  default     = 128
}

variable "timeout" {
  description = "Lambda timeout in seconds."
  type        = number
  default     = 10
}

variable "log_retention_days" {
  description = "Retention of the function and API access log groups."
  type        = number
  default     = 30
}

variable "throttling_burst_limit" {
  description = "API stage burst limit."
  type        = number
  default     = 20
}

variable "throttling_rate_limit" {
  description = "API stage steady-state requests per second."
  type        = number
  default     = 10
}

variable "alarm_actions" {
  description = "ARNs notified when an alarm changes state (e.g. an SNS topic); empty for none."
  type        = list(string)
  default     = []
}

variable "table_deletion_protection" {
  description = "Protect the application table against deletion."
  type        = bool
  default     = true
}
