/** The kinds of record an analyst may merge, each into another of its kind. */
export const MERGE_RECORD_TYPES = ['organisation', 'person', 'site'] as const;
export type MergeRecordType = (typeof MERGE_RECORD_TYPES)[number];

/** What a merge is judged by, of each of the two records. */
export interface MergeSide {
  id: string;
  mergedInto: string | null;
  /** An organisation's chain roles. */
  chainRoles?: readonly string[];
  /** A person's organisation. */
  organisationId?: string;
  /** An organisation's user accounts. */
  members?: number;
}

/** Why a merge makes no sense, as the problem code's last part. */
export type MergeRefusal =
  | 'merge-self'
  | 'merge-merged'
  | 'merge-survivor-merged'
  | 'merge-other-kind'
  | 'merge-other-organisation'
  | 'merge-has-members'
  | 'merge-owned';

/**
 * Whether `merged` may be merged into `survivor`, or why not: a record into itself, a record already merged, into
 * a merged record, organisations with no chain role in common (a depot is not a cooperative), people of two
 * organisations (a person is a role in one), an organisation people sign in for (their accounts act for it), or
 * two organisations that own one another (the link would become the survivor owning itself).
 */
export function mergeRefusal(
  type: MergeRecordType,
  merged: MergeSide,
  survivor: MergeSide,
  ownedOneAnother = false,
): MergeRefusal | null {
  if (merged.id === survivor.id) return 'merge-self';
  if (merged.mergedInto) return 'merge-merged';
  if (survivor.mergedInto) return 'merge-survivor-merged';
  if (type === 'organisation') {
    const roles = new Set(survivor.chainRoles ?? []);
    if (!(merged.chainRoles ?? []).some((r) => roles.has(r))) return 'merge-other-kind';
    if ((merged.members ?? 0) > 0) return 'merge-has-members';
    if (ownedOneAnother) return 'merge-owned';
  }
  if (type === 'person' && merged.organisationId !== survivor.organisationId)
    return 'merge-other-organisation';
  return null;
}
