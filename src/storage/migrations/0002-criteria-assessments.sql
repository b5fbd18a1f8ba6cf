-- Criteria sets are versioned: (key, version) names one set; a published set never changes.
CREATE TABLE criteria_sets (
  id           uuid PRIMARY KEY,
  key          text NOT NULL,
  version      integer NOT NULL,
  name         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  kind         text NOT NULL CHECK (kind IN ('site', 'mechanism')),
  status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  published_at timestamptz,
  published_by uuid,
  revision     integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  UNIQUE (key, version)
);

CREATE TABLE requirements (
  id                uuid PRIMARY KEY,
  set_id            uuid NOT NULL REFERENCES criteria_sets (id) ON DELETE CASCADE,
  position          integer NOT NULL,
  code              text NOT NULL,
  text_fr           text NOT NULL,
  text_en           text NOT NULL,
  topic             text NOT NULL,
  risk_category     text NOT NULL,
  applies_to        text[] NOT NULL,
  evidence          text NOT NULL,
  tier              text NOT NULL CHECK (tier IN ('critical', 'major', 'progressive')),
  correction_months integer,
  horizon_months    integer,
  weight            numeric(6, 2) NOT NULL DEFAULT 1,
  UNIQUE (set_id, code)
);

CREATE SEQUENCE assessment_number_seq;

CREATE TABLE assessments (
  id              uuid PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  set_id          uuid NOT NULL REFERENCES criteria_sets (id),
  site_id         uuid REFERENCES sites (id),
  organisation_id uuid REFERENCES organisations (id),
  kind            text NOT NULL CHECK (kind IN ('baseline', 'periodic', 'self')),
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved')),
  assessor_id     uuid NOT NULL REFERENCES users (id),
  submitted_at    timestamptz,
  approved_by     uuid REFERENCES users (id),
  approved_at     timestamptz,
  outcome         jsonb,
  notes           text NOT NULL DEFAULT '',
  revision        integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CHECK ((site_id IS NULL) <> (organisation_id IS NULL))
);
CREATE INDEX assessments_site_idx ON assessments (site_id, created_at);
CREATE INDEX assessments_org_idx ON assessments (organisation_id, created_at);

CREATE TABLE ratings (
  assessment_id  uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  requirement_id uuid NOT NULL REFERENCES requirements (id),
  rating         text NOT NULL,
  notes          text NOT NULL DEFAULT '',
  rated_by       uuid NOT NULL,
  rated_at       timestamptz NOT NULL,
  PRIMARY KEY (assessment_id, requirement_id)
);

CREATE TABLE assessment_evidence (
  id               uuid PRIMARY KEY,
  assessment_id    uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  requirement_code text,
  filename         text NOT NULL,
  content_type     text NOT NULL,
  size_bytes       integer NOT NULL,
  sha256           text NOT NULL,
  content          bytea NOT NULL,
  latitude         numeric(9, 6),
  longitude        numeric(9, 6),
  taken_at         timestamptz,
  uploaded_by      uuid NOT NULL,
  uploaded_at      timestamptz NOT NULL
);
CREATE INDEX assessment_evidence_idx ON assessment_evidence (assessment_id);

CREATE TABLE corrective_actions (
  id                     uuid PRIMARY KEY,
  site_id                uuid REFERENCES sites (id),
  organisation_id        uuid REFERENCES organisations (id),
  requirement_code       text NOT NULL,
  requirement_text_en    text NOT NULL,
  requirement_text_fr    text NOT NULL,
  tier                   text NOT NULL,
  opened_by_assessment   uuid NOT NULL REFERENCES assessments (id),
  owner_organisation_id  uuid REFERENCES organisations (id),
  deadline               date NOT NULL,
  status                 text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_by_assessment   uuid REFERENCES assessments (id),
  closed_at              timestamptz,
  created_at             timestamptz NOT NULL
);
CREATE INDEX corrective_actions_site_idx ON corrective_actions (site_id, status);

CREATE TABLE corrective_action_notes (
  id         uuid PRIMARY KEY,
  action_id  uuid NOT NULL REFERENCES corrective_actions (id) ON DELETE CASCADE,
  note       text NOT NULL,
  author_id  uuid NOT NULL,
  created_at timestamptz NOT NULL
);

-- What the time rules need to move a site's status on, and why it has its status.
ALTER TABLE sites
  ADD COLUMN status_reason      jsonb NOT NULL DEFAULT '{"kind":"registered"}',
  ADD COLUMN status_deadline    date,
  ADD COLUMN status_valid_until date,
  ADD COLUMN status_red_until   date,
  ADD COLUMN status_pending     jsonb,
  -- The approval that last decided the status: a later approval wins, an earlier one is only recorded.
  ADD COLUMN status_approved_at timestamptz,
  ADD COLUMN status_assessment  uuid;

ALTER TABLE site_status_history ADD COLUMN reason_data jsonb NOT NULL DEFAULT '{"kind":"registered"}';
