resource "aws_dynamodb_table" "this" {
  name = "${local.table_name}-items"
}
