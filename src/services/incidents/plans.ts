import { v7 as uuidv7 } from 'uuid';
import { canHandleIncidents } from '../../domain/access/roles.ts';
import { type Decision, reviewDue } from '../../domain/incidents/lifecycle.ts';
import { appendEvent } from '../../storage/events.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { conflict, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { visibleIncident } from './incidents.ts';

export interface PlanIndicator {
  name: string;
  unit: string;
  baseline: number;
  target: number;
}

export interface PlanAction {
  description: string;
  deadline: string;
  done: boolean;
}

export interface PlanView {
  id: string;
  incidentId: string;
  ownerOrganisationId: string | null;
  indicators: PlanIndicator[];
  actions: PlanAction[];
  decision: Decision;
  decidedBy: string;
  decidedAt: string;
  nextReviewDue: string;
  reviewOverdue: boolean;
  reviews: {
    id: string;
    notes: string;
    progress: Record<string, number>;
    reviewedBy: string;
    reviewedAt: string;
  }[];
  decisions: { id: string; decision: Decision; reason: string; decidedBy: string; decidedAt: string }[];
  revision: number;
  createdAt: string;
}

interface PlanRow {
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

const PLANNABLE = ['verified', 'escalated', 'in_mitigation'];

async function view(ctx: ServiceContext, row: PlanRow): Promise<PlanView> {
  const reviews = await ctx.db.query<{
    id: string;
    notes: string;
    progress: Record<string, number>;
    reviewed_by: string;
    reviewed_at: Date;
  }>('SELECT * FROM plan_reviews WHERE plan_id = $1 ORDER BY reviewed_at, id', [row.id]);
  const decisions = await ctx.db.query<{
    id: string;
    decision: Decision;
    reason: string;
    decided_by: string;
    decided_at: Date;
  }>('SELECT * FROM plan_decisions WHERE plan_id = $1 ORDER BY decided_at, id', [row.id]);
  return {
    id: row.id,
    incidentId: row.incident_id,
    ownerOrganisationId: row.owner_organisation_id,
    indicators: row.indicators,
    actions: row.actions,
    decision: row.decision,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at.toISOString(),
    nextReviewDue: row.next_review_due.toISOString(),
    reviewOverdue: ctx.clock().getTime() > row.next_review_due.getTime(),
    reviews: reviews.rows.map((r) => ({
      id: r.id,
      notes: r.notes,
      progress: r.progress,
      reviewedBy: r.reviewed_by,
      reviewedAt: r.reviewed_at.toISOString(),
    })),
    decisions: decisions.rows.map((d) => ({
      id: d.id,
      decision: d.decision,
      reason: d.reason,
      decidedBy: d.decided_by,
      decidedAt: d.decided_at.toISOString(),
    })),
    revision: row.revision,
    createdAt: row.created_at.toISOString(),
  };
}

async function planOf(ctx: AuthedContext, incidentId: string) {
  await visibleIncident(ctx, incidentId);
  const row = (
    await ctx.db.query<PlanRow>('SELECT * FROM mitigation_plans WHERE incident_id = $1', [incidentId])
  ).rows[0];
  if (!row) throw notFound('mitigation plan');
  return row;
}

export async function getPlan(ctx: AuthedContext, incidentId: string): Promise<PlanView> {
  return view(ctx, await planOf(ctx, incidentId));
}

function requireHandler(ctx: AuthedContext) {
  if (!canHandleIncidents(ctx.principal))
    throw forbidden('only analysts and administrators write mitigation plans');
}

type PlanInput = {
  id?: string;
  ownerOrganisationId?: string | null;
  indicators: PlanIndicator[];
  actions: PlanAction[];
  decision: Decision;
  reason: string;
};

/** The plan as a creation answers it: 201 when this request wrote it, 200 for a retry. */
export type PlanCreation = PlanView & { created: boolean };

const WRITE: CreateOperation<PlanCreation> = {
  name: 'mitigation_plan.write',
  exists: rowIn('mitigation_plans'),
};
const REVIEW: CreateOperation<PlanCreation> = {
  name: 'mitigation_plan.review',
  exists: rowIn('plan_reviews'),
};
const DECIDE: CreateOperation<PlanCreation> = {
  name: 'mitigation_plan.decide',
  exists: rowIn('plan_decisions'),
};

/** Writes the mitigation plan of a verified incident, with its first decision on the record. */
export async function createPlan(ctx: AuthedContext, incidentId: string, input: PlanInput) {
  requireHandler(ctx);
  return createOnce(ctx, WRITE, { ...input, incidentId }, (c, id) => writePlan(c, incidentId, input, id));
}

async function writePlan(
  ctx: AuthedContext,
  incidentId: string,
  input: PlanInput,
  id: string,
): Promise<PlanCreation> {
  const incident = await visibleIncident(ctx, incidentId);
  if (!PLANNABLE.includes(incident.state))
    throw conflict(`incident ${incident.code} is ${incident.state}; a plan is written once it is verified`);
  if (
    (await ctx.db.query('SELECT 1 FROM mitigation_plans WHERE incident_id = $1', [incidentId])).rows.length
  ) {
    throw conflict(`incident ${incident.code} already has a plan; review it or record a new decision`);
  }
  if (
    input.ownerOrganisationId &&
    !(await ctx.db.query('SELECT 1 FROM organisations WHERE id = $1', [input.ownerOrganisationId])).rows
      .length
  ) {
    throw invalid([{ path: 'ownerOrganisationId', message: 'no such organisation' }]);
  }
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO mitigation_plans (id, incident_id, owner_organisation_id, indicators, actions, decision, decided_by, decided_at,
                                     next_review_due, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $8)`,
      [
        id,
        incidentId,
        input.ownerOrganisationId ?? null,
        JSON.stringify(input.indicators),
        JSON.stringify(input.actions),
        input.decision,
        ctx.principal.userId,
        now,
        reviewDue(now),
      ],
    );
    await tx.query(
      'INSERT INTO plan_decisions (id, plan_id, decision, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [uuidv7(), id, input.decision, input.reason, ctx.principal.userId, now],
    );
    await appendEvent(tx, {
      type: 'mitigation_plan.written',
      subjectType: 'incident',
      subjectId: incidentId,
      payload: {
        planId: id,
        decision: input.decision,
        reason: input.reason,
        indicators: input.indicators,
        actions: input.actions,
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { ...(await getPlan(ctx, incidentId)), created: true };
}

type ReviewInput = {
  id?: string;
  notes: string;
  progress: Record<string, number>;
  actionsDone?: number[];
  revision: number;
};

/** Records a review of progress; the next one is due at most six months later. */
export async function reviewPlan(ctx: AuthedContext, incidentId: string, input: ReviewInput) {
  requireHandler(ctx);
  return createOnce(ctx, REVIEW, { ...input, incidentId }, (c, id) => storeReview(c, incidentId, input, id));
}

async function storeReview(
  ctx: AuthedContext,
  incidentId: string,
  input: ReviewInput,
  id: string,
): Promise<PlanCreation> {
  const plan = await planOf(ctx, incidentId);
  if (plan.revision !== input.revision) throw stale('plan', plan.revision);
  const unknown = Object.keys(input.progress).filter((k) => !plan.indicators.some((i) => i.name === k));
  if (unknown.length)
    throw invalid(unknown.map((k) => ({ path: `progress.${k}`, message: 'not an indicator of this plan' })));
  const bad = (input.actionsDone ?? []).filter((i) => i < 0 || i >= plan.actions.length);
  if (bad.length) throw invalid(bad.map((i) => ({ path: 'actionsDone', message: `no action number ${i}` })));
  const now = ctx.clock();
  const actions = plan.actions.map((a, i) =>
    (input.actionsDone ?? []).includes(i) ? { ...a, done: true } : a,
  );
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE mitigation_plans SET actions = $2, next_review_due = $3, review_flagged_at = NULL, revision = revision + 1, updated_at = $4
        WHERE id = $1`,
      [plan.id, JSON.stringify(actions), reviewDue(now), now],
    );
    await tx.query(
      'INSERT INTO plan_reviews (id, plan_id, notes, progress, reviewed_by, reviewed_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, plan.id, input.notes, JSON.stringify(input.progress), ctx.principal.userId, now],
    );
    await appendEvent(tx, {
      type: 'mitigation_plan.reviewed',
      subjectType: 'incident',
      subjectId: incidentId,
      payload: {
        planId: plan.id,
        notes: input.notes,
        progress: input.progress,
        actionsDone: input.actionsDone ?? [],
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { ...(await getPlan(ctx, incidentId)), created: true };
}

type DecisionInput = { id?: string; decision: Decision; reason: string; revision: number };

/** Records one of the three OECD responses as the plan's current decision, with its reason. */
export async function decide(ctx: AuthedContext, incidentId: string, input: DecisionInput) {
  requireHandler(ctx);
  return createOnce(ctx, DECIDE, { ...input, incidentId }, (c, id) =>
    storeDecision(c, incidentId, input, id),
  );
}

async function storeDecision(
  ctx: AuthedContext,
  incidentId: string,
  input: DecisionInput,
  id: string,
): Promise<PlanCreation> {
  const plan = await planOf(ctx, incidentId);
  if (plan.revision !== input.revision) throw stale('plan', plan.revision);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      'UPDATE mitigation_plans SET decision = $2, decided_by = $3, decided_at = $4, revision = revision + 1, updated_at = $4 WHERE id = $1',
      [plan.id, input.decision, ctx.principal.userId, now],
    );
    await tx.query(
      'INSERT INTO plan_decisions (id, plan_id, decision, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, plan.id, input.decision, input.reason, ctx.principal.userId, now],
    );
    await appendEvent(tx, {
      type: 'mitigation_plan.decided',
      subjectType: 'incident',
      subjectId: incidentId,
      payload: { planId: plan.id, decision: input.decision, reason: input.reason },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { ...(await getPlan(ctx, incidentId)), created: true };
}

/** Worker: flags each plan whose review is overdue, once per missed review. */
export async function flagOverdueReviews(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const due = await tx.query<{ id: string; incident_id: string; next_review_due: Date }>(
      'SELECT id, incident_id, next_review_due FROM mitigation_plans WHERE next_review_due < $1 AND review_flagged_at IS NULL FOR UPDATE',
      [now],
    );
    for (const plan of due.rows) {
      await tx.query('UPDATE mitigation_plans SET review_flagged_at = $2 WHERE id = $1', [plan.id, now]);
      await appendEvent(tx, {
        type: 'mitigation_plan.review_overdue',
        subjectType: 'incident',
        subjectId: plan.incident_id,
        payload: { planId: plan.id, due: plan.next_review_due.toISOString() },
        actor: null,
        at: now,
      });
    }
    return due.rows.length;
  });
}
