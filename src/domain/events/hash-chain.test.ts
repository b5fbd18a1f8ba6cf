import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canonicalJson,
  checkChainHead,
  eventHash,
  GENESIS_HASH,
  type StoredChainEvent,
  verifyChainSegment,
} from './hash-chain.ts';

function chain(count: number): StoredChainEvent[] {
  const events: StoredChainEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const fields = {
      seq,
      id: `e${seq}`,
      occurredAt: `2026-11-22T10:00:0${seq}.000Z`,
      userId: 'u1',
      organisationId: 'o1',
      deviceId: null,
      type: 'site.created',
      subjectType: 'site',
      subjectId: `s${seq}`,
      payload: { code: `S-${seq}`, minerals: ['cobalt'] },
    };
    const hash = eventHash(prev, fields);
    events.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

test('canonical JSON sorts keys at every depth and drops undefined members', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } }),
    '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
  );
});

test('the hash depends on the previous hash and on every field', () => {
  const [first] = chain(1);
  assert.notEqual(eventHash('f'.repeat(64), first), first.hash);
  assert.notEqual(
    eventHash(GENESIS_HASH, { ...first, payload: { code: 'S-2', minerals: ['cobalt'] } }),
    first.hash,
  );
  assert.match(first.hash, /^[0-9a-f]{64}$/);
});

test('an intact chain verifies and reports its tail', () => {
  const events = chain(3);
  assert.deepEqual(verifyChainSegment(events, { seq: 0, hash: GENESIS_HASH }), {
    fault: null,
    tail: { seq: 3, hash: events[2].hash },
  });
});

test('names the first event whose content was altered', () => {
  const events = chain(3);
  events[1] = { ...events[1], payload: { code: 'FORGED', minerals: ['cobalt'] } };
  const result = verifyChainSegment(events, { seq: 0, hash: GENESIS_HASH });
  assert.deepEqual(result.fault, {
    kind: 'altered',
    seq: 2,
    id: 'e2',
    message: 'event #2 (e2, site.created) was altered: its content no longer matches its hash',
  });
});

test('names a missing event', () => {
  const events = chain(3);
  events.splice(1, 1);
  assert.deepEqual(verifyChainSegment(events, { seq: 0, hash: GENESIS_HASH }).fault, {
    kind: 'missing',
    seq: 2,
    message: 'event #2 is missing',
  });
});

test('names an event whose stored link was rewritten along with its hash', () => {
  const events = chain(2);
  const forged = { ...events[1], prevHash: 'a'.repeat(64) };
  forged.hash = eventHash(forged.prevHash, forged);
  assert.equal(
    verifyChainSegment([events[0], forged], { seq: 0, hash: GENESIS_HASH }).fault?.kind,
    'relinked',
  );
});

test('the chain head must point at the last event of the log', () => {
  const head = { seq: 3, hash: 'c'.repeat(64) };
  assert.equal(checkChainHead(head, head), null);
  assert.deepEqual(checkChainHead({ seq: 2, hash: 'b'.repeat(64) }, head), {
    kind: 'missing',
    seq: 3,
    message: 'event #3 is missing (the log ends at #2, its head says #3)',
  });
  assert.deepEqual(checkChainHead({ seq: 4, hash: 'd'.repeat(64) }, head), {
    kind: 'head_mismatch',
    seq: 4,
    message: 'the log ends at event #4 but its head records #3 with another hash',
  });
});
