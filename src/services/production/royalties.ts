import { canReadAllPrivate, canWritePrivate } from '../../domain/access/roles.ts';
import { impliedRoyalty, royaltyLine } from '../../domain/production/royalties.ts';
import { appendEvent } from '../../storage/events.ts';
import { findOrganisation } from '../../storage/queries/actors.ts';
import {
  cobaltShippedBy,
  insertRoyaltyDeclaration,
  royaltyDeclarations,
} from '../../storage/queries/production.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { RoyaltyGapView } from './views.ts';

/** The first instant of a month ('YYYY-MM') and of the next, UTC. */
const monthBounds = (period: string) => {
  const [y, m] = period.split('-').map(Number);
  return { from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)) };
};

const DECLARE: CreateOperation<{ declared: RoyaltyGapView['items'][number]; created: boolean }> = {
  name: 'royalty.declare',
  exists: rowIn('royalty_declarations'),
};

/**
 * Records what an actor declared it paid in royalties for a month (the actor itself or the registry keepers), once
 * per month and currency; answered with its line: implied by its shipments, declared, and the gap.
 */
export async function declareRoyalty(
  ctx: AuthedContext,
  input: {
    id?: string;
    organisationId: string;
    period: string;
    currency: string;
    declaredMinor: number;
    reference?: string;
  },
  perTonneMinor: number,
) {
  const org = await findOrganisation(ctx.db, input.organisationId);
  if (!org) throw notFound('organisation');
  if (!canWritePrivate(ctx.principal, input.organisationId))
    throw forbidden("an actor's royalties are declared by the actor or the registry keepers", {
      code: 'production.royalty-declarer',
    });
  const now = ctx.clock();
  if (monthBounds(input.period).from.getTime() > now.getTime())
    throw invalid([{ path: 'period', message: 'is a month to come', code: 'production.period-in-future' }]);
  return createOnce(ctx, DECLARE, input, async (c, id) => {
    const made = await insertRoyaltyDeclaration(
      c.db,
      { ...input, id, reference: input.reference ?? '' },
      { userId: c.principal.userId, at: now },
    );
    if (!made)
      throw conflict('this actor already declared royalties for that month', [], {
        code: 'production.royalty-declared',
        params: { period: input.period },
      });
    await appendEvent(c.db, {
      type: 'royalty.declared',
      subjectType: 'organisation',
      subjectId: input.organisationId,
      payload: { period: input.period, currency: input.currency, declaredMinor: input.declaredMinor },
      actor: actorOf(c.principal),
      at: now,
    });
    const { items } = await linesFor(c, input.period, input.currency, perTonneMinor, input.organisationId);
    return { declared: items[0], created: true };
  });
}

async function linesFor(
  ctx: AuthedContext,
  period: string,
  currency: string,
  perTonneMinor: number,
  organisationId?: string,
): Promise<RoyaltyGapView> {
  const [shipped, declared] = await Promise.all([
    cobaltShippedBy(ctx.db, { ...monthBounds(period), organisationId }),
    royaltyDeclarations(ctx.db, { period, currency, organisationId }),
  ]);
  const ids = [
    ...new Set([...shipped.map((s) => s.organisation_id), ...declared.map((d) => d.organisation_id)]),
  ];
  const items = ids.map((id) => {
    const s = shipped.find((x) => x.organisation_id === id);
    const d = declared.find((x) => x.organisation_id === id);
    const cobaltKg = s?.cobalt_kg ?? '0';
    return {
      organisation: { id, name: (s?.legal_name ?? d?.legal_name)! },
      cobaltKg: Number(cobaltKg),
      ...royaltyLine(impliedRoyalty(cobaltKg, perTonneMinor), d?.declared_minor ?? null),
      reference: d?.reference ?? null,
    };
  });
  // The largest gap first: what the regulator looks at.
  items.sort((a, b) => b.gapMinor - a.gapMinor || a.organisation.name.localeCompare(b.organisation.name));
  return { period, currency, perTonneMinor, items };
}

/**
 * Each actor's royalties for a month: implied by the contained cobalt it shipped (custody, by event time) × the
 * configured rate, beside what it declared, largest gap first. Registry staff and the regulator read every actor;
 * an organisation its own line; a rate is only configured in US dollars.
 */
export async function royaltyGaps(
  ctx: AuthedContext,
  f: { period: string; currency: string },
  perTonneMinor: number,
): Promise<RoyaltyGapView> {
  const p = ctx.principal;
  if (p.role === 'auditor' || p.role === 'monitor' || p.role === 'assessor' || p.role === 'grievance_officer')
    throw forbidden('royalties are read by the regulator, registry staff and each actor', {
      code: 'production.no-access',
    });
  return linesFor(
    ctx,
    f.period,
    f.currency,
    perTonneMinor,
    canReadAllPrivate(p) ? undefined : p.organisationId,
  );
}
