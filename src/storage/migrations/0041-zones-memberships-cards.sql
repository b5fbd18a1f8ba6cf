-- Artisanal zones (ZEA) and concession areas set aside for artisanal mining, with their outline, legal basis and
-- dates in force (decision 0057). Sites are placed in them by geometry when read, never stored twice.
CREATE TABLE zones (
  id              uuid PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  name            text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('artisanal_zone', 'concession_asm')),
  geometry        jsonb NOT NULL,
  legal_basis     text NOT NULL,
  valid_from      date NOT NULL,
  valid_until     date,
  recorded_by     uuid NOT NULL REFERENCES users (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  created_at      timestamptz NOT NULL,
  CHECK (valid_until IS NULL OR valid_until >= valid_from)
);

-- How many members a cooperative counted on a day, over time.
CREATE TABLE cooperative_memberships (
  id              uuid PRIMARY KEY,
  cooperative_id  uuid NOT NULL REFERENCES organisations (id),
  counted_on      date NOT NULL,
  members         integer NOT NULL CHECK (members >= 0),
  recorded_by     uuid NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL,
  UNIQUE (cooperative_id, counted_on)
);

-- The register of miners' cards: the card, its cooperative and the holder's birth year only (enough to show
-- adulthood), never a name. Read by the cooperative for its own cards and by the programme.
CREATE TABLE miner_cards (
  id              uuid PRIMARY KEY,
  card_number     text NOT NULL UNIQUE,
  cooperative_id  uuid NOT NULL REFERENCES organisations (id),
  birth_year      integer NOT NULL,
  issued_on       date NOT NULL,
  recorded_by     uuid NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL
);
CREATE INDEX miner_cards_cooperative_idx ON miner_cards (cooperative_id, card_number);
