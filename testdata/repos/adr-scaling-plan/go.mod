module github.com/acme/bookings-api

go 1.23.3

require (
	github.com/go-chi/chi/v5 v5.1.0
	github.com/jackc/pgx/v5 v5.7.1
	github.com/pressly/goose/v3 v3.22.1
	github.com/coreos/go-oidc/v3 v3.11.0
	go.opentelemetry.io/otel v1.31.0
)
