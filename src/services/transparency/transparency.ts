import { stringify as toCsv } from 'csv-stringify/sync';
import { canEditSites } from '../../domain/access/roles.ts';
import { representativePoint } from '../../domain/sites/geometry.ts';
import { SITE_STATUSES } from '../../domain/sites/site.ts';
import {
  incidentSummaries,
  type PublicLocation,
  publicationCut,
  publicGeometry,
  publicHistory,
  type StatusChange,
  statusAtCut,
  volumeBound,
} from '../../domain/transparency/transparency.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  closedIncidentRows,
  monthlyVolumes,
  type PublicSiteRow,
  publicSiteRows,
  setPublicLocation,
} from '../../storage/queries/transparency.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { forbidden, notFound } from '../errors.ts';
import { cachedAnswer, forgetPublicAnswers, type PublicAnswer } from './cache.ts';
import { DATASETS } from './dictionary.ts';
import {
  dataDictionaryView,
  type PublicSiteView,
  publicIncidentsView,
  publicOverviewView,
  publicSiteDetailView,
  publicSiteView,
} from './views.ts';

/**
 * The public transparency view (decision 0055): sites with their status and history, volumes by site and month,
 * closed incidents by category and level, all as of the publication cut, and the same as open data.
 */

const JSON_TYPE = 'application/json; charset=utf-8';

function published(ctx: ServiceContext) {
  const cut = publicationCut(ctx.clock(), ctx.config.publicDelayMonths);
  return { cut, head: { asOf: cut.toISOString(), delayMonths: ctx.config.publicDelayMonths } };
}

const historyOf = (row: PublicSiteRow): StatusChange[] =>
  row.history.map((h) => ({ status: h.status, effectiveAt: new Date(h.effective_at), reasonKind: h.kind }));

function siteOf(row: PublicSiteRow, cut: Date): PublicSiteView | null {
  const now = statusAtCut(historyOf(row), cut);
  if (!now) return null;
  return publicSiteView.parse({
    code: row.code,
    name: row.name,
    province: row.province,
    territory: row.territory,
    minerals: row.minerals,
    status: now.status,
    statusSince: now.effectiveAt.toISOString(),
    location: row.public_location,
    geometry: publicGeometry(row.geometry, row.public_location),
  });
}

async function publicSites(ctx: ServiceContext, cut: Date) {
  return (await publicSiteRows(ctx.db, cut)).flatMap((r) => siteOf(r, cut) ?? []);
}

const json = (view: { parse: (v: unknown) => unknown }, value: unknown) => ({
  body: JSON.stringify(view.parse(value)),
  contentType: JSON_TYPE,
});

/** Every public site and how many are of each status. */
export function publicOverview(ctx: ServiceContext): Promise<PublicAnswer> {
  return cachedAnswer(ctx, 'overview', async () => {
    const { cut, head } = published(ctx);
    const sites = await publicSites(ctx, cut);
    const statusCounts = Object.fromEntries(
      SITE_STATUSES.map((s) => [s, sites.filter((x) => x.status === s).length]),
    );
    return json(publicOverviewView, { ...head, statusCounts, sites });
  });
}

const volumeView = (v: { month: string; sacks: number; mass_kg: number; cobalt_kg: number }) => ({
  month: v.month,
  sacks: v.sacks,
  massKg: Math.round(v.mass_kg * 1000) / 1000,
  cobaltKg: Math.round(v.cobalt_kg * 1000) / 1000,
});

/** One public site by code: its status history and its volumes by whole month, before the cut. */
export async function publicSite(ctx: ServiceContext, code: string): Promise<PublicAnswer> {
  const key = `site:${code}`;
  return cachedAnswer(ctx, key, async () => {
    const { cut, head } = published(ctx);
    const [row] = await publicSiteRows(ctx.db, cut, code);
    const site = row && siteOf(row, cut);
    // Not naming the code asked for: a 404 says no more than that nothing is public under it.
    if (!site) throw notFound('site');
    const history = publicHistory(historyOf(row), cut).map((h) => ({
      status: h.status,
      effectiveAt: h.effectiveAt.toISOString(),
      reasonKind: h.reasonKind,
    }));
    const volumes = (await monthlyVolumes(ctx.db, volumeBound(cut), row.id)).map(volumeView);
    return json(publicSiteDetailView, { ...head, site, history, volumes });
  });
}

async function summaries(ctx: ServiceContext, cut: Date) {
  const rows = await closedIncidentRows(ctx.db, cut);
  return incidentSummaries(
    rows.map((r) => ({
      level: r.level,
      category: r.category,
      reportedAt: r.reported_at,
      transitions: r.transitions.map((t) => ({ to: t.to, at: new Date(t.at) })),
    })),
    cut,
  );
}

/** Closed incidents by half-year, category and level. */
export function publicIncidents(ctx: ServiceContext): Promise<PublicAnswer> {
  return cachedAnswer(ctx, 'incidents', async () => {
    const { cut, head } = published(ctx);
    return json(publicIncidentsView, { ...head, summaries: await summaries(ctx, cut) });
  });
}

/** The data dictionary of the open data, in French, English and Swahili. */
export function publicDictionary(ctx: ServiceContext): Promise<PublicAnswer> {
  return cachedAnswer(ctx, 'dictionary', async () =>
    json(dataDictionaryView, { ...published(ctx).head, datasets: DATASETS }),
  );
}

export const OPEN_DATA_FILES = ['sites.csv', 'sites.geojson', 'volumes.csv', 'incidents.csv'] as const;
export type OpenDataFile = (typeof OPEN_DATA_FILES)[number];

const CSV = 'text/csv; charset=utf-8';
const csv = (rows: unknown[][], columns: string[]) => toCsv(rows, { header: true, columns });

function pointOf(site: PublicSiteView): [number, number] | [null, null] {
  return site.geometry ? representativePoint(site.geometry as never) : [null, null];
}

/** One open-data file, named by the day of its cut. */
export function openDataFile(ctx: ServiceContext, file: OpenDataFile): Promise<PublicAnswer> {
  return cachedAnswer(ctx, `file:${file}`, async () => {
    const { cut } = published(ctx);
    const filename = `amana-${file.replace('.', `-${cut.toISOString().slice(0, 10)}.`)}`;
    if (file === 'incidents.csv') {
      const rows = (await summaries(ctx, cut)).map((s) => [s.period, s.category, s.level, s.count]);
      return { body: csv(rows, ['period', 'category', 'level', 'count']), contentType: CSV, filename };
    }
    const sites = await publicSites(ctx, cut);
    if (file === 'volumes.csv') {
      const codes = new Map((await publicSiteRows(ctx.db, cut)).map((r) => [r.id, r.code]));
      const rows = (await monthlyVolumes(ctx.db, volumeBound(cut)))
        .filter((v) => codes.has(v.site_id))
        .map((v) => {
          const x = volumeView(v);
          return [codes.get(v.site_id), x.month, x.sacks, x.massKg, x.cobaltKg];
        });
      return {
        body: csv(rows, ['site_code', 'month', 'sacks', 'mass_kg', 'cobalt_kg']),
        contentType: CSV,
        filename,
      };
    }
    const properties = (s: PublicSiteView) => ({
      code: s.code,
      name: s.name,
      province: s.province,
      territory: s.territory,
      minerals: s.minerals,
      status: s.status,
      status_since: s.statusSince,
      location: s.location,
    });
    if (file === 'sites.geojson') {
      const collection = {
        type: 'FeatureCollection',
        features: sites.map((s) => ({ type: 'Feature', geometry: s.geometry, properties: properties(s) })),
      };
      return {
        body: JSON.stringify(collection),
        contentType: 'application/geo+json; charset=utf-8',
        filename,
      };
    }
    const rows = sites.map((s) => {
      const p = properties(s);
      return [...Object.values({ ...p, minerals: s.minerals.join(';') }), ...pointOf(s)];
    });
    return {
      body: csv(rows, [
        'code',
        'name',
        'province',
        'territory',
        'minerals',
        'status',
        'status_since',
        'location',
        'longitude',
        'latitude',
      ]),
      contentType: CSV,
      filename,
    };
  });
}

/**
 * How the public view shows a site's place, set by the programme's administrators and analysts; public answers
 * are forgotten at once in this process, and within a cache lifetime in the others.
 */
export async function setSitePublicLocation(ctx: AuthedContext, siteId: string, location: PublicLocation) {
  if (!canEditSites(ctx.principal))
    throw forbidden('only administrators and analysts edit the site registry', { code: 'sites.edit-role' });
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    if (!(await setPublicLocation(tx, siteId, location, now))) throw notFound('site');
    await appendEvent(tx, {
      type: 'site.public-location-set',
      subjectType: 'site',
      subjectId: siteId,
      payload: { location },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  forgetPublicAnswers(ctx);
  return { siteId, location };
}
