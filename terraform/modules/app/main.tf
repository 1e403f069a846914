locals {
  function_name = "${var.name}-${var.environment}"
  role_name     = "${local.function_name}-lambda"
  table_name    = local.function_name

  # ARNs are built from names so that the IAM documents are known at plan time and can be
  # reviewed by the policy gate before apply.
  log_group_arn = "arn:aws:logs:${var.region}:${var.account_id}:log-group:/aws/lambda/${local.function_name}"
  table_arn     = "arn:aws:dynamodb:${var.region}:${var.account_id}:table/${local.table_name}"
}

resource "aws_iam_role" "lambda" {
  name                 = local.role_name
  description          = "Execution role of ${local.function_name}."
  permissions_boundary = var.permissions_boundary_arn
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "LambdaService"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "lambda" {
  name = "runtime"
  role = aws_iam_role.lambda.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${local.log_group_arn}:*"
      },
      {
        Sid      = "ReadWriteOwnTable"
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem"]
        Resource = local.table_arn
      },
    ]
  })
}

resource "aws_dynamodb_table" "this" {
  name                        = local.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = var.table_deletion_protection

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

resource "aws_cloudwatch_log_group" "lambda" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "this" {
  function_name = local.function_name
  description   = "${var.name} HTTP API (${var.environment})."
  role          = aws_iam_role.lambda.arn
  runtime       = var.runtime
  handler       = "handler.lambda_handler"
  architectures = ["arm64"]
  memory_size   = var.memory_size
  timeout       = var.timeout

  s3_bucket        = var.artifact_bucket
  s3_key           = var.artifact_key
  source_code_hash = var.artifact_sha256

  environment {
    variables = {
      APP_ENVIRONMENT     = var.environment
      APP_TABLE_NAME      = aws_dynamodb_table.this.name
      APP_ARTIFACT_SHA256 = var.artifact_sha256
    }
  }

  tracing_config {
    mode = "PassThrough"
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.lambda.name
  }

  depends_on = [aws_iam_role_policy.lambda]
}
