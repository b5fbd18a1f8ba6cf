-- Grievances from anyone, with or without an account. The reporter's contact details are stored only
-- encrypted (AES-256-GCM) and decrypted only for grievance officers.
CREATE TABLE grievances (
  id              uuid PRIMARY KEY,
  case_code       text NOT NULL UNIQUE,
  secret_hash     text NOT NULL,
  site_id         uuid REFERENCES sites (id),
  location        text NOT NULL DEFAULT '',
  category        text,
  description     text NOT NULL,
  language        text NOT NULL,
  anonymous       boolean NOT NULL,
  contact_sealed  text,
  status          text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'validated', 'rejected', 'closed')),
  decision_reason text,
  public_outcome  text,
  incident_id     uuid REFERENCES incidents (id),
  decided_by      uuid,
  decided_at      timestamptz,
  revision        integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX grievances_status_idx ON grievances (status, created_at);

CREATE TABLE grievance_attachments (
  id           uuid PRIMARY KEY,
  grievance_id uuid NOT NULL REFERENCES grievances (id) ON DELETE CASCADE,
  filename     text NOT NULL,
  content_type text NOT NULL,
  size_bytes   integer NOT NULL,
  sha256       text NOT NULL,
  content      bytea NOT NULL,
  uploaded_at  timestamptz NOT NULL
);
