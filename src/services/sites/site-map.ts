import { representativePoint, type SiteGeometry } from '../../domain/sites/geometry.ts';
import type { Mineral, SiteStatus } from '../../domain/sites/site.ts';
import { operatorsOf } from '../../storage/queries/sites.ts';
import type { AuthedContext } from '../context.ts';

export interface SiteFeature {
  type: 'Feature';
  id: string;
  geometry: SiteGeometry;
  properties: {
    id: string;
    code: string;
    name: string;
    status: SiteStatus;
    suspended: boolean;
    province: string;
    minerals: Mineral[];
    cooperatives: { id: string; name: string }[];
    /** Where the site's marker and cluster sit, for polygons as well as points. */
    point: [number, number];
  };
}

/**
 * Every site as one GeoJSON FeatureCollection for the map, small enough to filter in the browser:
 * the registry of a province (a few thousand sites) is one answer of a few hundred kilobytes.
 */
export async function siteMap(
  ctx: AuthedContext,
): Promise<{ type: 'FeatureCollection'; features: SiteFeature[] }> {
  const rows = (
    await ctx.db.query<{
      id: string;
      code: string;
      name: string;
      status: SiteStatus;
      suspended_by: string[];
      province: string;
      minerals: Mineral[];
      geometry: SiteGeometry;
    }>('SELECT id, code, name, status, suspended_by, province, minerals, geometry FROM sites ORDER BY code')
  ).rows;
  const operators = await operatorsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      id: r.id,
      geometry: r.geometry,
      properties: {
        id: r.id,
        code: r.code,
        name: r.name,
        status: r.status,
        suspended: r.suspended_by.length > 0,
        province: r.province,
        minerals: r.minerals,
        cooperatives: operators
          .filter((o) => o.site_id === r.id)
          .map((o) => ({ id: o.organisation_id, name: o.legal_name })),
        point: representativePoint(r.geometry),
      },
    })),
  };
}
