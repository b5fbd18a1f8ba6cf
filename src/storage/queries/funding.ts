import type { Queryable } from '../db.ts';

// The pooled improvement fund (decision 0038). Amounts are bigint minor units, read back as numbers (safe integers).

export interface FundRow {
  id: string;
  name: string;
  operator_organisation_id: string;
  operator_name: string;
  currency: string;
  rate_per_tonne_minor: number;
  floor_minor: number;
  quorum: number;
  version: number;
  created_at: Date;
  created_key: string;
}

const FUND = `SELECT f.id, f.name, f.operator_organisation_id, o.legal_name AS operator_name, f.currency,
  f.rate_per_tonne_minor, f.floor_minor, f.quorum, f.version, f.created_at,
  to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
  FROM funds f JOIN organisations o ON o.id = f.operator_organisation_id`;

export async function insertFund(
  q: Queryable,
  f: {
    id: string;
    name: string;
    operatorId: string;
    currency: string;
    ratePerTonneMinor: number;
    floorMinor: number;
    quorum: number;
    by: string;
    at: Date;
  },
) {
  await q.query(
    `INSERT INTO funds (id, name, operator_organisation_id, currency, rate_per_tonne_minor, floor_minor, quorum,
       created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [f.id, f.name, f.operatorId, f.currency, f.ratePerTonneMinor, f.floorMinor, f.quorum, f.by, f.at],
  );
}

export async function findFund(q: Queryable, id: string, lock = false): Promise<FundRow | undefined> {
  return (await q.query<FundRow>(`${FUND} WHERE f.id = $1${lock ? ' FOR UPDATE OF f' : ''}`, [id])).rows[0];
}

export async function updateFundFormula(
  q: Queryable,
  id: string,
  f: { ratePerTonneMinor: number; floorMinor: number; quorum: number },
) {
  await q.query(
    'UPDATE funds SET rate_per_tonne_minor = $2, floor_minor = $3, quorum = $4, version = version + 1 WHERE id = $1',
    [id, f.ratePerTonneMinor, f.floorMinor, f.quorum],
  );
}

/** The funds an organisation runs or belongs to (every fund when `all`), oldest first, after a keyset. */
export async function listFundsPage(
  q: Queryable,
  scope: { all: boolean; organisationId: string },
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<FundRow[]> {
  return (
    await q.query<FundRow>(
      `${FUND}
        WHERE ($1 OR f.operator_organisation_id = $2
               OR EXISTS (SELECT 1 FROM fund_members m WHERE m.fund_id = f.id AND m.organisation_id = $2))
          AND ($3::timestamptz IS NULL OR (f.created_at, f.id) > ($3::timestamptz, $4::uuid))
        ORDER BY f.created_at, f.id LIMIT $5`,
      [scope.all, scope.organisationId, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

export interface MemberRow {
  organisation_id: string;
  legal_name: string;
  committee: boolean;
  joined_at: Date;
}

export async function listMembers(q: Queryable, fundId: string): Promise<MemberRow[]> {
  return (
    await q.query<MemberRow>(
      `SELECT m.organisation_id, o.legal_name, m.committee, m.joined_at FROM fund_members m
         JOIN organisations o ON o.id = m.organisation_id WHERE m.fund_id = $1 ORDER BY o.legal_name, o.id`,
      [fundId],
    )
  ).rows;
}

export async function insertMember(
  q: Queryable,
  m: { fundId: string; organisationId: string; committee: boolean; at: Date; by: string },
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO fund_members (fund_id, organisation_id, committee, joined_at, added_by)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
    [m.fundId, m.organisationId, m.committee, m.at, m.by],
  );
  return r.rows.length > 0;
}

export async function upsertDeclaration(
  q: Queryable,
  d: { fundId: string; organisationId: string; year: number; cobaltKg: number; by: string; at: Date },
) {
  await q.query(
    `INSERT INTO fund_declarations (fund_id, organisation_id, year, cobalt_kg, declared_by, declared_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (fund_id, organisation_id, year)
       DO UPDATE SET cobalt_kg = EXCLUDED.cobalt_kg, declared_by = EXCLUDED.declared_by, declared_at = EXCLUDED.declared_at`,
    [d.fundId, d.organisationId, d.year, d.cobaltKg, d.by, d.at],
  );
}

/**
 * Each member's dependency inputs for a year: Σ mass × grade (exact text) of the lots handed to it in custody with
 * an event time in that year (UTC), and its declaration.
 */
export async function memberDependencies(
  q: Queryable,
  fundId: string,
  year: number,
): Promise<{ organisation_id: string; custody_mass_grade: string | null; declared_kg: number | null }[]> {
  return (
    await q.query(
      `SELECT m.organisation_id,
              (SELECT sum(l.mass_kg * l.grade_pct)::text FROM custody_transfers t JOIN custody_lots l ON l.id = t.lot_id
                 WHERE t.to_id = m.organisation_id
                   AND t.shipped_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'UTC')
                   AND t.shipped_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'UTC')) AS custody_mass_grade,
              d.cobalt_kg AS declared_kg
         FROM fund_members m
         LEFT JOIN fund_declarations d ON d.fund_id = m.fund_id AND d.organisation_id = m.organisation_id AND d.year = $2
        WHERE m.fund_id = $1
        ORDER BY m.organisation_id`,
      [fundId, year],
    )
  ).rows as { organisation_id: string; custody_mass_grade: string | null; declared_kg: number | null }[];
}

export interface ReceiptRow {
  id: string;
  fund_id: string;
  organisation_id: string;
  legal_name: string;
  kind: 'pledge' | 'payment';
  year: number;
  amount_minor: number;
  at: Date;
  reference: string;
  recorded_by: string;
  created_at: Date;
}

export async function insertReceipt(
  q: Queryable,
  r: {
    id: string;
    fundId: string;
    organisationId: string;
    kind: string;
    year: number;
    amountMinor: number;
    at: Date;
    reference: string;
    by: string;
    now: Date;
  },
) {
  await q.query(
    `INSERT INTO fund_receipts (id, fund_id, organisation_id, kind, year, amount_minor, at, reference, recorded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [r.id, r.fundId, r.organisationId, r.kind, r.year, r.amountMinor, r.at, r.reference, r.by, r.now],
  );
}

const RECEIPT = `SELECT r.id, r.fund_id, r.organisation_id, o.legal_name, r.kind, r.year, r.amount_minor, r.at,
  r.reference, r.recorded_by, r.created_at FROM fund_receipts r JOIN organisations o ON o.id = r.organisation_id`;

export async function findReceipt(q: Queryable, id: string): Promise<ReceiptRow | undefined> {
  return (await q.query<ReceiptRow>(`${RECEIPT} WHERE r.id = $1`, [id])).rows[0];
}

/** A fund's pledges and payments (one member's when given, one year's when given), by value date. */
export async function listReceipts(
  q: Queryable,
  fundId: string,
  f: { organisationId?: string; year?: number },
): Promise<ReceiptRow[]> {
  return (
    await q.query<ReceiptRow>(
      `${RECEIPT} WHERE r.fund_id = $1 AND ($2::uuid IS NULL OR r.organisation_id = $2)
         AND ($3::int IS NULL OR r.year = $3) ORDER BY r.at, r.id`,
      [fundId, f.organisationId ?? null, f.year ?? null],
    )
  ).rows;
}

export interface ProjectRow {
  id: string;
  fund_id: string;
  title: string;
  description: string;
  site_id: string | null;
  site_code: string | null;
  site_name: string | null;
  cooperative_id: string | null;
  cooperative_name: string | null;
  budget_minor: number;
  starts_on: string;
  indicators: string[];
  incident_ids: string[];
  corrective_action_ids: string[];
  created_at: Date;
  allocated_minor: number;
  disbursed_minor: number;
}

const PROJECT = `SELECT p.id, p.fund_id, p.title, p.description, p.site_id, s.code AS site_code, s.name AS site_name,
  p.cooperative_id, c.legal_name AS cooperative_name, p.budget_minor, p.starts_on, p.indicators, p.incident_ids,
  p.corrective_action_ids, p.created_at,
  (SELECT coalesce(sum(a.amount_minor), 0) FROM fund_proposals a WHERE a.project_id = p.id AND a.state = 'approved') AS allocated_minor,
  (SELECT coalesce(sum(d.amount_minor), 0) FROM fund_disbursements d WHERE d.project_id = p.id) AS disbursed_minor
  FROM fund_projects p LEFT JOIN sites s ON s.id = p.site_id LEFT JOIN organisations c ON c.id = p.cooperative_id`;

export async function insertProject(
  q: Queryable,
  p: {
    id: string;
    fundId: string;
    title: string;
    description: string;
    siteId: string | null;
    cooperativeId: string | null;
    budgetMinor: number;
    startsOn: string;
    indicators: string[];
    incidentIds: string[];
    correctiveActionIds: string[];
    by: string;
    at: Date;
  },
) {
  await q.query(
    `INSERT INTO fund_projects (id, fund_id, title, description, site_id, cooperative_id, budget_minor, starts_on,
       indicators, incident_ids, corrective_action_ids, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      p.id,
      p.fundId,
      p.title,
      p.description,
      p.siteId,
      p.cooperativeId,
      p.budgetMinor,
      p.startsOn,
      p.indicators,
      p.incidentIds,
      p.correctiveActionIds,
      p.by,
      p.at,
    ],
  );
}

export async function findProject(q: Queryable, id: string): Promise<ProjectRow | undefined> {
  return (await q.query<ProjectRow>(`${PROJECT} WHERE p.id = $1`, [id])).rows[0];
}

export async function lockProject(q: Queryable, id: string) {
  await q.query('SELECT 1 FROM fund_projects WHERE id = $1 FOR UPDATE', [id]);
}

export async function listProjects(q: Queryable, fundId: string): Promise<ProjectRow[]> {
  return (await q.query<ProjectRow>(`${PROJECT} WHERE p.fund_id = $1 ORDER BY p.created_at, p.id`, [fundId]))
    .rows;
}

export interface MilestoneRow {
  id: string;
  project_id: string;
  position: number;
  title: string;
  amount_minor: number;
  due_on: string;
  met_at: Date | null;
  met_note: string | null;
  disbursed_minor: number;
}

export async function insertMilestones(
  q: Queryable,
  projectId: string,
  ms: { id: string; title: string; amountMinor: number; dueOn: string }[],
) {
  await q.query(
    `INSERT INTO fund_milestones (id, project_id, position, title, amount_minor, due_on)
       SELECT x.id, $1, x.position, x.title, x.amount_minor, x.due_on
         FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, position int, title text, amount_minor bigint, due_on date)`,
    [
      projectId,
      JSON.stringify(
        ms.map((m, i) => ({
          id: m.id,
          position: i + 1,
          title: m.title,
          amount_minor: m.amountMinor,
          due_on: m.dueOn,
        })),
      ),
    ],
  );
}

export async function listMilestones(q: Queryable, projectId: string): Promise<MilestoneRow[]> {
  return (
    await q.query<MilestoneRow>(
      `SELECT m.id, m.project_id, m.position, m.title, m.amount_minor, m.due_on, m.met_at, m.met_note,
              (SELECT coalesce(sum(d.amount_minor), 0) FROM fund_disbursements d WHERE d.milestone_id = m.id) AS disbursed_minor
         FROM fund_milestones m WHERE m.project_id = $1 ORDER BY m.position`,
      [projectId],
    )
  ).rows;
}

export async function markMilestoneMet(
  q: Queryable,
  m: { id: string; metAt: Date; note: string; by: string; at: Date },
) {
  await q.query(
    'UPDATE fund_milestones SET met_at = $2, met_note = $3, met_by = $4, met_recorded_at = $5 WHERE id = $1',
    [m.id, m.metAt, m.note, m.by, m.at],
  );
}

export interface DisbursementRow {
  id: string;
  project_id: string;
  milestone_id: string;
  amount_minor: number;
  disbursed_at: Date;
  reference: string;
  created_at: Date;
}

export async function insertDisbursement(
  q: Queryable,
  d: {
    id: string;
    projectId: string;
    milestoneId: string;
    amountMinor: number;
    disbursedAt: Date;
    reference: string;
    by: string;
    at: Date;
  },
) {
  await q.query(
    `INSERT INTO fund_disbursements (id, project_id, milestone_id, amount_minor, disbursed_at, reference, recorded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [d.id, d.projectId, d.milestoneId, d.amountMinor, d.disbursedAt, d.reference, d.by, d.at],
  );
}

export async function listDisbursements(q: Queryable, projectId: string): Promise<DisbursementRow[]> {
  return (
    await q.query<DisbursementRow>(
      `SELECT id, project_id, milestone_id, amount_minor, disbursed_at, reference, created_at
         FROM fund_disbursements WHERE project_id = $1 ORDER BY disbursed_at, id`,
      [projectId],
    )
  ).rows;
}

export async function findDisbursement(q: Queryable, id: string): Promise<DisbursementRow | undefined> {
  return (
    await q.query<DisbursementRow>(
      'SELECT id, project_id, milestone_id, amount_minor, disbursed_at, reference, created_at FROM fund_disbursements WHERE id = $1',
      [id],
    )
  ).rows[0];
}

export interface ProposalRow {
  id: string;
  fund_id: string;
  project_id: string;
  project_title: string;
  amount_minor: number;
  rationale: string;
  state: 'open' | 'approved' | 'rejected';
  quorum: number;
  proposed_at: Date;
  decided_at: Date | null;
  votes: { organisationId: string; name: string; vote: 'approve' | 'reject'; at: string }[];
}

const PROPOSAL = `SELECT a.id, a.fund_id, a.project_id, p.title AS project_title, a.amount_minor, a.rationale, a.state,
  a.quorum, a.proposed_at, a.decided_at,
  coalesce((SELECT jsonb_agg(jsonb_build_object('organisationId', v.organisation_id, 'name', o.legal_name,
      'vote', v.vote, 'at', to_char(v.voted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY v.voted_at)
    FROM fund_votes v JOIN organisations o ON o.id = v.organisation_id WHERE v.proposal_id = a.id), '[]'::jsonb) AS votes
  FROM fund_proposals a JOIN fund_projects p ON p.id = a.project_id`;

export async function insertProposal(
  q: Queryable,
  a: {
    id: string;
    fundId: string;
    projectId: string;
    amountMinor: number;
    rationale: string;
    quorum: number;
    by: string;
    at: Date;
  },
) {
  await q.query(
    `INSERT INTO fund_proposals (id, fund_id, project_id, amount_minor, rationale, state, quorum, proposed_by, proposed_at)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8)`,
    [a.id, a.fundId, a.projectId, a.amountMinor, a.rationale, a.quorum, a.by, a.at],
  );
}

export async function findProposal(q: Queryable, id: string, lock = false): Promise<ProposalRow | undefined> {
  if (lock) await q.query('SELECT 1 FROM fund_proposals WHERE id = $1 FOR UPDATE', [id]);
  return (await q.query<ProposalRow>(`${PROPOSAL} WHERE a.id = $1`, [id])).rows[0];
}

export async function listProposals(q: Queryable, fundId: string): Promise<ProposalRow[]> {
  return (
    await q.query<ProposalRow>(`${PROPOSAL} WHERE a.fund_id = $1 ORDER BY a.proposed_at, a.id`, [fundId])
  ).rows;
}

export async function insertVote(
  q: Queryable,
  v: { proposalId: string; organisationId: string; vote: string; by: string; at: Date },
): Promise<boolean> {
  return (
    (
      await q.query(
        `INSERT INTO fund_votes (proposal_id, organisation_id, vote, voted_by, voted_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING RETURNING 1`,
        [v.proposalId, v.organisationId, v.vote, v.by, v.at],
      )
    ).rows.length > 0
  );
}

export async function decideProposal(q: Queryable, id: string, state: string, at: Date) {
  await q.query('UPDATE fund_proposals SET state = $2, decided_at = $3 WHERE id = $1', [id, state, at]);
}

/** Observations of indicators at some sites, by observation time. */
export async function indicatorObservations(
  q: Queryable,
  siteIds: string[],
  indicators: string[],
): Promise<{ indicator: string; observed_at: Date; value: number }[]> {
  return (
    await q.query<{ indicator: string; observed_at: Date; value: number }>(
      `SELECT indicator, observed_at, value FROM indicator_values
        WHERE site_id = ANY($1::uuid[]) AND indicator = ANY($2::text[]) ORDER BY observed_at`,
      [siteIds, indicators],
    )
  ).rows;
}

/** The sites a cooperative operates. */
export async function sitesOperatedBy(q: Queryable, organisationId: string): Promise<string[]> {
  return (
    await q.query<{ site_id: string }>('SELECT site_id FROM site_operators WHERE organisation_id = $1', [
      organisationId,
    ])
  ).rows.map((r) => r.site_id);
}

/** The incidents and corrective actions a project names, with what a reader needs to recognise them. */
export async function addressedRecords(q: Queryable, incidentIds: string[], actionIds: string[]) {
  const incidents = (
    await q.query<{
      id: string;
      code: string;
      title: string;
      level: number;
      state: string;
      site_id: string | null;
    }>(
      'SELECT id, code, title, level, state, site_id FROM incidents WHERE id = ANY($1::uuid[]) ORDER BY code',
      [incidentIds],
    )
  ).rows;
  const actions = (
    await q.query<{
      id: string;
      requirement_code: string;
      requirement_text_en: string;
      requirement_text_fr: string;
      status: string;
      deadline: string;
      site_id: string | null;
    }>(
      `SELECT id, requirement_code, requirement_text_en, requirement_text_fr, status, deadline, site_id
         FROM corrective_actions WHERE id = ANY($1::uuid[]) ORDER BY requirement_code, id`,
      [actionIds],
    )
  ).rows;
  return { incidents, actions };
}

/** Whether an organisation has a role in the chain. */
export async function organisationRoles(q: Queryable, id: string): Promise<string[] | undefined> {
  return (
    await q.query<{ chain_roles: string[] }>('SELECT chain_roles FROM organisations WHERE id = $1', [id])
  ).rows[0]?.chain_roles;
}
