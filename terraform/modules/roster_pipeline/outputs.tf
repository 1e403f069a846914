output "bucket" {
  description = "Roster bucket."
  value       = aws_s3_bucket.roster.id
}

output "roster_key" {
  description = "Key of the merged roster JSON."
  value       = local.roster_key
}

output "function_names" {
  description = "Pipeline functions by role."
  value       = { for k, f in aws_lambda_function.function : k => f.function_name }
}

output "github_token_secret_arn" {
  description = "Secret to fill with the GitHub token."
  value       = aws_secretsmanager_secret.github_token.arn
}
