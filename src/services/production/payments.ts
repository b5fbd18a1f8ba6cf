import { divideHalfUp, safeNumber, scaled } from '../../domain/funding/money.ts';
import { canRecordPayment, productionScope } from '../../domain/production/access.ts';
import { deliveryAccount } from '../../domain/production/owed.ts';
import { appendEvent } from '../../storage/events.ts';
import { organisationRoles } from '../../storage/queries/funding.ts';
import {
  deliveriesOf,
  findDelivery,
  findPayment,
  floorPricesUntil,
  insertPayment,
  lockDelivery,
  type PaymentRow,
  paymentsFor,
  paymentsTo,
} from '../../storage/queries/production.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { AccountView, PaymentView } from './views.ts';

const paymentOf = (p: PaymentRow): PaymentView => ({
  id: p.id,
  deliveryEvent: p.delivery_event,
  cooperativeId: p.cooperative_id,
  buyerId: p.buyer_id,
  currency: p.currency,
  amountMinor: p.amount_minor,
  paidAt: p.paid_at.toISOString(),
  reference: p.reference,
  createdAt: p.created_at.toISOString(),
});

const RECORD_PAYMENT: CreateOperation<{ payment: PaymentView; created: boolean }> = {
  name: 'cooperative.payment',
  exists: rowIn('cooperative_payments'),
};

/**
 * Records what the buyer paid a cooperative against one delivery; refused when it would pay more than the
 * delivery is owed at the floor price of its day (an overpayment is a data error, not a bonus to record here).
 */
export async function recordPayment(
  ctx: AuthedContext,
  input: {
    id?: string;
    deliveryEvent: string;
    amountMinor: number;
    currency: string;
    paidAt: string;
    reference?: string;
  },
) {
  return createOnce(ctx, RECORD_PAYMENT, input, async (c, id) => {
    await lockDelivery(c.db, input.deliveryEvent);
    const d = await findDelivery(c.db, input.deliveryEvent);
    if (!d)
      throw invalid([
        {
          path: 'deliveryEvent',
          message: 'not a delivery from a cooperative',
          code: 'production.no-such-delivery',
        },
      ]);
    if (!canRecordPayment(c.principal, d.buyer_id))
      throw forbidden('the buyer that received the delivery records what it paid for it', {
        code: 'production.payer-only',
      });
    const now = c.clock();
    const paidAt = new Date(input.paidAt);
    if (paidAt.getTime() > now.getTime())
      throw invalid([{ path: 'paidAt', message: 'is in the future', code: 'production.date-in-future' }]);
    if (paidAt.getTime() < d.shipped_at.getTime())
      throw invalid([
        { path: 'paidAt', message: 'is before the delivery', code: 'production.paid-before-delivery' },
      ]);
    const prices = await floorPricesUntil(c.db, input.currency, d.shipped_at.toISOString().slice(0, 10));
    const account = deliveryAccount(
      { deliveryEvent: d.event_id, shippedAt: d.shipped_at, lots: d.lots },
      prices.map((p) => ({
        kind: p.kind,
        currency: p.currency,
        perTonneMinor: p.per_tonne_minor,
        effectiveOn: p.effective_on,
      })),
      input.currency,
      (await paymentsFor(c.db, d.event_id)).map((p) => ({
        deliveryEvent: p.delivery_event,
        amountMinor: p.amount_minor,
        currency: p.currency,
      })),
    );
    if (account.balanceMinor === null)
      throw conflict('no floor price in this currency was in force on the delivery day', [], {
        code: 'production.no-floor-price',
        params: { currency: input.currency },
      });
    if (input.amountMinor > account.balanceMinor)
      throw conflict(
        'this pays more than the delivery is still owed',
        [
          {
            path: 'amountMinor',
            message: `at most ${account.balanceMinor}`,
            code: 'production.payment-exceeds-owed',
            params: { balanceMinor: account.balanceMinor },
          },
        ],
        { code: 'production.payment-exceeds-owed', params: { balanceMinor: account.balanceMinor } },
      );
    await insertPayment(c.db, {
      id,
      deliveryEvent: d.event_id,
      cooperativeId: d.cooperative_id,
      buyerId: d.buyer_id,
      currency: input.currency,
      amountMinor: input.amountMinor,
      paidAt,
      reference: input.reference ?? '',
      by: c.principal.userId,
      at: now,
    });
    await appendEvent(c.db, {
      type: 'cooperative.paid',
      subjectType: 'organisation',
      subjectId: d.cooperative_id,
      payload: {
        paymentId: id,
        deliveryEvent: d.event_id,
        amountMinor: input.amountMinor,
        currency: input.currency,
      },
      actor: actorOf(c.principal),
      at: now,
    });
    return { payment: paymentOf((await findPayment(c.db, id))!), created: true };
  });
}

const kg = (massGrade: bigint, divisor: bigint) => safeNumber(divideHalfUp(massGrade, divisor)) / 1000;

/**
 * A cooperative's account in a currency: each delivery, what it was owed at the floor price of its day, what was
 * paid against it, and the totals. The cooperative reads its own; registry staff and the regulator any.
 */
export async function cooperativeAccount(
  ctx: AuthedContext,
  cooperativeId: string,
  currency: string,
): Promise<AccountView> {
  const scope = productionScope(ctx.principal);
  const all = scope !== null && 'all' in scope;
  if (!all && !(scope && 'cooperativeId' in scope && scope.cooperativeId === cooperativeId))
    throw forbidden('a cooperative sees its own payments only', { code: 'production.own-account-only' });
  const roles = await organisationRoles(ctx.db, cooperativeId);
  if (!roles?.includes('cooperative')) throw notFound('organisation');
  const deliveries = await deliveriesOf(ctx.db, cooperativeId);
  const today = ctx.clock().toISOString().slice(0, 10);
  const prices = (await floorPricesUntil(ctx.db, currency, today)).map((p) => ({
    kind: p.kind,
    currency: p.currency,
    perTonneMinor: p.per_tonne_minor,
    effectiveOn: p.effective_on,
  }));
  const payments = await paymentsTo(ctx.db, cooperativeId);
  const lines = deliveries.map((d) => {
    const a = deliveryAccount(
      { deliveryEvent: d.event_id, shippedAt: d.shipped_at, lots: d.lots },
      prices,
      currency,
      payments.map((p) => ({
        deliveryEvent: p.delivery_event,
        amountMinor: p.amount_minor,
        currency: p.currency,
      })),
    );
    const mass = d.lots.reduce((s, l) => s + scaled(l.massKg, 3), 0n);
    const massGrade = d.lots.reduce((s, l) => s + scaled(l.massKg, 3) * scaled(l.gradePct, 6), 0n);
    return {
      deliveryEvent: d.event_id,
      shippedAt: d.shipped_at.toISOString(),
      buyer: { id: d.buyer_id, name: d.buyer_name },
      reference: d.transaction_ref,
      lots: d.lots.length,
      massKg: kg(mass, 1n),
      cobaltKg: kg(massGrade, 10n ** 8n),
      priceMinor: a.priceMinor,
      owedMinor: a.owedMinor,
      paidMinor: a.paidMinor,
      balanceMinor: a.balanceMinor,
      payments: payments
        .filter((p) => p.delivery_event === d.event_id && p.currency === currency)
        .map(paymentOf),
    };
  });
  const owed = lines.reduce((s, l) => s + (l.owedMinor ?? 0), 0);
  const paid = lines.reduce((s, l) => s + l.paidMinor, 0);
  return {
    cooperative: { id: cooperativeId, name: deliveries[0]?.cooperative_name ?? '' },
    currency,
    owedMinor: owed,
    paidMinor: paid,
    balanceMinor: owed - paid,
    unpricedDeliveries: lines.filter((l) => l.owedMinor === null).length,
    deliveries: lines,
  };
}
