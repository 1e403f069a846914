locals {
  extra_scps = {
    deny-ml-services        = ["bedrock:*", "comprehend:*", "rekognition:*", "sagemaker:*"]
    deny-analytics-services = ["elasticmapreduce:*", "kafka:*", "redshift:*", "redshift-serverless:*"]
    deny-media-services     = ["gamelift:*", "medialive:*", "workspaces:*"]
  }
}

resource "aws_organizations_policy" "deny_ml_services" {
  name    = "deny-ml-services"
  type    = "SERVICE_CONTROL_POLICY"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = local.extra_scps["deny-ml-services"], Resource = "*" }] })
}

resource "aws_organizations_policy" "deny_analytics_services" {
  name    = "deny-analytics-services"
  type    = "SERVICE_CONTROL_POLICY"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = local.extra_scps["deny-analytics-services"], Resource = "*" }] })
}

resource "aws_organizations_policy" "deny_media_services" {
  name    = "deny-media-services"
  type    = "SERVICE_CONTROL_POLICY"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = local.extra_scps["deny-media-services"], Resource = "*" }] })
}

resource "aws_organizations_policy_attachment" "students_deny_ml_services" {
  policy_id = aws_organizations_policy.deny_ml_services.id
  target_id = aws_organizations_organizational_unit.students.id
}

resource "aws_organizations_policy_attachment" "students_deny_analytics_services" {
  policy_id = aws_organizations_policy.deny_analytics_services.id
  target_id = aws_organizations_organizational_unit.students.id
}

resource "aws_organizations_policy_attachment" "students_deny_media_services" {
  policy_id = aws_organizations_policy.deny_media_services.id
  target_id = aws_organizations_organizational_unit.students.id
}
