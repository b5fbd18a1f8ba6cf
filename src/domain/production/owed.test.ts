import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deliveryAccount, deliveryValue, priceOn } from './owed.ts';

const prices = [
  { kind: 'floor' as const, currency: 'USD', perTonneMinor: 1_500_000, effectiveOn: '2026-01-01' },
  { kind: 'floor' as const, currency: 'USD', perTonneMinor: 1_600_000, effectiveOn: '2026-02-01' },
  { kind: 'market' as const, currency: 'USD', perTonneMinor: 2_400_000, effectiveOn: '2026-01-15' },
];

test('the price in force on a day is the latest of its kind effective on or before it', () => {
  assert.equal(priceOn(prices, 'floor', 'USD', '2026-01-31')?.perTonneMinor, 1_500_000);
  assert.equal(priceOn(prices, 'floor', 'USD', '2026-02-01')?.perTonneMinor, 1_600_000);
  assert.equal(priceOn(prices, 'market', 'USD', '2026-01-14'), null);
  assert.equal(priceOn(prices, 'floor', 'CDF', '2026-03-01'), null);
});

test('a delivery is worth mass × grade × price, rounded once to the cent', () => {
  // 48 kg at 9 % + 49 kg at 10 %: 9.22 kg of cobalt at 15,000.00 a tonne = 138.30.
  assert.equal(
    deliveryValue(
      [
        { massKg: '48.000', gradePct: '9.000000' },
        { massKg: '49', gradePct: '10' },
      ],
      1_500_000,
    ),
    13_830,
  );
  // 50.125 kg at 11.5 %: 5.764375 kg at 15,000.00 = 86.465625, so 86.47.
  assert.equal(deliveryValue([{ massKg: '50.125', gradePct: '11.5' }], 1_500_000), 8_647);
});

test('a cooperative is owed at the floor of its delivery day, less what it was paid', () => {
  const lots = [
    { massKg: '48', gradePct: '9' },
    { massKg: '49', gradePct: '10' },
  ];
  const account = deliveryAccount(
    { deliveryEvent: 'e1', shippedAt: new Date('2026-02-10T08:00:00Z'), lots },
    prices,
    'USD',
    [
      { deliveryEvent: 'e1', amountMinor: 10_000, currency: 'USD' },
      { deliveryEvent: 'e2', amountMinor: 99_999, currency: 'USD' },
    ],
  );
  assert.deepEqual(account, {
    deliveryEvent: 'e1',
    shippedAt: new Date('2026-02-10T08:00:00Z'),
    priceMinor: 1_600_000,
    owedMinor: 14_752,
    paidMinor: 10_000,
    balanceMinor: 4_752,
  });
  const unpriced = deliveryAccount(
    { deliveryEvent: 'e0', shippedAt: new Date('2025-12-31T23:00:00Z'), lots },
    prices,
    'USD',
    [],
  );
  assert.equal(unpriced.owedMinor, null);
});
