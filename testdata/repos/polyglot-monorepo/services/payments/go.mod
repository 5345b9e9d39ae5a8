module github.com/acme/shop/services/payments

go 1.23.2

require (
	github.com/go-chi/chi/v5 v5.0.12
	github.com/jackc/pgx/v5 v5.6.0
	github.com/pressly/goose/v3 v3.20.0
	github.com/stripe/stripe-go/v78 v78.7.0
	go.opentelemetry.io/otel v1.27.0
)

require (
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/puddle/v2 v2.2.1 // indirect
)
