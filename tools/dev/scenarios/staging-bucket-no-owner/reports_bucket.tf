# A reports bucket whose own tags include a value known only after apply (the queue's ARN), so
# that tags_all is unknown until apply; its owner tag comes from the provider's default_tags.
resource "aws_sqs_queue" "report_events" {
  name = "platform-api-staging-report-events"
}

resource "aws_s3_bucket" "reports" {
  bucket = "platform-api-staging-reports-222222222222"
  tags = {
    DataClass   = "internal"
    NotifyQueue = aws_sqs_queue.report_events.arn
  }
}
