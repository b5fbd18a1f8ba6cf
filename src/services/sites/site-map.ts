import { Readable } from 'node:stream';
import { representativePoint, type SiteGeometry } from '../../domain/sites/geometry.ts';
import { operatorsOf, type SiteMapRow, siteMapPage, siteOutlines } from '../../storage/queries/sites.ts';
import type { AuthedContext } from '../context.ts';
import { siteScope } from './site-scope.ts';
import type { SiteOutlinesView } from './views.ts';

/** Sites read and written per step of the map's answer. */
const MAP_PAGE = 5000;

/** Writes a page of sites, numbering each cooperative the first time the answer meets it. */
function sitesJson(
  rows: SiteMapRow[],
  operators: { site_id: string; organisation_id: string; legal_name: string }[],
  cooperatives: Map<string, { index: number; name: string }>,
) {
  const bySite = new Map<string, number[]>();
  for (const o of operators) {
    let c = cooperatives.get(o.organisation_id);
    if (c === undefined) {
      c = { index: cooperatives.size, name: o.legal_name };
      cooperatives.set(o.organisation_id, c);
    }
    const list = bySite.get(o.site_id);
    if (list) list.push(c.index);
    else bySite.set(o.site_id, [c.index]);
  }
  return rows
    .map((r) => {
      const [lon, lat] =
        r.point_lon === null || r.point_lat === null
          ? representativePoint(JSON.parse(r.outline_json ?? 'null') as SiteGeometry)
          : [r.point_lon, r.point_lat];
      return `${r.properties_json},"cooperatives":[${bySite.get(r.id)?.join(',') ?? ''}],"point":[${lon},${lat}],"outline":${r.outline_json !== null}}`;
    })
    .join(',');
}

/**
 * Every site for the map (the shape of siteMapView), small enough to filter in the browser: markers, not outlines,
 * and each cooperative once — the 10^5 sites of a national registry are some 20 MB before compression. It is
 * written as JSON text, page after page of sites by code, so the database, this process and the compressor
 * work at once and no 10^5 objects are built: a stream that starts once the first page is read (a failure
 * before that is an ordinary error answer). See docs/decisions/0015-map-at-national-size.md.
 */
export async function siteMapJson(ctx: AuthedContext): Promise<Readable> {
  // A monitor's or assessor's map holds the sites assigned to it (decision 0021).
  const who = siteScope(ctx);
  const firstPage = await siteMapPage(ctx.db, null, MAP_PAGE, who);
  const quiet = <T>(p: Promise<T>) => {
    // Read ahead; awaited below, and never left to reject unheard when the client goes away mid-answer.
    p.catch(() => {});
    return p;
  };
  async function* text() {
    const cooperatives = new Map<string, { index: number; name: string }>();
    yield '{"sites":[';
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
      page =
        rows.length < MAP_PAGE ? null : quiet(siteMapPage(ctx.db, rows[rows.length - 1].code, MAP_PAGE, who));
      const sites = sitesJson(rows, await operators, cooperatives);
      yield first ? sites : `,${sites}`;
      first = false;
    }
    const named = [...cooperatives].map(([id, c]) => JSON.stringify({ id, name: c.name }));
    yield `],"cooperatives":[${named.join(',')}]}`;
  }
  return Readable.from(text(), { objectMode: false });
}

/** The outlines of the sites among `ids` mapped as polygons, for the part of the map in view. */
export async function mapOutlines(ctx: AuthedContext, ids: readonly string[]): Promise<SiteOutlinesView> {
  const rows = await siteOutlines(ctx.db, [...new Set(ids)], siteScope(ctx));
  return { items: rows.map((r) => ({ id: r.id, geometry: JSON.parse(r.geometry_json) as SiteGeometry })) };
}
