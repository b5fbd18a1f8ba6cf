import { canReadPrivate, canWritePrivate, type Principal } from '../../domain/access/roles.ts';
import { computeRedFlags, redactForOutsider } from '../../domain/actors/red-flags.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  findOrganisation,
  findPerson,
  insertPerson,
  listPersonsPage,
  type PersonColumns,
  type PersonRow,
  personIdByCard,
  personLicences,
  updatePersonRow,
} from '../../storage/queries/actors.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { listedPersons } from '../screening/exposure.ts';
import { screenActor } from '../screening/screen.ts';
import { licenceFacts } from './licence-facts.ts';
import { privateScope } from './scope.ts';
import type { PersonView } from './views.ts';

export const PERSON_KINDS = ['miner', 'official', 'owner', 'contact'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

export interface PersonInput {
  organisationId: string;
  fullName: string;
  kind: PersonKind;
  position?: string | null;
  cardNumber?: string | null;
  birthYear?: number | null;
  operatingZones?: string[];
}

// People are private records, so only insiders read them today; the red flags are redacted anyway for any
// other viewer, the same rule as an organisation's.
async function views(q: Queryable, rows: PersonRow[], now: Date, viewer: Principal): Promise<PersonView[]> {
  const [licences, listed] = await Promise.all([
    personLicences(
      q,
      rows.map((r) => r.id),
    ),
    listedPersons(
      q,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => {
    const redFlags = computeRedFlags(
      {
        zoned: r.kind === 'miner',
        operatingZones: r.operating_zones,
        licences: licences.filter((l) => l.holder_person_id === r.id).map(licenceFacts),
        kyc: null,
        birthYear: r.birth_year,
        listed: listed.get(r.id) ?? [],
      },
      now,
    );
    return {
      id: r.id,
      organisationId: r.organisation_id,
      fullName: r.full_name,
      kind: r.kind as PersonKind,
      position: r.position,
      cardNumber: r.card_number,
      birthYear: r.birth_year,
      operatingZones: r.operating_zones,
      redFlags: canReadPrivate(viewer, r.organisation_id) ? redFlags : redactForOutsider(redFlags),
      version: r.version,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  });
}

function check(input: PersonInput, now: Date) {
  if (input.birthYear != null && input.birthYear > now.getUTCFullYear()) {
    throw invalid([
      { path: 'birthYear', message: 'the birth year is in the future', code: 'actors.birth-year-future' },
    ]);
  }
  if (input.kind === 'miner' && !input.cardNumber) {
    throw invalid([
      {
        path: 'cardNumber',
        message: "a miner is registered with the number of their artisanal miner's card",
        code: 'actors.miner-card-required',
      },
    ]);
  }
}

async function cardTaken(q: Queryable, cardNumber: string | null | undefined, self: string | null) {
  if (!cardNumber) return;
  const holder = await personIdByCard(q, cardNumber);
  if (holder && holder !== self) {
    throw conflict(
      'this card number is already registered',
      [{ path: 'cardNumber', message: 'already registered to another person', code: 'actors.card-taken' }],
      { code: 'actors.card-taken' },
    );
  }
}

/** The stored form of a person's fields. */
const columns = (input: PersonInput): PersonColumns => ({
  organisation_id: input.organisationId,
  full_name: input.fullName.trim(),
  kind: input.kind,
  position: input.position ?? null,
  card_number: input.cardNumber ?? null,
  birth_year: input.birthYear ?? null,
  operating_zones: input.operatingZones ?? [],
});

export async function getPerson(ctx: AuthedContext, id: string): Promise<PersonView> {
  const row = await findPerson(ctx.db, id);
  // Someone who may not see a person learns nothing of them, not even that they exist.
  if (!row || !canReadPrivate(ctx.principal, row.organisation_id)) throw notFound('person');
  return (await views(ctx.db, [row], ctx.clock(), ctx.principal))[0];
}

const REGISTER: CreateOperation<{ person: PersonView; created: boolean }> = {
  name: 'person.register',
  exists: rowIn('persons'),
  // Personal data is read again for a retry, never copied into the kept answer.
  keep: ({ person }) => ({ id: person.id }),
  restore: async (_kept, c, id) => ({ person: await getPerson(c, id) }),
};

export async function createPerson(ctx: AuthedContext, input: PersonInput & { id?: string }) {
  if (!(await findOrganisation(ctx.db, input.organisationId))) {
    throw invalid([
      {
        path: 'organisationId',
        message: 'no such organisation',
        code: 'common.field.not-found',
        params: { record: 'organisation' },
      },
    ]);
  }
  if (!canWritePrivate(ctx.principal, input.organisationId))
    throw forbidden("you may not register this organisation's people", { code: 'actors.persons-forbidden' });
  return createOnce(ctx, REGISTER, input, (c, id) => registerPerson(c, input, id));
}

async function registerPerson(ctx: AuthedContext, input: PersonInput, id: string) {
  const now = ctx.clock();
  check(input, now);
  await cardTaken(ctx.db, input.cardNumber, null);
  await ctx.db.transaction(async (tx) => {
    await insertPerson(tx, id, columns(input), now);
    await screenActor(tx, ctx, 'person', id, actorOf(ctx.principal), now);
    // Personal data stays out of the log: it records that a person was registered, not who.
    await appendEvent(tx, {
      type: 'person.registered',
      subjectType: 'person',
      subjectId: id,
      payload: { organisationId: input.organisationId, kind: input.kind },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { person: await getPerson(ctx, id), created: true };
}

export async function updatePerson(ctx: AuthedContext, id: string, input: PersonInput & { version: number }) {
  const row = await findPerson(ctx.db, id);
  if (!row || !canReadPrivate(ctx.principal, row.organisation_id)) throw notFound('person');
  if (
    !canWritePrivate(ctx.principal, row.organisation_id) ||
    !canWritePrivate(ctx.principal, input.organisationId)
  ) {
    throw forbidden('you may not change this person', { code: 'actors.person-change-forbidden' });
  }
  if (row.version !== input.version) throw stale('person', row.version);
  if (!(await findOrganisation(ctx.db, input.organisationId))) {
    throw invalid([
      {
        path: 'organisationId',
        message: 'no such organisation',
        code: 'common.field.not-found',
        params: { record: 'organisation' },
      },
    ]);
  }
  const now = ctx.clock();
  check(input, now);
  await cardTaken(ctx.db, input.cardNumber, id);
  await ctx.db.transaction(async (tx) => {
    if (!(await updatePersonRow(tx, id, input.version, columns(input), now)))
      throw stale('person', row.version + 1);
    await screenActor(tx, ctx, 'person', id, actorOf(ctx.principal), now);
    await appendEvent(tx, {
      type: 'person.updated',
      subjectType: 'person',
      subjectId: id,
      payload: { organisationId: input.organisationId, kind: input.kind },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getPerson(ctx, id);
}

export async function listPersons(
  ctx: AuthedContext,
  f: { organisationId?: string; kind?: PersonKind; q?: string; limit: number; cursor?: string },
): Promise<Page<PersonView>> {
  const scope = privateScope(ctx.principal, f.organisationId);
  const after = cursorKey(f.cursor, ['text', 'uuid']);
  const rows = await listPersonsPage(
    ctx.db,
    { organisationId: scope, kind: f.kind ?? null, q: f.q ?? null },
    after,
    f.limit + 1,
  );
  const page = toPage(
    rows,
    f.limit,
    (r) => [r.sort_value, r.id],
    (r) => r,
  );
  return { items: await views(ctx.db, page.items, ctx.clock(), ctx.principal), nextCursor: page.nextCursor };
}
