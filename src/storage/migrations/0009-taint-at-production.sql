-- Taint judged at the time of production, and judged again when history changes after the fact
-- (docs/decisions/0005-taint-at-production-time.md).

-- When the harm an incident reports was observed or began, beside when it was reported (recorded). Null when
-- only the report time is known; an incident raised by a visit's indicators was observed at the visit.
ALTER TABLE incidents ADD COLUMN observed_at timestamptz;
UPDATE incidents i SET observed_at = v.visited_at FROM visits v WHERE v.id = i.visit_id;

-- Every re-judgement of a site's production: what changed in its history, from when, and what it moved.
CREATE TABLE custody_rejudgements (
  id           uuid PRIMARY KEY,
  site_id      uuid NOT NULL REFERENCES sites (id),
  cause        jsonb NOT NULL,
  -- The earliest production time the change could affect.
  since        timestamptz NOT NULL,
  sacks        integer NOT NULL,
  lots_changed integer NOT NULL,
  recorded_by  uuid,
  at           timestamptz NOT NULL
);
CREATE INDEX custody_rejudgements_site_idx ON custody_rejudgements (site_id, at);

-- The conformity history of each lot: its non-conforming share before and after each re-judgement.
CREATE TABLE custody_conformity_changes (
  lot_id         uuid NOT NULL REFERENCES custody_lots (id),
  rejudgement_id uuid NOT NULL REFERENCES custody_rejudgements (id),
  share_before   numeric NOT NULL,
  share_after    numeric NOT NULL,
  PRIMARY KEY (lot_id, rejudgement_id)
);
CREATE INDEX custody_conformity_changes_rejudgement_idx ON custody_conformity_changes (rejudgement_id);

-- An alert is about an incident's transition, or about lots whose conformity a re-judgement changed.
ALTER TABLE alerts ALTER COLUMN incident_id DROP NOT NULL;
ALTER TABLE alerts ALTER COLUMN transition_id DROP NOT NULL;
ALTER TABLE alerts ADD COLUMN rejudgement_id uuid REFERENCES custody_rejudgements (id);
ALTER TABLE alerts ADD CONSTRAINT alerts_subject_check CHECK ((transition_id IS NULL) <> (rejudgement_id IS NULL));
CREATE UNIQUE INDEX alerts_rejudgement_idx ON alerts (organisation_id, rejudgement_id) WHERE rejudgement_id IS NOT NULL;
