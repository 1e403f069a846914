variable "region" {
  description = "The only region students may use."
  type        = string
  default     = "us-east-1"
}

variable "students" {
  description = "Students by user name: email and a stable subnet_index (1-250) assigned by the roster pipeline."
  type = map(object({
    email        = string
    subnet_index = number
  }))

  validation {
    condition     = alltrue([for s in values(var.students) : s.subnet_index >= 1 && s.subnet_index <= 250 && floor(s.subnet_index) == s.subnet_index])
    error_message = "Every student needs an integer subnet_index from 1 to 250."
  }

  validation {
    condition     = length(distinct([for s in values(var.students) : s.subnet_index])) == length(var.students)
    error_message = "Two students share a subnet_index."
  }
}

variable "mentors" {
  description = "Mentors by user name."
  type = map(object({
    email = string
  }))
}

variable "vpc_cidr" {
  description = "CIDR of the shared VPC; each student gets the /24 numbered by their subnet_index."
  type        = string
  default     = "10.20.0.0/16"
}

variable "availability_zones" {
  description = "Zones student subnets are spread over (by subnet_index)."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "admin_role_name" {
  description = "Administrator role created in the account for the Management account's administrators."
  type        = string
  default     = "platform-admin"
}

variable "management_account_id" {
  description = "Management account whose administrators may assume the admin role."
  type        = string
}

variable "management_admin_arn_patterns" {
  description = "ARN patterns (ArnLike) of the Management principals allowed to assume the admin role."
  type        = list(string)
}
