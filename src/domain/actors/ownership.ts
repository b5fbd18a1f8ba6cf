export interface OwnershipShare {
  ownerId: string;
  percent: number;
}

/** Why a share is refused: in English words, and as a stable code with the values its sentence names. */
export interface ShareProblem {
  message: string;
  code: `actors.${string}`;
  params?: Record<string, string | number>;
}

/** Checks a new ownership share against those already recorded for the same owned organisation. */
export function checkOwnershipShare(
  ownedId: string,
  existing: readonly OwnershipShare[],
  share: OwnershipShare,
): ShareProblem | null {
  if (share.ownerId === ownedId)
    return { message: 'an organisation cannot own itself', code: 'actors.owns-itself' };
  if (!(share.percent > 0 && share.percent <= 100))
    return { message: 'the percentage must be above 0 and at most 100', code: 'actors.share-range' };
  if (existing.some((e) => e.ownerId === share.ownerId))
    return { message: 'this owner already has a share; change that one', code: 'actors.owner-has-share' };
  const total = existing.reduce((sum, e) => sum + e.percent, 0) + share.percent;
  // Shares are stored with two decimals; a hundredth of a percent of slack absorbs rounding.
  if (total > 100.005) {
    const rounded = Math.round(total * 100) / 100;
    return {
      message: `shares would add up to ${rounded}%, more than 100%`,
      code: 'actors.shares-over-100',
      params: { total: rounded },
    };
  }
  return null;
}
