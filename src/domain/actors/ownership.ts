export interface OwnershipShare {
  ownerId: string;
  percent: number;
}

/** Checks a new ownership share against those already recorded for the same owned organisation. */
export function checkOwnershipShare(
  ownedId: string,
  existing: readonly OwnershipShare[],
  share: OwnershipShare,
): string | null {
  if (share.ownerId === ownedId) return 'an organisation cannot own itself';
  if (!(share.percent > 0 && share.percent <= 100)) return 'the percentage must be above 0 and at most 100';
  if (existing.some((e) => e.ownerId === share.ownerId))
    return 'this owner already has a share; change that one';
  const total = existing.reduce((sum, e) => sum + e.percent, 0) + share.percent;
  // Shares are stored with two decimals; a hundredth of a percent of slack absorbs rounding.
  if (total > 100.005) {
    return `shares would add up to ${Math.round(total * 100) / 100}%, more than 100%`;
  }
  return null;
}
