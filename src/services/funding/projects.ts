import { v7 as uuidv7 } from 'uuid';
import { type DisbursementRefusal, disbursementRefusal } from '../../domain/funding/disbursements.ts';
import { indicatorOutcome } from '../../domain/funding/outcomes.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  addressedRecords,
  findDisbursement,
  findProject,
  indicatorObservations,
  insertDisbursement,
  insertMilestones,
  insertProject,
  listDisbursements,
  listMilestones,
  lockProject,
  markMilestoneMet,
  organisationRoles,
  type ProjectRow,
  sitesOperatedBy,
} from '../../storage/queries/funding.ts';
import { findSiteCode } from '../../storage/queries/monitoring.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, type FieldError, invalid, notFound, type ProblemCode } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { loadFund, requireManager } from './fund-access.ts';
import { projectSummary } from './funds.ts';
import type { DisbursementView, ProjectView } from './views.ts';

export interface ProjectInput {
  id?: string;
  title: string;
  description?: string;
  siteId?: string | null;
  cooperativeId?: string | null;
  budgetMinor: number;
  startsOn: string;
  indicators: string[];
  incidentIds: string[];
  correctiveActionIds: string[];
  milestones: { title: string; amountMinor: number; dueOn: string }[];
}

const CREATE_PROJECT: CreateOperation<{ project: ProjectView; created: boolean }> = {
  name: 'fund.project',
  exists: rowIn('fund_projects'),
};

/** Opens an improvement project at a site or a cooperative, with its budget cut into milestones. */
export async function createProject(ctx: AuthedContext, fundId: string, input: ProjectInput) {
  return createOnce(ctx, CREATE_PROJECT, { ...input, fundId }, async (c, id) => {
    const { access } = await loadFund(c, c.db, fundId, true);
    requireManager(access);
    const problems: FieldError[] = [];
    if (!input.siteId && !input.cooperativeId)
      problems.push({
        path: 'siteId',
        message: 'name a site or a cooperative',
        code: 'funding.project-place',
      });
    if (input.siteId && !(await findSiteCode(c.db, input.siteId)))
      problems.push({ path: 'siteId', message: 'no such site', code: 'funding.no-such-site' });
    if (input.cooperativeId && !(await organisationRoles(c.db, input.cooperativeId))?.includes('cooperative'))
      problems.push({
        path: 'cooperativeId',
        message: 'not a cooperative',
        code: 'funding.not-a-cooperative',
      });
    const named = await addressedRecords(c.db, input.incidentIds, input.correctiveActionIds);
    if (named.incidents.length !== new Set(input.incidentIds).size)
      problems.push({
        path: 'incidentIds',
        message: 'names an unknown incident',
        code: 'funding.no-such-incident',
      });
    if (named.actions.length !== new Set(input.correctiveActionIds).size)
      problems.push({
        path: 'correctiveActionIds',
        message: 'names an unknown corrective action',
        code: 'funding.no-such-action',
      });
    const total = input.milestones.reduce((s, m) => s + m.amountMinor, 0);
    if (total > input.budgetMinor)
      problems.push({
        path: 'milestones',
        message: 'the milestones add up to more than the budget',
        code: 'funding.milestones-over-budget',
        params: { budgetMinor: input.budgetMinor, totalMinor: total },
      });
    if (problems.length) throw invalid(problems);
    const now = c.clock();
    await insertProject(c.db, {
      id,
      fundId,
      title: input.title,
      description: input.description ?? '',
      siteId: input.siteId ?? null,
      cooperativeId: input.cooperativeId ?? null,
      budgetMinor: input.budgetMinor,
      startsOn: input.startsOn,
      indicators: [...new Set(input.indicators)],
      incidentIds: [...new Set(input.incidentIds)],
      correctiveActionIds: [...new Set(input.correctiveActionIds)],
      by: c.principal.userId,
      at: now,
    });
    await insertMilestones(
      c.db,
      id,
      input.milestones.map((m) => ({ ...m, id: uuidv7() })),
    );
    await appendEvent(c.db, {
      type: 'fund.project_opened',
      subjectType: 'fund_project',
      subjectId: id,
      payload: { fundId, ...input, id: undefined },
      actor: actorOf(c.principal),
      at: now,
    });
    return { project: await getProject(c, id), created: true };
  });
}

/** The project and its fund, as the caller may see them. */
async function loadProject(ctx: AuthedContext, q: Queryable, id: string, lock = false) {
  if (lock) await lockProject(q, id);
  const project = await findProject(q, id);
  if (!project) throw notFound('fund project');
  try {
    return { project, ...(await loadFund(ctx, q, project.fund_id)) };
  } catch {
    throw notFound('fund project');
  }
}

/** Each of a project's indicators before and after its start, judged at `until`, with the series for a chart. */
export async function projectOutcomes(q: Queryable, p: ProjectRow, until: Date) {
  const sites = p.site_id ? [p.site_id] : await sitesOperatedBy(q, p.cooperative_id!);
  const rows = await indicatorObservations(q, sites, p.indicators);
  const start = new Date(`${p.starts_on}T00:00:00Z`);
  return p.indicators.map((indicator) => {
    const obs = rows
      .filter((r) => r.indicator === indicator)
      .map((r) => ({ at: r.observed_at, value: r.value }));
    return {
      ...indicatorOutcome(indicator, obs, start, until),
      points: obs.map((o) => ({ at: o.at.toISOString(), value: o.value })),
    };
  });
}

/** A project with its milestones, disbursements, what it addresses and its indicators before and after. */
export async function getProject(ctx: AuthedContext, id: string): Promise<ProjectView> {
  const { project: p, fund } = await loadProject(ctx, ctx.db, id);
  const now = ctx.clock();
  const named = await addressedRecords(ctx.db, p.incident_ids, p.corrective_action_ids);
  return {
    ...projectSummary(p),
    fundId: p.fund_id,
    currency: fund.currency,
    description: p.description,
    indicators: p.indicators,
    incidents: named.incidents.map((i) => ({
      id: i.id,
      code: i.code,
      title: i.title,
      level: i.level,
      state: i.state,
    })),
    correctiveActions: named.actions.map((a) => ({
      id: a.id,
      requirementCode: a.requirement_code,
      textEn: a.requirement_text_en,
      textFr: a.requirement_text_fr,
      status: a.status,
      deadline: a.deadline,
    })),
    milestones: (await listMilestones(ctx.db, id)).map((m) => ({
      id: m.id,
      position: m.position,
      title: m.title,
      amountMinor: m.amount_minor,
      dueOn: m.due_on,
      metAt: m.met_at?.toISOString() ?? null,
      metNote: m.met_note,
      disbursedMinor: m.disbursed_minor,
    })),
    disbursements: (await listDisbursements(ctx.db, id)).map(disbursementOf),
    outcomes: await projectOutcomes(ctx.db, p, now),
    judgedAt: now.toISOString(),
  };
}

const disbursementOf = (d: {
  id: string;
  milestone_id: string;
  amount_minor: number;
  disbursed_at: Date;
  reference: string;
  created_at: Date;
}): DisbursementView => ({
  id: d.id,
  milestoneId: d.milestone_id,
  amountMinor: d.amount_minor,
  disbursedAt: d.disbursed_at.toISOString(),
  reference: d.reference,
  createdAt: d.created_at.toISOString(),
});

/** Records that a milestone was met (when it was observed to be), with a note of the evidence. */
export async function meetMilestone(
  ctx: AuthedContext,
  projectId: string,
  milestoneId: string,
  input: { metAt: string; note: string },
): Promise<ProjectView> {
  await ctx.db.transaction(async (tx) => {
    const { access } = await loadProject(ctx, tx, projectId, true);
    requireManager(access);
    const m = (await listMilestones(tx, projectId)).find((x) => x.id === milestoneId);
    if (!m) throw notFound('milestone');
    if (m.met_at)
      throw conflict('this milestone was already met', [], { code: 'funding.milestone-already-met' });
    const now = ctx.clock();
    const metAt = new Date(input.metAt);
    if (metAt.getTime() > now.getTime())
      throw invalid([{ path: 'metAt', message: 'is in the future', code: 'funding.date-in-future' }]);
    await markMilestoneMet(tx, {
      id: milestoneId,
      metAt,
      note: input.note,
      by: ctx.principal.userId,
      at: now,
    });
    await appendEvent(tx, {
      type: 'fund.milestone_met',
      subjectType: 'fund_project',
      subjectId: projectId,
      payload: { milestoneId, metAt: metAt.toISOString(), note: input.note },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getProject(ctx, projectId);
}

const REFUSALS = {
  'milestone-not-met': {
    code: 'funding.milestone-not-met',
    message: 'this milestone is not met yet; nothing is disbursed before it is',
    path: 'milestoneId',
  },
  'disbursed-before-met': {
    code: 'funding.disbursed-before-met',
    message: 'this disbursement is dated before the milestone was met',
    path: 'disbursedAt',
  },
  'exceeds-milestone': {
    code: 'funding.exceeds-milestone',
    message: 'this is more than the milestone leaves',
    path: 'amountMinor',
  },
  'exceeds-allocation': {
    code: 'funding.exceeds-allocation',
    message: 'this is more than the committee allocated to the project leaves',
    path: 'amountMinor',
  },
} as const satisfies Record<
  DisbursementRefusal['code'],
  { code: ProblemCode; message: string; path: string }
>;

const DISBURSE: CreateOperation<{ disbursement: DisbursementView; created: boolean }> = {
  name: 'fund.disburse',
  exists: rowIn('fund_disbursements'),
};

/**
 * Pays out against a milestone: refused (409) while it is not met, dated before it was met, or beyond what the
 * milestone or the committee's allocations leave.
 */
export async function disburse(
  ctx: AuthedContext,
  projectId: string,
  input: { id?: string; milestoneId: string; amountMinor: number; disbursedAt: string; reference?: string },
) {
  return createOnce(ctx, DISBURSE, { ...input, projectId }, async (c, id) => {
    const { project, access } = await loadProject(c, c.db, projectId, true);
    requireManager(access);
    const m = (await listMilestones(c.db, projectId)).find((x) => x.id === input.milestoneId);
    if (!m)
      throw invalid([
        {
          path: 'milestoneId',
          message: 'not a milestone of this project',
          code: 'funding.no-such-milestone',
        },
      ]);
    const now = c.clock();
    const at = new Date(input.disbursedAt);
    if (at.getTime() > now.getTime())
      throw invalid([{ path: 'disbursedAt', message: 'is in the future', code: 'funding.date-in-future' }]);
    const refusal = disbursementRefusal(
      { id: m.id, amountMinor: m.amount_minor, metAt: m.met_at, disbursedMinor: m.disbursed_minor },
      input.amountMinor,
      at,
      { allocatedMinor: project.allocated_minor, disbursedMinor: project.disbursed_minor },
    );
    if (refusal) {
      const { code: why, ...params } = refusal;
      const { code, message, path } = REFUSALS[why];
      throw conflict(message, [{ path, message, code, params }], { code, params });
    }
    await insertDisbursement(c.db, {
      id,
      projectId,
      milestoneId: m.id,
      amountMinor: input.amountMinor,
      disbursedAt: at,
      reference: input.reference ?? '',
      by: c.principal.userId,
      at: now,
    });
    await appendEvent(c.db, {
      type: 'fund.disbursed',
      subjectType: 'fund_project',
      subjectId: projectId,
      payload: {
        disbursementId: id,
        milestoneId: m.id,
        amountMinor: input.amountMinor,
        disbursedAt: at.toISOString(),
      },
      actor: actorOf(c.principal),
      at: now,
    });
    return { disbursement: disbursementOf((await findDisbursement(c.db, id))!), created: true };
  });
}
