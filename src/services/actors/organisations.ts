import {
  canReadPrivate,
  canRegisterActors,
  canWritePrivate,
  type Principal,
} from '../../domain/access/roles.ts';
import { type ChainRole, ZONED_ROLES } from '../../domain/actors/chain-roles.ts';
import {
  type IdentityChange,
  identityChanges,
  type KycStatus,
  kycAfterIdentityChange,
} from '../../domain/actors/kyc.ts';
import { computeRedFlags, type RedFlag, redactForOutsider } from '../../domain/actors/red-flags.ts';
import {
  checkRegistrationNumber,
  normaliseRegistrationNumber,
  type RegistrationScheme,
} from '../../domain/actors/registration.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  findOrganisation,
  type OrganisationRow,
  organisationLicences,
  registrationNumbersOf,
  siteZonesOf,
} from '../../storage/queries/actors.ts';
import { keysetSql, type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { sortedCursorKey } from '../cursor.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { kycReopenings, recordKycReopening } from './kyc-reviews.ts';
import { licenceFacts } from './licence-facts.ts';

export interface Address {
  line: string;
  city?: string;
  province?: string;
  country?: string;
}

export interface Contact {
  name?: string;
  email?: string;
  phone?: string;
}

export interface OrganisationInput {
  legalName: string;
  tradeNames?: string[];
  chainRoles: ChainRole[];
  country: string;
  registrationNumbers: { scheme: RegistrationScheme; number: string }[];
  addresses?: Address[];
  contact?: Contact | null;
  operatingZones?: string[];
}

export interface OrganisationView {
  id: string;
  legalName: string;
  tradeNames: string[];
  chainRoles: string[];
  country: string;
  registrationNumbers: { scheme: string; number: string }[];
  addresses: Address[];
  contact: Contact | null;
  operatingZones: string[];
  kyc: {
    status: KycStatus;
    reviewedAt: string | null;
    reviewedBy: string | null;
    expiresAt: string | null;
    /** Set while the KYC is pending because a change of identity re-opened it: when, which fields, why. */
    reopened: { at: string; fields: IdentityChange['field'][]; reason: string } | null;
  };
  redFlags: RedFlag[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Builds the views of stored organisations, red flags included, in a few queries for the whole page. A viewer
 * outside an organisation (and not registry staff) sees its red flags without licence numbers.
 */
export async function organisationViews(
  q: Queryable,
  rows: OrganisationRow[],
  now: Date,
  viewer: Principal,
): Promise<OrganisationView[]> {
  const ids = rows.map((r) => r.id);
  const [numbers, licences, siteZones, reopenings] = await Promise.all([
    registrationNumbersOf(q, ids),
    organisationLicences(q, ids),
    siteZonesOf(q, ids),
    kycReopenings(q, ids),
  ]);
  return rows.map((r) => {
    const zones = [
      ...r.operating_zones,
      ...siteZones.filter((z) => z.organisation_id === r.id).map((z) => z.zone_code),
    ];
    const kyc = { status: r.kyc_status, expiresAt: r.kyc_expires_at };
    const redFlags = computeRedFlags(
      {
        zoned: r.chain_roles.some((role) => ZONED_ROLES.includes(role as ChainRole)),
        operatingZones: zones,
        licences: licences.filter((l) => l.holder_organisation_id === r.id).map(licenceFacts),
        kyc,
      },
      now,
    );
    return {
      id: r.id,
      legalName: r.legal_name,
      tradeNames: r.trade_names,
      chainRoles: r.chain_roles,
      country: r.country,
      registrationNumbers: numbers
        .filter((n) => n.organisation_id === r.id)
        .map(({ scheme, number }) => ({ scheme, number })),
      addresses: r.addresses,
      contact: r.contact,
      operatingZones: r.operating_zones,
      kyc: {
        status: r.kyc_status,
        reviewedAt: r.kyc_reviewed_at?.toISOString() ?? null,
        reviewedBy: r.kyc_reviewed_by,
        expiresAt: r.kyc_expires_at?.toISOString() ?? null,
        reopened: (() => {
          const reopening = reopenings.find((k) => k.organisationId === r.id);
          return reopening && r.kyc_status === 'pending'
            ? {
                at: reopening.reviewedAt,
                fields: (reopening.changes ?? []).map((c) => c.field),
                reason: reopening.reason ?? '',
              }
            : null;
        })(),
      },
      redFlags: canReadPrivate(viewer, r.id) ? redFlags : redactForOutsider(redFlags),
      version: r.version,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  });
}

function normalise(input: OrganisationInput) {
  const errors: FieldError[] = [];
  const numbers = input.registrationNumbers.map((n, i) => {
    const problem = checkRegistrationNumber(n.scheme, n.number);
    if (problem) errors.push({ path: `registrationNumbers.${i}.number`, ...problem });
    return { scheme: n.scheme, number: normaliseRegistrationNumber(n.number) };
  });
  const seen = new Set<string>();
  numbers.forEach((n, i) => {
    const key = `${n.scheme}:${n.number}`;
    if (seen.has(key))
      errors.push({
        path: `registrationNumbers.${i}.number`,
        message: 'listed twice',
        code: 'actors.registration-twice',
      });
    seen.add(key);
  });
  if (errors.length) throw invalid(errors);
  return {
    legalName: input.legalName.trim(),
    tradeNames: [...new Set((input.tradeNames ?? []).map((t) => t.trim()).filter(Boolean))],
    chainRoles: [...new Set(input.chainRoles)],
    country: input.country.toUpperCase(),
    numbers,
    addresses: input.addresses ?? [],
    contact: input.contact ?? null,
    operatingZones: [
      ...new Set((input.operatingZones ?? []).map((z) => z.trim().toUpperCase()).filter(Boolean)),
    ],
  };
}

/** The stored form of a normalised profile, in the column order both INSERT and UPDATE use. */
const columns = (o: ReturnType<typeof normalise>) => [
  o.legalName,
  o.tradeNames,
  o.chainRoles,
  o.country,
  JSON.stringify(o.addresses),
  o.contact && JSON.stringify(o.contact),
  o.operatingZones,
];

async function checkNumbersFree(
  q: Queryable,
  numbers: { scheme: string; number: string }[],
  self: string | null,
) {
  const errors: FieldError[] = [];
  for (const [i, n] of numbers.entries()) {
    const taken = await q.query<{ organisation_id: string; legal_name: string }>(
      `SELECT r.organisation_id, o.legal_name FROM registration_numbers r JOIN organisations o ON o.id = r.organisation_id
        WHERE r.scheme = $1 AND r.number = $2`,
      [n.scheme, n.number],
    );
    const holder = taken.rows[0];
    if (holder && holder.organisation_id !== self) {
      errors.push({
        path: `registrationNumbers.${i}.number`,
        message: `already registered to ${holder.legal_name}`,
      });
    }
  }
  if (errors.length)
    throw conflict('a registration number is already registered to another organisation', errors);
}

async function writeNumbers(q: Queryable, id: string, numbers: { scheme: string; number: string }[]) {
  await q.query('DELETE FROM registration_numbers WHERE organisation_id = $1', [id]);
  for (const n of numbers) {
    await q.query('INSERT INTO registration_numbers (scheme, number, organisation_id) VALUES ($1, $2, $3)', [
      n.scheme,
      n.number,
      id,
    ]);
  }
}

export async function getOrganisation(ctx: AuthedContext, id: string): Promise<OrganisationView> {
  const row = await findOrganisation(ctx.db, id);
  if (!row) throw notFound('organisation');
  return (await organisationViews(ctx.db, [row], ctx.clock(), ctx.principal))[0];
}

const REGISTER: CreateOperation<{ organisation: OrganisationView; created: boolean }> = {
  name: 'organisation.register',
  exists: rowIn('organisations'),
  // The contact may name a person: the answer is read again rather than copied.
  keep: ({ organisation }) => ({ id: organisation.id }),
  restore: async (_kept, c, id) => ({ organisation: await getOrganisation(c, id) }),
};

/** Registers an organisation; a retried creation with the same id answers what the first did. */
export async function createOrganisation(
  ctx: AuthedContext,
  input: OrganisationInput & { id?: string },
): Promise<{ organisation: OrganisationView; created: boolean }> {
  if (!canRegisterActors(ctx.principal))
    throw forbidden('only administrators and analysts register organisations');
  return createOnce(ctx, REGISTER, input, (c, id) => registerOrganisation(c, input, id));
}

async function registerOrganisation(ctx: AuthedContext, input: OrganisationInput, id: string) {
  const o = normalise(input);
  await checkNumbersFree(ctx.db, o.numbers, null);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO organisations (id, legal_name, trade_names, chain_roles, country, addresses, contact, operating_zones,
                                  created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
      [id, ...columns(o), now],
    );
    await writeNumbers(tx, id, o.numbers);
    await appendEvent(tx, {
      type: 'organisation.registered',
      subjectType: 'organisation',
      subjectId: id,
      payload: { ...o },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { organisation: await getOrganisation(ctx, id), created: true };
}

/**
 * Replaces an organisation's profile; `version` must be the one the caller read. A change of its legal name,
 * registration numbers or chain roles, by anyone, sends a verified KYC back to pending review.
 */
export async function updateOrganisation(
  ctx: AuthedContext,
  id: string,
  input: OrganisationInput & { version: number },
): Promise<OrganisationView> {
  const row = await findOrganisation(ctx.db, id);
  if (!row) throw notFound('organisation');
  if (!canWritePrivate(ctx.principal, id)) throw forbidden('you may not change this organisation');
  if (row.version !== input.version) throw stale('organisation', row.version);
  const o = normalise(input);
  await checkNumbersFree(ctx.db, o.numbers, id);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const changes = identityChanges(
      {
        legalName: row.legal_name,
        registrationNumbers: await registrationNumbersOf(tx, [id]),
        chainRoles: row.chain_roles,
      },
      { legalName: o.legalName, registrationNumbers: o.numbers, chainRoles: o.chainRoles },
    );
    const kycBefore = { status: row.kyc_status, expiresAt: row.kyc_expires_at };
    const kyc = kycAfterIdentityChange(kycBefore, changes);
    const updated = await tx.query(
      `UPDATE organisations SET legal_name = $3, trade_names = $4, chain_roles = $5, country = $6, addresses = $7,
              contact = $8, operating_zones = $9, kyc_status = $11, kyc_expires_at = $12, version = version + 1,
              updated_at = $10
        WHERE id = $1 AND version = $2`,
      [id, input.version, ...columns(o), now, kyc.status, kyc.expiresAt],
    );
    if (updated.rowCount === 0) throw stale('organisation', row.version + 1);
    await writeNumbers(tx, id, o.numbers);
    const reopened = kyc.status !== kycBefore.status;
    if (reopened) await recordKycReopening(tx, id, kycBefore, changes, ctx.principal.userId, now);
    await appendEvent(tx, {
      type: 'organisation.updated',
      subjectType: 'organisation',
      subjectId: id,
      payload: {
        ...o,
        identityChanges: changes,
        kyc: reopened ? { from: kycBefore.status, to: kyc.status, reason: 'identity_change' } : null,
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getOrganisation(ctx, id);
}

export interface OrganisationFilter {
  q?: string;
  chainRole?: ChainRole;
  kycStatus?: KycStatus;
  country?: string;
  sort?: OrganisationSort;
  limit: number;
  cursor?: string;
}

/** Lists organisations by name; every signed-in user may see the registry's organisations. */
/** The orders an organisation list offers; a leading '-' sorts descending. */
export const ORGANISATION_SORTS = ['name', '-name', 'kyc', '-kyc', 'country', '-country'] as const;
export type OrganisationSort = (typeof ORGANISATION_SORTS)[number];
const ORGANISATION_SORT_EXPR = { name: 'lower(o.legal_name)', kyc: 'o.kyc_status', country: 'o.country' };

export async function listOrganisations(
  ctx: AuthedContext,
  f: OrganisationFilter,
): Promise<Page<OrganisationView>> {
  const sort = f.sort ?? 'name';
  const after = sortedCursorKey(f.cursor, sort);
  const field = sort.replace('-', '') as keyof typeof ORGANISATION_SORT_EXPR;
  const order = keysetSql(
    { expr: ORGANISATION_SORT_EXPR[field], desc: sort.startsWith('-'), tie: 'o.id', tieCast: 'uuid' },
    5,
  );
  const rows = await ctx.db.query<OrganisationRow & { sort_value: string }>(
    `SELECT o.*, ${ORGANISATION_SORT_EXPR[field]} AS sort_value FROM organisations o
      WHERE ($1::text IS NULL OR o.legal_name ILIKE '%' || $1 || '%' OR array_to_string(o.trade_names, ' ') ILIKE '%' || $1 || '%'
             OR EXISTS (SELECT 1 FROM registration_numbers r WHERE r.organisation_id = o.id AND r.number ILIKE '%' || $1 || '%'))
        AND ($2::text IS NULL OR $2 = ANY(o.chain_roles))
        AND ($3::text IS NULL OR o.kyc_status = $3)
        AND ($4::text IS NULL OR o.country = $4)
        AND ${order.after}
      ORDER BY ${order.orderBy} LIMIT $7`,
    [
      f.q ?? null,
      f.chainRole ?? null,
      f.kycStatus ?? null,
      f.country?.toUpperCase() ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      f.limit + 1,
    ],
  );
  const page = toPage(
    rows.rows,
    f.limit,
    (r) => [sort, r.sort_value, r.id],
    (r) => r,
  );
  return {
    items: await organisationViews(ctx.db, page.items, ctx.clock(), ctx.principal),
    nextCursor: page.nextCursor,
  };
}
