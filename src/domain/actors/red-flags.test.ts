import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeRedFlags, type LicenceFacts, redactForOutsider } from './red-flags.ts';

const now = new Date('2026-11-22T00:00:00Z');
const licence = (over: Partial<LicenceFacts>): LicenceFacts => ({
  id: 'l1',
  type: 'trader_card',
  number: 'NEG-001',
  zoneCode: 'ZEA-KAS',
  validFrom: '2025-01-01',
  validUntil: '2027-01-01',
  ...over,
});

test('a zoned actor with a valid licence for each zone it works in has no flag', () => {
  const flags = computeRedFlags(
    {
      zoned: true,
      operatingZones: ['ZEA-KAS'],
      licences: [licence({})],
      kyc: { status: 'verified', expiresAt: new Date('2027-06-01T00:00:00Z') },
    },
    now,
  );
  assert.deepEqual(flags, []);
});

test('a licence is in force through its last day and expired the day after', () => {
  const lastDay = licence({ validUntil: '2026-11-22' });
  assert.deepEqual(
    computeRedFlags({ zoned: false, operatingZones: [], licences: [lastDay], kyc: null }, now),
    [],
  );
  const dayAfter = new Date('2026-11-23T00:00:00Z');
  assert.deepEqual(
    computeRedFlags({ zoned: false, operatingZones: [], licences: [lastDay], kyc: null }, dayAfter).map(
      (f) => f.code,
    ),
    ['licence_expired'],
  );
});

test('flags an expired licence with its number and date', () => {
  const flags = computeRedFlags(
    { zoned: false, operatingZones: [], licences: [licence({ validUntil: '2026-03-31' })], kyc: null },
    now,
  );
  assert.deepEqual(flags, [
    {
      code: 'licence_expired',
      licenceId: 'l1',
      licenceNumber: 'NEG-001',
      licenceType: 'trader_card',
      date: '2026-03-31',
      message: 'licence NEG-001 (trader_card) expired on 2026-03-31',
    },
  ]);
});

test('an expired licence renewed by one of the same type and zone is not flagged', () => {
  const flags = computeRedFlags(
    {
      zoned: true,
      operatingZones: ['ZEA-KAS'],
      licences: [licence({ validUntil: '2026-01-01' }), licence({ id: 'l2', number: 'NEG-002' })],
      kyc: null,
    },
    now,
  );
  assert.deepEqual(flags, []);
});

test('flags each zone a zoned actor works in without a valid licence for it', () => {
  const flags = computeRedFlags(
    { zoned: true, operatingZones: ['ZEA-MUT', 'ZEA-KAS', 'ZEA-MUT'], licences: [licence({})], kyc: null },
    now,
  );
  assert.deepEqual(flags, [
    {
      code: 'licence_outside_zone',
      zone: 'ZEA-MUT',
      message: 'operates in zone ZEA-MUT without a valid licence for that zone',
    },
  ]);
});

test('a licence that has not started yet does not cover its zone', () => {
  const flags = computeRedFlags(
    {
      zoned: true,
      operatingZones: ['ZEA-KAS'],
      licences: [licence({ validFrom: '2027-01-01', validUntil: null })],
      kyc: null,
    },
    now,
  );
  assert.deepEqual(
    flags.map((f) => f.code),
    ['licence_outside_zone'],
  );
});

test('a zoned actor without any licence is flagged once for that and once per zone', () => {
  const flags = computeRedFlags({ zoned: true, operatingZones: ['ZEA-KAS'], licences: [], kyc: null }, now);
  assert.deepEqual(
    flags.map((f) => f.code),
    ['no_valid_licence', 'licence_outside_zone'],
  );
});

test('zones do not matter for actors that are not zoned', () => {
  assert.deepEqual(
    computeRedFlags({ zoned: false, operatingZones: ['ZEA-KAS'], licences: [], kyc: null }, now),
    [],
  );
});

test('flags an expired and a rejected KYC', () => {
  const expired = computeRedFlags(
    {
      zoned: false,
      operatingZones: [],
      licences: [],
      kyc: { status: 'verified', expiresAt: new Date('2026-10-01T00:00:00Z') },
    },
    now,
  );
  assert.deepEqual(expired, [
    { code: 'kyc_expired', date: '2026-10-01', message: 'KYC verification expired on 2026-10-01' },
  ]);
  const rejected = computeRedFlags(
    { zoned: false, operatingZones: [], licences: [], kyc: { status: 'rejected', expiresAt: null } },
    now,
  );
  assert.deepEqual(rejected, [{ code: 'kyc_rejected', message: 'KYC was rejected' }]);
});

test('flags a person whose birth year does not prove adulthood', () => {
  const young = computeRedFlags(
    { zoned: false, operatingZones: [], licences: [], kyc: null, birthYear: 2008 },
    now,
  );
  assert.deepEqual(young, [
    { code: 'possible_minor', birthYear: 2008, message: 'born in 2008: may be under 18' },
  ]);
  assert.deepEqual(
    computeRedFlags({ zoned: false, operatingZones: [], licences: [], kyc: null, birthYear: 2007 }, now),
    [],
  );
});

test('outside the holder, an expired licence shows as a fact without its number', () => {
  const flags = computeRedFlags(
    {
      zoned: true,
      operatingZones: ['ZEA-KAS'],
      licences: [licence({ validUntil: '2026-01-31', issuer: 'SAEMAPE' })],
      kyc: null,
    },
    now,
  );
  assert.deepEqual(redactForOutsider(flags), [
    {
      code: 'licence_expired',
      licenceType: 'trader_card',
      licenceIssuer: 'SAEMAPE',
      date: '2026-01-31',
      message: 'a licence (trader_card) expired on 2026-01-31',
    },
    {
      code: 'licence_outside_zone',
      zone: 'ZEA-KAS',
      message: 'operates in zone ZEA-KAS without a valid licence for that zone',
    },
  ]);
  assert.equal(JSON.stringify(redactForOutsider(flags)).includes('NEG-001'), false);
  assert.equal(flags[0].code === 'licence_expired' && flags[0].licenceNumber, 'NEG-001');
});

test('an actor operating a site outside every zone is flagged once per site, with the site named', () => {
  assert.deepEqual(
    computeRedFlags(
      { zoned: false, operatingZones: [], licences: [], kyc: null, sitesOutsideZones: ['KZI-007'] },
      now,
    ),
    [
      {
        code: 'site_outside_zone',
        siteCode: 'KZI-007',
        message:
          'operates site KZI-007, which lies in no artisanal zone or area set aside for artisanal mining',
      },
    ],
  );
});
