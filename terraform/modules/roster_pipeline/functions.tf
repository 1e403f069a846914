locals {
  functions = {
    csv_to_json = {
      name         = "roster-csv-to-json"
      description  = "Validates roster CSV uploads and merges them into ${local.roster_key}."
      handler      = "csv_to_json.lambda_handler"
      package_path = var.csv_to_json_package_path
      package_hash = var.csv_to_json_package_sha256
      # One invocation at a time: each run reads, merges and rewrites the roster.
      concurrency = 1
      environment = {
        ROSTER_BUCKET   = var.bucket_name
        ROSTER_KEY      = local.roster_key
        ROSTER_PREFIXES = jsonencode(var.input_prefixes)
      }
    }
    dispatch = {
      name         = "roster-dispatch"
      description  = "Starts the roster workflow of ${var.github_repository} when the roster changes."
      handler      = "dispatch.lambda_handler"
      package_path = var.dispatch_package_path
      package_hash = var.dispatch_package_sha256
      concurrency  = -1
      environment = {
        GITHUB_REPOSITORY   = var.github_repository
        DISPATCH_EVENT_TYPE = var.dispatch_event_type
        TOKEN_SECRET_ID     = var.github_token_secret_name
        ROSTER_KEY          = local.roster_key
      }
    }
  }

  log_group_arn = { for k, f in local.functions : k => "arn:aws:logs:${var.region}:${var.account_id}:log-group:/aws/lambda/${f.name}" }
}

resource "aws_cloudwatch_log_group" "function" {
  for_each = local.functions

  name              = "/aws/lambda/${each.value.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "function" {
  for_each = local.functions

  name                 = each.value.name
  description          = "Execution role of ${each.value.name}."
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

resource "aws_lambda_function" "function" {
  for_each = local.functions

  function_name                  = each.value.name
  description                    = each.value.description
  role                           = aws_iam_role.function[each.key].arn
  runtime                        = var.runtime
  handler                        = each.value.handler
  architectures                  = ["arm64"]
  memory_size                    = 256
  timeout                        = 60
  reserved_concurrent_executions = each.value.concurrency

  filename         = each.value.package_path
  source_code_hash = each.value.package_hash

  environment {
    variables = each.value.environment
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.function[each.key].name
  }

  depends_on = [aws_iam_role_policy.csv_to_json, aws_iam_role_policy.dispatch]
}

# A rejected upload or a failed dispatch is not retried automatically: both are reported in the
# function's log and fixed by a new upload (or a re-run of the workflow).
resource "aws_lambda_function_event_invoke_config" "function" {
  for_each = local.functions

  function_name                = aws_lambda_function.function[each.key].function_name
  maximum_retry_attempts       = 0
  maximum_event_age_in_seconds = 3600
}
