import type { RiskCategory } from '../../domain/criteria/criteria-set.ts';
import type { Decision, IncidentSource, IncidentState, Level } from '../../domain/incidents/lifecycle.ts';
import type { RuleFinding } from '../../domain/monitoring/indicator-rules.ts';
import type { Queryable } from '../db.ts';
import { exposedSitesSql } from './alerts.ts';
import { inMergeGroup } from './merges.ts';
import { containsPattern, instantKey, keysetSql, type SortExpr, sortValueSql } from './page.ts';

export interface IncidentRow {
  id: string;
  code: string;
  site_id: string | null;
  level: Level;
  category: RiskCategory;
  title: string;
  description: string;
  source: IncidentSource;
  state: IncidentState;
  visit_id: string | null;
  rule_code: string | null;
  /** What the rule that opened it found (RuleFinding); null for any other incident. */
  rule_finding: RuleFinding | null;
  assessment_id: string | null;
  grievance_id: string | null;
  reported_by: string | null;
  reported_at: Date;
  /** When the harm was observed or began; null when only the report time is known. */
  observed_at: Date | null;
  verification_due: Date;
  revision: number;
  updated_at: Date;
}

/** Which incidents a principal sees: every one, those of its own sites, or those of the sites it is exposed to. */
export type IncidentScope = 'all' | 'own_sites' | 'exposed';

/** SQL limiting incidents (alias `i`) to a scope; `$n` is the principal's organisation. */
export function visibilitySql(scope: IncidentScope, n: number): string {
  // The parameter is referenced in every branch so that PostgreSQL can type it.
  if (scope === 'all') return `$${n}::uuid IS NOT NULL`;
  if (scope === 'own_sites') {
    // Sets read once for the whole query, as arrays: the planner then fetches their incidents by index.
    return `(i.site_id = ANY(ARRAY(SELECT o.site_id FROM site_operators o WHERE o.organisation_id = $${n}))
             OR i.id = ANY(ARRAY(SELECT a.incident_id FROM incident_actors a WHERE a.organisation_id = $${n})))`;
  }
  return `(i.site_id IS NOT NULL AND i.site_id = ANY(ARRAY${exposedSitesSql(`$${n}`)}))`;
}

// ---- writing an incident

export async function nextIncidentNumber(tx: Queryable): Promise<number> {
  return (await tx.query<{ n: number }>("SELECT nextval('incident_number_seq') AS n")).rows[0].n;
}

export type NewIncidentRow = Omit<IncidentRow, 'state' | 'revision' | 'updated_at'>;

/** Writes a reported incident, the organisations it names and its first transition. */
export async function insertIncidentRow(
  tx: Queryable,
  row: NewIncidentRow,
  organisationIds: readonly string[],
  transition: { id: string; reason: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO incidents (id, code, site_id, level, category, title, description, source, visit_id, rule_code, assessment_id,
                            grievance_id, reported_by, reported_at, verification_due, updated_at, observed_at, rule_finding)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14, $16, $17)`,
    [
      row.id,
      row.code,
      row.site_id,
      row.level,
      row.category,
      row.title,
      row.description,
      row.source,
      row.visit_id,
      row.rule_code,
      row.assessment_id,
      row.grievance_id,
      row.reported_by,
      row.reported_at,
      row.verification_due,
      row.observed_at,
      row.rule_finding === null ? null : JSON.stringify(row.rule_finding),
    ],
  );
  if (organisationIds.length)
    await tx.query(
      'INSERT INTO incident_actors (incident_id, organisation_id) SELECT $1, unnest($2::uuid[])',
      [row.id, organisationIds],
    );
  await insertTransition(tx, {
    id: transition.id,
    incidentId: row.id,
    from: null,
    to: 'reported',
    reason: transition.reason,
    byUser: row.reported_by,
    at: row.reported_at,
  });
}

export async function insertTransition(
  tx: Queryable,
  t: {
    id: string;
    incidentId: string;
    from: string | null;
    to: string;
    reason: string;
    byUser: string | null;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    'INSERT INTO incident_transitions (id, incident_id, from_state, to_state, reason, by_user, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [t.id, t.incidentId, t.from, t.to, t.reason, t.byUser, t.at],
  );
}

/** Moves an incident to a state, correcting when its harm began if a verification establishes it. */
export async function setIncidentState(
  tx: Queryable,
  id: string,
  state: IncidentState,
  observedAt: Date | null,
  now: Date,
): Promise<void> {
  await tx.query(
    `UPDATE incidents SET state = $2, revision = revision + 1, updated_at = $3, observed_at = COALESCE($4, observed_at)
      WHERE id = $1`,
    [id, state, now, observedAt],
  );
}

/** When a visit's observations were made: the time a visit's incident was observed. */
export async function visitTime(q: Queryable, visitId: string): Promise<Date | null> {
  return (
    (await q.query<{ visited_at: Date }>('SELECT visited_at FROM visits WHERE id = $1', [visitId])).rows[0]
      ?.visited_at ?? null
  );
}

// ---- reading incidents

export async function findVisibleIncident(
  q: Queryable,
  id: string,
  scope: IncidentScope,
  organisationId: string,
  lock: boolean,
): Promise<IncidentRow | undefined> {
  return (
    await q.query<IncidentRow>(
      `SELECT i.* FROM incidents i WHERE i.id = $1 AND ${visibilitySql(scope, 2)}${lock ? ' FOR UPDATE' : ''}`,
      [id, organisationId],
    )
  ).rows[0];
}

export async function incidentExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM incidents WHERE id = $1', [id])).rows.length > 0;
}

/** What a listed incident carries besides its own columns: its site and the organisations it names. */
export interface IncidentListExtras {
  site: { id: string; code: string; name: string } | null;
  organisation_ids: string[];
}

/** Incidents with their sites and named organisations, in the order of `ids`' rows. */
export async function incidentExtras(q: Queryable, ids: readonly string[]) {
  return (
    await q.query<IncidentListExtras & { id: string }>(
      `SELECT i.id, ${EXTRAS} FROM incidents i WHERE i.id = ANY($1::uuid[])`,
      [ids],
    )
  ).rows;
}

export interface IncidentListFilter {
  level: number | null;
  state: string | null;
  siteId: string | null;
  category: string | null;
  overdue: boolean | null;
  /** Part of the code, the title or the site's code or name. */
  q: string | null;
  /** Only incidents awaiting a verification this user may conclude (four eyes: not one it reported at these levels). */
  verifiableBy: { userId: string; fourEyesLevels: readonly number[] } | null;
  /** Only unresolved incidents whose mitigation plan is past its review date. */
  reviewOverdue: boolean;
}

/** The orders an incident list offers besides its default (overdue verifications first, then level, newest). */
export const INCIDENT_SORT_EXPR = {
  code: { expr: 'substring(i.code from 5)::int', valueCast: 'int', key: 'int' },
  level: { expr: 'i.level', valueCast: 'int', key: 'int' },
  title: { expr: 'lower(i.title)', key: 'text' },
  site: { expr: "COALESCE((SELECT s.code FROM sites s WHERE s.id = i.site_id), '')", key: 'text' },
  due: { expr: 'i.verification_due', valueCast: 'timestamptz', key: 'instant' },
} as const satisfies Record<string, SortExpr>;
export type IncidentSortField = keyof typeof INCIDENT_SORT_EXPR;

/** Where the default order's page starts after: [overdue part (1 or 0), level, reported_at, id]. */
export type PriorityKey = [number, number, string, string];

const OVERDUE = "i.state IN ('reported', 'under_verification') AND i.verification_due < $7";
const ORDER = 'i.level, i.reported_at DESC, i.id DESC';
const EXTRAS = `(SELECT json_build_object('id', s.id, 'code', s.code, 'name', s.name) FROM sites s WHERE s.id = i.site_id)
                  AS site,
                ARRAY(SELECT a.organisation_id::text FROM incident_actors a WHERE a.incident_id = i.id
                       ORDER BY a.organisation_id) AS organisation_ids`;
/** After a default-order key in $n (level), $n+1 (reported_at), $n+2 (id); true without one. */
const afterPriority = (n: number) =>
  `($${n}::int IS NULL OR i.level > $${n}
     OR (i.level = $${n} AND (i.reported_at, i.id) < ($${n + 1}::timestamptz, $${n + 2}::uuid)))`;

/** `filterSql`'s own parameters after the shared ones, from $n: the verifier, the four-eyes levels, review overdue. */
const ownParams = (f: IncidentListFilter) => [
  f.verifiableBy?.userId ?? null,
  [...(f.verifiableBy?.fourEyesLevels ?? [])],
  f.reviewOverdue,
];

/**
 * The verification queue, as SQL: the states written out, so that the planner reads the partial index of incidents
 * awaiting verification (incidents_verifying_idx); without the queue its parameters are only typed.
 */
const queueSql = (n: number, queue: boolean) =>
  queue
    ? `AND i.state IN ('reported', 'under_verification')
        AND NOT (COALESCE(i.reported_by = $${n}::uuid, false) AND i.level = ANY($${n + 1}::int[]))`
    : `AND $${n}::uuid IS NULL AND $${n + 1}::int[] IS NOT NULL`;

const filterSql = (visibility: string, n: number, f: IncidentListFilter) => `${visibility}
        ${queueSql(n, f.verifiableBy !== null)}
        AND (NOT $${n + 2}::boolean OR (i.state <> 'resolved' AND EXISTS (
              SELECT 1 FROM mitigation_plans p WHERE p.incident_id = i.id AND p.next_review_due < $7)))
        AND ($2::int IS NULL OR i.level = $2) AND ($3::text IS NULL OR i.state = $3) AND ($4::uuid IS NULL OR ${inMergeGroup('i.site_id', 'sites', '$4')})
        AND ($5::text IS NULL OR i.category = $5)
        AND ($8::text IS NULL OR i.code ILIKE $8 OR i.title ILIKE $8
             OR EXISTS (SELECT 1 FROM sites s WHERE s.id = i.site_id AND (s.code ILIKE $8 OR s.name ILIKE $8)))`;

/** The parameters $1–$8 that `filterSql` and `OVERDUE` name, shared by both orders of the list. */
const filterParams = (organisationId: string, f: IncidentListFilter, now: Date) => [
  organisationId,
  f.level,
  f.state,
  f.siteId,
  f.category,
  f.overdue,
  now,
  containsPattern(f.q),
];

/** A listed incident row: its columns, extras and the keys its page's cursor is made of. */
export type IncidentListRow = IncidentRow &
  IncidentListExtras & { overdue: boolean; reported_key: string; sort_value: string | null };

/**
 * A page of incidents in the default order: overdue verifications first, then by level, newest first, with
 * their sites and named organisations. Over every incident the two parts are read each along its own index
 * and cut at `limit`, so the list never sorts the whole table; a `narrow` visibility (a cooperative's or a
 * buyer's few sites) is fetched by index and sorted at once.
 */
export async function findIncidentPage(
  q: Queryable,
  visibility: { scope: IncidentScope; narrow: boolean },
  organisationId: string,
  f: IncidentListFilter,
  after: PriorityKey | undefined,
  now: Date,
  limit: number,
): Promise<IncidentListRow[]> {
  const where = filterSql(visibilitySql(visibility.scope, 1), 17, f);
  // $9 skips the overdue part (the cursor is past it); $10–12 start inside it, $13–15 inside the rest.
  const inOverdue = after?.[0] === 1 ? after.slice(1) : [null, null, null];
  const inRest = after?.[0] === 0 ? after.slice(1) : [null, null, null];
  const columns = `i.*, ${instantKey('i.reported_at')} AS reported_key, NULL::text AS sort_value`;
  const sql = visibility.narrow
    ? `SELECT i.*, ${EXTRAS}
         FROM (SELECT ${columns}, (${OVERDUE}) AS overdue FROM incidents i
                WHERE ${where} AND ($6::boolean IS NULL OR $6 = (${OVERDUE}))
                  AND CASE WHEN ${OVERDUE} THEN NOT $9::boolean AND ${afterPriority(10)} ELSE ${afterPriority(13)} END
                ORDER BY overdue DESC, ${ORDER} LIMIT $16) i
        ORDER BY i.overdue DESC, ${ORDER}`
    : `SELECT i.*, ${EXTRAS}
         FROM ((SELECT ${columns}, true AS overdue FROM incidents i
                 WHERE ${where} AND $6::boolean IS NOT FALSE AND ${OVERDUE} AND NOT $9::boolean AND ${afterPriority(10)}
                 ORDER BY ${ORDER} LIMIT $16)
               UNION ALL
               (SELECT ${columns}, false AS overdue FROM incidents i
                 WHERE ${where} AND $6::boolean IS NOT TRUE AND NOT (${OVERDUE}) AND ${afterPriority(13)}
                 ORDER BY ${ORDER} LIMIT $16)) i
        ORDER BY i.overdue DESC, ${ORDER} LIMIT $16`;
  return (
    await q.query<IncidentListRow>(sql, [
      ...filterParams(organisationId, f, now),
      after?.[0] === 0,
      ...inOverdue,
      ...inRest,
      limit,
      ...ownParams(f),
    ])
  ).rows;
}

/** A page of incidents sorted by one of INCIDENT_SORT_EXPR, ties by id, after the [value, id] key. */
export async function findSortedIncidentPage(
  q: Queryable,
  visibility: { scope: IncidentScope },
  organisationId: string,
  f: IncidentListFilter,
  sort: { field: IncidentSortField; desc: boolean },
  after: [string, string] | undefined,
  now: Date,
  limit: number,
): Promise<IncidentListRow[]> {
  const order = keysetSql(
    { ...INCIDENT_SORT_EXPR[sort.field], desc: sort.desc, tie: 'i.id', tieCast: 'uuid' },
    9,
  );
  return (
    await q.query<IncidentListRow>(
      `SELECT i.*, ${EXTRAS}, (${OVERDUE}) AS overdue, ${instantKey('i.reported_at')} AS reported_key,
              ${sortValueSql(INCIDENT_SORT_EXPR[sort.field])} AS sort_value
         FROM incidents i
        WHERE ${filterSql(visibilitySql(visibility.scope, 1), 12, f)} AND ($6::boolean IS NULL OR $6 = (${OVERDUE}))
          AND ${order.after}
        ORDER BY ${order.orderBy} LIMIT $11`,
      [
        ...filterParams(organisationId, f, now),
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit,
        ...ownParams(f),
      ],
    )
  ).rows;
}

export interface TransitionRow {
  id: string;
  from_state: string | null;
  to_state: string;
  reason: string;
  by_user: string | null;
  at: Date;
}

export async function listTransitions(q: Queryable, incidentId: string): Promise<TransitionRow[]> {
  return (
    await q.query<TransitionRow>(
      'SELECT * FROM incident_transitions WHERE incident_id = $1 ORDER BY at, id',
      [incidentId],
    )
  ).rows;
}

// ---- evidence

export interface EvidenceRow {
  id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  latitude: number | null;
  longitude: number | null;
  taken_at: Date | null;
  uploaded_at: Date;
}

const EVIDENCE_COLUMNS =
  'id, filename, content_type, size_bytes, sha256, latitude, longitude, taken_at, uploaded_at';

export async function insertEvidence(
  tx: Queryable,
  row: EvidenceRow,
  incidentId: string,
  uploadedBy: string,
  content: Buffer,
): Promise<void> {
  await tx.query(
    `INSERT INTO incident_evidence (${EVIDENCE_COLUMNS}, incident_id, uploaded_by, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      row.id,
      row.filename,
      row.content_type,
      row.size_bytes,
      row.sha256,
      row.latitude,
      row.longitude,
      row.taken_at,
      row.uploaded_at,
      incidentId,
      uploadedBy,
      content,
    ],
  );
}

export async function listEvidence(q: Queryable, incidentId: string): Promise<EvidenceRow[]> {
  return (
    await q.query<EvidenceRow>(
      `SELECT ${EVIDENCE_COLUMNS} FROM incident_evidence WHERE incident_id = $1 ORDER BY uploaded_at, id`,
      [incidentId],
    )
  ).rows;
}

export async function findEvidence(q: Queryable, incidentId: string, evidenceId: string) {
  return (
    await q.query<EvidenceRow & { content: Uint8Array }>(
      `SELECT ${EVIDENCE_COLUMNS}, content FROM incident_evidence WHERE id = $1 AND incident_id = $2`,
      [evidenceId, incidentId],
    )
  ).rows[0];
}

// ---- mitigation plans

export interface PlanIndicator {
  name: string;
  unit: string;
  baseline: number;
  target: number;
}

export interface PlanAction {
  description: string;
  /** Who carries it out; plans written before actions had owners have none. */
  owner?: string | null;
  deadline: string;
  done: boolean;
}

export interface PlanRow {
  id: string;
  incident_id: string;
  owner_organisation_id: string | null;
  indicators: PlanIndicator[];
  actions: PlanAction[];
  decision: Decision;
  decided_by: string;
  decided_at: Date;
  next_review_due: Date;
  revision: number;
  created_at: Date;
}

export interface PlanReviewRow {
  id: string;
  notes: string;
  progress: Record<string, number>;
  reviewed_by: string;
  reviewed_at: Date;
}

export interface PlanDecisionRow {
  id: string;
  decision: Decision;
  reason: string;
  decided_by: string;
  decided_at: Date;
}

export async function findPlan(q: Queryable, incidentId: string): Promise<PlanRow | undefined> {
  return (await q.query<PlanRow>('SELECT * FROM mitigation_plans WHERE incident_id = $1', [incidentId]))
    .rows[0];
}

export async function planHistory(q: Queryable, planId: string) {
  const [reviews, decisions] = [
    await q.query<PlanReviewRow>('SELECT * FROM plan_reviews WHERE plan_id = $1 ORDER BY reviewed_at, id', [
      planId,
    ]),
    await q.query<PlanDecisionRow>(
      'SELECT * FROM plan_decisions WHERE plan_id = $1 ORDER BY decided_at, id',
      [planId],
    ),
  ];
  return { reviews: reviews.rows, decisions: decisions.rows };
}

export async function planExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM mitigation_plans WHERE id = $1', [id])).rows.length > 0;
}

export async function planReviewExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM plan_reviews WHERE id = $1', [id])).rows.length > 0;
}

export async function planDecisionExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM plan_decisions WHERE id = $1', [id])).rows.length > 0;
}

export async function insertPlan(
  tx: Queryable,
  p: Omit<PlanRow, 'revision' | 'created_at'>,
  reason: string,
  decisionId: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO mitigation_plans (id, incident_id, owner_organisation_id, indicators, actions, decision, decided_by, decided_at,
                                   next_review_due, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $8)`,
    [
      p.id,
      p.incident_id,
      p.owner_organisation_id,
      JSON.stringify(p.indicators),
      JSON.stringify(p.actions),
      p.decision,
      p.decided_by,
      p.decided_at,
      p.next_review_due,
    ],
  );
  await insertPlanDecision(tx, p.id, {
    id: decisionId,
    decision: p.decision,
    reason,
    decided_by: p.decided_by,
    decided_at: p.decided_at,
  });
}

/** Records a review: the plan's actions as now done and its next review date, and the review itself. */
export async function insertPlanReview(
  tx: Queryable,
  planId: string,
  actions: PlanAction[],
  nextReviewDue: Date,
  review: PlanReviewRow,
): Promise<void> {
  await tx.query(
    `UPDATE mitigation_plans SET actions = $2, next_review_due = $3, review_flagged_at = NULL, revision = revision + 1, updated_at = $4
      WHERE id = $1`,
    [planId, JSON.stringify(actions), nextReviewDue, review.reviewed_at],
  );
  await tx.query(
    'INSERT INTO plan_reviews (id, plan_id, notes, progress, reviewed_by, reviewed_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      review.id,
      planId,
      review.notes,
      JSON.stringify(review.progress),
      review.reviewed_by,
      review.reviewed_at,
    ],
  );
}

/** Records a decision as the plan's current one. */
export async function recordPlanDecision(tx: Queryable, planId: string, d: PlanDecisionRow): Promise<void> {
  await tx.query(
    'UPDATE mitigation_plans SET decision = $2, decided_by = $3, decided_at = $4, revision = revision + 1, updated_at = $4 WHERE id = $1',
    [planId, d.decision, d.decided_by, d.decided_at],
  );
  await insertPlanDecision(tx, planId, d);
}

async function insertPlanDecision(tx: Queryable, planId: string, d: PlanDecisionRow): Promise<void> {
  await tx.query(
    'INSERT INTO plan_decisions (id, plan_id, decision, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [d.id, planId, d.decision, d.reason, d.decided_by, d.decided_at],
  );
}

/** Plans whose review fell due and was not yet flagged, locked, each flagged as of `now`. */
export async function flagDueReviews(tx: Queryable, now: Date) {
  return (
    await tx.query<{ id: string; incident_id: string; next_review_due: Date }>(
      `UPDATE mitigation_plans SET review_flagged_at = $1
        WHERE id IN (SELECT id FROM mitigation_plans WHERE next_review_due < $1 AND review_flagged_at IS NULL FOR UPDATE)
        RETURNING id, incident_id, next_review_due`,
      [now],
    )
  ).rows;
}
