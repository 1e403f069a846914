output "role_arn" {
  description = "ARN of the deploy role."
  value       = aws_iam_role.deploy.arn
}

output "role_name" {
  description = "Name of the deploy role."
  value       = aws_iam_role.deploy.name
}

output "app_permissions_boundary_arn" {
  description = "ARN of the execution-role boundary policy (built from its name, so known at plan time)."
  value       = local.arn.boundary
  depends_on  = [aws_iam_policy.app_boundary]
}
