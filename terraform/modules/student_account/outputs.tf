output "vpc_id" {
  description = "Shared VPC."
  value       = aws_vpc.shared.id
}

output "student_subnet_cidrs" {
  description = "Subnet CIDR by student."
  value       = { for name, s in aws_subnet.student : name => s.cidr_block }
}

output "admin_role_name" {
  description = "Administrator role for the Management account."
  value       = aws_iam_role.admin.name
}
