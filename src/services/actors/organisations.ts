import {
  canReadPrivate,
  canRegisterActors,
  canWritePrivate,
  type Principal,
} from '../../domain/access/roles.ts';
import { type ChainRole, ZONED_ROLES } from '../../domain/actors/chain-roles.ts';
import { identityChanges, type KycStatus, kycAfterIdentityChange } from '../../domain/actors/kyc.ts';
import { computeRedFlags, redactForOutsider } from '../../domain/actors/red-flags.ts';
import {
  checkRegistrationNumber,
  normaliseRegistrationNumber,
  type RegistrationScheme,
} from '../../domain/actors/registration.ts';
import { sitesOutsideZones } from '../../domain/sites/zones.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  findOrganisation,
  insertOrganisation,
  listOrganisationsPage,
  type ORGANISATION_SORT_EXPR,
  type OrganisationProfile,
  type OrganisationRow,
  organisationLicences,
  registrationHolder,
  registrationNumbersOf,
  replaceRegistrationNumbers,
  siteZonesOf,
  updateOrganisationProfile,
} from '../../storage/queries/actors.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { allZones, siteGeometries } from '../../storage/queries/zones.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { sortedCursorKey } from '../cursor.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { exposuresOfOrganisations, listedFacts } from '../screening/exposure.ts';
import { screenActor } from '../screening/screen.ts';
import { zoneFacts } from '../sites/zones.ts';
import { kycReopenings, recordKycReopening } from './kyc-reviews.ts';
import { licenceFacts } from './licence-facts.ts';
import type { OrganisationView } from './views.ts';

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
  const [numbers, licences, siteZones, reopenings, exposures, zones, operated] = await Promise.all([
    registrationNumbersOf(q, ids),
    organisationLicences(q, ids),
    siteZonesOf(q, ids),
    kycReopenings(q, ids),
    exposuresOfOrganisations(q, ids),
    allZones(q),
    siteGeometries(q, ids),
  ]);
  const zoneRules = zones.map(zoneFacts);
  const today = now.toISOString().slice(0, 10);
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
        listed: listedFacts(exposures.get(r.id) ?? []),
        sitesOutsideZones: sitesOutsideZones(
          operated.filter((o) => o.organisation_id === r.id),
          zoneRules,
          today,
        ),
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

/** The stored form of a normalised profile. */
const profile = (o: ReturnType<typeof normalise>): OrganisationProfile => ({
  legal_name: o.legalName,
  trade_names: o.tradeNames,
  chain_roles: o.chainRoles,
  country: o.country,
  addresses: o.addresses,
  contact: o.contact,
  operating_zones: o.operatingZones,
});

async function checkNumbersFree(
  q: Queryable,
  numbers: { scheme: string; number: string }[],
  self: string | null,
) {
  const errors: FieldError[] = [];
  for (const [i, n] of numbers.entries()) {
    const holder = await registrationHolder(q, n.scheme, n.number);
    if (holder && holder.organisation_id !== self) {
      errors.push({
        path: `registrationNumbers.${i}.number`,
        message: `already registered to ${holder.legal_name}`,
        code: 'actors.registration-holder',
        params: { holder: holder.legal_name },
      });
    }
  }
  if (errors.length)
    throw conflict('a registration number is already registered to another organisation', errors, {
      code: 'actors.registration-taken',
    });
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
    throw forbidden('only administrators and analysts register organisations', {
      code: 'actors.registrars-only',
    });
  return createOnce(ctx, REGISTER, input, (c, id) => registerOrganisation(c, input, id));
}

async function registerOrganisation(ctx: AuthedContext, input: OrganisationInput, id: string) {
  const o = normalise(input);
  await checkNumbersFree(ctx.db, o.numbers, null);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertOrganisation(tx, id, profile(o), now);
    await replaceRegistrationNumbers(tx, id, o.numbers);
    await screenActor(tx, ctx, 'organisation', id, actorOf(ctx.principal), now);
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
  if (!canWritePrivate(ctx.principal, id))
    throw forbidden('you may not change this organisation', { code: 'actors.organisation-change-forbidden' });
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
    if (!(await updateOrganisationProfile(tx, id, input.version, profile(o), kyc, now)))
      throw stale('organisation', row.version + 1);
    await replaceRegistrationNumbers(tx, id, o.numbers);
    await screenActor(tx, ctx, 'organisation', id, actorOf(ctx.principal), now);
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

/** The orders an organisation list offers; a leading '-' sorts descending. */
export const ORGANISATION_SORTS = ['name', '-name', 'kyc', '-kyc', 'country', '-country'] as const;
export type OrganisationSort = (typeof ORGANISATION_SORTS)[number];

/** Lists organisations by name; every signed-in user may see the registry's organisations. */
export async function listOrganisations(
  ctx: AuthedContext,
  f: OrganisationFilter,
): Promise<Page<OrganisationView>> {
  const sort = f.sort ?? 'name';
  const after = sortedCursorKey(f.cursor, sort, 'text', 'uuid');
  const rows = await listOrganisationsPage(
    ctx.db,
    {
      q: f.q ?? null,
      chainRole: f.chainRole ?? null,
      kycStatus: f.kycStatus ?? null,
      country: f.country?.toUpperCase() ?? null,
    },
    { field: sort.replace('-', '') as keyof typeof ORGANISATION_SORT_EXPR, desc: sort.startsWith('-') },
    after,
    f.limit + 1,
  );
  const page = toPage(
    rows,
    f.limit,
    (r) => [sort, r.sort_value, r.id],
    (r) => r,
  );
  return {
    items: await organisationViews(ctx.db, page.items, ctx.clock(), ctx.principal),
    nextCursor: page.nextCursor,
  };
}
