output "ci_role_arn" {
  description = "Role GitHub Actions deploy jobs assume (role-to-assume)."
  value       = aws_iam_role.ci.arn
}

output "state_bucket" {
  description = "Terraform state bucket."
  value       = aws_s3_bucket.state.id
}

output "lock_table" {
  description = "Terraform lock table."
  value       = aws_dynamodb_table.lock.name
}

output "state_key_arn" {
  description = "KMS key encrypting state."
  value       = aws_kms_key.state.arn
}

output "artifacts_bucket" {
  description = "Artifacts bucket."
  value       = aws_s3_bucket.artifacts.id
}

output "deploy_role_arns" {
  description = "Deploy roles the CI role may assume."
  value       = local.assume_role_targets
}
