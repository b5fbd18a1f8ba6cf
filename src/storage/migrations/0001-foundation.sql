-- The append-only event log: audit trail, outbox and change feed, each row chained to the one before
-- it by a SHA-256 hash (see src/domain/events/hash-chain.ts).
CREATE TABLE events (
  seq             bigint PRIMARY KEY,
  id              uuid NOT NULL UNIQUE,
  occurred_at     timestamptz NOT NULL,
  user_id         uuid,
  organisation_id uuid,
  device_id       text,
  type            text NOT NULL,
  subject_type    text NOT NULL,
  subject_id      text NOT NULL,
  payload         jsonb NOT NULL,
  prev_hash       text NOT NULL,
  hash            text NOT NULL
);
CREATE INDEX events_subject_idx ON events (subject_type, subject_id, seq);

-- The last event of the chain. Appenders lock this row, which serialises them; a deleted tail shows
-- up as a head that points past the last row.
CREATE TABLE event_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq       bigint NOT NULL,
  hash      text NOT NULL
);
INSERT INTO event_chain_head (seq, hash) VALUES (0, repeat('0', 64));

CREATE TABLE organisations (
  id              uuid PRIMARY KEY,
  legal_name      text NOT NULL,
  trade_names     text[] NOT NULL DEFAULT '{}',
  chain_roles     text[] NOT NULL,
  country         text NOT NULL,
  addresses       jsonb NOT NULL DEFAULT '[]',
  contact         jsonb,
  operating_zones text[] NOT NULL DEFAULT '{}',
  kyc_status      text NOT NULL DEFAULT 'pending' CHECK (kyc_status IN ('pending', 'verified', 'rejected')),
  kyc_reviewed_at timestamptz,
  kyc_reviewed_by uuid,
  kyc_expires_at  timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX organisations_name_idx ON organisations (lower(legal_name), id);

-- Registration numbers are unique per scheme across the whole registry.
CREATE TABLE registration_numbers (
  scheme          text NOT NULL,
  number          text NOT NULL,
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  PRIMARY KEY (scheme, number)
);
CREATE INDEX registration_numbers_org_idx ON registration_numbers (organisation_id);

CREATE TABLE ownership_links (
  id                    uuid PRIMARY KEY,
  owned_organisation_id uuid NOT NULL REFERENCES organisations (id),
  owner_organisation_id uuid REFERENCES organisations (id),
  owner_person_id       uuid,
  percent               numeric(5, 2) NOT NULL CHECK (percent > 0 AND percent <= 100),
  created_at            timestamptz NOT NULL,
  CHECK ((owner_organisation_id IS NULL) <> (owner_person_id IS NULL))
);
CREATE INDEX ownership_links_owned_idx ON ownership_links (owned_organisation_id);

CREATE TABLE persons (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  full_name       text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('miner', 'official', 'owner', 'contact')),
  position        text,
  card_number     text,
  birth_year      integer,
  operating_zones text[] NOT NULL DEFAULT '{}',
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX persons_org_idx ON persons (organisation_id, lower(full_name), id);
CREATE UNIQUE INDEX persons_card_idx ON persons (card_number) WHERE card_number IS NOT NULL;
ALTER TABLE ownership_links ADD FOREIGN KEY (owner_person_id) REFERENCES persons (id);

CREATE TABLE sites (
  id                uuid PRIMARY KEY,
  code              text NOT NULL UNIQUE,
  name              text NOT NULL,
  province          text NOT NULL,
  territory         text,
  zone_code         text,
  concession        text,
  geometry          jsonb NOT NULL,
  minerals          text[] NOT NULL,
  workforce         integer,
  pits              integer,
  capacity_kg_month numeric(14, 2),
  typical_grade_pct numeric(6, 3),
  status            text NOT NULL DEFAULT 'blue' CHECK (status IN ('blue', 'green', 'yellow', 'red')),
  status_since      timestamptz NOT NULL,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
CREATE INDEX sites_status_idx ON sites (status, code);
CREATE INDEX sites_province_idx ON sites (province, code);

CREATE TABLE site_operators (
  site_id         uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (site_id, organisation_id)
);
CREATE INDEX site_operators_org_idx ON site_operators (organisation_id);

-- Every status a site has had, with the reason in words; later areas (assessments, incidents) append.
CREATE TABLE site_status_history (
  id           uuid PRIMARY KEY,
  site_id      uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  status       text NOT NULL CHECK (status IN ('blue', 'green', 'yellow', 'red')),
  reason       text NOT NULL,
  effective_at timestamptz NOT NULL,
  recorded_by  uuid,
  created_at   timestamptz NOT NULL
);
CREATE INDEX site_status_history_site_idx ON site_status_history (site_id, effective_at);

CREATE TABLE licences (
  id                     uuid PRIMARY KEY,
  holder_organisation_id uuid NOT NULL REFERENCES organisations (id),
  holder_person_id       uuid REFERENCES persons (id),
  type                   text NOT NULL,
  number                 text NOT NULL,
  issuer                 text NOT NULL,
  zone_code              text,
  site_id                uuid REFERENCES sites (id),
  valid_from             date NOT NULL,
  valid_until            date,
  version                integer NOT NULL DEFAULT 1,
  created_at             timestamptz NOT NULL,
  updated_at             timestamptz NOT NULL,
  UNIQUE (type, number),
  CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX licences_holder_idx ON licences (holder_organisation_id);

CREATE TABLE documents (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  kind            text NOT NULL,
  filename        text NOT NULL,
  content_type    text NOT NULL,
  size_bytes      integer NOT NULL,
  sha256          text NOT NULL,
  content         bytea NOT NULL,
  uploaded_by     uuid NOT NULL,
  uploaded_at     timestamptz NOT NULL
);
CREATE INDEX documents_org_idx ON documents (organisation_id, uploaded_at);

CREATE TABLE kyc_reviews (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  from_status     text NOT NULL,
  decision        text NOT NULL CHECK (decision IN ('pending', 'verified', 'rejected')),
  reason          text,
  expires_at      timestamptz,
  document_ids    uuid[] NOT NULL DEFAULT '{}',
  reviewed_by     uuid NOT NULL,
  reviewed_at     timestamptz NOT NULL
);
CREATE INDEX kyc_reviews_org_idx ON kyc_reviews (organisation_id, reviewed_at);

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  email         text NOT NULL UNIQUE,
  name          text NOT NULL,
  password_hash text,
  locale        text NOT NULL DEFAULT 'fr',
  disabled_at   timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

-- A user acts for an organisation with one role there; a user may belong to several organisations.
CREATE TABLE memberships (
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  role            text NOT NULL,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX memberships_org_idx ON memberships (organisation_id);

CREATE TABLE sessions (
  token_hash      text PRIMARY KEY,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id              uuid PRIMARY KEY,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name            text NOT NULL,
  token_hash      text NOT NULL UNIQUE,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz,
  last_used_at    timestamptz,
  revoked_at      timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
