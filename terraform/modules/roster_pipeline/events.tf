# S3 "Object Created" events for the upload prefixes start csv_to_json; a new roster under the
# processed prefix starts dispatch.

resource "aws_cloudwatch_event_rule" "upload" {
  for_each = var.input_prefixes

  name        = "roster-upload-${each.key}"
  description = "Roster CSV uploaded under ${each.value}"

  event_pattern = jsonencode({
    source        = ["aws.s3"]
    "detail-type" = ["Object Created"]
    detail = {
      bucket = { name = [var.bucket_name] }
      object = { key = [{ prefix = each.value }] }
    }
  })
}

resource "aws_cloudwatch_event_target" "upload" {
  for_each = var.input_prefixes

  rule = aws_cloudwatch_event_rule.upload[each.key].name
  arn  = aws_lambda_function.function["csv_to_json"].arn
}

resource "aws_lambda_permission" "upload" {
  for_each = var.input_prefixes

  statement_id  = "AllowEventBridge-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.function["csv_to_json"].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.upload[each.key].arn
}

resource "aws_cloudwatch_event_rule" "processed" {
  name        = "roster-processed"
  description = "Object written under ${var.processed_prefix}"

  event_pattern = jsonencode({
    source        = ["aws.s3"]
    "detail-type" = ["Object Created"]
    detail = {
      bucket = { name = [var.bucket_name] }
      object = { key = [{ prefix = var.processed_prefix }] }
    }
  })
}

resource "aws_cloudwatch_event_target" "processed" {
  rule = aws_cloudwatch_event_rule.processed.name
  arn  = aws_lambda_function.function["dispatch"].arn
}

resource "aws_lambda_permission" "processed" {
  statement_id  = "AllowEventBridge-processed"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.function["dispatch"].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.processed.arn
}
