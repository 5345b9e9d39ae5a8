-- +goose Up
CREATE TABLE bookings (
    id         UUID PRIMARY KEY,
    room_id    UUID NOT NULL,
    starts_at  TIMESTAMPTZ NOT NULL,
    ends_at    TIMESTAMPTZ NOT NULL,
    EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
);

-- +goose Down
DROP TABLE bookings;
