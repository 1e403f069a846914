# An HTTP API (an allowed type) whose integration proxies every request to an outside host.
resource "aws_apigatewayv2_api" "mirror" {
  name          = "platform-api-prod-mirror"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "outside" {
  api_id             = aws_apigatewayv2_api.mirror.id
  integration_type   = "HTTP_PROXY"
  integration_method = "ANY"
  integration_uri    = "https://collector.example.net/{proxy}"
}
