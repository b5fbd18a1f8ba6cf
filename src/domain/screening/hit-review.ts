import { createHash } from 'node:crypto';
import { documentKey, type ScreeningSubject } from './matching.ts';
import { nameTokens } from './names.ts';

/** Where a hit stands: waiting for review, confirmed, dismissed, no longer on the list, or closed by a merge. */
export const HIT_STATUSES = ['open', 'confirmed', 'dismissed', 'delisted', 'merged'] as const;
export type HitStatus = (typeof HIT_STATUSES)[number];

/** What a reviewer decides of an open hit. */
export const HIT_DECISIONS = ['confirmed', 'dismissed'] as const;
export type HitDecision = (typeof HIT_DECISIONS)[number];

/**
 * A digest of what a subject is screened by — its names as matched (case, accents and punctuation aside), its
 * identifiers and birth year — so that a dismissed pair is raised again only when one of them changes.
 */
export function subjectFingerprint(s: ScreeningSubject): string {
  const names = [...new Set(s.names.map((n) => nameTokens(n, s.kind).join(' ')))].sort();
  const documents = [...new Set(s.documents.map(documentKey))].sort();
  return createHash('sha256')
    .update(JSON.stringify([s.kind, names, documents, s.birthYear ?? null]))
    .digest('hex')
    .slice(0, 32);
}

/** What a screening that finds a pair again does to the hit already recorded for it. */
export type Finding = 'raise' | 'refresh' | 'reopen' | 'keep';

/**
 * A new pair is raised; an open one is refreshed when either side changed; a dismissed pair comes back only when
 * the subject's names or identifiers, or the list entry, changed since it was dismissed; a confirmed one stays
 * confirmed; a delisted one found again (listed anew) is opened again; one closed by a merge is kept as it is.
 */
export function onFound(
  existing: { status: HitStatus; subjectFingerprint: string; entryFingerprint: string } | undefined,
  found: { subjectFingerprint: string; entryFingerprint: string },
): Finding {
  if (!existing) return 'raise';
  const changed =
    existing.subjectFingerprint !== found.subjectFingerprint ||
    existing.entryFingerprint !== found.entryFingerprint;
  switch (existing.status) {
    case 'open':
      return changed ? 'refresh' : 'keep';
    case 'dismissed':
      return changed ? 'reopen' : 'keep';
    case 'confirmed':
      return 'keep';
    case 'delisted':
      return 'reopen';
    case 'merged':
      // The subject was merged away and is screened no more; the survivor holds the pair.
      return 'keep';
  }
}

/** Why a decision on a hit cannot be recorded, or null: only an open hit is decided, and with a reason. */
export function decisionProblem(status: HitStatus, reason: string): 'decided' | 'reason' | null {
  if (status !== 'open') return 'decided';
  if (!reason.trim()) return 'reason';
  return null;
}
