-- Amana's custody on top of the EPCIS events: lots, their lineage and who holds them.
CREATE TABLE custody_lots (
  id                  uuid PRIMARY KEY,
  epc                 text NOT NULL UNIQUE,
  tag                 text UNIQUE,
  kind                text NOT NULL CHECK (kind IN ('sack', 'batch', 'output')),
  mineral             text NOT NULL,
  site_id             uuid REFERENCES sites (id),
  cooperative_id      uuid REFERENCES organisations (id),
  produced_at         timestamptz NOT NULL,
  mass_kg             numeric(14, 3) NOT NULL CHECK (mass_kg > 0),
  grade_pct           numeric(10, 6) NOT NULL CHECK (grade_pct >= 0 AND grade_pct <= 100),
  holder_id           uuid NOT NULL REFERENCES organisations (id),
  consumed_at         timestamptz,
  origin              jsonb NOT NULL,
  nonconforming_share numeric NOT NULL,
  -- For a tagged sack: the site's status, suspension and open level-1 incidents when it was produced.
  site_state          jsonb,
  event_id            text NOT NULL,
  created_at          timestamptz NOT NULL
);
CREATE INDEX custody_lots_holder_idx ON custody_lots (holder_id, consumed_at);
CREATE INDEX custody_lots_site_idx ON custody_lots (site_id, produced_at);

-- Lineage: every merge, split or transformation makes new lots that name their inputs.
CREATE TABLE custody_lot_inputs (
  lot_id       uuid NOT NULL REFERENCES custody_lots (id),
  input_id     uuid NOT NULL REFERENCES custody_lots (id),
  contained_kg numeric NOT NULL,
  PRIMARY KEY (lot_id, input_id)
);
CREATE INDEX custody_lot_inputs_input_idx ON custody_lot_inputs (input_id);

-- Every hand-over of a lot: the stock ledger of each actor is what it received and made, less what it
-- shipped and consumed.
CREATE TABLE custody_transfers (
  id               uuid PRIMARY KEY,
  lot_id           uuid NOT NULL REFERENCES custody_lots (id),
  from_id          uuid NOT NULL REFERENCES organisations (id),
  to_id            uuid NOT NULL REFERENCES organisations (id),
  transaction_type text,
  transaction_ref  text,
  shipped_at       timestamptz NOT NULL,
  event_id         text NOT NULL
);
CREATE INDEX custody_transfers_lot_idx ON custody_transfers (lot_id);
CREATE INDEX custody_transfers_to_idx ON custody_transfers (to_id, shipped_at);
CREATE INDEX custody_transfers_from_idx ON custody_transfers (from_id, shipped_at);

-- Which lots carry a site's cobalt: a site's downstream reach and who an incident there alerts.
CREATE INDEX custody_lots_sites_idx ON custody_lots USING gin ((origin -> 'bySite'));
