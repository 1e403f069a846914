locals {
  oidc_host         = "token.actions.githubusercontent.com"
  oidc_provider_arn = "arn:aws:iam::${var.account_id}:oidc-provider/${local.oidc_host}"

  # Deploy jobs run in a GitHub environment, so their OIDC subject names the repository and
  # the environment exactly; no other repository, branch or pull request can assume the role.
  github_subjects = [for env in var.github_environments : "repo:${var.github_repository}:environment:${env}"]

  # The only roles the CI role may assume.
  assume_role_targets = local.deploy_role_arns
}

resource "aws_iam_role" "ci" {
  name                 = var.ci_role_name
  description          = "GitHub Actions deploy jobs of ${var.github_repository}; assumes the environment deploy roles."
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "GitHubEnvironmentJobs"
      Effect    = "Allow"
      Principal = { Federated = local.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_host}:aud" = "sts.amazonaws.com"
          "${local.oidc_host}:sub" = local.github_subjects
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "ci" {
  name = "ci"
  role = aws_iam_role.ci.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "AssumeDeployRoles"
        Effect   = "Allow"
        Action   = ["sts:AssumeRole", "sts:TagSession"]
        Resource = local.assume_role_targets
      },
      {
        Sid      = "ListStateBucket"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = local.state_bucket_arn
      },
      {
        Sid      = "ReadWriteState"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "${local.state_bucket_arn}/*"
      },
      {
        Sid      = "LockState"
        Effect   = "Allow"
        Action   = ["dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem"]
        Resource = local.lock_table_arn
      },
      {
        # The key is named by its alias so that this policy is known before the key exists.
        Sid      = "UseStateKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]
        Resource = "arn:aws:kms:${var.region}:${var.account_id}:key/*"
        Condition = {
          "ForAnyValue:StringEquals" = { "kms:ResourceAliases" = var.state_key_alias }
        }
      },
      {
        Sid      = "ListArtifacts"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = local.artifacts_bucket_arn
      },
      {
        Sid      = "ReadWriteArtifacts"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"]
        Resource = "${local.artifacts_bucket_arn}/*"
      },
      {
        # The roster workflow (started by the roster pipeline's repository_dispatch) reads the
        # merged roster version named in the event.
        Sid      = "ReadMergedRoster"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:GetObjectVersion"]
        Resource = "arn:aws:s3:::${var.roster_bucket}/${var.roster_key}"
      },
    ]
  })
}
