-- +goose Up
CREATE TABLE payments (
    id          UUID PRIMARY KEY,
    order_id    UUID NOT NULL,
    amount_cents BIGINT NOT NULL,
    status      TEXT NOT NULL
);

-- +goose Down
DROP TABLE payments;
