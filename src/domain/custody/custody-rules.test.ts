import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkHolding,
  checkMassBalance,
  checkReceiver,
  checkShipment,
  checkTagUnused,
  type ReceiverFacts,
  stockOf,
} from './custody-rules.ts';

test('a tag is used once', () => {
  assert.equal(checkTagUnused('TAG-001', false), null);
  assert.deepEqual(checkTagUnused('TAG-001', true), {
    rule: 'tag_reused',
    message: 'tag TAG-001 was already used on another lot',
    code: 'custody.tag-used',
    params: { tag: 'TAG-001' },
    facts: { tag: 'TAG-001' },
  });
});

const depot: ReceiverFacts = {
  name: 'Comptoir Kolwezi Cobalt SARL',
  kycStatus: 'verified',
  kycExpiresAt: '2027-01-31T00:00:00Z',
  licences: [{ number: 'DEP-1', zoneCode: 'ZEA-LUA-02', validFrom: '2025-01-01', validUntil: '2026-12-31' }],
};

test('a verified receiver with a licence for the zone may receive', () => {
  assert.equal(checkReceiver(depot, 'ZEA-LUA-02', '2026-11-23T10:00:00Z'), null);
  assert.equal(
    checkReceiver(
      { ...depot, licences: [{ ...depot.licences[0], zoneCode: null }] },
      'ZEA-HK-01',
      '2026-11-23',
    ),
    null,
  );
});

test('a receiver whose KYC is pending, rejected or expired is refused', () => {
  assert.equal(
    checkReceiver({ ...depot, kycStatus: 'pending' }, 'ZEA-LUA-02', '2026-11-23')?.rule,
    'receiver_not_verified',
  );
  const expired = checkReceiver(depot, 'ZEA-LUA-02', '2027-02-01');
  assert.deepEqual(
    expired?.message,
    'Comptoir Kolwezi Cobalt SARL is not a verified actor on 2027-02-01 (KYC verified, expired)',
  );
});

test('a receiver without a licence valid that day for the zone is refused', () => {
  assert.deepEqual(checkReceiver(depot, 'ZEA-HK-01', '2026-11-23'), {
    rule: 'receiver_unlicensed',
    message: 'Comptoir Kolwezi Cobalt SARL holds no licence valid on 2026-11-23 for zone ZEA-HK-01',
    code: 'custody.receiver-unlicensed-zone',
    params: { receiver: 'Comptoir Kolwezi Cobalt SARL', day: '2026-11-23', zone: 'ZEA-HK-01' },
    facts: { receiver: 'Comptoir Kolwezi Cobalt SARL', zoneCode: 'ZEA-HK-01' },
  });
  assert.equal(
    checkReceiver({ ...depot, kycExpiresAt: null }, 'ZEA-LUA-02', '2027-01-05')?.rule,
    'receiver_unlicensed',
    'the licence ended on 2026-12-31',
  );
});

test('contained cobalt is conserved through a transformation within the loss tolerance', () => {
  // 2 × 1000 kg at 10 % = 200 kg of cobalt in.
  const inputs = [
    { massKg: 1000, gradePct: 10 },
    { massKg: 1000, gradePct: 10 },
  ];
  assert.equal(checkMassBalance(inputs, [{ massKg: 650, gradePct: 30 }], 5), null, '195 kg out: 2.5 % lost');
  assert.deepEqual(checkMassBalance(inputs, [{ massKg: 600, gradePct: 30 }], 5), {
    rule: 'mass_not_conserved',
    message: '20 kg of cobalt (10 %) is lost, more than the 5 % tolerated',
    code: 'custody.mass-lost',
    params: { lostKg: 20, lossPct: 10, tolerancePct: 5 },
    facts: { inputContainedKg: 200, outputContainedKg: 180, lossTolerancePct: 5 },
  });
  assert.deepEqual(
    checkMassBalance(inputs, [{ massKg: 700, gradePct: 30 }], 5)?.message,
    'the outputs contain 210 kg of cobalt, more than the 200 kg of the inputs',
  );
});

test('no actor ships more than its ledger holds', () => {
  const held = stockOf([
    { massKg: 500, gradePct: 12, direction: 'in' },
    { massKg: 300, gradePct: 8, direction: 'in' },
    { massKg: 200, gradePct: 12, direction: 'out' },
  ]);
  assert.deepEqual(held, { massKg: 600, containedKg: 60 });
  assert.equal(checkShipment('Ets Mwamba Négoce', held, { massKg: 600, gradePct: 10 }), null);
  assert.deepEqual(
    checkShipment('Ets Mwamba Négoce', held, { massKg: 601, gradePct: 10 })?.message,
    'Ets Mwamba Négoce ships 601 kg (60.1 kg of cobalt) but holds 600 kg (60 kg of cobalt)',
  );
  assert.equal(
    checkShipment('Ets Mwamba Négoce', held, { massKg: 400, gradePct: 20 })?.rule,
    'stock_exceeded',
    'more cobalt than held',
  );
});

test('an actor moves only the lots it holds', () => {
  assert.equal(checkHolding('Ets Mwamba Négoce', []), null);
  assert.deepEqual(checkHolding('Ets Mwamba Négoce', [{ label: 'TAG-7', holder: 'Coopérative Tujenge' }]), {
    rule: 'stock_exceeded',
    message: 'Ets Mwamba Négoce does not hold TAG-7 (held by Coopérative Tujenge)',
    code: 'custody.lots-not-held',
    params: { actor: 'Ets Mwamba Négoce', lots: 'TAG-7', holders: 'Coopérative Tujenge' },
    facts: { actor: 'Ets Mwamba Négoce', lots: 'TAG-7' },
  });
});

test('each refusal names its code and the values its sentence says', () => {
  const pending = checkReceiver({ ...depot, kycStatus: 'pending' }, 'ZEA-LUA-02', '2026-11-23');
  assert.deepEqual(
    [pending?.code, pending?.params],
    ['custody.receiver-kyc-pending', { receiver: 'Comptoir Kolwezi Cobalt SARL', day: '2026-11-23' }],
  );
  assert.equal(
    checkReceiver({ ...depot, kycStatus: 'rejected' }, null, '2026-11-23')?.code,
    'custody.receiver-kyc-rejected',
  );
  assert.equal(checkReceiver(depot, null, '2027-02-01')?.code, 'custody.receiver-kyc-expired');
  const unlicensed = checkReceiver({ ...depot, licences: [] }, null, '2026-11-23');
  assert.deepEqual(
    [unlicensed?.code, unlicensed?.params],
    ['custody.receiver-unlicensed', { receiver: 'Comptoir Kolwezi Cobalt SARL', day: '2026-11-23' }],
  );
  const created = checkMassBalance([{ massKg: 1000, gradePct: 10 }], [{ massKg: 700, gradePct: 30 }], 5);
  assert.deepEqual(
    [created?.code, created?.params],
    ['custody.mass-created', { outputKg: 210, inputKg: 100 }],
  );
  const shipped = checkShipment(
    'Ets Mwamba Négoce',
    { massKg: 600, containedKg: 60 },
    { massKg: 601, gradePct: 10 },
  );
  assert.deepEqual(
    [shipped?.code, shipped?.params],
    [
      'custody.stock-exceeded',
      { actor: 'Ets Mwamba Négoce', shippedKg: 601, shippedCobaltKg: 60.1, heldKg: 600, heldCobaltKg: 60 },
    ],
  );
});
