locals {
  environment = "prod"
}

module "deploy_role" {
  source = "../../modules/deploy_role"

  environment     = local.environment
  account_id      = var.account_id
  region          = var.region
  ci_role_arn     = var.ci_role_arn
  artifact_bucket = var.artifact_bucket
  state_bucket    = var.state_bucket
}

module "app" {
  source = "../../modules/app"

  environment               = local.environment
  account_id                = var.account_id
  region                    = var.region
  artifact_bucket           = var.artifact_bucket
  artifact_key              = var.artifact_key
  artifact_sha256           = var.artifact_sha256
  permissions_boundary_arn  = module.deploy_role.app_permissions_boundary_arn
  alarm_actions             = var.alarm_actions
  table_deletion_protection = local.environment != "dev"
}

# Read-only plan role of this stack, for the drift workflow (.github/workflows/drift.yml).
module "drift_read_role" {
  source = "../../modules/drift_read_role"

  stack          = "prod"
  drift_role_arn = var.drift_role_arn
}
