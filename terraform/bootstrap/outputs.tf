output "github_oidc_provider_arn" {
  description = "GitHub Actions OIDC provider (trusted by the CI role in tooling/)."
  value       = aws_iam_openid_connect_provider.github.arn
}

output "roster_bucket" {
  description = "Bucket to upload roster CSVs to."
  value       = module.roster_pipeline.bucket
}

output "roster_key" {
  description = "Key of the merged roster the roster workflow reads."
  value       = module.roster_pipeline.roster_key
}

output "github_token_secret_arn" {
  description = "Secret to fill with the GitHub token (aws secretsmanager put-secret-value)."
  value       = module.roster_pipeline.github_token_secret_arn
}
