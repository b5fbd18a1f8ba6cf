-- ODK Collect, KoBoCollect and Enketo speak OpenRosa 1.0 to Amana (docs/decisions/0033-openrosa-server.md).
-- An app user is a token an administrator makes for one member (a monitor, usually), used in the URL as ODK
-- Central does (/openrosa/key/<token>/…) and limited to a set of sites; only its SHA-256 is kept.
CREATE TABLE openrosa_app_users (
  id               uuid PRIMARY KEY,
  name             text NOT NULL,
  user_id          uuid NOT NULL REFERENCES users (id),
  organisation_id  uuid NOT NULL REFERENCES organisations (id),
  token_hash       text NOT NULL UNIQUE,
  site_ids         uuid[] NOT NULL,
  created_by       uuid NOT NULL REFERENCES users (id),
  created_at       timestamptz NOT NULL,
  last_used_at     timestamptz,
  revoked_at       timestamptz,
  revoked_by       uuid REFERENCES users (id)
);
CREATE INDEX openrosa_app_users_newest_idx ON openrosa_app_users (created_at DESC, id DESC);

-- Every submission received is kept as sent, whatever became of it: applied to an Amana record, refused (and
-- why, by field, so that an analyst can correct it and apply it), or waiting for attachments still to come.
CREATE TABLE openrosa_submissions (
  id               uuid PRIMARY KEY,
  -- The instanceID of the form's meta block; null only for XML that could not be read at all.
  instance_id      text UNIQUE,
  form_id          text,
  form_version     text,
  submitted_by     uuid NOT NULL REFERENCES users (id),
  organisation_id  uuid NOT NULL REFERENCES organisations (id),
  app_user_id      uuid REFERENCES openrosa_app_users (id),
  device_id        text,
  xml              text NOT NULL,
  xml_sha256       text NOT NULL,
  received_at      timestamptz NOT NULL,
  state            text NOT NULL CHECK (state IN ('awaiting_attachments', 'applied', 'refused')),
  -- The attachments the XML names, by file name; the submission is complete when all have arrived.
  expected_files   text[] NOT NULL DEFAULT '{}',
  refusal_code     text,
  refusal_errors   jsonb NOT NULL DEFAULT '[]',
  record_type      text CHECK (record_type IN ('visit', 'incident', 'lot')),
  record_id        uuid,
  corrected_xml    text,
  applied_at       timestamptz,
  applied_by       uuid REFERENCES users (id)
);
-- The analysts' list, newest first, by state.
CREATE INDEX openrosa_submissions_newest_idx ON openrosa_submissions (received_at DESC, id DESC);
CREATE INDEX openrosa_submissions_state_idx ON openrosa_submissions (state, received_at DESC, id DESC);

CREATE TABLE openrosa_attachments (
  submission_id    uuid NOT NULL REFERENCES openrosa_submissions (id),
  filename         text NOT NULL,
  content_type     text NOT NULL,
  size_bytes       integer NOT NULL,
  sha256           text NOT NULL,
  content          bytea NOT NULL,
  received_at      timestamptz NOT NULL,
  PRIMARY KEY (submission_id, filename)
);
