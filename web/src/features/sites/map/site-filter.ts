import type { Answer } from '../../../api/client.ts';

/** A site as the map answer carries it (GET /api/sites/map). */
export type SiteFeature = Answer<'/api/sites/map'>['features'][number];

/** A site's outline: the API declares the geometry loosely, so the map checks it is a polygon before drawing it. */
type Outline = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
const isOutline = (g: unknown): g is Outline =>
  typeof g === 'object' &&
  g !== null &&
  'type' in g &&
  (g.type === 'Polygon' || g.type === 'MultiPolygon') &&
  'coordinates' in g;

export interface MapFilters {
  status: string;
  mineral: string;
  province: string;
  cooperativeId: string;
}

export const NO_FILTERS: MapFilters = { status: '', mineral: '', province: '', cooperativeId: '' };

/** The sites a set of filters keeps; an empty filter keeps all. */
export function filterSites(sites: readonly SiteFeature[], f: MapFilters): SiteFeature[] {
  return sites.filter(
    ({ properties: p }) =>
      (!f.status || p.status === f.status) &&
      (!f.mineral || p.minerals.some((m) => m === f.mineral)) &&
      (!f.province || p.province === f.province) &&
      (!f.cooperativeId || p.cooperatives.some((c) => c.id === f.cooperativeId)),
  );
}

/**
 * The two sources the map draws: outlines of the sites mapped as polygons, and one marker point per
 * site (clustered at low zoom). Properties are flattened: the map's style expressions read scalars.
 */
export function mapSources(sites: readonly SiteFeature[]) {
  const props = (s: SiteFeature) => ({
    id: s.properties.id,
    status: s.properties.status,
    suspended: s.properties.suspended,
  });
  return {
    outlines: {
      type: 'FeatureCollection' as const,
      features: sites.flatMap((s) =>
        isOutline(s.geometry)
          ? [{ type: 'Feature' as const, geometry: s.geometry, properties: props(s) }]
          : [],
      ),
    },
    points: {
      type: 'FeatureCollection' as const,
      features: sites.map((s) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: s.properties.point },
        properties: props(s),
      })),
    },
  };
}

/** The distinct provinces and cooperatives present, sorted, for the filter menus. */
export function filterChoices(sites: readonly SiteFeature[]) {
  const provinces = [...new Set(sites.map((s) => s.properties.province))].sort();
  const coops = new Map<string, string>();
  for (const s of sites) for (const c of s.properties.cooperatives) coops.set(c.id, c.name);
  const cooperatives = [...coops]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { provinces, cooperatives };
}

/** The west, south, east and north edges around every site, padded; null when there is none. */
export function boundsOf(sites: readonly SiteFeature[], pad = 0.05): [number, number, number, number] | null {
  if (sites.length === 0) return null;
  const lons = sites.map((s) => s.properties.point[0]);
  const lats = sites.map((s) => s.properties.point[1]);
  return [Math.min(...lons) - pad, Math.min(...lats) - pad, Math.max(...lons) + pad, Math.max(...lats) + pad];
}
