# New resources that weaken protected ones: a public ACL on the artifacts bucket, an object
# written over another environment's state, a trail that does not log, a recorder turned off.
resource "aws_s3_bucket_acl" "artifacts_public" {
  bucket = aws_s3_bucket.artifacts.id
  acl    = "public-read"
}

resource "aws_s3_object" "prod_state" {
  bucket  = var.state_bucket
  key     = "envs/prod/terraform.tfstate"
  content = "{}"
}

resource "aws_cloudtrail" "audit" {
  name           = "acme-audit"
  s3_bucket_name = aws_s3_bucket.artifacts.id
  enable_logging = false
}

resource "aws_config_configuration_recorder_status" "default" {
  name       = "default"
  is_enabled = false
}
