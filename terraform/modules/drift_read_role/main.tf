# The read-only plan role of one stack, in the stack's account: the drift workflow's
# `terraform plan -refresh-only` reads every object of the stack as this role. Only the drift
# role in Tooling may assume it, and that role is trusted only from the drift workflow's GitHub
# environment. AWS's ReadOnlyAccess is its only permission: it can describe and read, never
# change, anything.
resource "aws_iam_role" "this" {
  name                 = "tfgate-drift-read-${var.stack}"
  description          = "Drift detection of the ${var.stack} stack: read-only, assumed only by ${var.drift_role_arn}."
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DriftWorkflowOnly"
      Effect    = "Allow"
      Principal = { AWS = var.drift_role_arn }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "read_only" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
