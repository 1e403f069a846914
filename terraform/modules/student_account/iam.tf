locals {
  users = merge(
    { for name, s in var.students : name => { email = s.email, role = "student" } },
    { for name, m in var.mentors : name => { email = m.email, role = "mentor" } },
  )
}

resource "aws_iam_group" "students" {
  name = "students"
  path = "/roster/"
}

resource "aws_iam_group" "mentors" {
  name = "mentors"
  path = "/roster/"
}

resource "aws_iam_user" "roster" {
  for_each = local.users

  name          = each.key
  path          = "/roster/${each.value.role}s/"
  force_destroy = false

  tags = {
    Email = each.value.email
    Role  = each.value.role
  }
}

resource "aws_iam_user_group_membership" "roster" {
  for_each = local.users

  user   = aws_iam_user.roster[each.key].name
  groups = [each.value.role == "mentor" ? aws_iam_group.mentors.name : aws_iam_group.students.name]
}

# Users manage their own password and MFA device; nothing else works until they sign in with
# MFA.
resource "aws_iam_policy" "self_service" {
  name        = "roster-self-service"
  path        = "/roster/"
  description = "Own password and MFA device; everything else requires MFA."

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ManageOwnCredentials"
        Effect = "Allow"
        Action = [
          "iam:ChangePassword",
          "iam:CreateVirtualMFADevice",
          "iam:EnableMFADevice",
          "iam:GetLoginProfile",
          "iam:GetUser",
          "iam:ListMFADevices",
          "iam:ResyncMFADevice",
        ]
        Resource = [
          "arn:aws:iam::*:user/roster/*/$${aws:username}",
          "arn:aws:iam::*:mfa/$${aws:username}",
        ]
      },
      {
        Sid      = "ReadPasswordPolicy"
        Effect   = "Allow"
        Action   = ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"]
        Resource = "*"
      },
      {
        Sid    = "RequireMfa"
        Effect = "Deny"
        NotAction = [
          "iam:ChangePassword",
          "iam:CreateVirtualMFADevice",
          "iam:EnableMFADevice",
          "iam:GetAccountPasswordPolicy",
          "iam:GetUser",
          "iam:ListMFADevices",
          "iam:ListVirtualMFADevices",
          "iam:ResyncMFADevice",
          "sts:GetSessionToken",
        ]
        Resource = "*"
        Condition = {
          BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" }
        }
      },
    ]
  })
}

# What students build with. The organization's SCPs bound it further (free-tier instance and
# database classes, one region, no NAT gateways).
resource "aws_iam_policy" "sandbox" {
  name        = "roster-sandbox"
  path        = "/roster/"
  description = "EC2, RDS and per-user S3 buckets in the allowed region."

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "Compute"
        Effect = "Allow"
        Action = [
          "ec2:AuthorizeSecurityGroupEgress",
          "ec2:AuthorizeSecurityGroupIngress",
          "ec2:CreateKeyPair",
          "ec2:CreateSecurityGroup",
          "ec2:CreateTags",
          "ec2:DeleteKeyPair",
          "ec2:DeleteSecurityGroup",
          "ec2:Describe*",
          "ec2:ImportKeyPair",
          "ec2:RebootInstances",
          "ec2:RevokeSecurityGroupEgress",
          "ec2:RevokeSecurityGroupIngress",
          "ec2:RunInstances",
          "ec2:StartInstances",
          "ec2:StopInstances",
          "ec2:TerminateInstances",
        ]
        Resource = "*"
        Condition = {
          StringEquals = { "aws:RequestedRegion" = var.region }
        }
      },
      {
        Sid    = "Databases"
        Effect = "Allow"
        Action = [
          "rds:AddTagsToResource",
          "rds:CreateDBInstance",
          "rds:CreateDBSubnetGroup",
          "rds:DeleteDBInstance",
          "rds:DeleteDBSubnetGroup",
          "rds:Describe*",
          "rds:ModifyDBInstance",
          "rds:RebootDBInstance",
          "rds:StartDBInstance",
          "rds:StopDBInstance",
        ]
        Resource = "*"
        Condition = {
          StringEquals = { "aws:RequestedRegion" = var.region }
        }
      },
      {
        Sid      = "ListBuckets"
        Effect   = "Allow"
        Action   = ["s3:GetBucketLocation", "s3:ListAllMyBuckets"]
        Resource = "*"
      },
      {
        Sid    = "OwnBuckets"
        Effect = "Allow"
        Action = [
          "s3:CreateBucket",
          "s3:DeleteBucket",
          "s3:DeleteObject",
          "s3:GetObject",
          "s3:ListBucket",
          "s3:PutObject",
        ]
        Resource = [
          "arn:aws:s3:::acme-student-$${aws:username}-*",
          "arn:aws:s3:::acme-student-$${aws:username}-*/*",
        ]
      },
    ]
  })
}

resource "aws_iam_group_policy_attachment" "students" {
  for_each = {
    self_service = aws_iam_policy.self_service.arn
    sandbox      = aws_iam_policy.sandbox.arn
  }

  group      = aws_iam_group.students.name
  policy_arn = each.value
}

resource "aws_iam_group_policy_attachment" "mentors" {
  for_each = {
    self_service = aws_iam_policy.self_service.arn
    sandbox      = aws_iam_policy.sandbox.arn
    read_only    = "arn:aws:iam::aws:policy/ReadOnlyAccess"
  }

  group      = aws_iam_group.mentors.name
  policy_arn = each.value
}

# Administrator role for the Management account's administrators (the account's
# OrganizationAccountAccessRole stays for break-glass use).
resource "aws_iam_role" "admin" {
  name                 = var.admin_role_name
  description          = "Administration of the students and mentors account from the Management account."
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ManagementAdministrators"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${var.management_account_id}:root" }
      Action    = "sts:AssumeRole"
      Condition = {
        ArnLike = { "aws:PrincipalArn" = var.management_admin_arn_patterns }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
