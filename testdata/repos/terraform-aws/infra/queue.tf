resource "aws_sqs_queue" "exports_dlq" {
  name = "reports-exports-dlq"
}

resource "aws_sqs_queue" "exports" {
  name                       = "reports-exports"
  visibility_timeout_seconds = 300
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.exports_dlq.arn
    maxReceiveCount     = 5
  })
}
