locals {
  artifacts_bucket_arn = "arn:aws:s3:::${var.artifacts_bucket}"
  deploy_role_arns     = [for env in sort(keys(var.deploy_accounts)) : "arn:aws:iam::${var.deploy_accounts[env]}:role/tfgate-deploy-${env}"]
}

# Lambda packages, plan files and sign-off records. Object lock keeps every approved artifact
# for the retention period; digests, not secrecy, protect them, so S3-managed encryption lets
# the deploy roles of the environment accounts read packages without a cross-account key grant.
resource "aws_s3_bucket" "artifacts" {
  bucket              = var.artifacts_bucket
  object_lock_enabled = true

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = var.artifact_retention_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.artifacts]
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.artifacts_bucket_arn, "${local.artifacts_bucket_arn}/*"]
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
      {
        # Trusting the accounts and naming the roles in a condition keeps the policy valid
        # before the deploy roles exist.
        Sid       = "DeployRolesReadPackages"
        Effect    = "Allow"
        Principal = { AWS = [for env in sort(keys(var.deploy_accounts)) : "arn:aws:iam::${var.deploy_accounts[env]}:root"] }
        Action    = ["s3:GetObject", "s3:GetObjectVersion"]
        Resource  = "${local.artifacts_bucket_arn}/platform-api/*"
        Condition = {
          ArnEquals = { "aws:PrincipalArn" = local.deploy_role_arns }
        }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.artifacts]
}
