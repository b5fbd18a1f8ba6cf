-- Monitoring visits and their indicators, stored as one time series row per indicator and visit.
CREATE TABLE visits (
  id          uuid PRIMARY KEY,
  site_id     uuid NOT NULL REFERENCES sites (id),
  monitor_id  uuid NOT NULL REFERENCES users (id),
  visited_at  timestamptz NOT NULL,
  latitude    numeric(9, 6),
  longitude   numeric(9, 6),
  notes       text NOT NULL DEFAULT '',
  indicators  jsonb NOT NULL,
  device_id   text,
  created_at  timestamptz NOT NULL
);
CREATE INDEX visits_site_idx ON visits (site_id, visited_at);

CREATE TABLE indicator_values (
  site_id    uuid NOT NULL REFERENCES sites (id),
  indicator  text NOT NULL,
  observed_at timestamptz NOT NULL,
  visit_id   uuid NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
  value      numeric NOT NULL,
  PRIMARY KEY (site_id, indicator, observed_at, visit_id)
);

CREATE TABLE visit_photos (
  id           uuid PRIMARY KEY,
  visit_id     uuid NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
  filename     text NOT NULL,
  content_type text NOT NULL,
  size_bytes   integer NOT NULL,
  sha256       text NOT NULL,
  content      bytea NOT NULL,
  uploaded_at  timestamptz NOT NULL
);

CREATE TABLE indicator_rules (
  code      text PRIMARY KEY,
  indicator text NOT NULL,
  operator  text NOT NULL,
  threshold numeric NOT NULL,
  level     integer NOT NULL CHECK (level BETWEEN 1 AND 3),
  category  text NOT NULL,
  title     text NOT NULL,
  enabled   boolean NOT NULL DEFAULT true,
  revision  integer NOT NULL DEFAULT 1
);

CREATE SEQUENCE incident_number_seq;

CREATE TABLE incidents (
  id                   uuid PRIMARY KEY,
  code                 text NOT NULL UNIQUE,
  site_id              uuid REFERENCES sites (id),
  level                integer NOT NULL CHECK (level BETWEEN 1 AND 3),
  category             text NOT NULL,
  title                text NOT NULL,
  description          text NOT NULL,
  source               text NOT NULL,
  state                text NOT NULL DEFAULT 'reported',
  visit_id             uuid REFERENCES visits (id),
  rule_code            text,
  assessment_id        uuid REFERENCES assessments (id),
  grievance_id         uuid,
  reported_by          uuid,
  reported_at          timestamptz NOT NULL,
  verification_due     timestamptz NOT NULL,
  revision             integer NOT NULL DEFAULT 1,
  updated_at           timestamptz NOT NULL
);
CREATE INDEX incidents_site_idx ON incidents (site_id, reported_at);
CREATE INDEX incidents_state_idx ON incidents (state, level, verification_due);

CREATE TABLE incident_actors (
  incident_id     uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (incident_id, organisation_id)
);

CREATE TABLE incident_transitions (
  id          uuid PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  from_state  text,
  to_state    text NOT NULL,
  reason      text NOT NULL,
  by_user     uuid,
  at          timestamptz NOT NULL
);
CREATE INDEX incident_transitions_idx ON incident_transitions (incident_id, at);

CREATE TABLE mitigation_plans (
  id              uuid PRIMARY KEY,
  incident_id     uuid NOT NULL UNIQUE REFERENCES incidents (id),
  owner_organisation_id uuid REFERENCES organisations (id),
  indicators      jsonb NOT NULL,
  actions         jsonb NOT NULL,
  decision        text NOT NULL,
  decided_by      uuid NOT NULL,
  decided_at      timestamptz NOT NULL,
  next_review_due timestamptz NOT NULL,
  review_flagged_at timestamptz,
  revision        integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

CREATE TABLE plan_reviews (
  id          uuid PRIMARY KEY,
  plan_id     uuid NOT NULL REFERENCES mitigation_plans (id) ON DELETE CASCADE,
  notes       text NOT NULL,
  progress    jsonb NOT NULL,
  reviewed_by uuid NOT NULL,
  reviewed_at timestamptz NOT NULL
);

CREATE TABLE plan_decisions (
  id         uuid PRIMARY KEY,
  plan_id    uuid NOT NULL REFERENCES mitigation_plans (id) ON DELETE CASCADE,
  decision   text NOT NULL,
  reason     text NOT NULL,
  decided_by uuid NOT NULL,
  decided_at timestamptz NOT NULL
);

-- A verified level-1 incident suspends its site until it is resolved, beside the assessment colour.
ALTER TABLE sites ADD COLUMN suspended_by text[] NOT NULL DEFAULT '{}';

-- An organisation follows sites, or suppliers (organisations operating sites), to be alerted about them.
CREATE TABLE subscriptions (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  site_id         uuid REFERENCES sites (id),
  supplier_id     uuid REFERENCES organisations (id),
  emails          text[] NOT NULL DEFAULT '{}',
  created_by      uuid NOT NULL,
  created_at      timestamptz NOT NULL,
  CHECK ((site_id IS NULL) <> (supplier_id IS NULL))
);
CREATE UNIQUE INDEX subscriptions_site_idx ON subscriptions (organisation_id, site_id) WHERE site_id IS NOT NULL;
CREATE UNIQUE INDEX subscriptions_supplier_idx ON subscriptions (organisation_id, supplier_id) WHERE supplier_id IS NOT NULL;

CREATE TABLE webhooks (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  url             text NOT NULL,
  secret          text NOT NULL,
  enabled         boolean NOT NULL DEFAULT true,
  created_by      uuid NOT NULL,
  created_at      timestamptz NOT NULL
);

-- One alert per organisation and incident transition: the in-app inbox.
CREATE TABLE alerts (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  incident_id     uuid NOT NULL REFERENCES incidents (id),
  transition_id   uuid NOT NULL REFERENCES incident_transitions (id),
  kind            text NOT NULL,
  title           text NOT NULL,
  body            jsonb NOT NULL,
  read_at         timestamptz,
  created_at      timestamptz NOT NULL,
  UNIQUE (organisation_id, transition_id)
);
CREATE INDEX alerts_org_idx ON alerts (organisation_id, created_at);

-- The outbox: each alert's webhook calls and e-mails, written in the transaction that raised the alert and
-- delivered by the worker with retries, so a crash between the two loses nothing.
CREATE TABLE deliveries (
  id              uuid PRIMARY KEY,
  alert_id        uuid NOT NULL REFERENCES alerts (id),
  channel         text NOT NULL CHECK (channel IN ('webhook', 'email')),
  target          text NOT NULL,
  webhook_id      uuid REFERENCES webhooks (id),
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  delivered_at    timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL
);
CREATE INDEX deliveries_due_idx ON deliveries (status, next_attempt_at);

CREATE TABLE delivery_attempts (
  id          uuid PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  ok          boolean NOT NULL,
  status_code integer,
  error       text,
  duration_ms integer NOT NULL
);
