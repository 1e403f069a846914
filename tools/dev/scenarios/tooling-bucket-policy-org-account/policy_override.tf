# The artifacts bucket's policy also lets the dev account (inside the organisation) read packages.
resource "aws_s3_bucket_policy" "artifacts" {
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
        Sid       = "DevReadsPackages"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444444444444:root" }
        Action    = ["s3:GetObject", "s3:GetObjectVersion"]
        Resource  = "${local.artifacts_bucket_arn}/platform-api/*"
      },
    ]
  })
}
