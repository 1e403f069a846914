# A log group (allowed in prod) and a data source whose input depends on it: Terraform reads the
# data source during apply, and reading aws_lambda_invocation invokes the function.
resource "aws_cloudwatch_log_group" "probe" {
  name = "/acme/platform-api-prod/probe"
}

data "aws_lambda_invocation" "run" {
  function_name = "platform-api-prod"
  input         = jsonencode({ group = aws_cloudwatch_log_group.probe.arn })
}
