// What the map of my sites draws, as pure functions over the sites and a fix (decision 0044): where each site's
// marker goes, the view that holds them all, and how many metres a screen pixel covers at a latitude.
// Outlines are handled on the plane of longitude and latitude, not d3-geo's sphere: at the size of a mine site the
// difference is nothing, and d3-geo reads a ring wound as RFC 7946 winds it as the whole Earth but the site.
import type { Site } from './db.ts';

export type LonLat = [number, number];

/** The rings of a site's outline (none for a point), as GeoJSON gives them. */
export function ringsOf(site: Pick<Site, 'geometry'>): LonLat[][] {
  const g = site.geometry as GeoJSON.Geometry;
  if (g.type === 'Polygon') return g.coordinates as LonLat[][];
  if (g.type === 'MultiPolygon') return (g.coordinates as LonLat[][][]).flat();
  return [];
}

/** Where a site's marker goes: its point, or the centroid of the largest ring of its outline. */
export function markerOf(site: Pick<Site, 'geometry'>): LonLat {
  const g = site.geometry as GeoJSON.Geometry;
  if (g.type === 'Point') return g.coordinates as LonLat;
  let best: { area: number; at: LonLat } = { area: -1, at: [0, 0] };
  for (const ring of ringsOf(site)) {
    let [a, cx, cy] = [0, 0, 0];
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i];
      const [x1, y1] = ring[i + 1];
      const cross = x0 * y1 - x1 * y0;
      a += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    if (Math.abs(a) > best.area) best = { area: Math.abs(a), at: [cx / (3 * a), cy / (3 * a)] };
  }
  return best.at;
}

/** Every position of a site: its point, or the vertices of its outline. */
const positionsOf = (site: Pick<Site, 'geometry'>): LonLat[] =>
  (site.geometry as GeoJSON.Geometry).type === 'Point'
    ? [(site.geometry as GeoJSON.Point).coordinates as LonLat]
    : ringsOf(site).flat();

/** The box [west, south, east, north] that holds every site, widened by `pad` degrees on each side. */
export function boundsOf(
  sites: readonly Pick<Site, 'geometry'>[],
  pad = 0.05,
): [number, number, number, number] {
  if (sites.length === 0) return [25.3 - pad, -10.9 - pad, 25.7 + pad, -10.5 + pad];
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of sites.flatMap(positionsOf))
    [w, s, e, n] = [Math.min(w, lon), Math.min(s, lat), Math.max(e, lon), Math.max(n, lat)];
  const clamp = (x: number, limit: number) => Math.max(-limit, Math.min(limit, x));
  return [clamp(w - pad, 180), clamp(s - pad, 90), clamp(e + pad, 180), clamp(n + pad, 90)];
}

/** Metres on the ground per degree of latitude (mean Earth radius 6,371,008.8 m). */
export const METRES_PER_DEGREE = (Math.PI * 6_371_008.8) / 180;

/** The point `metres` north of a fix: the edge of its accuracy circle, to measure its radius on screen. */
export function northOf([lon, lat]: LonLat, metres: number): LonLat {
  return [lon, Math.min(90, lat + metres / METRES_PER_DEGREE)];
}
