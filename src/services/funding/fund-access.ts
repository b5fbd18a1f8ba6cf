import { type FundAccess, fundAccess } from '../../domain/funding/access.ts';
import type { Queryable } from '../../storage/db.ts';
import { type FundRow, findFund, listMembers, type MemberRow } from '../../storage/queries/funding.ts';
import type { AuthedContext } from '../context.ts';
import { forbidden, notFound } from '../errors.ts';

/** A fund as the caller may see it, with its members; not found for those who may not know it. */
export async function loadFund(
  ctx: AuthedContext,
  q: Queryable,
  id: string,
  lock = false,
): Promise<{ fund: FundRow; members: MemberRow[]; access: Exclude<FundAccess, 'none'> }> {
  const fund = await findFund(q, id, lock);
  if (!fund) throw notFound('fund');
  const members = await listMembers(q, id);
  const access = fundAccess(
    ctx.principal,
    fund.operator_organisation_id,
    members.map((m) => m.organisation_id),
  );
  if (access === 'none') throw notFound('fund');
  return { fund, members, access };
}

/** Refuses a write to anyone but the fund's managers. */
export function requireManager(access: FundAccess) {
  if (access !== 'manager')
    throw forbidden("only the fund operator's administrators and analysts keep the fund's records", {
      code: 'funding.manager-only',
    });
}
