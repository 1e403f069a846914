# A log group, and a data source read only after it exists (depends_on a pending change):
# Terraform reads it during apply. Reading the caller's identity has no effect outside Terraform.
resource "aws_cloudwatch_log_group" "audit" {
  name = "/acme/platform-api-prod/audit"
}

data "aws_caller_identity" "after_audit" {
  depends_on = [aws_cloudwatch_log_group.audit]
}
