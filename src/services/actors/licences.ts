import { canReadPrivate, canWritePrivate } from '../../domain/access/roles.ts';
import { isLicenceValid } from '../../domain/actors/red-flags.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import { findOrganisation, type LicenceRow } from '../../storage/queries/actors.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { licenceFacts } from './licence-facts.ts';
import { privateScope } from './scope.ts';

export const LICENCE_TYPES = [
  'artisanal_miner_card',
  'cooperative_approval',
  'trader_card',
  'depot_licence',
  'processing_licence',
  'export_licence',
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

export interface LicenceView {
  id: string;
  holderOrganisationId: string;
  holderPersonId: string | null;
  type: string;
  number: string;
  issuer: string;
  zoneCode: string | null;
  siteId: string | null;
  validFrom: string;
  validUntil: string | null;
  state: 'valid' | 'expired' | 'not_yet_valid';
  version: number;
  createdAt: string;
  updatedAt: string;
}

function view(r: LicenceRow, now: Date): LicenceView {
  const today = now.toISOString().slice(0, 10);
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
    state: isLicenceValid(licenceFacts(r), now)
      ? 'valid'
      : r.valid_from > today
        ? 'not_yet_valid'
        : 'expired',
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The stored form of a licence's fields, in the column order both INSERT and UPDATE use. */
const columns = (input: LicenceInput) => [
  input.holderOrganisationId,
  input.holderPersonId ?? null,
  input.type,
  input.number.trim(),
  input.issuer.trim(),
  input.zoneCode?.trim().toUpperCase() || null,
  input.siteId ?? null,
  input.validFrom,
  input.validUntil ?? null,
];

async function find(q: Queryable, id: string) {
  return (await q.query<LicenceRow>('SELECT * FROM licences WHERE id = $1', [id])).rows[0];
}

async function check(ctx: AuthedContext, input: LicenceInput, self: string | null) {
  if (!(await findOrganisation(ctx.db, input.holderOrganisationId))) {
    throw invalid([{ path: 'holderOrganisationId', message: 'no such organisation' }]);
  }
  if (!canWritePrivate(ctx.principal, input.holderOrganisationId)) {
    throw forbidden("you may not record this organisation's licences");
  }
  const errors: FieldError[] = [];
  if (input.holderPersonId) {
    const person = (
      await ctx.db.query<{ organisation_id: string }>('SELECT organisation_id FROM persons WHERE id = $1', [
        input.holderPersonId,
      ])
    ).rows[0];
    if (!person) errors.push({ path: 'holderPersonId', message: 'no such person' });
    else if (person.organisation_id !== input.holderOrganisationId) {
      errors.push({ path: 'holderPersonId', message: 'this person belongs to another organisation' });
    }
  }
  if (input.siteId && !(await ctx.db.query('SELECT 1 FROM sites WHERE id = $1', [input.siteId])).rows[0]) {
    errors.push({ path: 'siteId', message: 'no such site' });
  }
  if (input.validUntil && input.validUntil < input.validFrom) {
    errors.push({ path: 'validUntil', message: 'a licence cannot end before it starts' });
  }
  if (errors.length) throw invalid(errors);
  const dup = (
    await ctx.db.query<{ id: string }>('SELECT id FROM licences WHERE type = $1 AND number = $2', [
      input.type,
      input.number.trim(),
    ])
  ).rows[0];
  if (dup && dup.id !== self) {
    throw conflict('a licence of this type and number is already recorded', [
      { path: 'number', message: 'already recorded' },
    ]);
  }
}

export async function getLicence(ctx: AuthedContext, id: string): Promise<LicenceView> {
  const row = await find(ctx.db, id);
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
    await tx.query(
      `INSERT INTO licences (id, holder_organisation_id, holder_person_id, type, number, issuer, zone_code, site_id, valid_from,
                             valid_until, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
      [id, ...columns(input), now],
    );
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
  const row = await find(ctx.db, id);
  if (!row || !canReadPrivate(ctx.principal, row.holder_organisation_id)) throw notFound('licence');
  if (!canWritePrivate(ctx.principal, row.holder_organisation_id))
    throw forbidden('you may not change this licence');
  if (row.version !== input.version) throw stale('licence', row.version);
  await check(ctx, input, id);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const updated = await tx.query(
      `UPDATE licences SET holder_organisation_id = $3, holder_person_id = $4, type = $5, number = $6, issuer = $7, zone_code = $8,
              site_id = $9, valid_from = $10, valid_until = $11, version = version + 1, updated_at = $12
        WHERE id = $1 AND version = $2`,
      [id, input.version, ...columns(input), now],
    );
    if (updated.rowCount === 0) throw stale('licence', row.version + 1);
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
  const after = cursorKey(f.cursor, 2);
  const now = ctx.clock();
  const today = now.toISOString().slice(0, 10);
  // "Expiring" means in force today and ending within 60 days.
  const soon = new Date(now.getTime() + 60 * 86400_000).toISOString().slice(0, 10);
  const rows = await ctx.db.query<LicenceRow>(
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
      scope,
      f.holderPersonId ?? null,
      f.type ?? null,
      f.state ?? null,
      today,
      soon,
      after?.[0] ?? null,
      after?.[1] ?? null,
      f.limit + 1,
    ],
  );
  return toPage(
    rows.rows,
    f.limit,
    (r) => [r.valid_until ?? '9999-12-31', r.id],
    (r) => view(r, now),
  );
}
