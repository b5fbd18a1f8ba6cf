import type { Outcome, StatusReason } from '../../domain/assessments/site-status.ts';
import type { SiteGeometry } from '../../domain/sites/geometry.ts';
import type { Mineral, SiteStatus } from '../../domain/sites/site.ts';
import type { Queryable } from '../db.ts';

export interface SiteRow {
  id: string;
  code: string;
  name: string;
  province: string;
  territory: string | null;
  zone_code: string | null;
  concession: string | null;
  geometry: SiteGeometry;
  minerals: Mineral[];
  workforce: number | null;
  pits: number | null;
  capacity_kg_month: number | null;
  typical_grade_pct: number | null;
  status: SiteStatus;
  status_since: Date;
  status_reason: StatusReason;
  status_deadline: string | null;
  status_valid_until: string | null;
  status_red_until: string | null;
  status_pending: Outcome | null;
  status_approved_at: Date | null;
  status_assessment: string | null;
  /** Codes of the verified level-1 incidents suspending the site. */
  suspended_by: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

export async function findSiteById(q: Queryable, id: string): Promise<SiteRow | undefined> {
  return (await q.query<SiteRow>('SELECT * FROM sites WHERE id = $1', [id])).rows[0];
}

export async function findSiteByCode(q: Queryable, code: string): Promise<SiteRow | undefined> {
  return (await q.query<SiteRow>('SELECT * FROM sites WHERE code = $1', [code])).rows[0];
}

export async function operatorsOf(q: Queryable, siteIds: readonly string[]) {
  return (
    await q.query<{ site_id: string; organisation_id: string; legal_name: string }>(
      `SELECT so.site_id, so.organisation_id, o.legal_name FROM site_operators so JOIN organisations o ON o.id = so.organisation_id
        WHERE so.site_id = ANY($1::uuid[]) ORDER BY o.legal_name`,
      [siteIds],
    )
  ).rows;
}
