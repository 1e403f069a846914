# A second aws provider configuration for another region, and an (allowed) log group created
# through it. (A provider naming another account cannot be planned offline: the provider checks
# allowed_account_ids and assume_role against AWS; the unit tests cover those.)
provider "aws" {
  alias  = "elsewhere"
  region = "eu-west-1"

  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

resource "aws_cloudwatch_log_group" "copy" {
  provider = aws.elsewhere
  name     = "/acme/platform-api-prod/copy"
}
