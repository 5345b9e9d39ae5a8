module example.com/shop/mailer

go 1.24

require github.com/nats-io/nats.go v1.38.0
