module github.com/acme/quotes

go 1.23.4

require (
	github.com/labstack/echo/v4 v4.12.0
	github.com/redis/go-redis/v9 v9.6.1
	github.com/prometheus/client_golang v1.20.2
)
