resource "aws_iam_role_policy" "pass_any_role" {
  name = "pass-any-role"
  role = aws_iam_role.deploy.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "PassAnyRole"
      Effect   = "Allow"
      Action   = "iam:PassRole"
      Resource = "*"
    }]
  })
}
