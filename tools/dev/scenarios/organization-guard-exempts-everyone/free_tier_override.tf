# The NAT gateway guard keeps its Deny but exempts every role and user: it guards nothing.
locals {
  scp_free_tier = {
    Version = "2012-10-17"
    Statement = [
      {
        # Scoped to instance ARNs: RunInstances also authorizes volumes, interfaces and images,
        # which carry no ec2:InstanceType key and would otherwise always be denied.
        Sid      = "DenyNonFreeTierInstanceTypes"
        Effect   = "Deny"
        Action   = "ec2:RunInstances"
        Resource = "arn:aws:ec2:*:*:instance/*"
        Condition = {
          StringNotEquals = { "ec2:InstanceType" = var.free_tier_instance_types }
        }
      },
      {
        Sid      = "DenyResizingToNonFreeTierTypes"
        Effect   = "Deny"
        Action   = "ec2:ModifyInstanceAttribute"
        Resource = "arn:aws:ec2:*:*:instance/*"
        Condition = {
          StringNotEquals = { "ec2:Attribute/InstanceType" = var.free_tier_instance_types }
          Null            = { "ec2:Attribute/InstanceType" = "false" }
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
      {
        Sid      = "DenyResizingToNonFreeTierDbClasses"
        Effect   = "Deny"
        Action   = "rds:ModifyDBInstance"
        Resource = "*"
        Condition = {
          StringNotEquals = { "rds:DatabaseClass" = var.free_tier_db_classes }
          Null            = { "rds:DatabaseClass" = "false" }
        }
      },
      {
        Sid      = "DenyLargeVolumes"
        Effect   = "Deny"
        Action   = ["ec2:CreateVolume", "ec2:RunInstances"]
        Resource = "arn:aws:ec2:*:*:volume/*"
        Condition = {
          NumericGreaterThan = { "ec2:VolumeSize" = var.max_volume_size_gb }
        }
      },
      {
        Sid      = "DenyNatGateways"
        Effect   = "Deny"
        Action   = "ec2:CreateNatGateway"
        Resource = "*"
        # Exempts "break-glass" principals, written so that every role and user matches.
        Condition = {
          ArnNotLike = { "aws:PrincipalARN" = ["arn:aws:iam::*:role/*", "arn:aws:iam::*:user/*"] }
        }
      },
      {
        Sid    = "DenyCommitments"
        Effect = "Deny"
        Action = [
          "ec2:PurchaseReservedInstancesOffering",
          "rds:CreateDBCluster",
          "rds:PurchaseReservedDBInstancesOffering",
          "savingsplans:CreateSavingsPlan",
        ]
        Resource = "*"
      },
    ]
  }
}
