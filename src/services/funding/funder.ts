import { divideHalfUp, safeNumber } from '../../domain/funding/money.ts';
import { listProjects, listReceipts } from '../../storage/queries/funding.ts';
import type { AuthedContext } from '../context.ts';
import { forbidden, invalid } from '../errors.ts';
import { loadFund } from './fund-access.ts';
import { projectSummary, receiptOf } from './funds.ts';
import { projectOutcomes } from './projects.ts';
import type { FunderView } from './views.ts';

/**
 * A funder's page: what the member paid, where it went — its share (by its share of everything paid in) of what
 * each project received — and each project's indicators before and after. A member reads its own; those who run or
 * oversee the fund read any member's.
 */
export async function funderPage(
  ctx: AuthedContext,
  fundId: string,
  organisationId: string,
): Promise<FunderView> {
  const { fund, members, access } = await loadFund(ctx, ctx.db, fundId);
  if (access === 'member' && organisationId !== ctx.principal.organisationId)
    throw forbidden("a member sees its own payments, not another member's", {
      code: 'funding.own-payments-only',
    });
  const member = members.find((m) => m.organisation_id === organisationId);
  if (!member)
    throw invalid([
      { path: 'organisationId', message: 'not a member of this fund', code: 'funding.not-a-member' },
    ]);
  const payments = (await listReceipts(ctx.db, fundId, {})).filter((r) => r.kind === 'payment');
  const paid = payments
    .filter((r) => r.organisation_id === organisationId)
    .reduce((s, r) => s + BigInt(r.amount_minor), 0n);
  const all = payments.reduce((s, r) => s + BigInt(r.amount_minor), 0n);
  const now = ctx.clock();
  const projects = await listProjects(ctx.db, fundId);
  return {
    fundId,
    currency: fund.currency,
    member: { id: organisationId, name: member.legal_name },
    paidMinor: safeNumber(paid),
    fundPaidMinor: safeNumber(all),
    payments: payments.filter((r) => r.organisation_id === organisationId).map(receiptOf),
    projects: await Promise.all(
      projects.map(async (p) => ({
        ...projectSummary(p),
        attributedMinor: all === 0n ? 0 : safeNumber(divideHalfUp(BigInt(p.disbursed_minor) * paid, all)),
        outcomes: await projectOutcomes(ctx.db, p, now),
      })),
    ),
  };
}
