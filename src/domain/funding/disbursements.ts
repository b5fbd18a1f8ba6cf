/** When the fund may pay out against a project's milestone (decision 0038). */

export interface MilestoneState {
  id: string;
  amountMinor: number;
  /** When the milestone was met (observed), null while it is not. */
  metAt: Date | null;
  disbursedMinor: number;
}

export type DisbursementRefusal =
  | { code: 'milestone-not-met' }
  | { code: 'disbursed-before-met'; metAt: string }
  | { code: 'exceeds-milestone'; remainingMinor: number }
  | { code: 'exceeds-allocation'; remainingMinor: number };

/**
 * Why a disbursement of `amountMinor` at `at` against a milestone is refused, or null when it may be made:
 * the milestone must have been met by then, and neither the milestone's amount nor what the committee allocated
 * to the project (less what was already disbursed) may be exceeded.
 */
export function disbursementRefusal(
  m: MilestoneState,
  amountMinor: number,
  at: Date,
  project: { allocatedMinor: number; disbursedMinor: number },
): DisbursementRefusal | null {
  if (m.metAt === null) return { code: 'milestone-not-met' };
  if (at.getTime() < m.metAt.getTime()) return { code: 'disbursed-before-met', metAt: m.metAt.toISOString() };
  const milestoneLeft = m.amountMinor - m.disbursedMinor;
  if (amountMinor > milestoneLeft) return { code: 'exceeds-milestone', remainingMinor: milestoneLeft };
  const allocationLeft = project.allocatedMinor - project.disbursedMinor;
  if (amountMinor > allocationLeft) return { code: 'exceeds-allocation', remainingMinor: allocationLeft };
  return null;
}

/** An allocation proposal's state once a committee member has voted: adopted at the quorum, lost when it no longer can be. */
export function proposalState(
  votes: { vote: 'approve' | 'reject' }[],
  quorum: number,
  committeeSize: number,
): 'open' | 'approved' | 'rejected' {
  const approvals = votes.filter((v) => v.vote === 'approve').length;
  const rejections = votes.length - approvals;
  if (approvals >= quorum) return 'approved';
  if (committeeSize - rejections < quorum) return 'rejected';
  return 'open';
}
