-- Operators' own GeoJSON layers (concessions, artisanal zones) shown on the site map.
CREATE TABLE map_layers (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name            text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('concession', 'artisanal_zone', 'other')),
  colour          text NOT NULL,
  features        jsonb NOT NULL,
  feature_count   integer NOT NULL,
  created_by      uuid NOT NULL,
  created_at      timestamptz NOT NULL
);
CREATE INDEX map_layers_created_idx ON map_layers (created_at, id);
