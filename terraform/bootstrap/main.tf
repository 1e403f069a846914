# GitHub Actions OIDC identity provider of the Tooling account: the CI role (tooling/) trusts
# it. AWS validates GitHub's certificate against its own trusted CAs, so no thumbprint is pinned.
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]

  lifecycle {
    prevent_destroy = true
  }
}

# Roster pipeline: CSV uploads -> csv_to_json -> merged roster JSON -> dispatch ->
# repository_dispatch "roster-updated" -> the roster workflow, which applies organization/.
module "roster_pipeline" {
  source = "../modules/roster_pipeline"

  account_id               = var.account_id
  region                   = var.region
  bucket_name              = var.roster_bucket
  github_repository        = var.github_repository
  github_token_secret_name = var.github_token_secret_name

  csv_to_json_package_path   = var.csv_to_json_package_path
  csv_to_json_package_sha256 = var.csv_to_json_package_sha256
  dispatch_package_path      = var.dispatch_package_path
  dispatch_package_sha256    = var.dispatch_package_sha256
}

# Read-only plan role of this stack, for the drift workflow (.github/workflows/drift.yml).
module "drift_read_role" {
  source = "../modules/drift_read_role"

  stack          = "bootstrap"
  drift_role_arn = var.drift_role_arn
}
