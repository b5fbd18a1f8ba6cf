import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  amanaIdentifier,
  type CaptureFacts,
  type Capturer,
  captureClaim,
  captureViolations,
} from './capture-authority.ts';

const COOP = '019a0000-0000-7000-8000-00000000c001';
const DEPOT = '019a0000-0000-7000-8000-00000000d001';
const REFINER = '019a0000-0000-7000-8000-00000000e001';
const org = (id: string) => `urn:amana:org:${id}`;
const id = { eventId: 'urn:uuid:e1', hash: 'ni:///sha-256;e1' };

const facts = (): CaptureFacts => ({
  lots: new Map([
    // A sack the cooperative handed to the depot; the depot holds it.
    ['urn:amana:lot:SACK-1', { holderId: DEPOT, handedToCapturerBy: [] }],
    // Hydroxide the refiner holds.
    ['urn:amana:lot:HYD-1', { holderId: REFINER, handedToCapturerBy: [] }],
  ]),
  sites: new Map([['KZI-001', { operators: [COOP] }]]),
  organisations: new Map([
    [COOP, 'Coopérative Tujenge'],
    [DEPOT, 'Comptoir Kolwezi'],
    [REFINER, 'Nordkobolt'],
  ]),
  declaredCapturers: new Map(),
});
const as = (organisationId: string, staff = false): Capturer => ({ organisationId, staff });
const check = (event: Record<string, unknown>, capturer: Capturer, f = facts()) => {
  const claim = captureClaim(event, 0, id);
  assert.ok(claim, 'the event names something of Amana');
  return captureViolations([claim], f, capturer).map((v) => [v.rule, v.message]);
};

test('an event naming nothing of Amana is any repository’s business', () => {
  assert.equal(
    captureClaim(
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        bizStep: 'shipping',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2017'],
        sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:0614141.00001' }],
      },
      0,
      id,
    ),
    null,
  );
});

test('Amana’s namespace is recognised whatever the case of its name', () => {
  assert.equal(amanaIdentifier(' URN:Amana:lot:TAG-1 '), 'urn:amana:lot:TAG-1');
  assert.equal(amanaIdentifier('urn:epc:id:sgtin:1.2.3'), null);
});

const receiving = (to: string, from = COOP) => ({
  type: 'ObjectEvent',
  action: 'OBSERVE',
  bizStep: 'receiving',
  epcList: ['urn:amana:lot:HYD-1'],
  sourceList: [{ type: 'owning_party', source: org(from) }],
  destinationList: [{ type: 'owning_party', destination: org(to) }],
});

test('a receiving is captured by the receiver, of lots handed to it', () => {
  assert.deepEqual(check(receiving(REFINER), as(DEPOT)), [
    [
      'receiving-by-receiver',
      'names Nordkobolt as the receiver, not Comptoir Kolwezi: a receiving is captured by the receiver, of lots handed to it',
    ],
    [
      'receiving-by-receiver',
      'urn:amana:lot:HYD-1 was never handed to Comptoir Kolwezi (held by Nordkobolt): a receiving is captured by the receiver, of lots handed to it',
    ],
    [
      'receiving-by-receiver',
      'names Coopérative Tujenge as the shipper, but none of these lots reached Comptoir Kolwezi from it',
    ],
  ]);
  const handed = facts();
  handed.lots.set('urn:amana:lot:HYD-1', { holderId: REFINER, handedToCapturerBy: [DEPOT] });
  assert.deepEqual(check(receiving(REFINER, DEPOT), as(REFINER), handed), []);
  // The receiver names who shipped only as far as the lots really reached it from that party.
  assert.deepEqual(check(receiving(REFINER, COOP), as(REFINER), handed), [
    [
      'receiving-by-receiver',
      'names Coopérative Tujenge as the shipper, but none of these lots reached Nordkobolt from it',
    ],
  ]);
});

test('naming where goods go, other than by shipping them, is a receiving', () => {
  const { bizStep: _, ...noStep } = receiving(REFINER);
  assert.equal(captureClaim(noStep, 0, id)?.kind, 'receiving');
  assert.equal(captureClaim({ ...noStep, bizStep: 'shipping' }, 0, id)?.kind, 'shipping');
});

const shipping = (from: string) => ({
  type: 'ObjectEvent',
  action: 'OBSERVE',
  bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
  epcList: ['urn:amana:lot:HYD-1'],
  sourceList: [{ type: 'owning_party', source: org(from) }],
  destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:0614141.00001' }],
});

test('a shipping is captured by the holder of the lots, in its own name', () => {
  assert.deepEqual(check(shipping(REFINER), as(DEPOT)), [
    [
      'shipping-by-holder',
      'urn:amana:lot:HYD-1 is held by Nordkobolt, not by Comptoir Kolwezi: a shipping is captured by the holder of the lots',
    ],
    [
      'shipping-by-holder',
      'names Nordkobolt as a source party: a shipping is captured by the shipper, in its own name',
    ],
  ]);
  assert.deepEqual(check(shipping(REFINER), as(REFINER)), []);
});

const commissioning = (owner: string) => ({
  type: 'ObjectEvent',
  action: 'ADD',
  bizStep: 'commissioning',
  epcList: ['urn:epc:id:sgtin:0614141.107346.1'],
  readPoint: { id: 'urn:amana:site:KZI-001' },
  sourceList: [{ type: 'owning_party', source: org(owner) }],
});

test('a commissioning at a site is captured by an operator of the site or by registry staff', () => {
  assert.deepEqual(check(commissioning(COOP), as(COOP)), []);
  assert.deepEqual(check(commissioning(COOP), as('019a0000-0000-7000-8000-0000000000aa', true)), []);
  assert.deepEqual(check(commissioning(COOP), as(DEPOT)), [
    [
      'commissioning-by-site-operator',
      "Comptoir Kolwezi does not operate site KZI-001: a commissioning at a site is captured by an operator of the site or by the programme's staff",
    ],
  ]);
  // Staff tag for an operator of the site, not for anyone.
  assert.deepEqual(check(commissioning(DEPOT), as('019a0000-0000-7000-8000-0000000000aa', true)), [
    [
      'commissioning-by-site-operator',
      "names Comptoir Kolwezi as a source party, which does not operate KZI-001: a commissioning at a site is captured by an operator of the site or by the programme's staff",
    ],
  ]);
});

test('Amana’s lots are made through its custody API, never by a captured event', () => {
  const tag = { ...commissioning(COOP), epcList: ['urn:amana:lot:NEW-1', 'urn:amana:lot:SACK-1'] };
  assert.deepEqual(
    check(tag, as(COOP)).map(([rule]) => rule),
    ['lot-made-through-custody-api', 'lot-made-through-custody-api'],
  );
  assert.match(check(tag, as(COOP))[1][1], /SACK-1 already exists: a tag is used once/);
});

const transformation = {
  type: 'TransformationEvent',
  inputEPCList: ['urn:amana:lot:HYD-1'],
  outputEPCList: ['urn:epc:id:sgtin:0614141.107346.9'],
};

test('a transformation is captured by the holder of its inputs', () => {
  assert.deepEqual(check(transformation, as(DEPOT)), [
    [
      'transformation-by-input-holder',
      'urn:amana:lot:HYD-1 is held by Nordkobolt, not by Comptoir Kolwezi: a transformation is captured by the holder of its inputs',
    ],
  ]);
  assert.deepEqual(check(transformation, as(REFINER)), []);
  assert.deepEqual(
    check({ ...transformation, outputEPCList: ['urn:amana:lot:CATHODE-1'] }, as(REFINER)).map(([r]) => r),
    ['lot-made-through-custody-api'],
  );
});

test('any other event about a lot is captured by its holder', () => {
  const inspect = {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: 'inspecting',
    epcList: ['urn:amana:lot:SACK-1'],
  };
  assert.deepEqual(check(inspect, as(DEPOT)), []);
  assert.deepEqual(
    check(inspect, as(COOP)).map(([r]) => r),
    ['custody-by-holder'],
  );
});

test('identifiers in Amana’s namespace must name something Amana registered', () => {
  const made = {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: 'inspecting',
    epcList: ['urn:amana:lot:NOPE', 'urn:amana:org:' + COOP],
    bizLocation: { id: 'urn:amana:site:NOWHERE' },
  };
  assert.deepEqual(check(made, as(DEPOT)), [
    ['unregistered-identifier', `urn:amana:org:${COOP} names nothing Amana registered where it stands`],
    [
      'unregistered-identifier',
      "urn:amana:lot:NOPE is not a lot Amana registered (Amana's lots are made through its custody API)",
    ],
    ['unregistered-identifier', 'urn:amana:site:NOWHERE is not a site Amana registered'],
  ]);
});

test('only the capturer of an event declares it erroneous', () => {
  const declaring = {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    epcList: ['urn:epc:id:sgtin:0614141.107346.1'],
    errorDeclaration: { declarationTime: '2026-11-20T10:00:00Z', reason: 'incorrect_data' },
  };
  const f = facts();
  f.declaredCapturers.set(0, REFINER);
  assert.deepEqual(check(declaring, as(DEPOT), f), [
    [
      'error-declared-by-capturer',
      'declares an error in an event captured by Nordkobolt: only its capturer declares it erroneous',
    ],
  ]);
  assert.deepEqual(check(declaring, as(REFINER), f), []);
});

test('each refused event names its code and the parties its sentence says', () => {
  const coded = (event: Record<string, unknown>, capturer: Capturer, f = facts()) => {
    const claim = captureClaim(event, 0, id);
    assert.ok(claim);
    return captureViolations([claim], f, capturer).map((v) => [v.code, v.params]);
  };
  assert.deepEqual(coded(receiving(REFINER), as(DEPOT)), [
    ['custody.capture-receiver-other', { receivers: 'Nordkobolt', capturer: 'Comptoir Kolwezi' }],
    [
      'custody.capture-never-handed',
      { lot: 'urn:amana:lot:HYD-1', capturer: 'Comptoir Kolwezi', holder: 'Nordkobolt' },
    ],
    ['custody.capture-shipper-unrelated', { shipper: 'Coopérative Tujenge', capturer: 'Comptoir Kolwezi' }],
  ]);
  assert.deepEqual(coded(shipping(REFINER), as(DEPOT)), [
    [
      'custody.capture-shipping-not-held',
      { lot: 'urn:amana:lot:HYD-1', holder: 'Nordkobolt', capturer: 'Comptoir Kolwezi' },
    ],
    ['custody.capture-shipping-own-name', { party: 'Nordkobolt' }],
  ]);
  assert.deepEqual(
    coded({ type: 'ObjectEvent', action: 'OBSERVE', epcList: ['urn:amana:lot:NOPE-1'] }, as(DEPOT)),
    [['custody.capture-unknown-lot', { lot: 'urn:amana:lot:NOPE-1' }]],
  );
});
