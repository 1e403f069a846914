# Values of the example platform.
account_id            = "333333333333"
management_account_id = "111111111111"
region                = "us-east-1"

github_repository   = "acme/platform"
github_environments = ["dev", "staging", "prod", "artifacts", "staging-plan", "prod-plan", "organization-plan", "organization"]

deploy_accounts = {
  dev     = "444444444444"
  staging = "555555555555"
  prod    = "666666666666"
}

state_bucket     = "acme-tfstate-333333333333"
lock_table       = "acme-tflock"
state_key_alias  = "alias/acme-tfstate"
artifacts_bucket = "acme-artifacts-333333333333"
roster_bucket    = "acme-roster-333333333333"
