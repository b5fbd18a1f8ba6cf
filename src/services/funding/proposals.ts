import { proposalState } from '../../domain/funding/disbursements.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  decideProposal,
  findProject,
  findProposal,
  insertProposal,
  insertVote,
} from '../../storage/queries/funding.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { loadFund, requireManager } from './fund-access.ts';
import { proposalOf } from './funds.ts';
import type { ProposalView } from './views.ts';

const PROPOSE: CreateOperation<{ proposal: ProposalView; created: boolean }> = {
  name: 'fund.propose',
  exists: rowIn('fund_proposals'),
};

/** Puts an allocation of the fund's money to one of its projects before the committee, under the current quorum. */
export async function proposeAllocation(
  ctx: AuthedContext,
  fundId: string,
  input: { id?: string; projectId: string; amountMinor: number; rationale?: string },
) {
  return createOnce(ctx, PROPOSE, { ...input, fundId }, async (c, id) => {
    const { fund, access } = await loadFund(c, c.db, fundId, true);
    requireManager(access);
    const project = await findProject(c.db, input.projectId);
    if (!project || project.fund_id !== fundId)
      throw invalid([
        { path: 'projectId', message: 'not a project of this fund', code: 'funding.no-such-project' },
      ]);
    if (project.allocated_minor + input.amountMinor > project.budget_minor)
      throw invalid([
        {
          path: 'amountMinor',
          message: 'more than the budget leaves unallocated',
          code: 'funding.allocation-over-budget',
          params: { remainingMinor: project.budget_minor - project.allocated_minor },
        },
      ]);
    const now = c.clock();
    await insertProposal(c.db, {
      id,
      fundId,
      projectId: input.projectId,
      amountMinor: input.amountMinor,
      rationale: input.rationale ?? '',
      quorum: fund.quorum,
      by: c.principal.userId,
      at: now,
    });
    await appendEvent(c.db, {
      type: 'fund.allocation_proposed',
      subjectType: 'fund_proposal',
      subjectId: id,
      payload: { fundId, projectId: input.projectId, amountMinor: input.amountMinor, quorum: fund.quorum },
      actor: actorOf(c.principal),
      at: now,
    });
    return { proposal: proposalOf((await findProposal(c.db, id))!), created: true };
  });
}

/**
 * A committee member's vote on an open proposal, one per member organisation; the proposal is adopted when the
 * approvals reach its quorum and lost when they no longer can. Each vote and the outcome are on the record.
 */
export async function voteOnProposal(
  ctx: AuthedContext,
  proposalId: string,
  input: { vote: 'approve' | 'reject' },
): Promise<ProposalView> {
  await ctx.db.transaction(async (tx) => {
    const proposal = await findProposal(tx, proposalId, true);
    if (!proposal) throw notFound('proposal');
    const { members } = await loadFund(ctx, tx, proposal.fund_id).catch(() => {
      throw notFound('proposal');
    });
    const committee = members.filter((m) => m.committee);
    if (
      !committee.some((m) => m.organisation_id === ctx.principal.organisationId) ||
      ctx.principal.role === 'auditor'
    )
      throw forbidden("only the fund committee's members vote on allocations", {
        code: 'funding.committee-only',
      });
    if (proposal.state !== 'open')
      throw conflict('this proposal is already decided', [], {
        code: 'funding.proposal-decided',
        params: { state: proposal.state },
      });
    const now = ctx.clock();
    const cast = await insertVote(tx, {
      proposalId,
      organisationId: ctx.principal.organisationId,
      vote: input.vote,
      by: ctx.principal.userId,
      at: now,
    });
    if (!cast) throw conflict('your organisation has already voted', [], { code: 'funding.already-voted' });
    const state = proposalState([...proposal.votes, { vote: input.vote }], proposal.quorum, committee.length);
    await appendEvent(tx, {
      type: 'fund.vote_cast',
      subjectType: 'fund_proposal',
      subjectId: proposalId,
      payload: { vote: input.vote, organisationId: ctx.principal.organisationId },
      actor: actorOf(ctx.principal),
      at: now,
    });
    if (state !== 'open') {
      await decideProposal(tx, proposalId, state, now);
      await appendEvent(tx, {
        type: state === 'approved' ? 'fund.allocation_approved' : 'fund.allocation_rejected',
        subjectType: 'fund_proposal',
        subjectId: proposalId,
        payload: {
          projectId: proposal.project_id,
          amountMinor: proposal.amount_minor,
          quorum: proposal.quorum,
        },
        actor: actorOf(ctx.principal),
        at: now,
      });
    }
  });
  return proposalOf((await findProposal(ctx.db, proposalId))!);
}
