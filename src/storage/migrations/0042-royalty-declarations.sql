-- What an actor declared it paid in royalties for a month, beside what its shipments imply (decision 0058).
CREATE TABLE royalty_declarations (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  period          text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  currency        char(3) NOT NULL,
  declared_minor  bigint NOT NULL CHECK (declared_minor >= 0),
  reference       text NOT NULL DEFAULT '',
  recorded_by     uuid NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL,
  UNIQUE (organisation_id, period, currency)
);
