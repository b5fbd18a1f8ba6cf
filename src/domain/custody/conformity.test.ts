import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ConformityCause, conformityChanged, describeConformityChange } from './conformity.ts';

const verified: ConformityCause = {
  kind: 'incident',
  incident: 'INC-7',
  site: 'KZI-001',
  observedAt: '2026-05-03T08:00:00.000Z',
  change: 'verified',
  at: '2026-05-09T10:00:00.000Z',
};

test('a lot that became non-conforming says when and because of what', () => {
  assert.equal(
    describeConformityChange(0, 1, verified),
    'became non-conforming on 2026-05-09 because INC-7, observed 2026-05-03, was verified on 2026-05-09',
  );
  assert.equal(
    describeConformityChange(0, 0.375, verified),
    'became non-conforming for 37.5 % of its cobalt on 2026-05-09 because INC-7, observed 2026-05-03, was verified on 2026-05-09',
  );
  assert.equal(
    describeConformityChange(0.2, 0.45, { ...verified, observedAtCorrected: true }),
    'non-conforming share rose from 20 % to 45 % on 2026-05-09 because INC-7, found to have begun 2026-05-03, was verified on 2026-05-09',
  );
});

test('a lot cleared by an unsubstantiated incident or a colour change says so', () => {
  assert.equal(
    describeConformityChange(1, 0, { ...verified, change: 'unsubstantiated', at: '2026-05-12T09:00:00Z' }),
    'became conforming on 2026-05-12 because INC-7, observed 2026-05-03, was found unsubstantiated on 2026-05-12',
  );
  assert.equal(
    describeConformityChange(0.5, 0.25, {
      kind: 'status',
      site: 'KZI-003',
      status: 'red',
      effective: '2026-09-02T00:00:00.000Z',
      at: '2026-09-05T01:00:00.000Z',
    }),
    'non-conforming share fell from 50 % to 25 % on 2026-09-05 because site KZI-003 is red from 2026-09-02 (recorded on 2026-09-05)',
  );
});

test('shares that differ only by rounding are the same conformity', () => {
  assert.equal(conformityChanged(0.1 + 0.2, 0.3), false);
  assert.equal(conformityChanged(0, 0.001), true);
});
