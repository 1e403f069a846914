# A second function whose code is a ZIP on the machine that runs the plan, not a built artifact.
resource "aws_lambda_function" "sidecar" {
  function_name    = "platform-api-prod-sidecar"
  role             = "arn:aws:iam::666666666666:role/platform-api-prod-lambda"
  runtime          = "python3.12"
  handler          = "main.handler"
  filename         = "sidecar.zip"
  source_code_hash = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="
}
