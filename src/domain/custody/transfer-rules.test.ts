import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStateBuyerMonopoly, type TransferFacts, transferViolations } from './transfer-rules.ts';

const facts = (
  over: Partial<TransferFacts> = {},
  receiver: Partial<TransferFacts['receiver']> = {},
): TransferFacts => ({
  receiver: {
    name: 'Comptoir',
    kycStatus: 'verified',
    kycExpiresAt: null,
    licences: [{ number: 'L-1', zoneCode: 'KZI', validFrom: '2026-01-01', validUntil: '2026-12-31' }],
    country: 'CD',
    isIntermediary: false,
    ...receiver,
  },
  zones: ['KZI'],
  at: '2026-04-01T08:00:00.000Z',
  monthKg: 100,
  sourceCapacitiesKg: [1000],
  ...over,
});

const rules = (f: TransferFacts) => transferViolations(f).map((v) => v.rule);

test('a verified receiver licensed for the zone on the day breaks no rule', () => {
  assert.deepEqual(rules(facts()), []);
});

test('each zone the ore comes from needs a licence valid on the day', () => {
  assert.deepEqual(rules(facts({ zones: ['KZI', 'LKS'] })), ['receiver_unlicensed']);
  assert.deepEqual(rules(facts({ at: '2027-01-02T00:00:00.000Z' })), ['receiver_unlicensed']);
  assert.deepEqual(rules(facts({ zones: [] })), []);
});

test('a receiver abroad is asked for its KYC only', () => {
  assert.deepEqual(rules(facts({}, { country: 'SE', licences: [] })), []);
  assert.deepEqual(rules(facts({}, { country: 'SE', licences: [], kycStatus: 'pending' })), [
    'receiver_not_verified',
  ]);
  assert.deepEqual(rules(facts({}, { country: 'CD', licences: [] })), ['receiver_unlicensed']);
});

test('an intermediary may not handle more in a month than its sources could supply', () => {
  assert.deepEqual(rules(facts({ monthKg: 5000 }, { isIntermediary: true })), [
    'supplier_volume_implausible',
  ]);
  assert.deepEqual(rules(facts({ monthKg: 5000 })), []);
  assert.deepEqual(
    rules(facts({ monthKg: 5000, sourceCapacitiesKg: [1000, null] }, { isIntermediary: true })),
    [],
  );
  const [v] = transferViolations(facts({ monthKg: 5000 }, { isIntermediary: true }));
  assert.equal(v.facts.month, '2026-04');
});

test('under the state buyer monopoly a cooperative sells only to the state buyer or a buyer it licensed', () => {
  const sale = { senderIsCooperative: true, receiverIsStateBuyer: false, receiverLicensed: false };
  assert.deepEqual(checkStateBuyerMonopoly('Ets Mwamba Négoce', sale), {
    rule: 'sold_outside_monopoly',
    message:
      'Ets Mwamba Négoce is neither the state buyer nor licensed by it: a cooperative sells only to them',
    code: 'custody.outside-monopoly',
    params: { receiver: 'Ets Mwamba Négoce' },
    facts: { receiver: 'Ets Mwamba Négoce' },
  });
  assert.equal(checkStateBuyerMonopoly('EGC', { ...sale, receiverIsStateBuyer: true }), null);
  assert.equal(checkStateBuyerMonopoly('Ets Mwamba Négoce', { ...sale, receiverLicensed: true }), null);
  assert.equal(checkStateBuyerMonopoly('Comptoir', { ...sale, senderIsCooperative: false }), null);
  // Not enforced: nothing is judged.
  assert.equal(checkStateBuyerMonopoly('Ets Mwamba Négoce', undefined), null);
});
