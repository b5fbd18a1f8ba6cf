import { canReadPrivate, canWritePrivate } from '../../domain/access/roles.ts';
import { licenceState, licenceStateDays } from '../../domain/actors/licence-state.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  findLicence,
  findOrganisation,
  findPerson,
  insertLicence,
  type LicenceColumns,
  type LicenceRow,
  licenceIdByNumber,
  listLicencesPage,
  updateLicenceRow,
} from '../../storage/queries/actors.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { findSiteById } from '../../storage/queries/sites.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { licenceFacts } from './licence-facts.ts';
import { privateScope } from './scope.ts';
import type { LicenceView } from './views.ts';

export const LICENCE_TYPES = [
  'artisanal_miner_card',
  'cooperative_approval',
  'trader_card',
  'depot_licence',
  'processing_licence',
  'export_licence',
  'state_buyer_licence',
  'mining_permit',
  'other',
] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];

export interface LicenceInput {
  holderOrganisationId: string;
  holderPersonId?: string | null;
  type: LicenceType;
  number: string;
  issuer: string;
  zoneCode?: string | null;
  siteId?: string | null;
  validFrom: string;
  validUntil?: string | null;
}

function view(r: LicenceRow, now: Date): LicenceView {
  return {
    id: r.id,
    holderOrganisationId: r.holder_organisation_id,
    holderPersonId: r.holder_person_id,
    type: r.type,
    number: r.number,
    issuer: r.issuer,
    zoneCode: r.zone_code,
    siteId: r.site_id,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    state: licenceState(licenceFacts(r), now),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The stored form of a licence's fields. */
const columns = (input: LicenceInput): LicenceColumns => ({
  holder_organisation_id: input.holderOrganisationId,
  holder_person_id: input.holderPersonId ?? null,
  type: input.type,
  number: input.number.trim(),
  issuer: input.issuer.trim(),
  zone_code: input.zoneCode?.trim().toUpperCase() || null,
  site_id: input.siteId ?? null,
  valid_from: input.validFrom,
  valid_until: input.validUntil ?? null,
});

async function check(ctx: AuthedContext, input: LicenceInput, self: string | null) {
  if (!(await findOrganisation(ctx.db, input.holderOrganisationId))) {
    throw invalid([
      {
        path: 'holderOrganisationId',
        message: 'no such organisation',
        code: 'common.field.not-found',
        params: { record: 'organisation' },
      },
    ]);
  }
  if (!canWritePrivate(ctx.principal, input.holderOrganisationId)) {
    throw forbidden("you may not record this organisation's licences", { code: 'actors.licences-forbidden' });
  }
  const errors: FieldError[] = [];
  if (input.holderPersonId) {
    const person = await findPerson(ctx.db, input.holderPersonId);
    if (!person)
      errors.push({
        path: 'holderPersonId',
        message: 'no such person',
        code: 'common.field.not-found',
        params: { record: 'person' },
      });
    else if (person.organisation_id !== input.holderOrganisationId) {
      errors.push({
        path: 'holderPersonId',
        message: 'this person belongs to another organisation',
        code: 'actors.person-elsewhere',
      });
    }
  }
  if (input.siteId && !(await findSiteById(ctx.db, input.siteId))) {
    errors.push({
      path: 'siteId',
      message: 'no such site',
      code: 'common.field.not-found',
      params: { record: 'site' },
    });
  }
  if (input.validUntil && input.validUntil < input.validFrom) {
    errors.push({
      path: 'validUntil',
      message: 'a licence cannot end before it starts',
      code: 'actors.licence-ends-before-start',
    });
  }
  if (errors.length) throw invalid(errors);
  const dup = await licenceIdByNumber(ctx.db, input.type, input.number.trim());
  if (dup && dup !== self) {
    throw conflict(
      'a licence of this type and number is already recorded',
      [{ path: 'number', message: 'already recorded', code: 'actors.licence-taken' }],
      { code: 'actors.licence-taken' },
    );
  }
}

export async function getLicence(ctx: AuthedContext, id: string): Promise<LicenceView> {
  const row = await findLicence(ctx.db, id);
  if (!row || !canReadPrivate(ctx.principal, row.holder_organisation_id)) throw notFound('licence');
  return view(row, ctx.clock());
}

const RECORD: CreateOperation<{ licence: LicenceView; created: boolean }> = {
  name: 'licence.record',
  exists: rowIn('licences'),
};

export async function createLicence(ctx: AuthedContext, input: LicenceInput & { id?: string }) {
  return createOnce(ctx, RECORD, input, (c, id) => recordLicence(c, input, id));
}

async function recordLicence(ctx: AuthedContext, input: LicenceInput & { id?: string }, id: string) {
  await check(ctx, input, null);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertLicence(tx, id, columns(input), now);
    await appendEvent(tx, {
      type: 'licence.recorded',
      subjectType: 'licence',
      subjectId: id,
      payload: { ...input, id },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { licence: await getLicence(ctx, id), created: true };
}

export async function updateLicence(
  ctx: AuthedContext,
  id: string,
  input: LicenceInput & { version: number },
) {
  const row = await findLicence(ctx.db, id);
  if (!row || !canReadPrivate(ctx.principal, row.holder_organisation_id)) throw notFound('licence');
  if (!canWritePrivate(ctx.principal, row.holder_organisation_id))
    throw forbidden('you may not change this licence', { code: 'actors.licence-change-forbidden' });
  if (row.version !== input.version) throw stale('licence', row.version);
  await check(ctx, input, id);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    if (!(await updateLicenceRow(tx, id, input.version, columns(input), now)))
      throw stale('licence', row.version + 1);
    await appendEvent(tx, {
      type: 'licence.updated',
      subjectType: 'licence',
      subjectId: id,
      payload: { ...input },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getLicence(ctx, id);
}

export async function listLicences(
  ctx: AuthedContext,
  f: {
    holderOrganisationId?: string;
    holderPersonId?: string;
    type?: LicenceType;
    state?: 'valid' | 'expired' | 'expiring';
    limit: number;
    cursor?: string;
  },
): Promise<Page<LicenceView>> {
  const scope = privateScope(ctx.principal, f.holderOrganisationId);
  const after = cursorKey(f.cursor, ['day', 'uuid']);
  const now = ctx.clock();
  // "Expiring" means in force today and ending within 60 days.
  const { today, soon } = licenceStateDays(now);
  const rows = await listLicencesPage(
    ctx.db,
    {
      holderOrganisationId: scope,
      holderPersonId: f.holderPersonId ?? null,
      type: f.type ?? null,
      state: f.state ?? null,
      today,
      soon,
    },
    after,
    f.limit + 1,
  );
  return toPage(
    rows,
    f.limit,
    (r) => [r.valid_until ?? '9999-12-31', r.id],
    (r) => view(r, now),
  );
}
