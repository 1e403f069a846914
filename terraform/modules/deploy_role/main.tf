locals {
  role_name     = "tfgate-deploy-${var.environment}"
  is_prod       = var.environment == "prod"
  function_name = "${var.app_name}-${var.environment}"
  exec_role     = "${local.function_name}-lambda"

  arn = {
    function      = "arn:aws:lambda:${var.region}:${var.account_id}:function:${local.function_name}"
    exec_role     = "arn:aws:iam::${var.account_id}:role/${local.exec_role}"
    deploy_role   = "arn:aws:iam::${var.account_id}:role/${local.role_name}"
    boundary      = "arn:aws:iam::${var.account_id}:policy/${local.function_name}-boundary"
    table         = "arn:aws:dynamodb:${var.region}:${var.account_id}:table/${local.function_name}"
    lambda_logs   = "arn:aws:logs:${var.region}:${var.account_id}:log-group:/aws/lambda/${local.function_name}"
    api_logs      = "arn:aws:logs:${var.region}:${var.account_id}:log-group:/aws/apigateway/${local.function_name}"
    any_log_group = "arn:aws:logs:${var.region}:${var.account_id}:log-group:*"
    alarms        = "arn:aws:cloudwatch:${var.region}:${var.account_id}:alarm:${local.function_name}-*"
    apis          = "arn:aws:apigateway:${var.region}::/apis"
  }

  # Actions needed to create, update and read the application (modules/app). Deletes and IAM
  # writes are added outside prod only: in prod the gate admits no delete and no IAM change, so
  # the role cannot perform them either.
  lambda_actions = concat(
    [
      "lambda:AddPermission",
      "lambda:CreateFunction",
      "lambda:GetFunction",
      "lambda:GetFunctionCodeSigningConfig",
      "lambda:GetFunctionConfiguration",
      "lambda:GetPolicy",
      "lambda:ListTags",
      "lambda:ListVersionsByFunction",
      "lambda:TagResource",
      "lambda:UntagResource",
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
    ],
    local.is_prod ? [] : ["lambda:DeleteFunction", "lambda:RemovePermission"],
  )

  apigateway_actions = concat(
    ["apigateway:GET", "apigateway:PATCH", "apigateway:POST", "apigateway:PUT"],
    local.is_prod ? [] : ["apigateway:DELETE"],
  )

  log_group_actions = concat(
    [
      "logs:CreateLogGroup",
      "logs:ListTagsForResource",
      "logs:ListTagsLogGroup",
      "logs:PutRetentionPolicy",
      "logs:TagResource",
      "logs:UntagResource",
    ],
    local.is_prod ? [] : ["logs:DeleteLogGroup"],
  )

  alarm_actions = concat(
    [
      "cloudwatch:DescribeAlarms",
      "cloudwatch:ListTagsForResource",
      "cloudwatch:PutMetricAlarm",
      "cloudwatch:TagResource",
      "cloudwatch:UntagResource",
    ],
    local.is_prod ? [] : ["cloudwatch:DeleteAlarms"],
  )

  table_actions = concat(
    [
      "dynamodb:CreateTable",
      "dynamodb:DescribeContinuousBackups",
      "dynamodb:DescribeTable",
      "dynamodb:DescribeTimeToLive",
      "dynamodb:ListTagsOfResource",
      "dynamodb:TagResource",
      "dynamodb:UntagResource",
      "dynamodb:UpdateContinuousBackups",
      "dynamodb:UpdateTable",
    ],
    local.is_prod ? [] : ["dynamodb:DeleteTable"],
  )

  allow_statements = concat(
    [
      {
        Sid      = "ManageFunction"
        Effect   = "Allow"
        Action   = local.lambda_actions
        Resource = local.arn.function
      },
      {
        Sid      = "ManageHttpApis"
        Effect   = "Allow"
        Action   = local.apigateway_actions
        Resource = [local.arn.apis, "${local.arn.apis}/*", "arn:aws:apigateway:${var.region}::/tags/*"]
      },
      {
        Sid      = "ManageLogGroups"
        Effect   = "Allow"
        Action   = local.log_group_actions
        Resource = [local.arn.lambda_logs, "${local.arn.lambda_logs}:*", local.arn.api_logs, "${local.arn.api_logs}:*"]
      },
      {
        Sid      = "DescribeLogGroups"
        Effect   = "Allow"
        Action   = "logs:DescribeLogGroups"
        Resource = local.arn.any_log_group
      },
      {
        # API Gateway access logging is configured through CloudWatch Logs vended log
        # deliveries, which have no resource-level permissions.
        Sid    = "ApiAccessLogDelivery"
        Effect = "Allow"
        Action = [
          "logs:CreateLogDelivery",
          "logs:DeleteLogDelivery",
          "logs:DescribeResourcePolicies",
          "logs:GetLogDelivery",
          "logs:ListLogDeliveries",
          "logs:PutResourcePolicy",
          "logs:UpdateLogDelivery",
        ]
        Resource = "*"
      },
      {
        Sid      = "ManageAlarms"
        Effect   = "Allow"
        Action   = local.alarm_actions
        Resource = local.arn.alarms
      },
      {
        Sid      = "ManageTable"
        Effect   = "Allow"
        Action   = local.table_actions
        Resource = local.arn.table
      },
      {
        Sid    = "ReadRoles"
        Effect = "Allow"
        Action = [
          "iam:GetRole",
          "iam:GetRolePolicy",
          "iam:ListAttachedRolePolicies",
          "iam:ListRolePolicies",
        ]
        Resource = [local.arn.exec_role, local.arn.deploy_role]
      },
      {
        Sid      = "ReadBoundaryPolicy"
        Effect   = "Allow"
        Action   = ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions"]
        Resource = local.arn.boundary
      },
      {
        Sid      = "PassExecutionRoleToLambda"
        Effect   = "Allow"
        Action   = "iam:PassRole"
        Resource = local.arn.exec_role
        Condition = {
          StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" }
        }
      },
      {
        Sid      = "ReadArtifacts"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:GetObjectVersion"]
        Resource = "arn:aws:s3:::${var.artifact_bucket}/${var.app_name}/*"
      },
    ],
    [for s in [
      {
        # The execution role may only be written with the application boundary attached, so
        # the deploy role cannot grant itself more through the function it deploys.
        Sid    = "WriteExecutionRoleWithinBoundary"
        Effect = "Allow"
        Action = [
          "iam:CreateRole",
          "iam:DeleteRolePolicy",
          "iam:PutRolePolicy",
        ]
        Resource = local.arn.exec_role
        Condition = {
          StringEquals = { "iam:PermissionsBoundary" = local.arn.boundary }
        }
      },
      {
        Sid      = "RetireExecutionRole"
        Effect   = "Allow"
        Action   = ["iam:DeleteRole", "iam:ListInstanceProfilesForRole", "iam:TagRole", "iam:UntagRole"]
        Resource = local.arn.exec_role
      },
    ] : s if !local.is_prod],
  )

  deny_statements = concat(
    [
      {
        Sid    = "DenyLongLivedCredentials"
        Effect = "Deny"
        Action = [
          "iam:CreateAccessKey",
          "iam:CreateLoginProfile",
          "iam:CreateUser",
          "iam:UpdateLoginProfile",
        ]
        Resource = "*"
      },
      {
        Sid      = "DenyOrganizations"
        Effect   = "Deny"
        Action   = "organizations:*"
        Resource = "*"
      },
      {
        Sid      = "DenyAuditTampering"
        Effect   = "Deny"
        Action   = ["cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail"]
        Resource = "*"
      },
      {
        Sid      = "DenyKeyDeletion"
        Effect   = "Deny"
        Action   = ["kms:DisableKey", "kms:ScheduleKeyDeletion"]
        Resource = "*"
      },
      {
        Sid      = "DenyStateBucketDeletion"
        Effect   = "Deny"
        Action   = ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketVersioning"]
        Resource = "arn:aws:s3:::${var.state_bucket}"
      },
      {
        Sid    = "DenyBoundaryChanges"
        Effect = "Deny"
        Action = [
          "iam:CreatePolicyVersion",
          "iam:DeletePolicy",
          "iam:DeletePolicyVersion",
          "iam:SetDefaultPolicyVersion",
        ]
        Resource = local.arn.boundary
      },
      {
        Sid    = "DenyBoundaryRemoval"
        Effect = "Deny"
        Action = [
          "iam:DeleteRolePermissionsBoundary",
          "iam:PutRolePermissionsBoundary",
          "iam:UpdateAssumeRolePolicy",
        ]
        Resource = local.arn.exec_role
      },
      {
        Sid    = "DenySelfModification"
        Effect = "Deny"
        Action = [
          "iam:AttachRolePolicy",
          "iam:DeleteRolePolicy",
          "iam:PutRolePolicy",
          "iam:UpdateAssumeRolePolicy",
        ]
        Resource = local.arn.deploy_role
      },
    ],
    [for s in [
      {
        Sid    = "DenyProdDeletes"
        Effect = "Deny"
        Action = [
          "apigateway:DELETE",
          "cloudwatch:DeleteAlarms",
          "dynamodb:DeleteTable",
          "iam:DeleteRole",
          "lambda:DeleteFunction",
          "logs:DeleteLogGroup",
        ]
        Resource = "*"
      },
    ] : s if local.is_prod],
  )
}

resource "aws_iam_role" "deploy" {
  name                 = local.role_name
  description          = "Applies the ${var.environment} stack; assumed by the CI role in the Tooling account."
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "TrustToolingCiRole"
      Effect    = "Allow"
      Principal = { AWS = var.ci_role_arn }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_iam_role_policy" "deploy" {
  name = "deploy"
  role = aws_iam_role.deploy.name

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat(local.allow_statements, local.deny_statements)
  })
}

# Upper bound of the application's execution role. The deploy role may write that role only
# with this boundary attached and may not change the boundary itself.
resource "aws_iam_policy" "app_boundary" {
  name        = "${local.function_name}-boundary"
  description = "Permissions boundary of the ${local.function_name} execution role."

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${local.arn.lambda_logs}:*"
      },
      {
        Sid      = "Table"
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem"]
        Resource = local.arn.table
      },
    ]
  })
}
