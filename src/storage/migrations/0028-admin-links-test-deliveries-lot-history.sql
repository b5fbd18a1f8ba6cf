-- A link that lets someone set their password without knowing the old one: an invitation sent when an
-- administrator creates the account, or a reset asked for from the sign-in page. Only the secret's hash is kept;
-- a link is used once, and a newer link of the same user replaces the older ones.
CREATE TABLE password_links (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose     text NOT NULL CHECK (purpose IN ('invitation', 'reset')),
  token_hash  text NOT NULL UNIQUE,
  created_by  uuid,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  replaced_at timestamptz
);
CREATE INDEX password_links_user_idx ON password_links (user_id, created_at DESC);

-- A test call of a webhook sits in the delivery log beside alerts' deliveries: it has no alert, so each
-- delivery names its organisation, and the log reads by it.
ALTER TABLE deliveries ALTER COLUMN alert_id DROP NOT NULL;
ALTER TABLE deliveries ADD COLUMN organisation_id uuid REFERENCES organisations (id);
ALTER TABLE deliveries ADD COLUMN test_by uuid REFERENCES users (id);
UPDATE deliveries d SET organisation_id = a.organisation_id FROM alerts a WHERE a.id = d.alert_id;
ALTER TABLE deliveries ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_alert_or_test CHECK ((alert_id IS NULL) = (test_by IS NOT NULL));
CREATE INDEX IF NOT EXISTS deliveries_org_newest_idx ON deliveries (organisation_id, created_at DESC, id DESC);

-- A lot's history in the event log: the custody operations that made or moved it name it in their payload.
CREATE INDEX IF NOT EXISTS events_custody_lots_idx ON events USING gin ((payload -> 'lotIds'))
  WHERE subject_type = 'custody_operation';
