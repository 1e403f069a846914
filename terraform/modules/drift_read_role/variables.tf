variable "stack" {
  description = "Short name of the stack (bootstrap, tooling, dev, staging, prod, organization): the role is tfgate-drift-read-<stack>."
  type        = string

  validation {
    condition     = contains(["bootstrap", "tooling", "dev", "staging", "prod", "organization"], var.stack)
    error_message = "stack must be one of bootstrap, tooling, dev, staging, prod, organization."
  }
}

variable "drift_role_arn" {
  description = "The drift workflow's role in Tooling (github-actions-drift), the only principal trusted."
  type        = string

  validation {
    condition     = can(regex("^arn:aws:iam::[0-9]{12}:role/github-actions-drift$", var.drift_role_arn))
    error_message = "drift_role_arn must be arn:aws:iam::<tooling account>:role/github-actions-drift."
  }
}
