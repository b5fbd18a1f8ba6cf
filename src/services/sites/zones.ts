import { canRegisterActors } from '../../domain/access/roles.ts';
import { checkVertexLimit } from '../../domain/sites/geometry.ts';
import {
  validateZoneGeometry,
  type ZoneGeometry,
  type ZoneKind,
  zonesHolding,
} from '../../domain/sites/zones.ts';
import { appendEvent } from '../../storage/events.ts';
import { allZones, findZone, insertZone, siteGeometries, type ZoneRow } from '../../storage/queries/zones.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, forbidden, invalid } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { ZonesView, ZoneView } from './views.ts';

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** A stored zone as the domain's placement rules read it. */
export const zoneFacts = (z: ZoneRow) => ({
  code: z.code,
  geometry: z.geometry,
  validFrom: z.valid_from,
  validUntil: z.valid_until,
});

const zoneOf = (z: ZoneRow, siteCodes: string[]): ZoneView => ({
  id: z.id,
  code: z.code,
  name: z.name,
  kind: z.kind,
  geometry: z.geometry,
  legalBasis: z.legal_basis,
  validFrom: z.valid_from,
  validUntil: z.valid_until,
  siteCodes,
  createdAt: z.created_at.toISOString(),
});

/**
 * Every zone with the sites it holds today, and the sites that lie in none (each one a red flag on its operators).
 * Zones are public law and read by every signed-in role (auditors through their grant, which holds none); site
 * codes are what the site list already shows.
 */
export async function listZones(ctx: AuthedContext): Promise<ZonesView> {
  const day = dayOf(ctx.clock());
  const [zones, rows] = await Promise.all([allZones(ctx.db), siteGeometries(ctx.db)]);
  const sites = [...new Map(rows.map((r) => [r.id, r])).values()];
  const facts = zones.map(zoneFacts);
  const placed = sites.map((s) => ({ site: s, zones: zonesHolding(s.geometry, facts, day) }));
  return {
    items: zones.map((z) =>
      zoneOf(
        z,
        placed.filter((p) => p.zones.includes(z.code)).map((p) => p.site.code),
      ),
    ),
    sitesOutside:
      zones.length === 0
        ? []
        : placed
            .filter((p) => p.zones.length === 0)
            .map((p) => ({ id: p.site.id, code: p.site.code, name: p.site.name })),
  };
}

export interface ZoneInput {
  id?: string;
  code: string;
  name: string;
  kind: ZoneKind;
  geometry: unknown;
  legalBasis: string;
  validFrom: string;
  validUntil?: string | null;
}

const CREATE_ZONE: CreateOperation<{ zone: ZoneView; created: boolean }> = {
  name: 'zone.create',
  exists: rowIn('zones'),
};

/** Records a zone with its outline, legal basis and dates in force (the registry keepers). */
export async function createZone(ctx: AuthedContext, input: ZoneInput, maxVertices: number) {
  if (!canRegisterActors(ctx.principal))
    throw forbidden('zones are recorded by the registry keepers', { code: 'sites.zone-keepers-only' });
  const tooMany = checkVertexLimit(input.geometry, maxVertices);
  const errors = tooMany ? [tooMany] : validateZoneGeometry(input.geometry);
  if (input.validUntil && input.validUntil < input.validFrom)
    errors.push({ path: 'validUntil', message: 'is before validFrom', code: 'sites.zone-ends-before-start' });
  if (errors.length) throw invalid(errors.slice(0, 20));
  return createOnce(ctx, CREATE_ZONE, input, async (c, id) => {
    const now = c.clock();
    const made = await insertZone(
      c.db,
      { ...input, id, geometry: input.geometry as ZoneGeometry, validUntil: input.validUntil ?? null },
      { userId: c.principal.userId, organisationId: c.principal.organisationId, at: now },
    );
    if (!made)
      throw conflict('a zone with this code is already recorded', [], {
        code: 'sites.zone-code-taken',
        params: { code: input.code },
      });
    await appendEvent(c.db, {
      type: 'zone.created',
      subjectType: 'zone',
      subjectId: id,
      payload: {
        code: input.code,
        kind: input.kind,
        legalBasis: input.legalBasis,
        validFrom: input.validFrom,
      },
      actor: actorOf(c.principal),
      at: now,
    });
    const zone = (await findZone(c.db, id))!;
    const sites = await siteGeometries(c.db);
    const inside = [...new Map(sites.map((s) => [s.id, s])).values()]
      .filter((s) => zonesHolding(s.geometry, [zoneFacts(zone)], dayOf(now)).length > 0)
      .map((s) => s.code);
    return { zone: zoneOf(zone, inside), created: true };
  });
}
