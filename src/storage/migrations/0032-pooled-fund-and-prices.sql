-- The pooled improvement fund, reference prices and payments to cooperatives (decisions 0038, 0039).
-- Money is an exact integer of minor units beside its ISO 4217 currency; never a float.

-- A fund, run by its operator's administrators and analysts: a rate per tonne of contained cobalt with a floor,
-- and the number of committee members whose approval adopts an allocation.
CREATE TABLE funds (
  id                       uuid PRIMARY KEY,
  name                     text NOT NULL,
  operator_organisation_id uuid NOT NULL REFERENCES organisations (id),
  currency                 char(3) NOT NULL,
  rate_per_tonne_minor     bigint NOT NULL CHECK (rate_per_tonne_minor >= 0),
  floor_minor              bigint NOT NULL CHECK (floor_minor >= 0),
  quorum                   integer NOT NULL CHECK (quorum >= 1),
  version                  integer NOT NULL DEFAULT 1,
  created_by               uuid NOT NULL REFERENCES users (id),
  created_at               timestamptz NOT NULL
);

-- A member company; on the committee or not. Its dependency per year comes from custody when it received lots
-- in Amana that year, from its declaration otherwise.
CREATE TABLE fund_members (
  fund_id         uuid NOT NULL REFERENCES funds (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  committee       boolean NOT NULL,
  joined_at       timestamptz NOT NULL,
  added_by        uuid NOT NULL REFERENCES users (id),
  PRIMARY KEY (fund_id, organisation_id)
);
CREATE INDEX fund_members_org_idx ON fund_members (organisation_id);

CREATE TABLE fund_declarations (
  fund_id         uuid NOT NULL,
  organisation_id uuid NOT NULL,
  year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  -- Contained cobalt, in kilograms.
  cobalt_kg       bigint NOT NULL CHECK (cobalt_kg >= 0),
  declared_by     uuid NOT NULL REFERENCES users (id),
  declared_at     timestamptz NOT NULL,
  PRIMARY KEY (fund_id, organisation_id, year),
  FOREIGN KEY (fund_id, organisation_id) REFERENCES fund_members (fund_id, organisation_id)
);

-- Pledges and payments received from members, for a contribution year.
CREATE TABLE fund_receipts (
  id              uuid PRIMARY KEY,
  fund_id         uuid NOT NULL,
  organisation_id uuid NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('pledge', 'payment')),
  year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  amount_minor    bigint NOT NULL CHECK (amount_minor > 0),
  -- When it was pledged or received (the value date), and when Amana recorded it.
  at              timestamptz NOT NULL,
  reference       text NOT NULL DEFAULT '',
  recorded_by     uuid NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL,
  FOREIGN KEY (fund_id, organisation_id) REFERENCES fund_members (fund_id, organisation_id)
);
CREATE INDEX fund_receipts_member_idx ON fund_receipts (fund_id, organisation_id, at);

-- An improvement project at a site or a cooperative, with the incidents and corrective actions it addresses and
-- the monitoring indicators it should move, judged before and after its start.
CREATE TABLE fund_projects (
  id                  uuid PRIMARY KEY,
  fund_id             uuid NOT NULL REFERENCES funds (id),
  title               text NOT NULL,
  description         text NOT NULL DEFAULT '',
  site_id             uuid REFERENCES sites (id),
  cooperative_id      uuid REFERENCES organisations (id),
  budget_minor        bigint NOT NULL CHECK (budget_minor > 0),
  starts_on           date NOT NULL,
  indicators          text[] NOT NULL,
  incident_ids        uuid[] NOT NULL,
  corrective_action_ids uuid[] NOT NULL,
  created_by          uuid NOT NULL REFERENCES users (id),
  created_at          timestamptz NOT NULL,
  CHECK (site_id IS NOT NULL OR cooperative_id IS NOT NULL)
);
CREATE INDEX fund_projects_fund_idx ON fund_projects (fund_id, created_at);

CREATE TABLE fund_milestones (
  id            uuid PRIMARY KEY,
  project_id    uuid NOT NULL REFERENCES fund_projects (id),
  position      integer NOT NULL,
  title         text NOT NULL,
  amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
  due_on        date NOT NULL,
  met_at        timestamptz,
  met_note      text,
  met_by        uuid REFERENCES users (id),
  met_recorded_at timestamptz,
  UNIQUE (project_id, position)
);

CREATE TABLE fund_disbursements (
  id            uuid PRIMARY KEY,
  project_id    uuid NOT NULL REFERENCES fund_projects (id),
  milestone_id  uuid NOT NULL REFERENCES fund_milestones (id),
  amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
  disbursed_at  timestamptz NOT NULL,
  reference     text NOT NULL DEFAULT '',
  recorded_by   uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL
);
CREATE INDEX fund_disbursements_project_idx ON fund_disbursements (project_id, disbursed_at);

-- An allocation of the fund's money to a project, adopted when as many committee members as the quorum approve.
CREATE TABLE fund_proposals (
  id            uuid PRIMARY KEY,
  fund_id       uuid NOT NULL REFERENCES funds (id),
  project_id    uuid NOT NULL REFERENCES fund_projects (id),
  amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
  rationale     text NOT NULL DEFAULT '',
  state         text NOT NULL CHECK (state IN ('open', 'approved', 'rejected')),
  -- The quorum in force when it was proposed: a later change of the fund's quorum does not move it.
  quorum        integer NOT NULL,
  proposed_by   uuid NOT NULL REFERENCES users (id),
  proposed_at   timestamptz NOT NULL,
  decided_at    timestamptz
);
CREATE INDEX fund_proposals_fund_idx ON fund_proposals (fund_id, proposed_at);

CREATE TABLE fund_votes (
  proposal_id     uuid NOT NULL REFERENCES fund_proposals (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  vote            text NOT NULL CHECK (vote IN ('approve', 'reject')),
  voted_by        uuid NOT NULL REFERENCES users (id),
  voted_at        timestamptz NOT NULL,
  PRIMARY KEY (proposal_id, organisation_id)
);

-- Reference prices per tonne of contained cobalt, in force from a day until the next of the same kind.
CREATE TABLE reference_prices (
  id              uuid PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('floor', 'market')),
  currency        char(3) NOT NULL,
  per_tonne_minor bigint NOT NULL CHECK (per_tonne_minor > 0),
  effective_on    date NOT NULL,
  source          text NOT NULL DEFAULT '',
  recorded_by     uuid NOT NULL REFERENCES users (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  created_at      timestamptz NOT NULL,
  UNIQUE (kind, currency, effective_on)
);

-- What a buyer paid a cooperative against one delivery (a custody shipping event from the cooperative).
CREATE TABLE cooperative_payments (
  id              uuid PRIMARY KEY,
  delivery_event  text NOT NULL,
  cooperative_id  uuid NOT NULL REFERENCES organisations (id),
  buyer_id        uuid NOT NULL REFERENCES organisations (id),
  currency        char(3) NOT NULL,
  amount_minor    bigint NOT NULL CHECK (amount_minor > 0),
  paid_at         timestamptz NOT NULL,
  reference       text NOT NULL DEFAULT '',
  recorded_by     uuid NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL
);
CREATE INDEX cooperative_payments_coop_idx ON cooperative_payments (cooperative_id, paid_at);
CREATE INDEX cooperative_payments_delivery_idx ON cooperative_payments (delivery_event);
