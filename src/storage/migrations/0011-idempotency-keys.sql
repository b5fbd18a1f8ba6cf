-- The requests that creations with a client-made id answered, kept so that a retry gets the same answer and
-- a reused id is refused. Nothing is backfilled: records made before have no kept request.
CREATE TABLE idempotency_keys (
  id              uuid PRIMARY KEY,
  operation       text NOT NULL,
  -- SHA-256 (HMAC-SHA-256 for requests carrying personal data) of the request's canonical JSON, id left out.
  fingerprint     text NOT NULL,
  -- Who made it: only the same user acting for the same organisation gets the answer again; null for a
  -- public grievance.
  user_id         uuid,
  organisation_id uuid,
  status          smallint NOT NULL,
  -- json, not jsonb: the answer comes back with its keys in the order it was first given.
  result          json NOT NULL,
  created_at      timestamptz NOT NULL
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
