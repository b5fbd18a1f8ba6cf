-- The public transparency view and scheduled reports (decisions 0055, 0056).

-- How the public view shows a site's place: exactly, rounded to a tenth of a degree (about 11 km), or not at
-- all. The programme running Amana sets it for a site whose pits must not be found (security).
ALTER TABLE sites ADD COLUMN IF NOT EXISTS public_location text NOT NULL DEFAULT 'exact'
  CHECK (public_location IN ('exact', 'rounded', 'withheld'));

-- A reader's standing request for a buyer's due-diligence report by e-mail, once each quarter has closed.
CREATE TABLE report_subscriptions (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  -- Who asked, as which membership: the report is made with that user's rights at each sending.
  user_id         uuid NOT NULL REFERENCES users (id),
  member_of       uuid NOT NULL REFERENCES organisations (id),
  email           text NOT NULL,
  language        text NOT NULL CHECK (language IN ('fr', 'en')),
  format          text NOT NULL CHECK (format IN ('pdf', 'json')),
  -- The first quarter it covers: the one that closes first after it was made.
  first_quarter   text NOT NULL,
  created_at      timestamptz NOT NULL,
  cancelled_at    timestamptz,
  cancelled_by    uuid REFERENCES users (id)
);
CREATE UNIQUE INDEX report_subscriptions_live_idx ON report_subscriptions (organisation_id, user_id, language, format)
  WHERE cancelled_at IS NULL;

-- One row per subscription and quarter, claimed before the mail is sent: a restarted worker never sends twice.
CREATE TABLE report_deliveries (
  subscription_id uuid NOT NULL REFERENCES report_subscriptions (id),
  quarter         text NOT NULL,
  claimed_at      timestamptz NOT NULL,
  sent_at         timestamptz,
  error           text,
  PRIMARY KEY (subscription_id, quarter)
);
