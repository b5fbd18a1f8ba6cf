-- Two records of one actor or site merged: the merged one stays, pointing at the one that survives (never deleted,
-- so every reference to it and every event about it stays true); reads resolve it to the survivor (decision 0026).
ALTER TABLE organisations ADD COLUMN merged_into uuid REFERENCES organisations (id);
ALTER TABLE persons ADD COLUMN merged_into uuid REFERENCES persons (id);
ALTER TABLE sites ADD COLUMN merged_into uuid REFERENCES sites (id);
CREATE INDEX organisations_merged_into_idx ON organisations (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX persons_merged_into_idx ON persons (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX sites_merged_into_idx ON sites (merged_into) WHERE merged_into IS NOT NULL;

-- Every merge: who merged what into what, when and why, and the rows it moved to the survivor.
CREATE TABLE record_merges (
  id          uuid PRIMARY KEY,
  record_type text NOT NULL CHECK (record_type IN ('organisation', 'person', 'site')),
  merged_id   uuid NOT NULL UNIQUE,
  survivor_id uuid NOT NULL,
  reason      text NOT NULL,
  moved       jsonb NOT NULL,
  merged_by   uuid NOT NULL,
  merged_at   timestamptz NOT NULL
);
CREATE INDEX record_merges_survivor_idx ON record_merges (record_type, survivor_id, merged_at DESC, id DESC);

-- An open hit of a merged record whose pair the survivor already holds is closed as merged, pointing at it.
ALTER TABLE screening_hits DROP CONSTRAINT screening_hits_status_check;
ALTER TABLE screening_hits ADD CONSTRAINT screening_hits_status_check
  CHECK (status IN ('open', 'confirmed', 'dismissed', 'delisted', 'merged'));
ALTER TABLE screening_hit_history DROP CONSTRAINT screening_hit_history_action_check;
ALTER TABLE screening_hit_history ADD CONSTRAINT screening_hit_history_action_check
  CHECK (action IN ('raised', 'reopened', 'confirmed', 'dismissed', 'delisted', 'moved', 'merged'));

-- A record's history reads the events of it and of the records merged into it, newest first.
CREATE INDEX IF NOT EXISTS events_subject_newest_idx ON events (subject_type, subject_id, seq DESC);
