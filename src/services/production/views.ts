import { z } from 'zod';
import { isoDate, isoDateTime } from '../views.ts';

const minor = z.number().int().describe('an exact amount in minor units of the currency (cents)');

export const priceView = z.object({
  id: z.uuid(),
  kind: z.enum(['floor', 'market']),
  currency: z.string(),
  perTonneMinor: minor.describe('per tonne of contained cobalt'),
  effectiveOn: isoDate,
  source: z.string(),
  createdAt: isoDateTime,
});
export type PriceView = z.output<typeof priceView>;

export const volumeView = z.object({
  month: z.string().describe('YYYY-MM, of the delivery’s event time (UTC)'),
  site: z.object({ id: z.uuid(), code: z.string() }).nullable(),
  cooperative: z.object({ id: z.uuid(), name: z.string() }),
  buyer: z.object({ id: z.uuid(), name: z.string() }),
  lots: z.number().int(),
  massKg: z.number(),
  cobaltKg: z.number(),
});
export type VolumeView = z.output<typeof volumeView>;

export const exportFlowView = z.object({
  month: z.string().describe('YYYY-MM, of the shipment’s event time (UTC)'),
  exporter: z.object({ id: z.uuid(), name: z.string() }),
  destinationCountry: z.string().describe('ISO 3166-1 alpha-2 code of the receiver'),
  receiver: z.object({
    id: z.uuid(),
    name: z.string(),
    refiner: z.boolean().describe('whether it is a refiner'),
  }),
  lots: z.number().int(),
  massKg: z.number(),
  cobaltKg: z.number(),
});
export type ExportFlowView = z.output<typeof exportFlowView>;

export const paymentView = z.object({
  id: z.uuid(),
  deliveryEvent: z.string(),
  cooperativeId: z.uuid(),
  buyerId: z.uuid(),
  currency: z.string(),
  amountMinor: minor,
  paidAt: isoDateTime,
  reference: z.string(),
  createdAt: isoDateTime,
});
export type PaymentView = z.output<typeof paymentView>;

export const accountView = z.object({
  cooperative: z.object({ id: z.uuid(), name: z.string() }),
  currency: z.string(),
  owedMinor: minor.describe('Σ owed over the deliveries with a floor price on their day'),
  paidMinor: minor,
  balanceMinor: minor.describe('owed − paid'),
  unpricedDeliveries: z.number().int(),
  deliveries: z.array(
    z.object({
      deliveryEvent: z.string(),
      shippedAt: isoDateTime,
      buyer: z.object({ id: z.uuid(), name: z.string() }),
      reference: z.string().nullable(),
      lots: z.number().int(),
      massKg: z.number(),
      cobaltKg: z.number(),
      priceMinor: minor.nullable(),
      owedMinor: minor.nullable(),
      paidMinor: minor,
      balanceMinor: minor.nullable(),
      payments: z.array(paymentView),
    }),
  ),
});
export type AccountView = z.output<typeof accountView>;

export const royaltyGapView = z.object({
  period: z.string().describe('YYYY-MM'),
  currency: z.string(),
  perTonneMinor: minor.describe('the configured royalty per tonne of contained cobalt'),
  items: z.array(
    z.object({
      organisation: z.object({ id: z.uuid(), name: z.string() }),
      cobaltKg: z.number().describe('contained cobalt it shipped that month, from custody'),
      impliedMinor: minor.describe('cobalt × the rate, rounded half up once'),
      declaredMinor: minor.nullable().describe('null: nothing declared'),
      gapMinor: z.number().int().describe('implied − declared'),
      reference: z.string().nullable(),
    }),
  ),
});
export type RoyaltyGapView = z.output<typeof royaltyGapView>;
