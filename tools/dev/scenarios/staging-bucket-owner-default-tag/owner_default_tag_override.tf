# The provider tags every resource of the stack with its owner (merged into providers.tf's
# default_tags block by Terraform's override-file rules).
provider "aws" {
  default_tags {
    tags = {
      Project     = "acme-platform"
      Environment = "staging"
      ManagedBy   = "terraform"
      Stack       = "envs/staging"
      owner       = "platform-team"
    }
  }
}
