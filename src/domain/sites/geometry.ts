/** A site's location: a GeoJSON Point, Polygon or MultiPolygon in WGS 84 longitude/latitude. */
export type SiteGeometry =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface GeometryError {
  path: string;
  message: string;
  /** The problem's stable code; the web says it from the `sites` catalogue. */
  code: `sites.${string}`;
  params?: Record<string, number>;
}

const isArray = Array.isArray;

function checkPosition(value: unknown, path: string, errors: GeometryError[]): void {
  if (
    !isArray(value) ||
    value.length < 2 ||
    value.length > 3 ||
    !value.every((n) => typeof n === 'number' && Number.isFinite(n))
  ) {
    errors.push({
      path,
      message: 'a position is [longitude, latitude] with an optional altitude, all numbers',
      code: 'sites.position-shape',
    });
    return;
  }
  const [lon, lat] = value as number[];
  if (lon < -180 || lon > 180)
    errors.push({
      path: `${path}.0`,
      message: 'longitude must be between -180 and 180',
      code: 'sites.longitude-range',
    });
  if (lat < -90 || lat > 90)
    errors.push({
      path: `${path}.1`,
      message: 'latitude must be between -90 and 90',
      code: 'sites.latitude-range',
    });
}

function checkPolygon(value: unknown, path: string, errors: GeometryError[]): void {
  if (!isArray(value) || value.length === 0) {
    errors.push({
      path,
      message: 'a polygon is a non-empty list of linear rings',
      code: 'sites.polygon-empty',
    });
    return;
  }
  value.forEach((ring, r) => {
    const ringPath = `${path}.${r}`;
    if (!isArray(ring) || ring.length < 4) {
      errors.push({
        path: ringPath,
        message: 'a linear ring needs at least 4 positions',
        code: 'sites.ring-too-short',
      });
      return;
    }
    const before = errors.length;
    ring.forEach((pos, p) => {
      checkPosition(pos, `${ringPath}.${p}`, errors);
    });
    if (errors.length > before) return;
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      errors.push({
        path: ringPath,
        message: 'a linear ring must end at the position it starts from',
        code: 'sites.ring-not-closed',
      });
    }
  });
}

/** Validates a GeoJSON geometry for a site; returns every problem with its path, or none. */
export function validateSiteGeometry(value: unknown, path = 'geometry'): GeometryError[] {
  const errors: GeometryError[] = [];
  if (typeof value !== 'object' || value === null || isArray(value)) {
    return [{ path, message: 'a GeoJSON geometry object is required', code: 'sites.geometry-required' }];
  }
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  const cpath = `${path}.coordinates`;
  if (type === 'Point') checkPosition(coordinates, cpath, errors);
  else if (type === 'Polygon') checkPolygon(coordinates, cpath, errors);
  else if (type === 'MultiPolygon') {
    if (!isArray(coordinates) || coordinates.length === 0) {
      errors.push({
        path: cpath,
        message: 'a multipolygon is a non-empty list of polygons',
        code: 'sites.multipolygon-empty',
      });
    } else {
      coordinates.forEach((poly, i) => {
        checkPolygon(poly, `${cpath}.${i}`, errors);
      });
    }
  } else {
    errors.push({
      path: `${path}.type`,
      message: 'the geometry type must be Point, Polygon or MultiPolygon',
      code: 'sites.geometry-type',
    });
  }
  return errors;
}

/** A representative point of a geometry: the point itself, or the mean of a polygon's outer-ring vertices. */
export function representativePoint(geometry: SiteGeometry): [number, number] {
  if (geometry.type === 'Point') return [geometry.coordinates[0], geometry.coordinates[1]];
  const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0][0];
  const vertices = ring.slice(0, -1);
  const lon = vertices.reduce((s, p) => s + p[0], 0) / vertices.length;
  const lat = vertices.reduce((s, p) => s + p[1], 0) / vertices.length;
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

/** The default most positions one site geometry (or one map-layer feature) may hold. */
export const DEFAULT_MAX_VERTICES = 10_000;

/**
 * How many positions a GeoJSON geometry's coordinates hold, a ring's closing position included (it is
 * stored and sent like any other). Reads at most the four levels of nesting a MultiPolygon has, so any
 * input, however malformed or deep, is counted in one pass.
 */
export function countVertices(value: unknown): number {
  const coordinates = (value as { coordinates?: unknown } | null)?.coordinates;
  let level: unknown[] = [coordinates];
  let count = 0;
  for (let depth = 0; depth <= 4 && level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const item of level) {
      if (!isArray(item)) continue;
      if (item.length > 0 && typeof item[0] === 'number') count++;
      else for (const child of item) next.push(child);
    }
    level = next;
  }
  return count;
}

/** The problem with a geometry that holds more positions than allowed, or null within the limit. */
export function checkVertexLimit(value: unknown, max: number, path = 'geometry'): GeometryError | null {
  const count = countVertices(value);
  return count > max
    ? {
        path,
        message: `has ${count} positions; at most ${max} are accepted (simplify the outline)`,
        code: 'sites.too-many-vertices',
        params: { count, max },
      }
    : null;
}
