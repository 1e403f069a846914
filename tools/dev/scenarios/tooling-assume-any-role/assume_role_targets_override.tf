locals {
  assume_role_targets = ["arn:aws:iam::*:role/*"]
}
