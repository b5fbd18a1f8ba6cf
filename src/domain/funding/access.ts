import type { Principal } from '../access/roles.ts';

/**
 * What a caller may do with a fund (decision 0038): its operator's administrators and analysts run it; the
 * operator's other staff and the regulator read all of it; a member reads every project and its own receipts,
 * and votes when on the committee; anyone else does not know the fund exists.
 */
export type FundAccess = 'manager' | 'reader' | 'member' | 'none';

/** The caller's access to a fund run by `operatorId` with these member organisations. */
export function fundAccess(p: Principal, operatorId: string, memberIds: readonly string[]): FundAccess {
  if (p.organisationId === operatorId)
    return p.role === 'admin' || p.role === 'analyst' ? 'manager' : 'reader';
  if (p.role === 'regulator') return 'reader';
  if (p.role !== 'auditor' && memberIds.includes(p.organisationId)) return 'member';
  return 'none';
}

/** Whether the caller may create a fund: an administrator or analyst, for its own organisation. */
export function canCreateFund(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'analyst';
}
