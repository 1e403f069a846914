# A log group with a resource policy built from a policy document that depends on the group's
# ARN: Terraform reads the document during apply. Reading it has no effect outside Terraform.
resource "aws_cloudwatch_log_group" "audit" {
  name = "/acme/platform-api-prod/audit"
}

data "aws_iam_policy_document" "audit" {
  statement {
    actions   = ["logs:DescribeLogStreams"]
    resources = [aws_cloudwatch_log_group.audit.arn]
  }
}
