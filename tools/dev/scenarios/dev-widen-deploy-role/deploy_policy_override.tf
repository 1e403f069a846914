resource "aws_iam_role_policy" "deploy" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Everything"
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}
