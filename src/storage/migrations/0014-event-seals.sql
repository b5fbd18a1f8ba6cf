-- Signed statements of the event chain head (seq, hash) at a moment, made with the instance's Ed25519 key,
-- which lives outside the database: whoever rewrites the log and its hashes cannot make matching seals.
-- A seal is not itself an event, so sealing never moves the head it signs.
CREATE TABLE event_seals (
  seq       bigint PRIMARY KEY,
  hash      text NOT NULL,
  sealed_at timestamptz NOT NULL,
  key_id    text NOT NULL,
  signature text NOT NULL
);
