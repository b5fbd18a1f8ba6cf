import { SITE_STATUSES, type SiteStatus } from '../../../../src/domain/sites/site.ts';

/** What an approved site assessment concluded: the status, in words and as data. */
export interface SiteOutcome {
  status: SiteStatus;
  explanation?: string;
  reason?: { kind: string };
}

/**
 * A site assessment's outcome. The API declares `outcome` as anything (a site's status, or a mechanism's
 * score), so this reads the site's part and leaves out what is not one.
 */
export function siteOutcome(outcome: unknown): SiteOutcome | null {
  if (typeof outcome !== 'object' || outcome === null || !('status' in outcome)) return null;
  const status = SITE_STATUSES.find((s) => s === outcome.status);
  if (!status) return null;
  const explanation =
    'explanation' in outcome && typeof outcome.explanation === 'string' ? outcome.explanation : undefined;
  const reason =
    'reason' in outcome &&
    typeof outcome.reason === 'object' &&
    outcome.reason !== null &&
    'kind' in outcome.reason &&
    typeof outcome.reason.kind === 'string'
      ? { ...outcome.reason, kind: outcome.reason.kind }
      : undefined;
  return { status, explanation, reason };
}
