-- Named EPCIS queries (REST binding /queries), each its creator's, and their subscriptions by webhook.
CREATE TABLE epcis_named_queries (
  id              uuid PRIMARY KEY,
  name            text NOT NULL,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  created_by      uuid NOT NULL REFERENCES users (id),
  query           jsonb NOT NULL,
  created_at      timestamptz NOT NULL,
  UNIQUE (created_by, name)
);

-- A webhook subscription delivers the events of its query captured after its position (`after_seq`, the
-- last event delivered), as its creator sees them; attempts back off on failure.
CREATE TABLE epcis_subscriptions (
  id              uuid PRIMARY KEY,
  query_id        uuid NOT NULL REFERENCES epcis_named_queries (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  created_by      uuid NOT NULL REFERENCES users (id),
  dest            text NOT NULL,
  secret          text NOT NULL,
  stream          boolean NOT NULL,
  schedule        jsonb,
  report_if_empty boolean NOT NULL DEFAULT false,
  initial_record_time timestamptz NOT NULL,
  after_seq       bigint NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  last_run_at     timestamptz,
  created_at      timestamptz NOT NULL
);
CREATE INDEX epcis_subscriptions_due_idx ON epcis_subscriptions (next_attempt_at);
