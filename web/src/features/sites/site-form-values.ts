import type { Answer } from '../../api/client.ts';

type Site = Answer<'/api/sites/{id}'>;
/** A polygon outline kept as it is unless a point is typed instead. */
export type Outline = Site['geometry'];

/** What the site form holds: text as typed, the point as two numbers, choices as lists. */
export interface Values {
  code: string;
  name: string;
  province: string;
  territory: string;
  zoneCode: string;
  concession: string;
  workforce: string;
  pits: string;
  capacityKgMonth: string;
  typicalGradePct: string;
  lon: string;
  lat: string;
  minerals: string[];
  cooperativeIds: string[];
}

/** The fields the server's errors are put by. */
export const siteFormFields = [
  'code',
  'name',
  'province',
  'territory',
  'zoneCode',
  'concession',
  'workforce',
  'pits',
  'capacityKgMonth',
  'typicalGradePct',
  'lon',
  'lat',
  'minerals',
  'cooperativeIds',
] as const satisfies readonly (keyof Values)[];

/** The form's values for a site, or for a new one. */
export function valuesOf(s?: Site): Values {
  const point = s?.geometry.type === 'Point' ? s.geometry.coordinates : null;
  const str = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    code: str(s?.code),
    name: str(s?.name),
    province: s?.province ?? 'Lualaba',
    territory: str(s?.territory),
    zoneCode: str(s?.zoneCode),
    concession: str(s?.concession),
    workforce: str(s?.workforce),
    pits: str(s?.pits),
    capacityKgMonth: str(s?.capacityKgMonth),
    typicalGradePct: str(s?.typicalGradePct),
    lon: point ? String(point[0]) : '',
    lat: point ? String(point[1]) : '',
    minerals: s?.minerals ?? ['cobalt'],
    cooperativeIds: s?.cooperatives.map((c) => c.id) ?? [],
  };
}

/** A number field as the API wants it: empty is null, anything else a number (or the text, for the schema to refuse). */
const numberOrText = (v: string) => (v.trim() === '' ? null : Number.isNaN(Number(v)) ? v : Number(v));

/** The body the API takes (POST /api/sites, PUT /api/sites/{id} without its version). */
export function toBody(v: Values, outline: Outline | null) {
  const typedPoint = v.lon.trim() !== '' || v.lat.trim() !== '' || !outline;
  return {
    code: v.code,
    name: v.name,
    province: v.province,
    territory: v.territory.trim() || null,
    zoneCode: v.zoneCode.trim() || null,
    concession: v.concession.trim() || null,
    geometry: typedPoint
      ? { type: 'Point', coordinates: [numberOrText(v.lon), numberOrText(v.lat)] }
      : outline,
    minerals: v.minerals,
    cooperativeIds: v.cooperativeIds,
    workforce: numberOrText(v.workforce),
    pits: numberOrText(v.pits),
    capacityKgMonth: numberOrText(v.capacityKgMonth),
    typicalGradePct: numberOrText(v.typicalGradePct),
  };
}

/** Where an error on the body shows on the form: the point's two numbers are two fields, the rest of the geometry by the latitude. */
export function toFormPath(path: string): string {
  if (path === 'geometry.coordinates.0') return 'lon';
  if (path === 'geometry' || path.startsWith('geometry.')) return 'lat';
  return path;
}
