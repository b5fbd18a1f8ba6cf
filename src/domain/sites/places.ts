/** A named place (a town or village) for the map's place-names layer. */
export interface Place {
  name: string;
  lon: number;
  lat: number;
}

/** A view of the map: west, south, east, north, in degrees. */
export type Bbox = readonly [west: number, south: number, east: number, north: number];

/** Most places one answer holds: enough to name the towns of a province, few enough to draw as labels. */
export const PLACES_PER_VIEW = 150;

/**
 * The places inside a view, at most `limit`, spread over it rather than the first ones found: the view is cut into a
 * grid and each cell gives its places in turn, so a zoomed-out view names towns everywhere instead of one dense
 * corner. Ties keep the places' order. A view crossing the antimeridian (west > east) wraps.
 */
export function placesInView(
  places: readonly Place[],
  [west, south, east, north]: Bbox,
  limit = PLACES_PER_VIEW,
): { places: Place[]; truncated: boolean } {
  const wraps = west > east;
  const inside = places.filter(
    (p) =>
      p.lat >= south &&
      p.lat <= north &&
      (wraps ? p.lon >= west || p.lon <= east : p.lon >= west && p.lon <= east),
  );
  if (inside.length <= limit) return { places: inside, truncated: false };
  const width = wraps ? east + 360 - west : east - west;
  const cells = new Map<number, Place[]>();
  const side = Math.ceil(Math.sqrt(limit));
  for (const p of inside) {
    const x = Math.min(side - 1, Math.floor((((p.lon - west + 360) % 360) / width) * side));
    const y = Math.min(side - 1, Math.floor(((p.lat - south) / (north - south)) * side));
    const key = y * side + x;
    const cell = cells.get(key);
    if (cell) cell.push(p);
    else cells.set(key, [p]);
  }
  const chosen: Place[] = [];
  for (let round = 0; chosen.length < limit; round++) {
    let any = false;
    for (const cell of cells.values()) {
      if (round < cell.length) {
        any = true;
        chosen.push(cell[round]);
        if (chosen.length === limit) break;
      }
    }
    if (!any) break;
  }
  return { places: chosen, truncated: true };
}
