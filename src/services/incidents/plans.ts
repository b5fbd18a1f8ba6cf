import { v7 as uuidv7 } from 'uuid';
import { canHandleIncidents } from '../../domain/access/roles.ts';
import { type Decision, reviewDue } from '../../domain/incidents/lifecycle.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  findPlan,
  flagDueReviews,
  insertPlan,
  insertPlanReview,
  type PlanAction,
  type PlanIndicator,
  type PlanRow,
  planDecisionExists,
  planExists,
  planHistory,
  planReviewExists,
  recordPlanDecision,
} from '../../storage/queries/incidents.ts';
import { findOrganisationRoles } from '../../storage/queries/sites.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { conflict, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce } from '../idempotency.ts';
import { visibleIncident } from './incidents.ts';
import type { PlanView } from './views.ts';

export type { PlanAction, PlanIndicator } from '../../storage/queries/incidents.ts';

const PLANNABLE = ['verified', 'escalated', 'in_mitigation'];

async function view(ctx: ServiceContext, row: PlanRow): Promise<PlanView> {
  const { reviews, decisions } = await planHistory(ctx.db, row.id);
  return {
    id: row.id,
    incidentId: row.incident_id,
    ownerOrganisationId: row.owner_organisation_id,
    indicators: row.indicators,
    actions: row.actions.map((a) => ({ ...a, owner: a.owner ?? null })),
    decision: row.decision,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at.toISOString(),
    nextReviewDue: row.next_review_due.toISOString(),
    reviewOverdue: ctx.clock().getTime() > row.next_review_due.getTime(),
    reviews: reviews.map((r) => ({
      id: r.id,
      notes: r.notes,
      progress: r.progress,
      reviewedBy: r.reviewed_by,
      reviewedAt: r.reviewed_at.toISOString(),
    })),
    decisions: decisions.map((d) => ({
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
  const row = await findPlan(ctx.db, incidentId);
  if (!row) throw notFound('mitigation plan');
  return row;
}

export async function getPlan(ctx: AuthedContext, incidentId: string): Promise<PlanView> {
  return view(ctx, await planOf(ctx, incidentId));
}

function requireHandler(ctx: AuthedContext) {
  if (!canHandleIncidents(ctx.principal))
    throw forbidden('only analysts and administrators write mitigation plans', {
      code: 'incidents.plan-role',
    });
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
  exists: planExists,
};
const REVIEW: CreateOperation<PlanCreation> = {
  name: 'mitigation_plan.review',
  exists: planReviewExists,
};
const DECIDE: CreateOperation<PlanCreation> = {
  name: 'mitigation_plan.decide',
  exists: planDecisionExists,
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
    throw conflict(
      `incident ${incident.code} is ${incident.state}; a plan is written once it is verified`,
      [],
      {
        code: 'incidents.plan-too-early',
        params: { incident: incident.code, state: incident.state },
      },
    );
  if (await findPlan(ctx.db, incidentId))
    throw conflict(`incident ${incident.code} already has a plan; review it or record a new decision`, [], {
      code: 'incidents.plan-exists',
      params: { incident: incident.code },
    });
  if (input.ownerOrganisationId && !(await findOrganisationRoles(ctx.db, [input.ownerOrganisationId])).length)
    throw invalid([
      {
        path: 'ownerOrganisationId',
        message: 'no such organisation',
        code: 'incidents.no-such-organisation',
      },
    ]);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertPlan(
      tx,
      {
        id,
        incident_id: incidentId,
        owner_organisation_id: input.ownerOrganisationId ?? null,
        indicators: input.indicators,
        actions: input.actions,
        decision: input.decision,
        decided_by: ctx.principal.userId,
        decided_at: now,
        next_review_due: reviewDue(now),
      },
      input.reason,
      uuidv7(),
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
    throw invalid(
      unknown.map((k) => ({
        path: `progress.${k}`,
        message: 'not an indicator of this plan',
        code: 'incidents.not-an-indicator',
      })),
    );
  const bad = (input.actionsDone ?? []).filter((i) => i < 0 || i >= plan.actions.length);
  if (bad.length)
    throw invalid(
      bad.map((i) => ({
        path: 'actionsDone',
        message: `no action number ${i}`,
        code: 'incidents.no-such-action',
        params: { action: i },
      })),
    );
  const now = ctx.clock();
  const actions = plan.actions.map((a, i) =>
    (input.actionsDone ?? []).includes(i) ? { ...a, done: true } : a,
  );
  await ctx.db.transaction(async (tx) => {
    await insertPlanReview(tx, plan.id, actions, reviewDue(now), {
      id,
      notes: input.notes,
      progress: input.progress,
      reviewed_by: ctx.principal.userId,
      reviewed_at: now,
    });
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
    await recordPlanDecision(tx, plan.id, {
      id,
      decision: input.decision,
      reason: input.reason,
      decided_by: ctx.principal.userId,
      decided_at: now,
    });
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
    const due = await flagDueReviews(tx, now);
    for (const plan of due) {
      await appendEvent(tx, {
        type: 'mitigation_plan.review_overdue',
        subjectType: 'incident',
        subjectId: plan.incident_id,
        payload: { planId: plan.id, due: plan.next_review_due.toISOString() },
        actor: null,
        at: now,
      });
    }
    return due.length;
  });
}
