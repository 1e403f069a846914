# Added straight to the prod stack: a bucket for data exports.
resource "aws_s3_bucket" "exports" {
  bucket = "platform-api-prod-exports-666666666666"
}
