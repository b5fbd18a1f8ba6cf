import type { IdentityChange, KycStatus } from '../../domain/actors/kyc.ts';
import type { Queryable } from '../db.ts';
import { inMergeGroup } from './merges.ts';
import { keysetSql } from './page.ts';

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

// Organisations and their registration numbers.

/** An organisation's profile as stored, in the columns both registration and update write. */
export interface OrganisationProfile {
  legal_name: string;
  trade_names: string[];
  chain_roles: string[];
  country: string;
  addresses: OrganisationRow['addresses'];
  contact: OrganisationRow['contact'];
  operating_zones: string[];
}

const profileParams = (o: OrganisationProfile) => [
  o.legal_name,
  o.trade_names,
  o.chain_roles,
  o.country,
  JSON.stringify(o.addresses),
  o.contact && JSON.stringify(o.contact),
  o.operating_zones,
];

export async function insertOrganisation(
  q: Queryable,
  id: string,
  o: OrganisationProfile,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO organisations (id, legal_name, trade_names, chain_roles, country, addresses, contact, operating_zones,
                                created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
    [id, ...profileParams(o), now],
  );
}

/** Replaces the profile and KYC state of the organisation at `version`; false when it was changed meanwhile. */
export async function updateOrganisationProfile(
  q: Queryable,
  id: string,
  version: number,
  o: OrganisationProfile,
  kyc: { status: KycStatus; expiresAt: Date | null },
  now: Date,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE organisations SET legal_name = $3, trade_names = $4, chain_roles = $5, country = $6, addresses = $7,
            contact = $8, operating_zones = $9, kyc_status = $11, kyc_expires_at = $12, version = version + 1,
            updated_at = $10
      WHERE id = $1 AND version = $2`,
    [id, version, ...profileParams(o), now, kyc.status, kyc.expiresAt],
  );
  return r.rowCount > 0;
}

/** Records a KYC decision on the organisation at `version`; false when it was changed meanwhile. */
export async function updateOrganisationKyc(
  q: Queryable,
  id: string,
  version: number,
  kyc: { status: KycStatus; reviewedAt: Date; reviewedBy: string; expiresAt: Date | null },
): Promise<boolean> {
  const r = await q.query(
    `UPDATE organisations SET kyc_status = $3, kyc_reviewed_at = $4, kyc_reviewed_by = $5, kyc_expires_at = $6,
            version = version + 1, updated_at = $4 WHERE id = $1 AND version = $2`,
    [id, version, kyc.status, kyc.reviewedAt, kyc.reviewedBy, kyc.expiresAt],
  );
  return r.rowCount > 0;
}

/** The organisation holding a registration number, if any. */
export async function registrationHolder(
  q: Queryable,
  scheme: string,
  number: string,
): Promise<{ organisation_id: string; legal_name: string } | undefined> {
  return (
    await q.query<{ organisation_id: string; legal_name: string }>(
      `SELECT r.organisation_id, o.legal_name FROM registration_numbers r JOIN organisations o ON o.id = r.organisation_id
        WHERE r.scheme = $1 AND r.number = $2`,
      [scheme, number],
    )
  ).rows[0];
}

/** Sets an organisation's registration numbers, replacing those it had. */
export async function replaceRegistrationNumbers(
  q: Queryable,
  id: string,
  numbers: readonly { scheme: string; number: string }[],
): Promise<void> {
  await q.query('DELETE FROM registration_numbers WHERE organisation_id = $1', [id]);
  for (const n of numbers) {
    await q.query('INSERT INTO registration_numbers (scheme, number, organisation_id) VALUES ($1, $2, $3)', [
      n.scheme,
      n.number,
      id,
    ]);
  }
}

/** The orders of the organisation list, by field. */
export const ORGANISATION_SORT_EXPR = {
  name: 'lower(o.legal_name)',
  kyc: 'o.kyc_status',
  country: 'o.country',
};

export interface OrganisationListFilter {
  /** Part of a legal name, trade name or registration number. */
  q: string | null;
  chainRole: string | null;
  kycStatus: KycStatus | null;
  /** Upper case. */
  country: string | null;
}

/** Up to `limit` organisations after the cursor key `after`, each with the value it is sorted by. */
export async function listOrganisationsPage(
  q: Queryable,
  f: OrganisationListFilter,
  sort: { field: keyof typeof ORGANISATION_SORT_EXPR; desc: boolean },
  after: readonly [unknown, unknown] | undefined,
  limit: number,
): Promise<(OrganisationRow & { sort_value: string })[]> {
  const expr = ORGANISATION_SORT_EXPR[sort.field];
  const order = keysetSql({ expr, desc: sort.desc, tie: 'o.id', tieCast: 'uuid' }, 5);
  return (
    await q.query<OrganisationRow & { sort_value: string }>(
      `SELECT o.*, ${expr} AS sort_value FROM organisations o
        WHERE o.merged_into IS NULL AND ($1::text IS NULL OR o.legal_name ILIKE '%' || $1 || '%' OR array_to_string(o.trade_names, ' ') ILIKE '%' || $1 || '%'
               OR EXISTS (SELECT 1 FROM registration_numbers r WHERE r.organisation_id = o.id AND r.number ILIKE '%' || $1 || '%'))
          AND ($2::text IS NULL OR $2 = ANY(o.chain_roles))
          AND ($3::text IS NULL OR o.kyc_status = $3)
          AND ($4::text IS NULL OR o.country = $4)
          AND ${order.after}
        ORDER BY ${order.orderBy} LIMIT $7`,
      [f.q, f.chainRole, f.kycStatus, f.country, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

// People of organisations.

export interface PersonRow {
  id: string;
  organisation_id: string;
  full_name: string;
  /** One of PERSON_KINDS (services/actors/persons.ts), held by the table's check. */
  kind: string;
  position: string | null;
  card_number: string | null;
  birth_year: number | null;
  operating_zones: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A person's fields as stored, in the columns both registration and update write. */
export type PersonColumns = Omit<PersonRow, 'id' | 'version' | 'created_at' | 'updated_at'>;

const personParams = (p: PersonColumns) => [
  p.organisation_id,
  p.full_name,
  p.kind,
  p.position,
  p.card_number,
  p.birth_year,
  p.operating_zones,
];

export async function findPerson(q: Queryable, id: string): Promise<PersonRow | undefined> {
  return (await q.query<PersonRow>('SELECT * FROM persons WHERE id = $1', [id])).rows[0];
}

/** The id of the person holding a miner's card number, if any. */
export async function personIdByCard(q: Queryable, cardNumber: string): Promise<string | undefined> {
  return (await q.query<{ id: string }>('SELECT id FROM persons WHERE card_number = $1', [cardNumber]))
    .rows[0]?.id;
}

export async function insertPerson(q: Queryable, id: string, p: PersonColumns, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO persons (id, organisation_id, full_name, kind, position, card_number, birth_year, operating_zones, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
    [id, ...personParams(p), now],
  );
}

/** Replaces the fields of the person at `version`; false when they were changed meanwhile. */
export async function updatePersonRow(
  q: Queryable,
  id: string,
  version: number,
  p: PersonColumns,
  now: Date,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE persons SET organisation_id = $3, full_name = $4, kind = $5, position = $6, card_number = $7, birth_year = $8,
            operating_zones = $9, version = version + 1, updated_at = $10 WHERE id = $1 AND version = $2`,
    [id, version, ...personParams(p), now],
  );
  return r.rowCount > 0;
}

/** Up to `limit` people by lower-cased name then id, after the key `after`; organisationId null for all. */
export async function listPersonsPage(
  q: Queryable,
  f: { organisationId: string | null; kind: string | null; q: string | null },
  after: readonly unknown[] | undefined,
  limit: number,
): Promise<(PersonRow & { sort_value: string })[]> {
  return (
    await q.query<PersonRow & { sort_value: string }>(
      `SELECT *, lower(full_name) AS sort_value FROM persons
        WHERE merged_into IS NULL AND ($1::uuid IS NULL OR organisation_id = $1) AND ($2::text IS NULL OR kind = $2)
          AND ($3::text IS NULL OR full_name ILIKE '%' || $3 || '%' OR card_number ILIKE '%' || $3 || '%')
          AND ($4::text IS NULL OR (lower(full_name), id) > ($4, $5::uuid))
        ORDER BY lower(full_name), id LIMIT $6`,
      [f.organisationId, f.kind, f.q, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

// Licences of organisations and their people.

/** A licence's fields as stored, in the columns both recording and update write. */
export type LicenceColumns = Omit<LicenceRow, 'id' | 'version' | 'created_at' | 'updated_at'>;

const licenceParams = (l: LicenceColumns) => [
  l.holder_organisation_id,
  l.holder_person_id,
  l.type,
  l.number,
  l.issuer,
  l.zone_code,
  l.site_id,
  l.valid_from,
  l.valid_until,
];

export async function findLicence(q: Queryable, id: string): Promise<LicenceRow | undefined> {
  return (await q.query<LicenceRow>('SELECT * FROM licences WHERE id = $1', [id])).rows[0];
}

/** The id of the licence of this type and number, if one is recorded. */
export async function licenceIdByNumber(
  q: Queryable,
  type: string,
  number: string,
): Promise<string | undefined> {
  return (
    await q.query<{ id: string }>('SELECT id FROM licences WHERE type = $1 AND number = $2', [type, number])
  ).rows[0]?.id;
}

export async function insertLicence(q: Queryable, id: string, l: LicenceColumns, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO licences (id, holder_organisation_id, holder_person_id, type, number, issuer, zone_code, site_id, valid_from,
                           valid_until, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
    [id, ...licenceParams(l), now],
  );
}

/** Replaces the fields of the licence at `version`; false when it was changed meanwhile. */
export async function updateLicenceRow(
  q: Queryable,
  id: string,
  version: number,
  l: LicenceColumns,
  now: Date,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE licences SET holder_organisation_id = $3, holder_person_id = $4, type = $5, number = $6, issuer = $7, zone_code = $8,
            site_id = $9, valid_from = $10, valid_until = $11, version = version + 1, updated_at = $12
      WHERE id = $1 AND version = $2`,
    [id, version, ...licenceParams(l), now],
  );
  return r.rowCount > 0;
}

export interface LicenceListFilter {
  /** Null for every holder. */
  holderOrganisationId: string | null;
  holderPersonId: string | null;
  type: string | null;
  state: 'valid' | 'expired' | 'expiring' | null;
  /** The day the state is judged on, and the last day an expiring licence may end. */
  today: string;
  soon: string;
}

/** Up to `limit` licences by end of validity (open-ended last) then id, after the key `after`. */
export async function listLicencesPage(
  q: Queryable,
  f: LicenceListFilter,
  after: readonly unknown[] | undefined,
  limit: number,
): Promise<LicenceRow[]> {
  return (
    await q.query<LicenceRow>(
      `SELECT * FROM licences
        WHERE ($1::uuid IS NULL OR holder_organisation_id = $1) AND ($2::uuid IS NULL OR holder_person_id = $2)
          AND ($3::text IS NULL OR type = $3)
          AND ($4::text IS NULL
               OR ($4 = 'valid' AND valid_from <= $5::date AND (valid_until IS NULL OR valid_until >= $5::date))
               OR ($4 = 'expired' AND valid_until < $5::date)
               OR ($4 = 'expiring' AND valid_from <= $5::date AND valid_until BETWEEN $5::date AND $6::date))
          AND ($7::text IS NULL OR (COALESCE(valid_until, '9999-12-31'), id) > ($7::date, $8::uuid))
        ORDER BY COALESCE(valid_until, '9999-12-31'), id LIMIT $9`,
      [
        f.holderOrganisationId,
        f.holderPersonId,
        f.type,
        f.state,
        f.today,
        f.soon,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit,
      ],
    )
  ).rows;
}

// Evidence documents in an organisation's file.

export interface DocumentRow {
  id: string;
  organisation_id: string;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Date;
}

const DOCUMENT_COLUMNS =
  'id, organisation_id, kind, filename, content_type, size_bytes, sha256, uploaded_by, uploaded_at';

export async function insertDocument(q: Queryable, d: DocumentRow, content: Buffer): Promise<void> {
  await q.query(
    `INSERT INTO documents (${DOCUMENT_COLUMNS}, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      d.id,
      d.organisation_id,
      d.kind,
      d.filename,
      d.content_type,
      d.size_bytes,
      d.sha256,
      d.uploaded_by,
      d.uploaded_at,
      content,
    ],
  );
}

/** An organisation's documents (without their content) by upload time. */
export async function documentsOf(q: Queryable, organisationId: string): Promise<DocumentRow[]> {
  return (
    await q.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE organisation_id = $1 ORDER BY uploaded_at, id`,
      [organisationId],
    )
  ).rows;
}

/** A document of this organisation with its content. */
export async function findDocumentWithContent(
  q: Queryable,
  id: string,
  organisationId: string,
): Promise<(DocumentRow & { content: Uint8Array }) | undefined> {
  return (
    await q.query<DocumentRow & { content: Uint8Array }>(
      `SELECT ${DOCUMENT_COLUMNS}, content FROM documents WHERE id = $1 AND organisation_id = $2`,
      [id, organisationId],
    )
  ).rows[0];
}

/** Which of these ids are documents in this organisation's file. */
export async function documentIdsIn(
  q: Queryable,
  organisationId: string,
  ids: readonly string[],
): Promise<string[]> {
  return (
    await q.query<{ id: string }>(
      'SELECT id FROM documents WHERE organisation_id = $1 AND id = ANY($2::uuid[])',
      [organisationId, ids],
    )
  ).rows.map((r) => r.id);
}

// KYC history.

export interface KycReviewRow {
  id: string;
  organisation_id: string;
  from_status: KycStatus;
  decision: KycStatus;
  reason: string | null;
  expires_at: Date | null;
  document_ids: string[];
  reviewed_by: string;
  reviewed_at: Date;
  cause: 'decision' | 'identity_change';
  changes: IdentityChange[] | null;
}

export async function insertKycReview(q: Queryable, r: KycReviewRow): Promise<void> {
  await q.query(
    `INSERT INTO kyc_reviews (id, organisation_id, from_status, decision, reason, expires_at, document_ids, reviewed_by, reviewed_at,
                              cause, changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      r.id,
      r.organisation_id,
      r.from_status,
      r.decision,
      r.reason,
      r.expires_at,
      r.document_ids,
      r.reviewed_by,
      r.reviewed_at,
      r.cause,
      r.changes && JSON.stringify(r.changes),
    ],
  );
}

/** An organisation's KYC history, oldest first. */
export async function kycReviewsOf(q: Queryable, organisationId: string): Promise<KycReviewRow[]> {
  return (
    await q.query<KycReviewRow>(
      `SELECT * FROM kyc_reviews WHERE ${inMergeGroup('organisation_id', 'organisations', '$1')}
        ORDER BY reviewed_at, id`,
      [organisationId],
    )
  ).rows;
}

/** For each organisation whose latest KYC history row is a re-opening by an identity change: that row. */
export async function latestKycReopenings(
  q: Queryable,
  organisationIds: readonly string[],
): Promise<KycReviewRow[]> {
  if (organisationIds.length === 0) return [];
  return (
    await q.query<KycReviewRow>(
      `SELECT * FROM (SELECT DISTINCT ON (organisation_id) * FROM kyc_reviews WHERE organisation_id = ANY($1::uuid[])
                       ORDER BY organisation_id, reviewed_at DESC, id DESC) latest
        WHERE cause = 'identity_change'`,
      [organisationIds],
    )
  ).rows;
}

// Beneficial ownership.

export interface OwnershipLinkRow {
  id: string;
  owned_organisation_id: string;
  owner_organisation_id: string | null;
  owner_person_id: string | null;
  percent: number;
  created_at: Date;
}

/** An ownership link with its owner's name (an organisation's legal name or a person's full name). */
export interface OwnershipLinkView extends OwnershipLinkRow {
  owner_name: string;
}

/** The owners of an organisation, largest share first. */
export async function ownershipLinksOf(q: Queryable, organisationId: string): Promise<OwnershipLinkView[]> {
  return (
    await q.query<OwnershipLinkView>(
      `SELECT l.*, COALESCE(o.legal_name, p.full_name) AS owner_name FROM ownership_links l
         LEFT JOIN organisations o ON o.id = l.owner_organisation_id
         LEFT JOIN persons p ON p.id = l.owner_person_id
        WHERE l.owned_organisation_id = $1 ORDER BY l.percent DESC, l.id`,
      [organisationId],
    )
  ).rows;
}

export async function insertOwnershipLink(q: Queryable, l: OwnershipLinkRow): Promise<void> {
  await q.query(
    `INSERT INTO ownership_links (id, owned_organisation_id, owner_organisation_id, owner_person_id, percent, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [l.id, l.owned_organisation_id, l.owner_organisation_id, l.owner_person_id, l.percent, l.created_at],
  );
}

/** Deletes an ownership link of this organisation; false when it has none by that id. */
export async function deleteOwnershipLink(
  q: Queryable,
  id: string,
  ownedOrganisationId: string,
): Promise<boolean> {
  return (
    (
      await q.query('DELETE FROM ownership_links WHERE id = $1 AND owned_organisation_id = $2', [
        id,
        ownedOrganisationId,
      ])
    ).rowCount > 0
  );
}
