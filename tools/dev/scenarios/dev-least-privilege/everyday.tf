# Least-privilege documents of everyday work, and the pinned forms of what grant_paths.tf
# opens: none of them may give a finding in any environment.
resource "aws_iam_role" "worker" {
  name = "everyday-worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "everyday" {
  name = "everyday"
  role = aws_iam_role.worker.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "ReadOneBucket", Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::acme-reports-444444444444/*" },
      { Sid = "ListOneBucket", Effect = "Allow", Action = ["s3:ListBucket"], Resource = "arn:aws:s3:::acme-reports-444444444444" },
      { Sid = "DeployOneFunction", Effect = "Allow", Action = ["lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:GetFunction"], Resource = "arn:aws:lambda:us-east-1:444444444444:function:everyday-report" },
      {
        Sid       = "PassItsRole"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "arn:aws:iam::444444444444:role/everyday-report"
        Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } }
      },
      { Sid = "WriteOneLogGroup", Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = "arn:aws:logs:us-east-1:444444444444:log-group:/aws/lambda/everyday-report:*" },
      { Sid = "ReadParameters", Effect = "Allow", Action = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"], Resource = "arn:aws:ssm:us-east-1:444444444444:parameter/everyday/*" },
      { Sid = "DescribeInstances", Effect = "Allow", Action = ["ec2:DescribeInstances", "ec2:DescribeTags"], Resource = "*" },
      { Sid = "AssumeOneRole", Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::555555555555:role/everyday-reader" },
    ]
  })
}

resource "aws_sns_topic" "notices" {
  name = "everyday-notices"
}

resource "aws_sns_topic_policy" "notices" {
  arn = aws_sns_topic.notices.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "OrganisationOnly"
        Effect    = "Allow"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = "arn:aws:sns:us-east-1:444444444444:everyday-notices"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-acme12345" } }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = "arn:aws:sns:us-east-1:444444444444:everyday-notices"
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

resource "aws_lambda_permission" "events" {
  statement_id  = "EventsMayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = "everyday-report"
  principal     = "events.amazonaws.com"
  source_arn    = "arn:aws:events:us-east-1:444444444444:rule/everyday-report"
}

resource "aws_iam_role" "enterprise_ci" {
  name = "everyday-enterprise-ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::444444444444:oidc-provider/token.actions.githubusercontent.com/acme" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com/acme:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com/acme:sub" = "repo:acme/platform:environment:dev"
        }
      }
    }]
  })
}

data "aws_iam_policy_document" "reader" {
  statement {
    sid       = "ReadOneTable"
    actions   = ["dynamodb:GetItem", "dynamodb:Query"]
    resources = ["arn:aws:dynamodb:us-east-1:444444444444:table/everyday"]
  }
}

resource "aws_iam_role_policy" "reader" {
  name   = "reader"
  role   = aws_iam_role.worker.name
  policy = data.aws_iam_policy_document.reader.json
}
