# One statement per expensive service, each with its own administrator exemption.
locals {
  expensive_services = [
    "aoss", "appstream", "athena", "bedrock", "braket", "comprehend", "databrew", "deepracer",
    "dms", "elasticache", "elasticmapreduce", "emr-containers", "emr-serverless", "es",
    "forecast", "frauddetector", "gamelift", "glue", "groundstation", "kafka", "kendra",
    "kinesisanalytics", "lex", "medialive", "memorydb", "personalize", "quicksight", "redshift",
    "redshift-serverless", "rekognition", "sagemaker", "textract", "workspaces",
  ]
}

resource "aws_organizations_policy" "expensive_services" {
  name        = "expensive-services"
  description = "Deny services outside the free tier."
  type        = "SERVICE_CONTROL_POLICY"

  content = jsonencode({
    Version = "2012-10-17"
    Statement = [for service in local.expensive_services : {
      Sid      = "Deny${replace(title(service), "-", "")}"
      Effect   = "Deny"
      Action   = "${service}:*"
      Resource = "*"
      Condition = {
        ArnNotLike = {
          "aws:PrincipalARN" = [
            "arn:aws:iam::*:role/OrganizationAccountAccessRole",
            "arn:aws:iam::*:role/platform-admin",
          ]
        }
      }
    }]
  })
}

resource "aws_organizations_policy_attachment" "students_expensive_services" {
  policy_id = aws_organizations_policy.expensive_services.id
  target_id = aws_organizations_organizational_unit.students.id
}
