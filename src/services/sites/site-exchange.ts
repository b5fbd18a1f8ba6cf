import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as toCsv } from 'csv-stringify/sync';
import { v7 as uuidv7 } from 'uuid';
import type { Principal } from '../../domain/access/roles.ts';
import { canEditSites } from '../../domain/access/roles.ts';
import { describeStatus } from '../../domain/assessments/site-status.ts';
import { validationCode } from '../../domain/problems/validation-code.ts';
import { checkVertexLimit, representativePoint } from '../../domain/sites/geometry.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  type AssignedTo,
  findOrganisationRefs,
  findSitesByCodes,
  firstRegistrationNumbers,
  insertSites,
  listAllSites,
  replaceSiteOperators,
  type SiteColumns,
  updateSites,
} from '../../storage/queries/sites.ts';
import { actorOf, type ServiceContext } from '../context.ts';
import { type Coded, type FieldError, forbidden, invalid, stale } from '../errors.ts';
import { type SiteInput, siteInputSchema } from './site-input.ts';
import { siteViews } from './sites.ts';
import type { ImportResultView } from './views.ts';

export type SiteFormat = 'geojson' | 'csv';

const CSV_COLUMNS = [
  'code',
  'name',
  'province',
  'territory',
  'zone_code',
  'concession',
  'minerals',
  'cooperatives',
  'workforce',
  'pits',
  'capacity_kg_month',
  'typical_grade_pct',
  'longitude',
  'latitude',
  'geometry',
  'status',
  'status_since',
] as const;

interface RawSite {
  where: string;
  fields: Record<string, unknown>;
  cooperativeRefs: string[];
}

const list = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : typeof value === 'string'
      ? value
          .split(/[;|]/)
          .map((s) => s.trim())
          .filter(Boolean)
      : [];

const num = (value: unknown) =>
  value === '' || value === undefined || value === null
    ? null
    : Number.isNaN(Number(value))
      ? value
      : Number(value);

function fromGeoJson(text: string): RawSite[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw invalid([
      { path: '', message: 'the file is neither valid JSON nor CSV', code: 'sites.import-unreadable' },
    ]);
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw invalid([
      {
        path: 'type',
        message: 'a GeoJSON import must be a FeatureCollection',
        code: 'sites.import-not-collection',
      },
    ]);
  }
  return fc.features.map((feature, i) => {
    const p = ((feature as { properties?: Record<string, unknown> })?.properties ?? {}) as Record<
      string,
      unknown
    >;
    return {
      where: `features.${i}`,
      fields: {
        code: p.code,
        name: p.name,
        province: p.province,
        territory: p.territory ?? null,
        zoneCode: p.zoneCode ?? p.zone_code ?? null,
        concession: p.concession ?? null,
        geometry: (feature as { geometry?: unknown })?.geometry,
        minerals: list(p.minerals),
        workforce: num(p.workforce),
        pits: num(p.pits),
        capacityKgMonth: num(p.capacityKgMonth ?? p.capacity_kg_month),
        typicalGradePct: num(p.typicalGradePct ?? p.typical_grade_pct),
      },
      cooperativeRefs: list(p.cooperatives),
    };
  });
}

function fromCsv(text: string): RawSite[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      bom: true,
      trim: true,
    });
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    throw invalid([
      {
        path: '',
        message: `the CSV cannot be read: ${(error as Error).message}`,
        ...(typeof line === 'number'
          ? { code: 'sites.import-csv-line', params: { line } }
          : { code: 'sites.import-csv' }),
      },
    ]);
  }
  return records.map((r, i) => {
    let geometry: unknown = null;
    if (r.geometry) {
      try {
        geometry = JSON.parse(r.geometry);
      } catch {
        geometry = r.geometry;
      }
    } else if (r.longitude || r.latitude) {
      geometry = { type: 'Point', coordinates: [num(r.longitude), num(r.latitude)] };
    }
    return {
      where: `rows.${i + 1}`,
      fields: {
        code: r.code,
        name: r.name,
        province: r.province,
        territory: r.territory || null,
        zoneCode: r.zone_code || null,
        concession: r.concession || null,
        geometry,
        minerals: list(r.minerals),
        workforce: num(r.workforce),
        pits: num(r.pits),
        capacityKgMonth: num(r.capacity_kg_month),
        typicalGradePct: num(r.typical_grade_pct),
      },
      cooperativeRefs: list(r.cooperatives),
    };
  });
}

/** Finds cooperatives by id or by registration number, all of a file's references in one query. */
async function cooperativeFinder(q: Queryable, raw: readonly RawSite[]) {
  const found = new Map(
    (
      await findOrganisationRefs(
        q,
        raw.flatMap((r) => r.cooperativeRefs),
      )
    ).map((o) => [o.ref, o]),
  );
  return (refs: string[], where: string, errors: FieldError[]): string[] => {
    const ids: string[] = [];
    for (const [i, ref] of refs.entries()) {
      const row = found.get(ref);
      if (!row)
        errors.push({
          path: `${where}.cooperatives.${i}`,
          message: `no organisation with id or registration number ${ref}`,
          code: 'sites.import-no-organisation',
          params: { ref },
        });
      else if (!row.chain_roles.includes('cooperative'))
        errors.push({
          path: `${where}.cooperatives.${i}`,
          message: `${ref} is not a cooperative`,
          code: 'sites.import-not-cooperative',
          params: { ref },
        });
      else ids.push(row.id);
    }
    return ids;
  };
}

const columns = (id: string, s: SiteInput): SiteColumns => ({
  id,
  code: s.code,
  name: s.name,
  province: s.province,
  territory: s.territory ?? null,
  zone_code: s.zoneCode ?? null,
  concession: s.concession ?? null,
  geometry: s.geometry,
  minerals: s.minerals,
  workforce: s.workforce ?? null,
  pits: s.pits ?? null,
  capacity_kg_month: s.capacityKgMonth ?? null,
  typical_grade_pct: s.typicalGradePct ?? null,
});

/**
 * Imports sites from a GeoJSON FeatureCollection or a CSV file: every row is checked first and nothing
 * is written unless all are valid; a site whose code exists is updated, any other is created.
 */
export async function importSites(
  ctx: ServiceContext & { principal: Principal | null },
  text: string,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ImportResultView> {
  if (ctx.principal && !canEditSites(ctx.principal))
    throw forbidden('only administrators and analysts import sites', { code: 'sites.import-role' });
  const raw = text.trimStart().startsWith('{') ? fromGeoJson(text) : fromCsv(text);
  if (raw.length === 0)
    throw invalid([{ path: '', message: 'the file holds no site', code: 'sites.import-empty' }]);
  const errors: FieldError[] = [];
  const sites: SiteInput[] = [];
  const codes = new Map<string, string>();
  const resolveCooperatives = await cooperativeFinder(ctx.db, raw);
  for (const r of raw) {
    // Counted before the full check, so a row far beyond the limit is named once, not position by position.
    const tooMany = checkVertexLimit(r.fields.geometry, ctx.config.siteMaxVertices, `${r.where}.geometry`);
    if (tooMany) {
      errors.push(tooMany);
      continue;
    }
    const cooperativeIds = resolveCooperatives(r.cooperativeRefs, r.where, errors);
    const parsed = siteInputSchema.safeParse({ ...r.fields, cooperativeIds });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({
          path: [r.where, ...issue.path].join('.'),
          message: issue.message,
          ...(validationCode({ keyword: issue.code, message: issue.message, params: { ...issue } }) as Coded),
        });
      continue;
    }
    const earlier = codes.get(parsed.data.code);
    if (earlier)
      errors.push({
        path: `${r.where}.code`,
        message: `${parsed.data.code} is also at ${earlier}`,
        code: 'sites.import-code-twice',
        params: { code: parsed.data.code, at: earlier },
      });
    codes.set(parsed.data.code, r.where);
    sites.push(parsed.data);
  }
  if (errors.length)
    throw invalid(errors.slice(0, 200), `${errors.length} problem(s) in the file; nothing was imported`, {
      code: 'sites.import-refused',
      params: { count: errors.length },
    });

  const result: ImportResultView = { created: 0, updated: 0 };
  const actor = ctx.principal ? actorOf(ctx.principal) : null;
  const now = ctx.clock();
  // The rows in a few set-based statements (as writeSite writes one site), then one event per site in file order.
  await ctx.db.transaction(async (tx) => {
    const existing = new Map(
      (
        await findSitesByCodes(
          tx,
          sites.map((s) => s.code),
        )
      ).map((r) => [r.code, r]),
    );
    const targets = sites.map((site) => ({ site, existing: existing.get(site.code) ?? null, id: '' }));
    for (const t of targets) t.id = t.existing?.id ?? uuidv7();
    const created = targets.filter((t) => !t.existing);
    const replaced = targets.filter((t) => t.existing);
    const updated = await updateSites(
      tx,
      replaced.map((t) => ({ ...columns(t.id, t.site), version: t.existing?.version ?? 0 })),
      now,
    );
    const lost = replaced.find((t) => !updated.has(t.id));
    if (lost?.existing) throw stale('site', lost.existing.version + 1);
    await insertSites(
      tx,
      created.map((t) => ({ ...columns(t.id, t.site), history_id: uuidv7() })),
      {
        reason: describeStatus('blue', now.toISOString().slice(0, 10), { kind: 'registered' }),
        recordedBy: actor?.userId ?? null,
      },
      now,
    );
    await replaceSiteOperators(
      tx,
      targets.map((t) => ({ siteId: t.id, organisationIds: t.site.cooperativeIds })),
    );
    for (const [i, t] of targets.entries()) {
      await appendEvent(tx, {
        type: t.existing ? 'site.updated' : 'site.registered',
        subjectType: 'site',
        subjectId: t.id,
        payload: t.site,
        actor,
        at: now,
      });
      result[t.existing ? 'updated' : 'created']++;
      if ((i + 1) % 50 === 0 || i + 1 === sites.length) onProgress(i + 1, sites.length);
    }
  });
  return result;
}

/** Exports every site (ordered by code), or those assigned to `who`, as a GeoJSON FeatureCollection or CSV that the importer reads back. */
export async function exportSites(
  ctx: ServiceContext,
  format: SiteFormat,
  who: AssignedTo | null = null,
): Promise<string> {
  const rows = await listAllSites(ctx.db, who);
  const views = await siteViews(ctx.db, rows);
  const numbers = await firstRegistrationNumbers(ctx.db);
  const ref = (id: string) => numbers.find((n) => n.organisation_id === id)?.number ?? id;
  if (format === 'geojson') {
    return JSON.stringify(
      {
        type: 'FeatureCollection',
        features: views.map((s) => ({
          type: 'Feature',
          id: s.id,
          geometry: s.geometry,
          properties: {
            code: s.code,
            name: s.name,
            province: s.province,
            territory: s.territory,
            zoneCode: s.zoneCode,
            concession: s.concession,
            minerals: s.minerals,
            cooperatives: s.cooperatives.map((c) => ref(c.id)),
            workforce: s.workforce,
            pits: s.pits,
            capacityKgMonth: s.capacityKgMonth,
            typicalGradePct: s.typicalGradePct,
            status: s.status,
            statusSince: s.statusSince,
          },
        })),
      },
      null,
      2,
    );
  }
  return toCsv(
    views.map((s) => {
      const [longitude, latitude] = representativePoint(s.geometry);
      return [
        s.code,
        s.name,
        s.province,
        s.territory ?? '',
        s.zoneCode ?? '',
        s.concession ?? '',
        s.minerals.join(';'),
        s.cooperatives.map((c) => ref(c.id)).join(';'),
        s.workforce ?? '',
        s.pits ?? '',
        s.capacityKgMonth ?? '',
        s.typicalGradePct ?? '',
        longitude,
        latitude,
        JSON.stringify(s.geometry),
        s.status,
        s.statusSince,
      ];
    }),
    { header: true, columns: [...CSV_COLUMNS] },
  );
}
