locals {
  table_actions = ["dynamodb:*"]
}
