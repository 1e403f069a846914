output "deploy_role_arn" {
  description = "Role CI assumes to apply this stack."
  value       = module.deploy_role.role_arn
}

output "function_name" {
  description = "Name of the application function."
  value       = module.app.function_name
}

output "api_endpoint" {
  description = "Base URL of the application HTTP API."
  value       = module.app.api_endpoint
}
