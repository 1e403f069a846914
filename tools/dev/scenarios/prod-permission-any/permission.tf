# Anyone may invoke the prod function: principal "*" and no source.
resource "aws_lambda_permission" "anyone" {
  statement_id  = "AllowEveryone"
  action        = "lambda:InvokeFunction"
  function_name = "platform-api-prod"
  principal     = "*"
}
