locals {
  scp_free_tier = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DenyNonFreeTierInstanceTypes"
        Effect   = "Deny"
        Action   = "ec2:RunInstances"
        Resource = "arn:aws:ec2:*:*:instance/*"
        Condition = {
          StringNotEquals = { "ec2:InstanceType" = var.free_tier_instance_types }
        }
      },
      {
        Sid      = "DenyNonFreeTierDbClasses"
        Effect   = "Deny"
        Action   = "rds:CreateDBInstance"
        Resource = "*"
        Condition = {
          StringNotEquals = { "rds:DatabaseClass" = var.free_tier_db_classes }
        }
      },
    ]
  }
}
