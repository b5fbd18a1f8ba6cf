import { distanceMetres } from '../screening/duplicates.ts';
import type { SiteGeometry } from '../sites/geometry.ts';

type Position = readonly [number, number];

const EARTH_RADIUS_M = 6_371_000;
const RAD = Math.PI / 180;

/** Whether a [longitude, latitude] point lies inside a linear ring (even–odd rule; a point on an edge is inside). */
function insideRing(p: Position, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The distance in metres from a point to a segment, on the plane tangent to the Earth at the point (east and north
 * metres): at the size of a mine site it differs from the great-circle distance by far less than a GPS fix does,
 * and a point straight north or east of an edge gets exactly the great-circle distance along its meridian or parallel.
 */
function distanceToSegment(p: Position, a: number[], b: number[]): number {
  const east = Math.cos(p[1] * RAD) * EARTH_RADIUS_M * RAD;
  const north = EARTH_RADIUS_M * RAD;
  const ax = (a[0] - p[0]) * east;
  const ay = (a[1] - p[1]) * north;
  const bx = (b[0] - p[0]) * east;
  const by = (b[1] - p[1]) * north;
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

function distanceToPolygon(p: Position, polygon: number[][][]): number {
  const [outer, ...holes] = polygon;
  if (insideRing(p, outer) && !holes.some((h) => insideRing(p, h))) return 0;
  let best = Number.POSITIVE_INFINITY;
  for (const ring of polygon)
    for (let i = 1; i < ring.length; i++) best = Math.min(best, distanceToSegment(p, ring[i - 1], ring[i]));
  return best;
}

/** The distance in metres from a [longitude, latitude] point to a site: 0 inside its polygon, else to its edge or point. */
export function distanceToSite(point: Position, geometry: SiteGeometry): number {
  if (geometry.type === 'Point')
    return distanceMetres(point, [geometry.coordinates[0], geometry.coordinates[1]]);
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return Math.min(...polygons.map((polygon) => distanceToPolygon(point, polygon)));
}

/** Where a visit's GPS fix puts it compared with its site, and whether the analyst must look at it. */
export interface VisitLocationCheck {
  /** Metres from the fix to the site's geometry, to the decimetre (0 inside its polygon). */
  distanceM: number;
  /** Whether the fix is farther than the tolerance once its accuracy radius is given to the visit. */
  flagged: boolean;
}

/**
 * Checks a visit's GPS fix against its site (decision 0031): flagged when even the nearest point of the fix's
 * accuracy circle lies farther from the site than the tolerance. A flag never refuses the visit.
 */
export function checkVisitLocation(
  fix: { longitude: number; latitude: number; accuracyM?: number | null },
  geometry: SiteGeometry,
  toleranceM: number,
): VisitLocationCheck {
  const distanceM = Math.round(distanceToSite([fix.longitude, fix.latitude], geometry) * 10) / 10;
  return { distanceM, flagged: distanceM - (fix.accuracyM ?? 0) > toleranceM };
}
