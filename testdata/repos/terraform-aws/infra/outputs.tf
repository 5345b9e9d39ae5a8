output "api_url" {
  value = aws_lb.api.dns_name
}

output "exports_queue_url" {
  value = aws_sqs_queue.exports.url
}
