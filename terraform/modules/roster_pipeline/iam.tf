# Each function can touch only its own objects, secret and log group.

resource "aws_iam_role_policy" "csv_to_json" {
  name = "csv-to-json"
  role = aws_iam_role.function["csv_to_json"].name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadUploads"
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = [for role in sort(keys(var.input_prefixes)) : "${local.bucket_arn}/${var.input_prefixes[role]}*"]
      },
      {
        # The current roster is read back to merge into it.
        Sid      = "ReadWriteRoster"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "${local.bucket_arn}/${local.roster_key}"
      },
      {
        # Listing lets a first run tell "no roster yet" (404) from "access denied" (403).
        Sid      = "ListRoster"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = local.bucket_arn
        Condition = {
          StringEquals = { "s3:prefix" = local.roster_key }
        }
      },
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${local.log_group_arn.csv_to_json}:*"
      },
    ]
  })
}

resource "aws_iam_role_policy" "dispatch" {
  name = "dispatch"
  role = aws_iam_role.function["dispatch"].name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Secrets Manager appends six random characters to the secret's ARN.
        Sid      = "ReadDispatchToken"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = "arn:aws:secretsmanager:${var.region}:${var.account_id}:secret:${var.github_token_secret_name}-??????"
      },
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${local.log_group_arn.dispatch}:*"
      },
    ]
  })
}

resource "aws_secretsmanager_secret" "github_token" {
  name                    = var.github_token_secret_name
  description             = "GitHub token used by roster-dispatch to send repository_dispatch to ${var.github_repository}. Value set by an administrator."
  recovery_window_in_days = 30
}
