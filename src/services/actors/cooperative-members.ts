import { canReadAllPrivate, canReadPrivate, canWritePrivate } from '../../domain/access/roles.ts';
import {
  canReadMinerCards,
  canRegisterMinerCard,
  firstAdultDay,
  isAdultByBirthYear,
} from '../../domain/actors/miner-cards.ts';
import { appendEvent } from '../../storage/events.ts';
import { findOrganisation } from '../../storage/queries/actors.ts';
import {
  cardCounts,
  findMinerCard,
  insertMembership,
  insertMinerCard,
  type MinerCardRow,
  membershipsOf,
  minerCardsPage,
} from '../../storage/queries/cooperatives.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { CardCountView, MembersView, MinerCardView } from './views.ts';

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** The cooperative, or 404 for one that is not a cooperative or that the caller may not know of. */
async function cooperative(ctx: AuthedContext, id: string) {
  const org = await findOrganisation(ctx.db, id);
  if (!org || !org.chain_roles.includes('cooperative') || !canReadPrivate(ctx.principal, id))
    throw notFound('organisation', 'cooperative');
  return org;
}

/** A cooperative's membership counts over time and how many miners' cards it holds (its own, registry staff). */
export async function cooperativeMembers(ctx: AuthedContext, id: string): Promise<MembersView> {
  const org = await cooperative(ctx, id);
  const [counts, cards] = await Promise.all([membershipsOf(ctx.db, id), cardCounts(ctx.db, [id])]);
  return {
    cooperative: { id, name: org.legal_name },
    counts: counts.map((m) => ({ countedOn: m.counted_on, members: m.members })),
    cards: cards[0]?.cards ?? 0,
  };
}

const RECORD_COUNT: CreateOperation<{ members: MembersView; created: boolean }> = {
  name: 'cooperative.membership',
  exists: rowIn('cooperative_memberships'),
};

/** Records how many members a cooperative counted on a day (the cooperative itself, or the registry keepers). */
export async function recordMembership(
  ctx: AuthedContext,
  cooperativeId: string,
  input: { id?: string; countedOn: string; members: number },
) {
  await cooperative(ctx, cooperativeId);
  if (!canWritePrivate(ctx.principal, cooperativeId))
    throw forbidden("a cooperative's membership is kept by the cooperative or the registry keepers", {
      code: 'actors.members-keepers-only',
    });
  if (input.countedOn > dayOf(ctx.clock()))
    throw invalid([{ path: 'countedOn', message: 'is in the future', code: 'actors.count-in-future' }]);
  return createOnce(ctx, RECORD_COUNT, { ...input, cooperativeId }, async (c, id) => {
    const now = c.clock();
    const made = await insertMembership(
      c.db,
      { ...input, id, cooperativeId },
      { userId: c.principal.userId, at: now },
    );
    if (!made)
      throw conflict('that day is already counted for this cooperative', [], {
        code: 'actors.count-exists',
        params: { countedOn: input.countedOn },
      });
    await appendEvent(c.db, {
      type: 'cooperative.members_counted',
      subjectType: 'organisation',
      subjectId: cooperativeId,
      payload: { countedOn: input.countedOn, members: input.members },
      actor: actorOf(c.principal),
      at: now,
    });
    return { members: await cooperativeMembers(c, cooperativeId), created: true };
  });
}

const cardOf = (c: MinerCardRow): MinerCardView => ({
  id: c.id,
  cardNumber: c.card_number,
  cooperativeId: c.cooperative_id,
  birthYear: c.birth_year,
  issuedOn: c.issued_on,
  createdAt: c.created_at.toISOString(),
});

function requireCardReader(ctx: AuthedContext, cooperativeId: string) {
  if (!canReadMinerCards(ctx.principal, cooperativeId))
    throw forbidden("miners' cards are read by their cooperative and the programme only", {
      code: 'actors.cards-private',
    });
}

/** One page of a cooperative's miners' cards, by card number. */
export async function listMinerCards(
  ctx: AuthedContext,
  cooperativeId: string,
  f: { limit: number; cursor?: string },
): Promise<Page<MinerCardView>> {
  requireCardReader(ctx, cooperativeId);
  await cooperative(ctx, cooperativeId);
  const after = cursorKey(f.cursor, ['text'])?.[0] as string | undefined;
  const rows = await minerCardsPage(ctx.db, cooperativeId, after, f.limit + 1);
  return toPage(rows, f.limit, (r) => [r.card_number], cardOf);
}

const REGISTER_CARD: CreateOperation<{ card: MinerCardView; created: boolean }> = {
  name: 'miner-card.register',
  exists: rowIn('miner_cards'),
  // The answer holds a birth year: only its id is kept, the card is read again on a retry.
  keep: (answer) => answer.card.id,
  restore: async (kept, c) => ({ card: cardOf((await findMinerCard(c.db, kept as string))!) }),
};

/**
 * Registers a miner's card: its number, cooperative and the holder's birth year only. Refused when the birth year
 * does not show that the holder is an adult on the day of issue (children may not work in mining areas).
 */
export async function registerMinerCard(
  ctx: AuthedContext,
  input: { id?: string; cardNumber: string; cooperativeId: string; birthYear: number; issuedOn: string },
) {
  if (!canRegisterMinerCard(ctx.principal, input.cooperativeId))
    throw forbidden("a miner's card is registered by its cooperative or the programme", {
      code: 'actors.cards-private',
    });
  await cooperative(ctx, input.cooperativeId);
  const today = dayOf(ctx.clock());
  if (input.issuedOn > today)
    throw invalid([{ path: 'issuedOn', message: 'is in the future', code: 'actors.card-issued-in-future' }]);
  if (!isAdultByBirthYear(input.birthYear, input.issuedOn))
    throw invalid(
      [
        {
          path: 'birthYear',
          message: `born in ${input.birthYear}, the holder may be under 18 on ${input.issuedOn}; a card may be issued from ${firstAdultDay(input.birthYear)}`,
          code: 'actors.card-holder-minor',
          params: { birthYear: input.birthYear, from: firstAdultDay(input.birthYear) },
        },
      ],
      'a miner must be an adult: children may not work in mining areas',
      { code: 'actors.card-holder-minor' },
    );
  return createOnce(ctx, REGISTER_CARD, input, async (c, id) => {
    const now = c.clock();
    const made = await insertMinerCard(c.db, { ...input, id }, { userId: c.principal.userId, at: now });
    if (!made)
      throw conflict('a card with this number is already registered', [], {
        code: 'actors.card-number-taken',
        params: { cardNumber: input.cardNumber },
      });
    // The event names the card and its cooperative, never the birth year.
    await appendEvent(c.db, {
      type: 'miner_card.registered',
      subjectType: 'miner_card',
      subjectId: id,
      payload: { cardNumber: input.cardNumber, cooperativeId: input.cooperativeId, issuedOn: input.issuedOn },
      actor: actorOf(c.principal),
      at: now,
    });
    return { card: cardOf((await findMinerCard(c.db, id))!), created: true };
  });
}

/** How many cards each cooperative holds: registry staff and the regulator all, a cooperative its own. */
export async function minerCardCounts(ctx: AuthedContext): Promise<{ items: CardCountView[] }> {
  const p = ctx.principal;
  let rows: Awaited<ReturnType<typeof cardCounts>>;
  if (canReadAllPrivate(p)) rows = await cardCounts(ctx.db);
  else if (p.role === 'cooperative_manager') rows = await cardCounts(ctx.db, [p.organisationId]);
  else
    throw forbidden('card counts are read by registry staff, the regulator and each cooperative', {
      code: 'actors.cards-private',
    });
  return {
    items: rows.map((r) => ({ cooperative: { id: r.cooperative_id, name: r.legal_name }, cards: r.cards })),
  };
}
