import {
  checkVertexLimit,
  DEFAULT_MAX_VERTICES,
  type GeometryError,
  type SiteGeometry,
  validateSiteGeometry,
} from './geometry.ts';

/** What an operator's own map layer shows: mining concessions, artisanal zones (ZEA) or anything else. */
export const MAP_LAYER_KINDS = ['concession', 'artisanal_zone', 'other'] as const;
export type MapLayerKind = (typeof MAP_LAYER_KINDS)[number];

/** The most features one layer may hold: a national cadastre of concessions fits, a raw survey does not. */
export const MAX_LAYER_FEATURES = 20_000;

export interface LayerFeature {
  type: 'Feature';
  geometry: SiteGeometry;
  properties: Record<string, unknown>;
}

/**
 * Checks an uploaded GeoJSON FeatureCollection for a map layer and returns its features with
 * properties always an object, or every problem with its path (at most 20, so a broken file of
 * thousands of rows still answers briefly). Each feature holds at most `maxVertices` positions.
 */
export function parseLayerFeatures(
  value: unknown,
  path = 'geojson',
  maxVertices = DEFAULT_MAX_VERTICES,
): { features: LayerFeature[]; errors: GeometryError[] } {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value) || value.type !== 'FeatureCollection' || !Array.isArray(value.features)) {
    return {
      features: [],
      errors: [
        {
          path,
          message: 'a GeoJSON FeatureCollection with a features list is required',
          code: 'sites.layer-not-collection',
        },
      ],
    };
  }
  const list = value.features as unknown[];
  if (list.length === 0)
    return {
      features: [],
      errors: [{ path: `${path}.features`, message: 'the layer has no features', code: 'sites.layer-empty' }],
    };
  if (list.length > MAX_LAYER_FEATURES)
    return {
      features: [],
      errors: [
        {
          path: `${path}.features`,
          message: `at most ${MAX_LAYER_FEATURES} features in one layer; split it`,
          code: 'sites.layer-too-many-features',
          params: { max: MAX_LAYER_FEATURES },
        },
      ],
    };
  const errors: GeometryError[] = [];
  const features: LayerFeature[] = [];
  list.forEach((f, i) => {
    if (errors.length >= 20) return;
    const at = `${path}.features.${i}`;
    if (!isObject(f) || f.type !== 'Feature') {
      errors.push({
        path: at,
        message: 'each item must be a GeoJSON Feature',
        code: 'sites.layer-not-feature',
      });
      return;
    }
    if (f.properties !== undefined && f.properties !== null && !isObject(f.properties)) {
      errors.push({
        path: `${at}.properties`,
        message: 'properties must be an object or null',
        code: 'sites.layer-properties',
      });
      return;
    }
    // Counted first: a feature far beyond the limit is named once, not position by position.
    const tooMany = checkVertexLimit(f.geometry, maxVertices, `${at}.geometry`);
    if (tooMany) {
      errors.push(tooMany);
      return;
    }
    const problems = validateSiteGeometry(f.geometry, `${at}.geometry`);
    if (problems.length) errors.push(...problems);
    else
      features.push({
        type: 'Feature',
        geometry: f.geometry as SiteGeometry,
        properties: (f.properties as Record<string, unknown> | null | undefined) ?? {},
      });
  });
  return { features: errors.length ? [] : features, errors: errors.slice(0, 20) };
}
