import type { KycStatus } from '../../domain/actors/kyc.ts';
import type { Queryable } from '../db.ts';

export interface OrganisationRow {
  id: string;
  legal_name: string;
  trade_names: string[];
  chain_roles: string[];
  country: string;
  addresses: { line: string; city?: string; province?: string; country?: string }[];
  contact: { name?: string; email?: string; phone?: string } | null;
  operating_zones: string[];
  kyc_status: KycStatus;
  kyc_reviewed_at: Date | null;
  kyc_reviewed_by: string | null;
  kyc_expires_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface LicenceRow {
  id: string;
  holder_organisation_id: string;
  holder_person_id: string | null;
  type: string;
  number: string;
  issuer: string;
  zone_code: string | null;
  site_id: string | null;
  valid_from: string;
  valid_until: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export async function findOrganisation(q: Queryable, id: string): Promise<OrganisationRow | undefined> {
  return (await q.query<OrganisationRow>('SELECT * FROM organisations WHERE id = $1', [id])).rows[0];
}

export async function registrationNumbersOf(q: Queryable, ids: readonly string[]) {
  return (
    await q.query<{ organisation_id: string; scheme: string; number: string }>(
      'SELECT organisation_id, scheme, number FROM registration_numbers WHERE organisation_id = ANY($1::uuid[]) ORDER BY scheme, number',
      [ids],
    )
  ).rows;
}

/** Licences held by the organisations themselves (not by their people). */
export async function organisationLicences(q: Queryable, ids: readonly string[]): Promise<LicenceRow[]> {
  return (
    await q.query<LicenceRow>(
      'SELECT * FROM licences WHERE holder_organisation_id = ANY($1::uuid[]) AND holder_person_id IS NULL ORDER BY valid_from',
      [ids],
    )
  ).rows;
}

export async function personLicences(q: Queryable, ids: readonly string[]): Promise<LicenceRow[]> {
  return (
    await q.query<LicenceRow>(
      'SELECT * FROM licences WHERE holder_person_id = ANY($1::uuid[]) ORDER BY valid_from',
      [ids],
    )
  ).rows;
}

/** Zones of the sites each organisation operates. */
export async function siteZonesOf(q: Queryable, ids: readonly string[]) {
  return (
    await q.query<{ organisation_id: string; zone_code: string }>(
      `SELECT DISTINCT so.organisation_id, s.zone_code FROM site_operators so JOIN sites s ON s.id = so.site_id
        WHERE so.organisation_id = ANY($1::uuid[]) AND s.zone_code IS NOT NULL`,
      [ids],
    )
  ).rows;
}
