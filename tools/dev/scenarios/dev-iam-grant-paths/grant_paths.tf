# Grants an attacker adds where the gate used to look away: resource policies open to anyone
# behind conditions that restrict nothing, policies granted by ARN, an admin statement merged
# into a data source read during apply, PassRole on every role of any account, and trust in a
# web-identity provider without audience and subject.
locals {
  open_statement = {
    Sid       = "Open"
    Effect    = "Allow"
    Principal = "*"
    Action    = "*"
    Resource  = "*"
  }
}

resource "aws_sns_topic" "events" {
  name = "grant-paths-events"
}

resource "aws_sns_topic_policy" "events" {
  arn = aws_sns_topic.events.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [merge(local.open_statement, { Action = "sns:Publish", Condition = { Bool = { "aws:SecureTransport" = "true" } } })]
  })
}

resource "aws_kms_key" "data" {
  description = "grant-paths data key"
}

resource "aws_kms_key_policy" "data" {
  key_id = aws_kms_key.data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [merge(local.open_statement, { Action = "kms:*", Condition = { StringLike = { "aws:PrincipalArn" = "arn:aws:iam::*" } } })]
  })
}

resource "aws_sqs_queue" "jobs" {
  name = "grant-paths-jobs"
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy    = jsonencode({ Version = "2012-10-17", Statement = [merge(local.open_statement, { Action = "sqs:SendMessage" })] })
}

resource "aws_secretsmanager_secret" "token" {
  name = "grant-paths-token"
}

resource "aws_secretsmanager_secret_policy" "token" {
  secret_arn = aws_secretsmanager_secret.token.arn
  policy     = jsonencode({ Version = "2012-10-17", Statement = [merge(local.open_statement, { Action = "secretsmanager:GetSecretValue" })] })
}

resource "aws_ecr_repository" "images" {
  name = "grant-paths-images"
}

resource "aws_ecr_repository_policy" "images" {
  repository = aws_ecr_repository.images.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Open", Effect = "Allow", Principal = "*", Action = "ecr:*" }]
  })
}

resource "aws_lambda_permission" "anyone" {
  statement_id  = "AnyoneMayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = "platform-api-dev"
  principal     = "*"
}

resource "aws_iam_role" "helper" {
  name                = "grant-paths-helper"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "accounts.google.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
    }]
  })
}

resource "aws_iam_role_policy_attachments_exclusive" "helper" {
  role_name   = aws_iam_role.helper.name
  policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess"]
}

resource "aws_iam_role_policy" "pass_any" {
  name = "pass-any-role-anywhere"
  role = aws_iam_role.helper.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::*:role/*" }]
  })
}

data "aws_iam_policy_document" "merged" {
  # Read during apply: it waits for the topic.
  depends_on = [aws_sns_topic.events]
  source_policy_documents = [jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Everything", Effect = "Allow", Action = "*", Resource = "*" }]
  })]
  statement {
    sid       = "Publish"
    actions   = ["sns:Publish"]
    resources = ["arn:aws:sns:us-east-1:444444444444:grant-paths-events"]
  }
}

resource "aws_iam_role_policy" "merged" {
  name   = "merged"
  role   = aws_iam_role.helper.name
  policy = data.aws_iam_policy_document.merged.json
}
