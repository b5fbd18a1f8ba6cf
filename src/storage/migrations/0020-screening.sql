-- Screening against sanctions and politically-exposed-person lists (decision 0020). A list is a source (the UN
-- consolidated list, a national list); each import is a version holding every entry as read, and the difference
-- from the version before it.
CREATE TABLE screening_lists (
  id         uuid PRIMARY KEY,
  key        text NOT NULL UNIQUE,
  name       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('sanctions', 'pep')),
  created_at timestamptz NOT NULL
);

CREATE TABLE screening_list_versions (
  id                  uuid PRIMARY KEY,
  list_id             uuid NOT NULL REFERENCES screening_lists (id),
  number              integer NOT NULL,
  format              text NOT NULL CHECK (format IN ('un-xml', 'csv')),
  published_at        text,
  filename            text NOT NULL,
  sha256              text NOT NULL,
  size_bytes          integer NOT NULL,
  individuals         integer NOT NULL,
  entities            integer NOT NULL,
  added               integer NOT NULL,
  removed             integer NOT NULL,
  changed             integer NOT NULL,
  previous_version_id uuid REFERENCES screening_list_versions (id),
  imported_by         uuid,
  imported_at         timestamptz NOT NULL,
  UNIQUE (list_id, number)
);
CREATE INDEX screening_list_versions_newest_idx ON screening_list_versions (imported_at DESC, id DESC);

CREATE TABLE screening_entries (
  version_id  uuid NOT NULL REFERENCES screening_list_versions (id),
  reference   text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('individual', 'entity')),
  name        text NOT NULL,
  program     text,
  listed_on   text,
  fingerprint text NOT NULL,
  record      jsonb NOT NULL,
  PRIMARY KEY (version_id, reference)
);

CREATE TABLE screening_entry_changes (
  version_id uuid NOT NULL REFERENCES screening_list_versions (id),
  reference  text NOT NULL,
  change     text NOT NULL CHECK (change IN ('added', 'removed', 'changed')),
  kind       text NOT NULL,
  name       text NOT NULL,
  fields     text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (version_id, reference)
);
CREATE INDEX screening_entry_changes_change_idx ON screening_entry_changes (version_id, change, reference);

-- Screening every organisation and person against a new version, in batches; the last subject screened is
-- kept with the progress, so a stopped worker resumes where it was.
CREATE TABLE screening_runs (
  id          uuid PRIMARY KEY,
  version_id  uuid NOT NULL REFERENCES screening_list_versions (id),
  status      text NOT NULL CHECK (status IN ('queued', 'running', 'done')),
  total       integer NOT NULL,
  done        integer NOT NULL DEFAULT 0,
  hits        integer NOT NULL DEFAULT 0,
  after_type  text,
  after_id    uuid,
  created_at  timestamptz NOT NULL,
  started_at  timestamptz,
  finished_at timestamptz,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX screening_runs_pending_idx ON screening_runs (created_at, id) WHERE status <> 'done';

-- One row per subject and list entry: found once, reviewed once; a dismissed pair stays dismissed until the
-- subject's names or identifiers, or the entry, change (the fingerprints).
CREATE TABLE screening_hits (
  id                  uuid PRIMARY KEY,
  subject_type        text NOT NULL CHECK (subject_type IN ('organisation', 'person')),
  subject_id          uuid NOT NULL,
  organisation_id     uuid NOT NULL REFERENCES organisations (id),
  list_id             uuid NOT NULL REFERENCES screening_lists (id),
  reference           text NOT NULL,
  version_id          uuid NOT NULL REFERENCES screening_list_versions (id),
  score               numeric(4, 3) NOT NULL,
  reasons             jsonb NOT NULL,
  subject_fingerprint text NOT NULL,
  entry_fingerprint   text NOT NULL,
  status              text NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed', 'delisted')),
  decided_by          uuid,
  decided_at          timestamptz,
  decision_reason     text,
  incident_id         uuid,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  UNIQUE (subject_type, subject_id, list_id, reference)
);
CREATE INDEX screening_hits_queue_idx ON screening_hits (status, score DESC, created_at, id);
CREATE INDEX screening_hits_org_idx ON screening_hits (organisation_id, status);
CREATE INDEX screening_hits_confirmed_idx ON screening_hits (subject_type, subject_id) WHERE status = 'confirmed';

CREATE TABLE screening_hit_history (
  id      uuid PRIMARY KEY,
  hit_id  uuid NOT NULL REFERENCES screening_hits (id),
  action  text NOT NULL CHECK (action IN ('raised', 'reopened', 'confirmed', 'dismissed', 'delisted')),
  score   numeric(4, 3),
  reason  text,
  by_user uuid,
  at      timestamptz NOT NULL
);
CREATE INDEX screening_hit_history_hit_idx ON screening_hit_history (hit_id, at, id);

-- When each actor was last screened, and what its names and identifiers were then.
CREATE TABLE screening_subjects (
  subject_type text NOT NULL CHECK (subject_type IN ('organisation', 'person')),
  subject_id   uuid NOT NULL,
  fingerprint  text NOT NULL,
  screened_at  timestamptz NOT NULL,
  PRIMARY KEY (subject_type, subject_id)
);

-- The owners of an organisation are followed both ways to find who a sanctioned actor owns or is owned by.
CREATE INDEX IF NOT EXISTS ownership_links_owner_org_idx ON ownership_links (owner_organisation_id);
CREATE INDEX IF NOT EXISTS ownership_links_owner_person_idx ON ownership_links (owner_person_id);
