import { canCreateFund } from '../../domain/funding/access.ts';
import { contributionSchedule } from '../../domain/funding/contributions.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  findReceipt,
  insertFund,
  insertMember,
  insertReceipt,
  listFundsPage,
  listProjects,
  listProposals,
  listReceipts,
  memberDependencies,
  organisationRoles,
  type ProjectRow,
  type ProposalRow,
  type ReceiptRow,
  updateFundFormula,
  upsertDeclaration,
} from '../../storage/queries/funding.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, forbidden, invalid, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { loadFund, requireManager } from './fund-access.ts';
import type {
  FundListItemView,
  FundView,
  ProjectSummaryView,
  ProposalView,
  ReceiptView,
  ScheduleView,
} from './views.ts';

export const projectSummary = (p: ProjectRow): ProjectSummaryView => ({
  id: p.id,
  title: p.title,
  site: p.site_id ? { id: p.site_id, code: p.site_code!, name: p.site_name! } : null,
  cooperative: p.cooperative_id ? { id: p.cooperative_id, name: p.cooperative_name! } : null,
  budgetMinor: p.budget_minor,
  allocatedMinor: p.allocated_minor,
  disbursedMinor: p.disbursed_minor,
  startsOn: p.starts_on,
});

export const proposalOf = (a: ProposalRow): ProposalView => ({
  id: a.id,
  projectId: a.project_id,
  projectTitle: a.project_title,
  amountMinor: a.amount_minor,
  rationale: a.rationale,
  state: a.state,
  quorum: a.quorum,
  proposedAt: a.proposed_at.toISOString(),
  decidedAt: a.decided_at?.toISOString() ?? null,
  votes: a.votes,
});

export const receiptOf = (r: ReceiptRow): ReceiptView => ({
  id: r.id,
  organisationId: r.organisation_id,
  name: r.legal_name,
  kind: r.kind,
  year: r.year,
  amountMinor: r.amount_minor,
  at: r.at.toISOString(),
  reference: r.reference,
  createdAt: r.created_at.toISOString(),
});

export interface FundInput {
  id?: string;
  name: string;
  currency: string;
  ratePerTonneMinor: number;
  floorMinor: number;
  quorum: number;
}

const CREATE_FUND: CreateOperation<{ fund: FundView; created: boolean }> = {
  name: 'fund.create',
  exists: rowIn('funds'),
};

/** Opens a pooled fund run by the caller's organisation, with its contribution formula and committee quorum. */
export async function createFund(ctx: AuthedContext, input: FundInput) {
  if (!canCreateFund(ctx.principal))
    throw forbidden('only administrators and analysts open a fund', { code: 'funding.manager-only' });
  return createOnce(ctx, CREATE_FUND, input, async (c, id) => {
    const now = c.clock();
    await insertFund(c.db, {
      id,
      name: input.name,
      operatorId: c.principal.organisationId,
      currency: input.currency,
      ratePerTonneMinor: input.ratePerTonneMinor,
      floorMinor: input.floorMinor,
      quorum: input.quorum,
      by: c.principal.userId,
      at: now,
    });
    await appendEvent(c.db, {
      type: 'fund.created',
      subjectType: 'fund',
      subjectId: id,
      payload: {
        name: input.name,
        currency: input.currency,
        ratePerTonneMinor: input.ratePerTonneMinor,
        floorMinor: input.floorMinor,
        quorum: input.quorum,
      },
      actor: actorOf(c.principal),
      at: now,
    });
    return { fund: await getFund(c, id), created: true };
  });
}

/** A fund with its members, projects and allocation proposals. */
export async function getFund(ctx: AuthedContext, id: string): Promise<FundView> {
  const { fund, members, access } = await loadFund(ctx, ctx.db, id);
  const [projects, proposals] = [await listProjects(ctx.db, id), await listProposals(ctx.db, id)];
  return {
    id: fund.id,
    name: fund.name,
    operator: { id: fund.operator_organisation_id, name: fund.operator_name },
    currency: fund.currency,
    ratePerTonneMinor: fund.rate_per_tonne_minor,
    floorMinor: fund.floor_minor,
    quorum: fund.quorum,
    version: fund.version,
    createdAt: fund.created_at.toISOString(),
    access,
    members: members.map((m) => ({
      organisationId: m.organisation_id,
      name: m.legal_name,
      committee: m.committee,
      joinedAt: m.joined_at.toISOString(),
    })),
    projects: projects.map(projectSummary),
    proposals: proposals.map(proposalOf),
  };
}

/** The funds the caller runs, belongs to, or (regulator) every fund, oldest first. */
export async function listFunds(
  ctx: AuthedContext,
  f: { limit: number; cursor?: string },
): Promise<Page<FundListItemView>> {
  const after = cursorKey(f.cursor, ['instant', 'uuid']) as [string, string] | undefined;
  const rows = await listFundsPage(
    ctx.db,
    { all: ctx.principal.role === 'regulator', organisationId: ctx.principal.organisationId },
    after,
    f.limit + 1,
  );
  return toPage(
    rows,
    f.limit,
    (r) => [r.created_key, r.id],
    (r) => ({
      id: r.id,
      name: r.name,
      operator: { id: r.operator_organisation_id, name: r.operator_name },
      currency: r.currency,
      createdAt: r.created_at.toISOString(),
    }),
  );
}

/** Changes the contribution formula and the quorum, on the version read; later schedules use the new one. */
export async function configureFund(
  ctx: AuthedContext,
  id: string,
  input: { ratePerTonneMinor: number; floorMinor: number; quorum: number; version: number },
): Promise<FundView> {
  await ctx.db.transaction(async (tx) => {
    const { fund, members, access } = await loadFund(ctx, tx, id, true);
    requireManager(access);
    if (fund.version !== input.version) throw stale('fund', fund.version);
    const committee = members.filter((m) => m.committee).length;
    if (input.quorum > Math.max(committee, 1))
      throw invalid([
        {
          path: 'quorum',
          message: `the committee has ${committee} members`,
          code: 'funding.quorum-above-committee',
          params: { committee },
        },
      ]);
    await updateFundFormula(tx, id, input);
    await appendEvent(tx, {
      type: 'fund.configured',
      subjectType: 'fund',
      subjectId: id,
      payload: {
        ratePerTonneMinor: input.ratePerTonneMinor,
        floorMinor: input.floorMinor,
        quorum: input.quorum,
      },
      actor: actorOf(ctx.principal),
      at: ctx.clock(),
    });
  });
  return getFund(ctx, id);
}

/** Admits an organisation to the fund, on its committee or not. */
export async function addMember(
  ctx: AuthedContext,
  id: string,
  input: { organisationId: string; committee: boolean },
): Promise<FundView> {
  await ctx.db.transaction(async (tx) => {
    const { access } = await loadFund(ctx, tx, id, true);
    requireManager(access);
    if (!(await organisationRoles(tx, input.organisationId)))
      throw invalid([
        { path: 'organisationId', message: 'no such organisation', code: 'funding.no-such-organisation' },
      ]);
    const now = ctx.clock();
    const added = await insertMember(tx, { fundId: id, ...input, at: now, by: ctx.principal.userId });
    if (!added)
      throw conflict('this organisation is already a member', [], { code: 'funding.already-member' });
    await appendEvent(tx, {
      type: 'fund.member_added',
      subjectType: 'fund',
      subjectId: id,
      payload: input,
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getFund(ctx, id);
}

const memberOf = (members: { organisation_id: string }[], organisationId: string) => {
  if (!members.some((m) => m.organisation_id === organisationId))
    throw invalid([
      { path: 'organisationId', message: 'not a member of this fund', code: 'funding.not-a-member' },
    ]);
};

/** Records a member's declared contained cobalt for a year (used when custody holds none of its lots that year). */
export async function declareDependency(
  ctx: AuthedContext,
  id: string,
  input: { organisationId: string; year: number; cobaltKg: number },
): Promise<ScheduleView> {
  await ctx.db.transaction(async (tx) => {
    const { members, access } = await loadFund(ctx, tx, id, true);
    requireManager(access);
    memberOf(members, input.organisationId);
    const now = ctx.clock();
    await upsertDeclaration(tx, { fundId: id, ...input, by: ctx.principal.userId, at: now });
    await appendEvent(tx, {
      type: 'fund.dependency_declared',
      subjectType: 'fund',
      subjectId: id,
      payload: input,
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return contributionScheduleOf(ctx, id, input.year);
}

/** A year's contribution schedule: every member's line for those who run or oversee the fund, a member's own line. */
export async function contributionScheduleOf(
  ctx: AuthedContext,
  id: string,
  year: number,
): Promise<ScheduleView> {
  const { fund, members, access } = await loadFund(ctx, ctx.db, id);
  const deps = await memberDependencies(ctx.db, id, year);
  const receipts = await listReceipts(ctx.db, id, { year });
  const lines = contributionSchedule(
    { ratePerTonneMinor: fund.rate_per_tonne_minor, floorMinor: fund.floor_minor },
    deps.map((d) => ({
      organisationId: d.organisation_id,
      custodyMassGrade: d.custody_mass_grade,
      declaredKg: d.declared_kg,
    })),
    receipts.map((r) => ({ organisationId: r.organisation_id, kind: r.kind, amountMinor: r.amount_minor })),
  );
  const name = new Map(members.map((m) => [m.organisation_id, m.legal_name]));
  return {
    fundId: id,
    year,
    currency: fund.currency,
    ratePerTonneMinor: fund.rate_per_tonne_minor,
    floorMinor: fund.floor_minor,
    lines: lines
      .filter((l) => access !== 'member' || l.organisationId === ctx.principal.organisationId)
      .map((l) => ({ ...l, name: name.get(l.organisationId)! }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export interface ReceiptInput {
  id?: string;
  organisationId: string;
  kind: 'pledge' | 'payment';
  year: number;
  amountMinor: number;
  at: string;
  reference?: string;
}

const RECORD_RECEIPT: CreateOperation<{ receipt: ReceiptView; created: boolean }> = {
  name: 'fund.receipt',
  exists: rowIn('fund_receipts'),
};

/** Records a member's pledge or a payment the fund received, dated when it was pledged or received. */
export async function recordReceipt(ctx: AuthedContext, fundId: string, input: ReceiptInput) {
  return createOnce(ctx, RECORD_RECEIPT, { ...input, fundId }, async (c, id) => {
    const { members, access } = await loadFund(c, c.db, fundId, true);
    requireManager(access);
    memberOf(members, input.organisationId);
    const now = c.clock();
    const at = new Date(input.at);
    if (at.getTime() > now.getTime())
      throw invalid([{ path: 'at', message: 'is in the future', code: 'funding.date-in-future' }]);
    await insertReceipt(c.db, {
      id,
      fundId,
      ...input,
      at,
      reference: input.reference ?? '',
      by: c.principal.userId,
      now,
    });
    await appendEvent(c.db, {
      type: input.kind === 'pledge' ? 'fund.pledged' : 'fund.payment_received',
      subjectType: 'fund',
      subjectId: fundId,
      payload: {
        receiptId: id,
        organisationId: input.organisationId,
        year: input.year,
        amountMinor: input.amountMinor,
      },
      actor: actorOf(c.principal),
      at: now,
    });
    return { receipt: receiptOf((await findReceipt(c.db, id))!), created: true };
  });
}

/** A fund's pledges and payments: all of them for those who run or oversee it, a member's own for a member. */
export async function listFundReceipts(
  ctx: AuthedContext,
  fundId: string,
  f: { organisationId?: string; year?: number },
): Promise<{ items: ReceiptView[] }> {
  const { access } = await loadFund(ctx, ctx.db, fundId);
  if (access === 'member' && f.organisationId && f.organisationId !== ctx.principal.organisationId)
    throw forbidden("a member sees its own payments, not another member's", {
      code: 'funding.own-payments-only',
    });
  const organisationId = access === 'member' ? ctx.principal.organisationId : f.organisationId;
  return { items: (await listReceipts(ctx.db, fundId, { organisationId, year: f.year })).map(receiptOf) };
}
