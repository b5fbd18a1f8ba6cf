import { SITE_STATUSES, type SiteStatus } from '../../../src/domain/sites/site.ts';

/** A site status from an answer that types it as any string; undefined when it is not one. */
export const siteStatusOf = (x: string): SiteStatus | undefined => SITE_STATUSES.find((s) => s === x);
