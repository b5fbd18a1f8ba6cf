import type { Answer } from '../../../api/client.ts';

type MapAnswer = Answer<'/api/sites/map'>;

/** A site as the map holds it: the map answer's site with its cooperatives named. */
export type MapSite = Omit<MapAnswer['sites'][number], 'cooperatives'> & {
  cooperatives: MapAnswer['cooperatives'];
};

/** The map answer's sites, each with its cooperatives (sent once each, by index) named. */
export function mapSites(answer: MapAnswer): MapSite[] {
  return answer.sites.map((s) => ({
    ...s,
    cooperatives: s.cooperatives.flatMap((i) => answer.cooperatives[i] ?? []),
  }));
}

/** A site's outline: the API declares the geometry loosely, so the map checks it is a polygon before drawing it. */
export type Outline = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
export const isOutline = (g: unknown): g is Outline =>
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
export function filterSites(sites: readonly MapSite[], f: MapFilters): MapSite[] {
  return sites.filter(
    (s) =>
      (!f.status || s.status === f.status) &&
      (!f.mineral || s.minerals.some((m) => m === f.mineral)) &&
      (!f.province || s.province === f.province) &&
      (!f.cooperativeId || s.cooperatives.some((c) => c.id === f.cooperativeId)),
  );
}

/** Most outlines the map draws at once: beyond, markers say enough until the view narrows. */
export const MAX_OUTLINES_IN_VIEW = 500;

/**
 * The sites whose outlines the map should draw for the view `bounds` (west, south, east, north): those mapped
 * as polygons whose marker lies in view, padded by a margin so that an outline crossing the edge is not cut
 * off; none when more than MAX_OUTLINES_IN_VIEW are in view.
 */
export function outlinesInView(
  sites: readonly MapSite[],
  [west, south, east, north]: readonly [number, number, number, number],
  pad = 0.05,
): string[] {
  const ids: string[] = [];
  for (const s of sites) {
    const [lon, lat] = s.point;
    if (!s.outline || lon < west - pad || lon > east + pad || lat < south - pad || lat > north + pad)
      continue;
    if (ids.length === MAX_OUTLINES_IN_VIEW) return [];
    ids.push(s.id);
  }
  return ids;
}

/**
 * The two sources the map draws: the outlines known of the sites shown (from `outlines`, by id), and one
 * marker point per site (clustered at low zoom). Properties are flattened: the map's style expressions read
 * scalars.
 */
export function mapSources(sites: readonly MapSite[], outlines: ReadonlyMap<string, Outline> = new Map()) {
  const props = (s: MapSite) => ({ id: s.id, status: s.status, suspended: s.suspended });
  return {
    outlines: {
      type: 'FeatureCollection' as const,
      features: sites.flatMap((s) => {
        const geometry = outlines.get(s.id);
        return geometry ? [{ type: 'Feature' as const, geometry, properties: props(s) }] : [];
      }),
    },
    points: {
      type: 'FeatureCollection' as const,
      features: sites.map((s) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: s.point },
        properties: props(s),
      })),
    },
  };
}

/** The distinct provinces and cooperatives present, sorted, for the filter menus. */
export function filterChoices(sites: readonly MapSite[]) {
  const provinces = [...new Set(sites.map((s) => s.province))].sort();
  const coops = new Map<string, string>();
  for (const s of sites) for (const c of s.cooperatives) coops.set(c.id, c.name);
  const cooperatives = [...coops]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { provinces, cooperatives };
}

/** The west, south, east and north edges around every site, padded; null when there is none. */
export function boundsOf(sites: readonly MapSite[], pad = 0.05): [number, number, number, number] | null {
  if (sites.length === 0) return null;
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { point } of sites) {
    west = Math.min(west, point[0]);
    east = Math.max(east, point[0]);
    south = Math.min(south, point[1]);
    north = Math.max(north, point[1]);
  }
  return [west - pad, south - pad, east + pad, north + pad];
}
