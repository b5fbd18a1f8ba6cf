import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decisionProblem, onFound, subjectFingerprint } from './hit-review.ts';

const person = (name: string, more = {}) => ({
  kind: 'individual' as const,
  names: [name],
  documents: [],
  ...more,
});

test("a subject's fingerprint ignores case, accents and punctuation but not a change of name or identifier", () => {
  const fp = subjectFingerprint(person('Gédéon KYUNGU'));
  assert.equal(fp, subjectFingerprint(person('gedeon  kyungu.')));
  assert.notEqual(fp, subjectFingerprint(person('Gédéon Kyungu Mutanga')));
  assert.notEqual(fp, subjectFingerprint(person('Gédéon KYUNGU', { birthYear: 1974 })));
  assert.notEqual(fp, subjectFingerprint(person('Gédéon KYUNGU', { documents: ['CAM-1'] })));
});

test('a dismissed pair comes back only when the subject or the entry changed', () => {
  const seen = { subjectFingerprint: 's1', entryFingerprint: 'e1' };
  assert.equal(onFound(undefined, seen), 'raise');
  assert.equal(onFound({ status: 'dismissed', ...seen }, seen), 'keep');
  assert.equal(onFound({ status: 'dismissed', ...seen }, { ...seen, subjectFingerprint: 's2' }), 'reopen');
  assert.equal(onFound({ status: 'dismissed', ...seen }, { ...seen, entryFingerprint: 'e2' }), 'reopen');
  assert.equal(onFound({ status: 'open', ...seen }, seen), 'keep');
  assert.equal(onFound({ status: 'open', ...seen }, { ...seen, subjectFingerprint: 's2' }), 'refresh');
  assert.equal(onFound({ status: 'confirmed', ...seen }, { ...seen, subjectFingerprint: 's2' }), 'keep');
  assert.equal(onFound({ status: 'delisted', ...seen }, seen), 'reopen');
});

test('only an open hit is decided, and never without a reason', () => {
  assert.equal(decisionProblem('open', 'same date of birth and village'), null);
  assert.equal(decisionProblem('open', '  '), 'reason');
  assert.equal(decisionProblem('dismissed', 'again'), 'decided');
});
