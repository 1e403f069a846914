variable "account_id" {
  description = "Account the pipeline runs in (Tooling)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits."
  }
}

variable "region" {
  description = "Region of the pipeline."
  type        = string
  default     = "us-east-1"
}

variable "bucket_name" {
  description = "Roster bucket: CSV uploads in, processed roster JSON out."
  type        = string
}

variable "input_prefixes" {
  description = "Upload prefix per roster role. Each CSV upload under a prefix adds users of that role."
  type        = map(string)
  default = {
    students = "pipeline_data/provision/new_account/new_users/students/"
    mentors  = "pipeline_data/provision/new_account/new_users/mentors/"
  }

  validation {
    condition     = length(var.input_prefixes) > 0 && alltrue([for p in values(var.input_prefixes) : endswith(p, "/")])
    error_message = "input_prefixes must be non-empty and each prefix must end with /."
  }
}

variable "processed_prefix" {
  description = "Prefix the merged roster JSON is written under."
  type        = string
  default     = "pipeline_data/processed/"
}

variable "roster_object_name" {
  description = "Name of the merged roster object under processed_prefix."
  type        = string
  default     = "roster.json"
}

variable "github_repository" {
  description = "Repository (owner/name) that receives the repository_dispatch event."
  type        = string
}

variable "dispatch_event_type" {
  description = "repository_dispatch event type the roster workflow listens for."
  type        = string
  default     = "roster-updated"
}

variable "github_token_secret_name" {
  description = "Secrets Manager secret holding a GitHub token allowed to create repository_dispatch events (value set outside Terraform)."
  type        = string
}

variable "csv_to_json_package_path" {
  description = "Local path of the csv_to_json ZIP (csv_to_json.py at the archive root)."
  type        = string
}

variable "csv_to_json_package_sha256" {
  description = "Hex SHA-256 of the csv_to_json ZIP; changing it redeploys the function."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.csv_to_json_package_sha256))
    error_message = "csv_to_json_package_sha256 must be 64 lowercase hex characters."
  }
}

variable "dispatch_package_path" {
  description = "Local path of the dispatch ZIP (dispatch.py at the archive root)."
  type        = string
}

variable "dispatch_package_sha256" {
  description = "Hex SHA-256 of the dispatch ZIP; changing it redeploys the function."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.dispatch_package_sha256))
    error_message = "dispatch_package_sha256 must be 64 lowercase hex characters."
  }
}

variable "runtime" {
  description = "Lambda runtime of both functions."
  type        = string
  default     = "python3.12"
}

variable "log_retention_days" {
  description = "Retention of the functions' log groups."
  type        = number
  default     = 90
}
