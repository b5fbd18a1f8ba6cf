-- Verification packs are asked for by days of the record: find the first and last event of a period.
CREATE INDEX events_occurred_idx ON events (occurred_at, seq);

-- An auditor's access: who, to which sites and organisations, for which days of the record, granted and ended
-- by an administrator (decision 0027). An auditor holds at most one grant in force at a time.
CREATE TABLE audit_grants (
  id               uuid PRIMARY KEY,
  auditor_user_id  uuid NOT NULL REFERENCES users (id),
  site_ids         uuid[] NOT NULL DEFAULT '{}',
  organisation_ids uuid[] NOT NULL DEFAULT '{}',
  period_from      date NOT NULL,
  period_to        date NOT NULL,
  log_packs        boolean NOT NULL DEFAULT false,
  purpose          text NOT NULL,
  granted_by       uuid NOT NULL REFERENCES users (id),
  granted_at       timestamptz NOT NULL,
  ended_by         uuid REFERENCES users (id),
  ended_at         timestamptz,
  end_reason       text,
  CHECK (period_to >= period_from),
  CHECK ((ended_at IS NULL) = (ended_by IS NULL))
);
CREATE UNIQUE INDEX audit_grants_in_force_idx ON audit_grants (auditor_user_id) WHERE ended_at IS NULL;
CREATE INDEX audit_grants_list_idx ON audit_grants (granted_at DESC, id DESC);

-- Every read an auditor makes is an event (`audit.read`, subject the grant): the list of them across grants.
CREATE INDEX events_audit_reads_idx ON events (seq) WHERE type = 'audit.read';
