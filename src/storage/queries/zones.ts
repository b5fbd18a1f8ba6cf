import type { SiteGeometry } from '../../domain/sites/geometry.ts';
import type { ZoneGeometry, ZoneKind } from '../../domain/sites/zones.ts';
import type { Queryable } from '../db.ts';

// Artisanal zones and concession areas set aside for artisanal mining (decision 0057).

export interface ZoneRow {
  id: string;
  code: string;
  name: string;
  kind: ZoneKind;
  geometry: ZoneGeometry;
  legal_basis: string;
  valid_from: string;
  valid_until: string | null;
  organisation_id: string;
  recorded_by: string;
  created_at: Date;
}

const COLUMNS = `id, code, name, kind, geometry, legal_basis, valid_from::text AS valid_from,
  valid_until::text AS valid_until, organisation_id, recorded_by, created_at`;

/** Every zone, by code: an installation holds tens to hundreds. */
export async function allZones(q: Queryable): Promise<ZoneRow[]> {
  return (await q.query<ZoneRow>(`SELECT ${COLUMNS} FROM zones ORDER BY code`)).rows;
}

export async function findZone(q: Queryable, id: string): Promise<ZoneRow | undefined> {
  return (await q.query<ZoneRow>(`SELECT ${COLUMNS} FROM zones WHERE id = $1`, [id])).rows[0];
}

/** Inserts a zone; false when its code is already taken. */
export async function insertZone(
  q: Queryable,
  z: {
    id: string;
    code: string;
    name: string;
    kind: ZoneKind;
    geometry: ZoneGeometry;
    legalBasis: string;
    validFrom: string;
    validUntil: string | null;
  },
  by: { userId: string; organisationId: string; at: Date },
): Promise<boolean> {
  const res = await q.query(
    `INSERT INTO zones (id, code, name, kind, geometry, legal_basis, valid_from, valid_until, recorded_by,
       organisation_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (code) DO NOTHING`,
    [
      z.id,
      z.code,
      z.name,
      z.kind,
      JSON.stringify(z.geometry),
      z.legalBasis,
      z.validFrom,
      z.validUntil,
      by.userId,
      by.organisationId,
      by.at,
    ],
  );
  return (res.rowCount ?? 0) > 0;
}

export interface PlacedSiteRow {
  id: string;
  code: string;
  name: string;
  geometry: SiteGeometry;
  organisation_id: string | null;
}

/** Sites with their outline and operators (one row per operator), of the given operators or of all. */
export async function siteGeometries(
  q: Queryable,
  operatorIds?: readonly string[],
): Promise<PlacedSiteRow[]> {
  return (
    await q.query<PlacedSiteRow>(
      `SELECT s.id, s.code, s.name, s.geometry, so.organisation_id
         FROM sites s LEFT JOIN site_operators so ON so.site_id = s.id
        WHERE $1::uuid[] IS NULL OR so.organisation_id = ANY($1::uuid[])
        ORDER BY s.code`,
      [operatorIds ?? null],
    )
  ).rows;
}
