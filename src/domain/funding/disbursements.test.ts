import assert from 'node:assert/strict';
import { test } from 'node:test';
import { disbursementRefusal, proposalState } from './disbursements.ts';

const at = new Date('2026-06-01T00:00:00Z');
const project = { allocatedMinor: 5_000_000, disbursedMinor: 1_000_000 };

test('refuses a disbursement before its milestone is met, or dated before it was met', () => {
  const m = { id: 'm', amountMinor: 2_000_000, metAt: null, disbursedMinor: 0 };
  assert.deepEqual(disbursementRefusal(m, 100, at, project), { code: 'milestone-not-met' });
  const met = { ...m, metAt: new Date('2026-06-02T00:00:00Z') };
  assert.deepEqual(disbursementRefusal(met, 100, at, project), {
    code: 'disbursed-before-met',
    metAt: '2026-06-02T00:00:00.000Z',
  });
});

test('refuses more than the milestone or the allocation leaves, and allows the rest exactly', () => {
  const met = {
    id: 'm',
    amountMinor: 2_000_000,
    metAt: new Date('2026-05-01T00:00:00Z'),
    disbursedMinor: 500_000,
  };
  assert.deepEqual(disbursementRefusal(met, 1_500_001, at, project), {
    code: 'exceeds-milestone',
    remainingMinor: 1_500_000,
  });
  assert.equal(disbursementRefusal(met, 1_500_000, at, project), null);
  assert.deepEqual(
    disbursementRefusal(met, 1_500_000, at, { allocatedMinor: 2_000_000, disbursedMinor: 1_000_000 }),
    {
      code: 'exceeds-allocation',
      remainingMinor: 1_000_000,
    },
  );
});

test('a proposal is adopted at the quorum of approvals, lost when the quorum can no longer be reached', () => {
  assert.equal(proposalState([{ vote: 'approve' }], 2, 3), 'open');
  assert.equal(proposalState([{ vote: 'approve' }, { vote: 'approve' }], 2, 3), 'approved');
  assert.equal(proposalState([{ vote: 'reject' }], 2, 3), 'open');
  assert.equal(proposalState([{ vote: 'reject' }, { vote: 'reject' }], 2, 3), 'rejected');
  assert.equal(proposalState([{ vote: 'reject' }], 3, 3), 'rejected');
});
