locals {
  # The drift workflow's jobs run in this GitHub environment only.
  drift_subject = "repo:${var.github_repository}:environment:${var.drift_environment}"

  # The read-only plan role of every stack, each in its stack's account.
  drift_read_role_arns = concat(
    [for stack in ["bootstrap", "tooling"] : "arn:aws:iam::${var.account_id}:role/tfgate-drift-read-${stack}"],
    [for env in sort(keys(var.deploy_accounts)) : "arn:aws:iam::${var.deploy_accounts[env]}:role/tfgate-drift-read-${env}"],
    ["arn:aws:iam::${var.management_account_id}:role/tfgate-drift-read-organization"],
  )
}

# The drift workflow's entry role: trusted only from its GitHub environment, it reads the state
# (no write, no lock: refresh-only plans run with -lock=false) and assumes the stacks' read-only
# plan roles, nothing else.
resource "aws_iam_role" "drift" {
  name                 = "github-actions-drift"
  description          = "GitHub Actions drift detection of ${var.github_repository}: reads state, assumes the read-only plan roles."
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DriftEnvironmentOnly"
      Effect    = "Allow"
      Principal = { Federated = local.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_host}:aud" = "sts.amazonaws.com"
          "${local.oidc_host}:sub" = local.drift_subject
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "drift" {
  name = "drift"
  role = aws_iam_role.drift.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "AssumeReadRoles"
        Effect   = "Allow"
        Action   = "sts:AssumeRole"
        Resource = local.drift_read_role_arns
      },
      {
        Sid      = "ListStateBucket"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = local.state_bucket_arn
      },
      {
        Sid      = "ReadState"
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "${local.state_bucket_arn}/*"
      },
      {
        Sid      = "DecryptState"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:DescribeKey"]
        Resource = "arn:aws:kms:${var.region}:${var.account_id}:key/*"
        Condition = {
          "ForAnyValue:StringEquals" = { "kms:ResourceAliases" = var.state_key_alias }
        }
      },
    ]
  })
}

module "drift_read_role" {
  source = "../modules/drift_read_role"

  # Named, not referenced, so that the trust policy is known at plan time; IAM needs the
  # principal to exist when the trust policy is written.
  stack          = "tooling"
  drift_role_arn = "arn:aws:iam::${var.account_id}:role/${aws_iam_role.drift.name}"

  depends_on = [aws_iam_role.drift]
}
