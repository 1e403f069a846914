output "role_arn" {
  description = "ARN of the read-only plan role the drift workflow's provider assumes."
  value       = aws_iam_role.this.arn
}
