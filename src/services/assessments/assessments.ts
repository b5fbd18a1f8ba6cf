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
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import {
  type ActionSubject,
  type AssessmentKey,
  type AssessmentRow,
  closeActions,
  findAssessment,
  findAssessments,
  firstOperatorOf,
  hasOpenAction,
  insertAssessment,
  insertCorrectiveAction,
  markAssessmentApproved,
  moveAssessment,
  operatesSite,
  organisationExists,
  type RatingRow,
  ratingsOf,
  ratingsOfAssessments,
  touchAssessment,
  upsertRatings,
} from '../../storage/queries/assessments.ts';
import {
  findSet,
  findSets,
  type RequirementRow,
  requirementsOf,
  requirementsOfSets,
} from '../../storage/queries/criteria.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { findSiteById, lockSite, type SiteRow } from '../../storage/queries/sites.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { CLOCK_LEEWAY_MS, requireAssignedAt } from '../monitoring/assignments.ts';
import { recordStatusChange, stateOf } from './site-status.ts';
import type { AssessmentKind, AssessmentView } from './views.ts';

const find = findAssessment;

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
  return row.site_id !== null && operatesSite(q, row.site_id, p.organisationId);
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

/** The views of these assessments: their sets, requirements and ratings read once for all of them. */
async function views(ctx: AuthedContext, rows: readonly AssessmentRow[]): Promise<AssessmentView[]> {
  const setIds = [...new Set(rows.map((r) => r.set_id))];
  const [sets, requirements, ratings] = await Promise.all([
    findSets(ctx.db, setIds),
    requirementsOfSets(ctx.db, setIds),
    ratingsOfAssessments(
      ctx.db,
      rows.map((r) => r.id),
    ),
  ]);
  const setOf = new Map(sets.map((s) => [s.id, s]));
  const requirementsBySet = Map.groupBy(requirements, (r) => r.set_id);
  const ratingsByAssessment = Map.groupBy(ratings, (g) => g.assessment_id);
  return rows.map((row) => {
    const set = setOf.get(row.set_id)!;
    const rated = ratingsByAssessment.get(row.id) ?? [];
    const codes = new Set(rated.map((g) => g.code));
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
      observedFrom: row.observed_from?.toISOString() ?? null,
      observedUntil: row.observed_until?.toISOString() ?? null,
      ratings: rated.map((g) => ({
        code: g.code,
        rating: g.rating,
        notes: g.notes,
        ratedBy: g.rated_by,
        ratedAt: g.rated_at.toISOString(),
      })),
      unrated: (requirementsBySet.get(row.set_id) ?? []).filter((r) => !codes.has(r.code)).map((r) => r.code),
      outcome: row.outcome,
      revision: row.revision,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  });
}

const view = async (ctx: AuthedContext, row: AssessmentRow) => (await views(ctx, [row]))[0];

export async function getAssessment(ctx: AuthedContext, id: string): Promise<AssessmentView> {
  const row = await find(ctx.db, id);
  if (!row || !(await visible(ctx.db, ctx.principal, row))) throw notFound('assessment');
  return view(ctx, row);
}

/** A page of the assessments the caller may see, newest first. */
export async function listAssessments(
  ctx: AuthedContext,
  f: {
    siteId?: string;
    organisationId?: string;
    status?: AssessmentRow['status'];
    limit: number;
    cursor?: string;
  },
): Promise<Page<AssessmentView>> {
  const scope = assessmentScope(ctx.principal);
  if (scope === 'none')
    throw forbidden('your role does not see assessments', { code: 'assessments.role-cannot-see' });
  const own = scope === 'own' ? ctx.principal.organisationId : null;
  const after = cursorKey(f.cursor, ['instant', 'uuid']) as AssessmentKey | undefined;
  const rows = await findAssessments(ctx.db, { ...f, visibleTo: own }, after, f.limit + 1);
  const page = toPage(
    rows,
    f.limit,
    (r) => [r.created_key, r.id],
    (r) => r,
  );
  return { items: await views(ctx, page.items), nextCursor: page.nextCursor };
}

type AssessmentInput = {
  id?: string;
  setId: string;
  siteId?: string;
  organisationId?: string;
  kind: AssessmentKind;
  notes?: string;
  /** When it was observed on site (a checklist filled on a phone: the form's start and end). */
  observedFrom?: string;
  observedUntil?: string;
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
    throw forbidden('only assessors, analysts and administrators open assessments', {
      code: 'assessments.open-role',
    });
  return createOnce(ctx, OPEN, input, (c, id) => openAssessment(c, input, id));
}

async function openAssessment(ctx: AuthedContext, input: AssessmentInput, id: string) {
  if (!input.siteId === !input.organisationId) {
    throw invalid([
      {
        path: 'siteId',
        message: 'give exactly one of siteId and organisationId',
        code: 'assessments.site-or-organisation',
      },
    ]);
  }
  const set = await findSet(ctx.db, input.setId);
  if (!set)
    throw invalid([{ path: 'setId', message: 'no such criteria set', code: 'assessments.no-such-set' }]);
  if (set.status !== 'published')
    throw invalid([
      {
        path: 'setId',
        message: 'assess only against a published set version',
        code: 'assessments.set-not-published',
      },
    ]);
  if (input.siteId && !(await findSiteById(ctx.db, input.siteId)))
    throw invalid([{ path: 'siteId', message: 'no such site', code: 'assessments.no-such-site' }]);
  if (input.organisationId && !(await organisationExists(ctx.db, input.organisationId))) {
    throw invalid([
      { path: 'organisationId', message: 'no such organisation', code: 'assessments.no-such-organisation' },
    ]);
  }
  if ((set.kind === 'mechanism') !== (input.kind === 'self')) {
    throw invalid([
      set.kind === 'mechanism'
        ? {
            path: 'kind',
            message: 'a mechanism set is used for a self assessment',
            code: 'assessments.mechanism-set-is-self',
          }
        : {
            path: 'kind',
            message: 'a self assessment uses a mechanism set',
            code: 'assessments.self-needs-mechanism-set',
          },
    ]);
  }
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertAssessment(tx, {
      id,
      setId: set.id,
      siteId: input.siteId ?? null,
      organisationId: input.organisationId ?? null,
      kind: input.kind,
      assessorId: ctx.principal.userId,
      notes: input.notes ?? '',
      observedFrom: input.observedFrom ? new Date(input.observedFrom) : null,
      observedUntil: input.observedUntil ? new Date(input.observedUntil) : null,
      at: now,
    });
    await appendEvent(tx, {
      type: 'assessment.opened',
      subjectType: 'assessment',
      subjectId: id,
      payload: {
        setId: set.id,
        siteId: input.siteId,
        organisationId: input.organisationId,
        kind: input.kind,
        ...(input.observedFrom
          ? { observedFrom: input.observedFrom, observedUntil: input.observedUntil }
          : {}),
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { assessment: await getAssessment(ctx, id), created: true };
}

/** A checklist filled in on a field phone: the draft and every rating it holds, made at once (decision 0043). */
export type SiteChecklistInput = {
  id: string;
  setId: string;
  siteId: string;
  kind: 'baseline' | 'periodic';
  /** When the assessor carried it out, by the phone's clock. */
  assessedAt: string;
  notes?: string;
  ratings: RatingInput[];
};

const CHECKLIST: CreateOperation<{ assessment: AssessmentView; created: boolean }> = {
  name: 'assessment.checklist',
  exists: rowIn('assessments'),
};

/**
 * Records a checklist an assessor filled in offline: the draft assessment of the site, opened as the web opens one,
 * and its ratings, rated as the web rates them, in one transaction and at most once per client id. The site must
 * have been assigned to the assessor when the phone says it was assessed. The assessor then submits the draft.
 */
export async function recordSiteChecklist(
  ctx: AuthedContext,
  input: SiteChecklistInput,
): Promise<{ assessment: AssessmentView; created: boolean }> {
  if (!canAssess(ctx.principal))
    throw forbidden('only assessors, analysts and administrators open assessments', {
      code: 'assessments.open-role',
    });
  const assessedAt = new Date(input.assessedAt);
  if (assessedAt.getTime() > ctx.clock().getTime() + CLOCK_LEEWAY_MS)
    throw invalid([{ path: 'assessedAt', message: 'is in the future', code: 'common.field.in-future' }]);
  return createOnce(ctx, CHECKLIST, input, async (c, id) => {
    if (await findSiteById(c.db, input.siteId))
      await requireAssignedAt(
        c,
        input.siteId,
        assessedAt,
        'assessments.site-not-assigned',
        'it was assessed',
      );
    // The phone gives one time, when the assessor carried it out: the span observed is that moment.
    const { ratings, assessedAt: at, ...open } = input;
    await openAssessment(c, { ...open, observedFrom: at, observedUntil: at }, id);
    if (ratings.length) await rateRequirements(c, id, ratings);
    return { assessment: await getAssessment(c, id), created: true };
  });
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
      { code: 'assessments.not-your-assessment' },
    );
  }
  if (row.status !== 'draft')
    throw conflict(`assessment ${row.code} is ${row.status}; only a draft can change`, [], {
      code: 'assessments.not-draft',
      params: { assessment: row.code, status: row.status },
    });
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
        code: 'assessments.not-a-requirement',
        params: { requirement: item.code, set: set.key, version: set.version },
      });
    if (!allowed.includes(item.rating))
      errors.push({
        path: `ratings.${i}.rating`,
        message: `one of ${allowed.join(', ')}`,
        code: 'common.field.one-of',
        params: { values: allowed.join(', ') },
      });
    return { requirement, item };
  });
  if (errors.length) throw invalid(errors);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    // A requirement rated twice in one request keeps its last rating.
    const last = new Map(resolved.map(({ requirement, item }) => [requirement!.id, item]));
    await upsertRatings(
      tx,
      id,
      [...last].map(([requirementId, item]) => ({
        requirementId,
        rating: item.rating,
        notes: item.notes ?? '',
      })),
      ctx.principal.userId,
      now,
    );
    await touchAssessment(tx, id, now);
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
    codes.map((c) => ({ path: `ratings.${c}`, message: 'not rated yet', code: 'assessments.not-rated' })),
    `${codes.length} requirement(s) are not rated`,
    { code: 'assessments.unrated', params: { count: codes.length } },
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
    throw forbidden('only analysts and administrators review assessments', {
      code: 'assessments.review-role',
    });
  const row = await find(ctx.db, id);
  if (!row || !(await visible(ctx.db, ctx.principal, row))) throw notFound('assessment');
  if (row.status !== 'submitted')
    throw conflict(`assessment ${row.code} is ${row.status}; only a submitted one can be returned`, [], {
      code: 'assessments.return-not-submitted',
      params: { assessment: row.code, status: row.status },
    });
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
    const moved = await moveAssessment(tx, {
      id: row.id,
      from: row.status,
      to,
      submittedAt: set.submitted_at,
      at: now,
    });
    if (!moved) throw stale('assessment', row.revision + 1, `assessment ${row.code}`);
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
    throw forbidden('only analysts and administrators approve assessments', {
      code: 'assessments.approve-role',
    });
  const now = ctx.clock();
  const actor = actorOf(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const row = await find(tx, id, true);
    if (!row || !(await visible(tx, ctx.principal, row))) throw notFound('assessment');
    if (row.assessor_id === ctx.principal.userId)
      throw forbidden('four eyes: you cannot approve an assessment you carried out', {
        code: 'assessments.four-eyes',
      });
    if (row.status !== 'submitted')
      throw conflict(`assessment ${row.code} is ${row.status}; only a submitted one can be approved`, [], {
        code: 'assessments.approve-not-submitted',
        params: { assessment: row.code, status: row.status },
      });
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
    await markAssessmentApproved(tx, { id, by: ctx.principal.userId, at: now, outcome });
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
  const site = (await lockSite(tx, row.site_id!)) as SiteRow;
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
  const subject: ActionSubject = row.site_id
    ? { siteId: row.site_id }
    : { organisationId: row.organisation_id! };
  const closing = actionsClosedBy(ratedRequirements);
  if (closing.length) {
    const closed = await closeActions(tx, subject, closing, { assessmentId: row.id, at: now });
    for (const actionId of closed) {
      await appendEvent(tx, {
        type: 'corrective_action.closed',
        subjectType: 'corrective_action',
        subjectId: actionId,
        payload: { by: row.code },
        actor,
        at: now,
      });
    }
  }
  const owner = row.site_id ? await firstOperatorOf(tx, row.site_id) : row.organisation_id;
  for (const a of actionsToOpen(ratedRequirements, now)) {
    if (await hasOpenAction(tx, subject, a.code)) continue;
    const r = ratedRequirements.find((x) => x.code === a.code)!;
    const actionId = uuidv7();
    await insertCorrectiveAction(tx, {
      id: actionId,
      siteId: row.site_id,
      organisationId: row.organisation_id,
      requirement: { code: a.code, textEn: r.textEn, textFr: r.textFr, tier: r.tier },
      openedBy: row.id,
      ownerOrganisationId: owner,
      deadline: a.deadline,
      at: now,
    });
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
