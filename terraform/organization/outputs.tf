output "students_ou_id" {
  description = "OU of the students and mentors account."
  value       = aws_organizations_organizational_unit.students.id
}

output "workloads_ou_id" {
  description = "OU of the workload accounts."
  value       = aws_organizations_organizational_unit.workloads.id
}

output "students_account_id" {
  description = "Students and mentors account; record it as students_account_id after the first apply."
  value       = aws_organizations_account.students.id
}

output "student_subnet_cidrs" {
  description = "Subnet CIDR by student (empty until students_account_id is set)."
  value       = one(module.students_account[*].student_subnet_cidrs)
}
