-- The offline field app (docs/decisions/0029-offline-field-app.md, 0030-field-sync-conflicts.md).
-- The position's accuracy of a visit is kept in visits.accuracy_m (migration 0027, the location check).

-- A photo on its way from a phone, in chunks: each chunk appends at the offset the server holds, so an upload
-- cut off anywhere resumes where it stopped. Once every byte is in and their SHA-256 is the one declared, the
-- photo joins its visit under the upload's client-made id and the bytes here are let go.
CREATE TABLE field_uploads (
  id              uuid PRIMARY KEY,
  visit_id        uuid NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
  user_id         uuid NOT NULL REFERENCES users (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  filename        text NOT NULL,
  content_type    text NOT NULL,
  size_bytes      integer NOT NULL CHECK (size_bytes > 0),
  sha256          text NOT NULL,
  received        bytea NOT NULL DEFAULT '\x',
  created_at      timestamptz NOT NULL,
  completed_at    timestamptz
);
CREATE INDEX field_uploads_user_idx ON field_uploads (user_id, created_at);
