# Service control policies. Each document stays well under the 5,120-byte SCP limit, and a
# target gets at most three of them directly (plus the FullAWSAccess policy AWS attaches),
# under the limit of five. Policies and attachments are written out one by one so that a plan
# shows which policy goes to which OU even before their ids exist.

locals {
  # Every account outside Management: leave the organization or blind the audit trail, no.
  scp_baseline = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DenyLeavingOrganization"
        Effect   = "Deny"
        Action   = "organizations:LeaveOrganization"
        Resource = "*"
      },
      {
        Sid      = "ProtectCloudTrail"
        Effect   = "Deny"
        Action   = ["cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail"]
        Resource = "*"
      },
      {
        Sid    = "ProtectConfig"
        Effect = "Deny"
        Action = [
          "config:DeleteConfigurationRecorder",
          "config:DeleteDeliveryChannel",
          "config:StopConfigurationRecorder",
        ]
        Resource = "*"
      },
    ]
  }

  # One region. Global services, which answer in us-east-1 whatever the caller asks, are
  # exempt, and so are administrators repairing an account.
  scp_region_lock = {
    Version = "2012-10-17"
    Statement = [{
      Sid    = "DenyOtherRegions"
      Effect = "Deny"
      NotAction = [
        "account:*",
        "aws-portal:*",
        "budgets:*",
        "ce:*",
        "cloudfront:*",
        "cur:*",
        "globalaccelerator:*",
        "health:*",
        "iam:*",
        "organizations:*",
        "pricing:*",
        "route53:*",
        "route53domains:*",
        "s3:GetBucketLocation",
        "s3:ListAllMyBuckets",
        "shield:*",
        "sts:*",
        "support:*",
        "trustedadvisor:*",
        "waf:*",
      ]
      Resource = "*"
      Condition = {
        StringNotEquals = { "aws:RequestedRegion" = [var.region] }
        ArnNotLike      = { "aws:PrincipalARN" = var.break_glass_role_patterns }
      }
    }]
  }

  # Free-tier guardrails for the students and mentors account.
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

resource "aws_organizations_policy" "baseline" {
  name        = "baseline"
  description = "Deny leaving the organization and disabling CloudTrail or Config."
  type        = "SERVICE_CONTROL_POLICY"
  content     = jsonencode(local.scp_baseline)

  depends_on = [aws_organizations_organization.this]
}

resource "aws_organizations_policy" "region_lock" {
  name        = "region-lock"
  description = "Deny regions other than ${var.region} (global services and break-glass roles exempt)."
  type        = "SERVICE_CONTROL_POLICY"
  content     = jsonencode(local.scp_region_lock)

  depends_on = [aws_organizations_organization.this]
}

resource "aws_organizations_policy" "free_tier" {
  name        = "free-tier"
  description = "Free-tier guardrails: instance types, database classes, volume size, no NAT gateways or commitments."
  type        = "SERVICE_CONTROL_POLICY"
  content     = jsonencode(local.scp_free_tier)

  depends_on = [aws_organizations_organization.this]
}

resource "aws_organizations_policy_attachment" "students_baseline" {
  policy_id = aws_organizations_policy.baseline.id
  target_id = aws_organizations_organizational_unit.students.id
}

resource "aws_organizations_policy_attachment" "students_region_lock" {
  policy_id = aws_organizations_policy.region_lock.id
  target_id = aws_organizations_organizational_unit.students.id
}

resource "aws_organizations_policy_attachment" "students_free_tier" {
  policy_id = aws_organizations_policy.free_tier.id
  target_id = aws_organizations_organizational_unit.students.id
}

resource "aws_organizations_policy_attachment" "workloads_baseline" {
  policy_id = aws_organizations_policy.baseline.id
  target_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_policy_attachment" "workloads_region_lock" {
  policy_id = aws_organizations_policy.region_lock.id
  target_id = aws_organizations_organizational_unit.workloads.id
}
