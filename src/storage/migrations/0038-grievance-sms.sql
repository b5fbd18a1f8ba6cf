-- Grievances by SMS. A sender's number is never stored in clear: it is sealed (AES-256-GCM, as every contact
-- detail) on the grievance it opened, and its keyed hash (HMAC-SHA256 under a key derived from the grievance key)
-- finds the open grievance a further message belongs to.
CREATE TABLE grievance_sms_threads (
  grievance_id  uuid PRIMARY KEY REFERENCES grievances (id) ON DELETE CASCADE,
  sender_hash   text NOT NULL,
  sender_sealed text NOT NULL,
  channel       text NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX grievance_sms_threads_sender_idx ON grievance_sms_threads (sender_hash, created_at DESC);

-- Every message of a thread, in and out. An inbound message is stored once per gateway message id (the gateway
-- retries its callback); an outbound one keeps the gateway's answer: its id when sent, why not when it failed.
CREATE TABLE grievance_sms_messages (
  id                 uuid PRIMARY KEY,
  grievance_id       uuid NOT NULL REFERENCES grievances (id) ON DELETE CASCADE,
  direction          text NOT NULL CHECK (direction IN ('in', 'out')),
  channel            text NOT NULL,
  gateway_message_id text,
  body               text NOT NULL,
  status             text NOT NULL CHECK (status IN ('received', 'sent', 'failed')),
  failure            text,
  sent_by            uuid,
  sent_at            timestamptz,
  recorded_at        timestamptz NOT NULL
);
CREATE UNIQUE INDEX grievance_sms_inbound_once_idx
  ON grievance_sms_messages (channel, gateway_message_id) WHERE direction = 'in';
CREATE INDEX grievance_sms_messages_thread_idx ON grievance_sms_messages (grievance_id, recorded_at, id);
