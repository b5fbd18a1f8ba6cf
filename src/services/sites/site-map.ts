import { Readable } from 'node:stream';
import { representativePoint, type SiteGeometry } from '../../domain/sites/geometry.ts';
import type { Mineral, SiteStatus } from '../../domain/sites/site.ts';
import { operatorsOf, type SiteMapRow, siteMapPage } from '../../storage/queries/sites.ts';
import type { AuthedContext } from '../context.ts';

export interface SiteFeature {
  type: 'Feature';
  id: string;
  geometry: SiteGeometry;
  properties: {
    id: string;
    code: string;
    name: string;
    status: SiteStatus;
    suspended: boolean;
    province: string;
    minerals: Mineral[];
    cooperatives: { id: string; name: string }[];
    /** Where the site's marker and cluster sit, for polygons as well as points. */
    point: [number, number];
  };
}

/** Sites read and written per step of the map's answer. */
const MAP_PAGE = 5000;

function featuresJson(
  rows: SiteMapRow[],
  operators: { site_id: string; organisation_id: string; legal_name: string }[],
) {
  // Each cooperative is written once per page, then joined into the list of every site it operates.
  const written = new Map<string, string>();
  const bySite = new Map<string, string[]>();
  for (const o of operators) {
    let json = written.get(o.organisation_id);
    if (json === undefined) {
      json = JSON.stringify({ id: o.organisation_id, name: o.legal_name });
      written.set(o.organisation_id, json);
    }
    const list = bySite.get(o.site_id);
    if (list) list.push(json);
    else bySite.set(o.site_id, [json]);
  }
  return rows
    .map((r) => {
      const [lon, lat] =
        r.point_lon === null || r.point_lat === null
          ? representativePoint(JSON.parse(r.geometry_json) as SiteGeometry)
          : [r.point_lon, r.point_lat];
      return `{"type":"Feature","id":"${r.id}","geometry":${r.geometry_json},"properties":${r.properties_json},"cooperatives":[${bySite.get(r.id)?.join(',') ?? ''}],"point":[${lon},${lat}]}}`;
    })
    .join(',');
}

/**
 * Every site as one GeoJSON FeatureCollection for the map (the shape of SiteFeature), small enough to filter
 * in the browser: a province's few thousand sites are a few hundred kilobytes, the 10^5 sites of a national
 * registry some 50 MB before compression. It is written as JSON text, page after page of sites by code, so
 * the database, this process and the compressor work at once and no 10^5 objects are built: a stream that
 * starts once the first page is read (a failure before that is an ordinary error answer).
 */
export async function siteMapJson(ctx: AuthedContext): Promise<Readable> {
  const firstPage = await siteMapPage(ctx.db, null, MAP_PAGE);
  const quiet = <T>(p: Promise<T>) => {
    // Read ahead; awaited below, and never left to reject unheard when the client goes away mid-answer.
    p.catch(() => {});
    return p;
  };
  async function* text() {
    yield '{"type":"FeatureCollection","features":[';
    let page: Promise<SiteMapRow[]> | null = Promise.resolve(firstPage);
    let first = true;
    while (page) {
      const rows: SiteMapRow[] = await page;
      if (rows.length === 0) break;
      const operators = quiet(
        operatorsOf(
          ctx.db,
          rows.map((r) => r.id),
        ),
      );
      // The next page is read while this one is written.
      page = rows.length < MAP_PAGE ? null : quiet(siteMapPage(ctx.db, rows[rows.length - 1].code, MAP_PAGE));
      const features = featuresJson(rows, await operators);
      yield first ? features : `,${features}`;
      first = false;
    }
    yield ']}';
  }
  return Readable.from(text(), { objectMode: false });
}
