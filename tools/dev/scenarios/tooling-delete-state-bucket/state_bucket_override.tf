resource "aws_s3_bucket" "state" {
  lifecycle {
    prevent_destroy = false
  }
}
