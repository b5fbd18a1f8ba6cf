CREATE TABLE incident_evidence (
  id           uuid PRIMARY KEY,
  incident_id  uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  filename     text NOT NULL,
  content_type text NOT NULL,
  size_bytes   integer NOT NULL,
  sha256       text NOT NULL,
  content      bytea NOT NULL,
  latitude     numeric(9, 6),
  longitude    numeric(9, 6),
  taken_at     timestamptz,
  uploaded_by  uuid NOT NULL,
  uploaded_at  timestamptz NOT NULL
);
CREATE INDEX incident_evidence_idx ON incident_evidence (incident_id);
