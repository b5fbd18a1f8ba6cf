import { v7 as uuidv7 } from 'uuid';
import {
  assessmentScope,
  canApproveAssessments,
  canAssess,
  type Principal,
} from '../../domain/access/roles.ts';
import { actionsClosedBy, actionsToOpen } from '../../domain/assessments/corrective-actions.ts';
import { mechanismScore } from '../../domain/assessments/mechanism-score.ts';
import { ratingsFor } from '../../domain/assessments/ratings.ts';
import {
  applyOutcome,
  assessmentOutcome,
  describeStatus,
  type RatedRequirement,
} from '../../domain/assessments/site-status.ts';
import type { SetKind } from '../../domain/criteria/criteria-set.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import { findSet, type RequirementRow, requirementsOf } from '../../storage/queries/criteria.ts';
import { findSiteById, type SiteRow } from '../../storage/queries/sites.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { recordStatusChange, stateOf } from './site-status.ts';

export const ASSESSMENT_KINDS = ['baseline', 'periodic', 'self'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

interface AssessmentRow {
  id: string;
  code: string;
  set_id: string;
  site_id: string | null;
  organisation_id: string | null;
  kind: AssessmentKind;
  status: 'draft' | 'submitted' | 'approved';
  assessor_id: string;
  submitted_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  outcome: unknown;
  notes: string;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

interface RatingRow {
  code: string;
  rating: string;
  notes: string;
  rated_by: string;
  rated_at: Date;
}

export interface AssessmentView {
  id: string;
  code: string;
  set: { id: string; key: string; version: number; name: string; kind: SetKind };
  siteId: string | null;
  organisationId: string | null;
  kind: AssessmentKind;
  status: 'draft' | 'submitted' | 'approved';
  assessorId: string;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  notes: string;
  ratings: { code: string; rating: string; notes: string; ratedBy: string; ratedAt: string }[];
  unrated: string[];
  outcome: unknown;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

async function find(q: Queryable, id: string, lock = false) {
  return (
    await q.query<AssessmentRow>(`SELECT * FROM assessments WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  ).rows[0];
}

async function ratingsOf(q: Queryable, id: string) {
  return (
    await q.query<RatingRow>(
      `SELECT r.code, g.rating, g.notes, g.rated_by, g.rated_at FROM ratings g JOIN requirements r ON r.id = g.requirement_id
        WHERE g.assessment_id = $1 ORDER BY r.position`,
      [id],
    )
  ).rows;
}

/** Whether the principal may see an assessment of this site or organisation. */
async function visible(
  q: Queryable,
  p: Principal,
  row: Pick<AssessmentRow, 'site_id' | 'organisation_id'>,
): Promise<boolean> {
  const scope = assessmentScope(p);
  if (scope === 'all') return true;
  if (scope === 'none') return false;
  if (row.organisation_id) return row.organisation_id === p.organisationId;
  const op = await q.query('SELECT 1 FROM site_operators WHERE site_id = $1 AND organisation_id = $2', [
    row.site_id,
    p.organisationId,
  ]);
  return op.rows.length > 0;
}

/** Rated requirements in the domain's terms: the set's requirements with this assessment's ratings. */
function rated(requirements: RequirementRow[], ratings: RatingRow[]): RatedRequirement[] {
  return requirements.flatMap((r) => {
    const g = ratings.find((x) => x.code === r.code);
    return g
      ? [
          {
            code: r.code,
            textEn: r.text_en,
            textFr: r.text_fr,
            tier: r.tier,
            correctionMonths: r.correction_months,
            horizonMonths: r.horizon_months,
            rating: g.rating as RatedRequirement['rating'],
          },
        ]
      : [];
  });
}

async function view(ctx: AuthedContext, row: AssessmentRow): Promise<AssessmentView> {
  const set = (await findSet(ctx.db, row.set_id))!;
  const requirements = await requirementsOf(ctx.db, row.set_id);
  const ratings = await ratingsOf(ctx.db, row.id);
  return {
    id: row.id,
    code: row.code,
    set: { id: set.id, key: set.key, version: set.version, name: set.name, kind: set.kind },
    siteId: row.site_id,
    organisationId: row.organisation_id,
    kind: row.kind,
    status: row.status,
    assessorId: row.assessor_id,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at?.toISOString() ?? null,
    notes: row.notes,
    ratings: ratings.map((g) => ({
      code: g.code,
      rating: g.rating,
      notes: g.notes,
      ratedBy: g.rated_by,
      ratedAt: g.rated_at.toISOString(),
    })),
    unrated: requirements.filter((r) => !ratings.some((g) => g.code === r.code)).map((r) => r.code),
    outcome: row.outcome,
    revision: row.revision,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function getAssessment(ctx: AuthedContext, id: string): Promise<AssessmentView> {
  const row = await find(ctx.db, id);
  if (!row || !(await visible(ctx.db, ctx.principal, row))) throw notFound('assessment');
  return view(ctx, row);
}

export async function listAssessments(
  ctx: AuthedContext,
  f: { siteId?: string; organisationId?: string; status?: AssessmentRow['status'] },
): Promise<AssessmentView[]> {
  const scope = assessmentScope(ctx.principal);
  if (scope === 'none') throw forbidden('your role does not see assessments');
  const own = scope === 'own' ? ctx.principal.organisationId : null;
  const rows = await ctx.db.query<AssessmentRow>(
    `SELECT a.* FROM assessments a
      WHERE ($1::uuid IS NULL OR a.site_id = $1) AND ($2::uuid IS NULL OR a.organisation_id = $2) AND ($3::text IS NULL OR a.status = $3)
        AND ($4::uuid IS NULL OR a.organisation_id = $4
             OR EXISTS (SELECT 1 FROM site_operators o WHERE o.site_id = a.site_id AND o.organisation_id = $4))
      ORDER BY a.created_at DESC, a.id DESC LIMIT 500`,
    [f.siteId ?? null, f.organisationId ?? null, f.status ?? null, own],
  );
  return Promise.all(rows.rows.map((r) => view(ctx, r)));
}

type AssessmentInput = {
  id?: string;
  setId: string;
  siteId?: string;
  organisationId?: string;
  kind: AssessmentKind;
  notes?: string;
};

const OPEN: CreateOperation<{ assessment: AssessmentView; created: boolean }> = {
  name: 'assessment.open',
  exists: rowIn('assessments'),
};

/** Opens a draft assessment of a site or an organisation against a published criteria-set version. */
export async function createAssessment(
  ctx: AuthedContext,
  input: AssessmentInput,
): Promise<{ assessment: AssessmentView; created: boolean }> {
  if (!canAssess(ctx.principal))
    throw forbidden('only assessors, analysts and administrators open assessments');
  return createOnce(ctx, OPEN, input, (c, id) => openAssessment(c, input, id));
}

async function openAssessment(ctx: AuthedContext, input: AssessmentInput, id: string) {
  if (!input.siteId === !input.organisationId) {
    throw invalid([{ path: 'siteId', message: 'give exactly one of siteId and organisationId' }]);
  }
  const set = await findSet(ctx.db, input.setId);
  if (!set) throw invalid([{ path: 'setId', message: 'no such criteria set' }]);
  if (set.status !== 'published')
    throw invalid([{ path: 'setId', message: 'assess only against a published set version' }]);
  if (input.siteId && !(await findSiteById(ctx.db, input.siteId)))
    throw invalid([{ path: 'siteId', message: 'no such site' }]);
  if (
    input.organisationId &&
    !(await ctx.db.query('SELECT 1 FROM organisations WHERE id = $1', [input.organisationId])).rows.length
  ) {
    throw invalid([{ path: 'organisationId', message: 'no such organisation' }]);
  }
  if ((set.kind === 'mechanism') !== (input.kind === 'self')) {
    throw invalid([
      {
        path: 'kind',
        message:
          set.kind === 'mechanism'
            ? 'a mechanism set is used for a self assessment'
            : 'a self assessment uses a mechanism set',
      },
    ]);
  }
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const n = (await tx.query<{ n: number }>("SELECT nextval('assessment_number_seq') AS n")).rows[0].n;
    await tx.query(
      `INSERT INTO assessments (id, code, set_id, site_id, organisation_id, kind, assessor_id, notes, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
      [
        id,
        `A-${n}`,
        set.id,
        input.siteId ?? null,
        input.organisationId ?? null,
        input.kind,
        ctx.principal.userId,
        input.notes ?? '',
        now,
      ],
    );
    await appendEvent(tx, {
      type: 'assessment.opened',
      subjectType: 'assessment',
      subjectId: id,
      payload: {
        setId: set.id,
        siteId: input.siteId,
        organisationId: input.organisationId,
        kind: input.kind,
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { assessment: await getAssessment(ctx, id), created: true };
}

/** The draft a caller may work on: theirs if they are an assessor, any for analysts and administrators. */
export async function workable(ctx: AuthedContext, id: string) {
  const row = await find(ctx.db, id);
  if (!row || !(await visible(ctx.db, ctx.principal, row))) throw notFound('assessment');
  if (
    !canAssess(ctx.principal) ||
    (ctx.principal.role === 'assessor' && row.assessor_id !== ctx.principal.userId)
  ) {
    throw forbidden(
      'only the assessor who opened it, an analyst or an administrator works on this assessment',
    );
  }
  if (row.status !== 'draft')
    throw conflict(`assessment ${row.code} is ${row.status}; only a draft can change`);
  return row;
}

export interface RatingInput {
  code: string;
  rating: string;
  notes?: string;
}

/** Rates requirements of the assessment's set version: one, or many at once (a phone syncing a visit). */
export async function rateRequirements(ctx: AuthedContext, id: string, items: readonly RatingInput[]) {
  const row = await workable(ctx, id);
  const set = (await findSet(ctx.db, row.set_id))!;
  const requirements = await requirementsOf(ctx.db, row.set_id);
  const allowed = ratingsFor(set.kind);
  const errors: FieldError[] = [];
  const resolved = items.map((item, i) => {
    const requirement = requirements.find((r) => r.code === item.code.trim().toUpperCase());
    if (!requirement)
      errors.push({
        path: `ratings.${i}.code`,
        message: `${item.code} is not a requirement of ${set.key} version ${set.version}`,
      });
    if (!allowed.includes(item.rating))
      errors.push({ path: `ratings.${i}.rating`, message: `one of ${allowed.join(', ')}` });
    return { requirement, item };
  });
  if (errors.length) throw invalid(errors);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    for (const { requirement, item } of resolved) {
      await tx.query(
        `INSERT INTO ratings (assessment_id, requirement_id, rating, notes, rated_by, rated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (assessment_id, requirement_id) DO UPDATE SET rating = $3, notes = $4, rated_by = $5, rated_at = $6`,
        [id, requirement!.id, item.rating, item.notes ?? '', ctx.principal.userId, now],
      );
    }
    await tx.query('UPDATE assessments SET revision = revision + 1, updated_at = $2 WHERE id = $1', [
      id,
      now,
    ]);
    await appendEvent(tx, {
      type: 'assessment.rated',
      subjectType: 'assessment',
      subjectId: id,
      payload: {
        ratings: resolved.map(({ requirement, item }) => ({
          code: requirement!.code,
          rating: item.rating,
          notes: item.notes ?? '',
        })),
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getAssessment(ctx, id);
}

async function unratedCodes(q: Queryable, row: AssessmentRow) {
  const requirements = await requirementsOf(q, row.set_id);
  const ratings = await ratingsOf(q, row.id);
  return requirements.filter((r) => !ratings.some((g) => g.code === r.code)).map((r) => r.code);
}

const unratedProblem = (codes: string[]) =>
  invalid(
    codes.map((c) => ({ path: `ratings.${c}`, message: 'not rated yet' })),
    `${codes.length} requirement(s) are not rated`,
  );

export async function submitAssessment(ctx: AuthedContext, id: string, revision: number) {
  const row = await workable(ctx, id);
  if (row.revision !== revision) throw stale('assessment', row.revision, `assessment ${row.code}`);
  const unrated = await unratedCodes(ctx.db, row);
  if (unrated.length) throw unratedProblem(unrated);
  await transition(ctx, row, 'submitted', { submitted_at: ctx.clock() });
  return getAssessment(ctx, id);
}

/** Sends a submitted assessment back to its assessor, with the reason. */
export async function returnAssessment(ctx: AuthedContext, id: string, reason: string) {
  if (!canApproveAssessments(ctx.principal))
    throw forbidden('only analysts and administrators review assessments');
  const row = await find(ctx.db, id);
  if (!row || !(await visible(ctx.db, ctx.principal, row))) throw notFound('assessment');
  if (row.status !== 'submitted')
    throw conflict(`assessment ${row.code} is ${row.status}; only a submitted one can be returned`);
  await transition(ctx, row, 'draft', { submitted_at: null }, { reason });
  return getAssessment(ctx, id);
}

async function transition(
  ctx: AuthedContext,
  row: AssessmentRow,
  to: AssessmentRow['status'],
  set: { submitted_at: Date | null },
  extra = {},
) {
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const updated = await tx.query(
      'UPDATE assessments SET status = $2, submitted_at = $3, revision = revision + 1, updated_at = $4 WHERE id = $1 AND status = $5',
      [row.id, to, set.submitted_at, now, row.status],
    );
    if (updated.rowCount === 0) throw stale('assessment', row.revision + 1, `assessment ${row.code}`);
    await appendEvent(tx, {
      type: `assessment.${to === 'draft' ? 'returned' : to}`,
      subjectType: 'assessment',
      subjectId: row.id,
      payload: extra,
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
}

/**
 * Approves a submitted assessment (four eyes: never one's own) and applies its outcome: the site's status
 * with its reason, corrective actions opened and closed; a mechanism's score. Approvals of one site are
 * serialised on the site row; an approval older than the one that last decided the status is only recorded.
 */
export async function approveAssessment(ctx: AuthedContext, id: string) {
  if (!canApproveAssessments(ctx.principal))
    throw forbidden('only analysts and administrators approve assessments');
  const now = ctx.clock();
  const actor = actorOf(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const row = await find(tx, id, true);
    if (!row || !(await visible(tx, ctx.principal, row))) throw notFound('assessment');
    if (row.assessor_id === ctx.principal.userId)
      throw forbidden('four eyes: you cannot approve an assessment you carried out');
    if (row.status !== 'submitted')
      throw conflict(`assessment ${row.code} is ${row.status}; only a submitted one can be approved`);
    const unrated = await unratedCodes(tx, row);
    if (unrated.length) throw unratedProblem(unrated);
    const set = (await findSet(tx, row.set_id))!;
    const requirements = await requirementsOf(tx, row.set_id);
    const ratings = await ratingsOf(tx, row.id);
    let outcome: unknown;
    if (set.kind === 'mechanism') {
      outcome = mechanismScore(
        requirements.map((r) => ({
          weight: r.weight,
          rating: ratings.find((g) => g.code === r.code)!.rating as 'fully_aligned',
        })),
        ctx.config.recognition,
      );
    } else {
      const ratedRequirements = rated(requirements, ratings);
      const result = assessmentOutcome(ratedRequirements, row.code, now);
      outcome = {
        ...result,
        explanation: describeStatus(result.status, now.toISOString().slice(0, 10), result.reason),
      };
      if (row.site_id) await applyToSite(tx, row, result, now, actor);
      await updateActions(tx, row, ratedRequirements, now, actor);
    }
    await tx.query(
      `UPDATE assessments SET status = 'approved', approved_by = $2, approved_at = $3, outcome = $4, revision = revision + 1, updated_at = $3
        WHERE id = $1`,
      [id, ctx.principal.userId, now, JSON.stringify(outcome)],
    );
    await appendEvent(tx, {
      type: 'assessment.approved',
      subjectType: 'assessment',
      subjectId: id,
      payload: { outcome },
      actor,
      at: now,
    });
  });
  return getAssessment(ctx, id);
}

async function applyToSite(
  tx: Queryable,
  row: AssessmentRow,
  result: ReturnType<typeof assessmentOutcome>,
  now: Date,
  actor: EventActor,
) {
  const site = (await tx.query<SiteRow>('SELECT * FROM sites WHERE id = $1 FOR UPDATE', [row.site_id]))
    .rows[0];
  // The later approval wins; an approval that reaches the site after a later one is kept on record only.
  if (site.status_approved_at && site.status_approved_at.getTime() > now.getTime()) return;
  await recordStatusChange(tx, site, applyOutcome(stateOf(site), result, now), actor, now, {
    at: now,
    assessmentId: row.id,
  });
}

async function updateActions(
  tx: Queryable,
  row: AssessmentRow,
  ratedRequirements: RatedRequirement[],
  now: Date,
  actor: EventActor,
) {
  const subject = row.site_id
    ? { column: 'site_id', id: row.site_id }
    : { column: 'organisation_id', id: row.organisation_id! };
  const closing = actionsClosedBy(ratedRequirements);
  if (closing.length) {
    const closed = await tx.query<{ id: string }>(
      `UPDATE corrective_actions SET status = 'closed', closed_by_assessment = $3, closed_at = $4
        WHERE ${subject.column} = $1 AND status = 'open' AND requirement_code = ANY($2::text[]) RETURNING id`,
      [subject.id, closing, row.id, now],
    );
    for (const a of closed.rows) {
      await appendEvent(tx, {
        type: 'corrective_action.closed',
        subjectType: 'corrective_action',
        subjectId: a.id,
        payload: { by: row.code },
        actor,
        at: now,
      });
    }
  }
  const owner = row.site_id
    ? ((
        await tx.query<{ organisation_id: string }>(
          'SELECT organisation_id FROM site_operators WHERE site_id = $1 ORDER BY organisation_id LIMIT 1',
          [row.site_id],
        )
      ).rows[0]?.organisation_id ?? null)
    : row.organisation_id;
  for (const a of actionsToOpen(ratedRequirements, now)) {
    const open = await tx.query(
      `SELECT 1 FROM corrective_actions WHERE ${subject.column} = $1 AND status = 'open' AND requirement_code = $2`,
      [subject.id, a.code],
    );
    if (open.rows.length) continue;
    const r = ratedRequirements.find((x) => x.code === a.code)!;
    const actionId = uuidv7();
    await tx.query(
      `INSERT INTO corrective_actions (id, site_id, organisation_id, requirement_code, requirement_text_en, requirement_text_fr, tier,
                                       opened_by_assessment, owner_organisation_id, deadline, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        actionId,
        row.site_id,
        row.organisation_id,
        a.code,
        r.textEn,
        r.textFr,
        r.tier,
        row.id,
        owner,
        a.deadline,
        now,
      ],
    );
    await appendEvent(tx, {
      type: 'corrective_action.opened',
      subjectType: 'corrective_action',
      subjectId: actionId,
      payload: { code: a.code, deadline: a.deadline, assessment: row.code },
      actor,
      at: now,
    });
  }
}
