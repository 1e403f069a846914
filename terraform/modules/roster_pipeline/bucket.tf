locals {
  bucket_arn = "arn:aws:s3:::${var.bucket_name}"
  roster_key = "${var.processed_prefix}${var.roster_object_name}"
}

# The roster holds names and e-mail addresses: private, versioned, encrypted, TLS only.
resource "aws_s3_bucket" "roster" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket_ownership_controls" "roster" {
  bucket = aws_s3_bucket.roster.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "roster" {
  bucket                  = aws_s3_bucket.roster.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "roster" {
  bucket = aws_s3_bucket.roster.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "roster" {
  bucket = aws_s3_bucket.roster.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_policy" "roster" {
  bucket = aws_s3_bucket.roster.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
      Condition = {
        Bool = { "aws:SecureTransport" = "false" }
      }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.roster]
}

# Object events go to EventBridge; the rules in events.tf pick the prefixes.
resource "aws_s3_bucket_notification" "roster" {
  bucket      = aws_s3_bucket.roster.id
  eventbridge = true
}
