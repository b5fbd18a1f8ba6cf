import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import {
  type GeometryError,
  representativePoint,
  type SiteGeometry,
  validateSiteGeometry,
} from './geometry.ts';

/** What a zone is: an artisanal zone (ZEA) or a concession area its holder set aside for artisanal mining. */
export const ZONE_KINDS = ['artisanal_zone', 'concession_asm'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

/** An area's outline: a zone is a surface, never a point. */
export type ZoneGeometry = Extract<SiteGeometry, { type: 'Polygon' | 'MultiPolygon' }>;

export interface ZoneFacts {
  code: string;
  geometry: ZoneGeometry;
  /** First day in force, 'YYYY-MM-DD'. */
  validFrom: string;
  /** Last day in force, 'YYYY-MM-DD', or null for no end. */
  validUntil: string | null;
}

/** Validates a zone's outline: the sites' GeoJSON checks, and a Polygon or MultiPolygon only. */
export function validateZoneGeometry(value: unknown, path = 'geometry'): GeometryError[] {
  const errors = validateSiteGeometry(value, path);
  if (errors.length === 0 && (value as { type: string }).type === 'Point')
    return [
      {
        path: `${path}.type`,
        message: 'a zone is an area: Polygon or MultiPolygon',
        code: 'sites.zone-not-area',
      },
    ];
  return errors;
}

/** Whether a zone is in force on a day ('YYYY-MM-DD'). */
export function isZoneInForce(zone: Pick<ZoneFacts, 'validFrom' | 'validUntil'>, day: string): boolean {
  return zone.validFrom <= day && (zone.validUntil === null || day <= zone.validUntil);
}

/**
 * The codes of the zones in force on a day that hold a site, sorted: a point site by its position, an outlined
 * site by its representative point (the mean of its outer ring), on or inside the zone's outline, holes excluded.
 */
export function zonesHolding(site: SiteGeometry, zones: readonly ZoneFacts[], day: string): string[] {
  const point = representativePoint(site);
  return zones
    .filter((z) => isZoneInForce(z, day) && booleanPointInPolygon(point, z.geometry))
    .map((z) => z.code)
    .sort();
}

/**
 * The codes of the sites that lie in no zone in force on the day, sorted. With no zone on record at all nothing
 * is said: an installation that has not loaded its zones is not told that every site lies outside them.
 */
export function sitesOutsideZones(
  sites: readonly { code: string; geometry: SiteGeometry }[],
  zones: readonly ZoneFacts[],
  day: string,
): string[] {
  if (zones.length === 0) return [];
  return sites
    .filter((s) => zonesHolding(s.geometry, zones, day).length === 0)
    .map((s) => s.code)
    .sort();
}
