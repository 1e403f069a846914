# A second function built from the artifacts bucket, with a layer published by an account
# outside the organisation: the layer's code runs inside the function.
resource "aws_lambda_function" "worker" {
  function_name    = "platform-api-prod-worker"
  role             = "arn:aws:iam::666666666666:role/platform-api-prod-lambda"
  runtime          = "python3.12"
  handler          = "main.handler"
  s3_bucket        = "acme-artifacts-333333333333"
  s3_key           = "platform-api/8c2e4a6b0d1f3e5a7c9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c.zip"
  source_code_hash = "8c2e4a6b0d1f3e5a7c9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c"
  layers           = ["arn:aws:lambda:us-east-1:999999999999:layer:telemetry:3"]
}
