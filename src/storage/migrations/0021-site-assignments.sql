-- Monitors and assessors are assigned to sites by their programme (docs/decisions/0021-site-assignments.md).
-- An assignment holds from starts_at until ends_at (open-ended while null); a visit is judged against the
-- assignments in force at its observation time. Who made it and who ended it are kept beside the event log.
CREATE TABLE site_assignments (
  id               uuid PRIMARY KEY,
  site_id          uuid NOT NULL REFERENCES sites (id),
  user_id          uuid NOT NULL REFERENCES users (id),
  -- The programme the assignee works for in this assignment (its membership), which manages it.
  organisation_id  uuid NOT NULL REFERENCES organisations (id),
  role             text NOT NULL CHECK (role IN ('monitor', 'assessor')),
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz,
  assigned_by      uuid NOT NULL REFERENCES users (id),
  created_at       timestamptz NOT NULL,
  ended_by         uuid REFERENCES users (id),
  ended_recorded_at timestamptz,
  CHECK (ends_at IS NULL OR ends_at > starts_at)
);
-- What a monitor or assessor may see and record: its own assignments, by site, at a time.
CREATE INDEX site_assignments_user_idx ON site_assignments (user_id, organisation_id, site_id, starts_at);
-- An organisation's assignments, newest start first (the assignments list and the overdue report).
CREATE INDEX site_assignments_org_idx ON site_assignments (organisation_id, starts_at DESC, id DESC);
-- Who is assigned to a site.
CREATE INDEX site_assignments_site_idx ON site_assignments (site_id, starts_at);
