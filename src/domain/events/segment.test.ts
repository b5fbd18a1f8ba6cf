import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { eventHash, GENESIS_HASH, type StoredChainEvent } from './hash-chain.ts';
import { keyIdOf, type Seal, signSeal } from './seal.ts';
import { SEGMENT_FORMAT, type SegmentHeader, segmentChecker, signSegmentTrailer } from './segment.ts';

const instance = generateKeyPairSync('ed25519');
const intruder = generateKeyPairSync('ed25519');
const keyId = keyIdOf(instance.publicKey);
const DIGEST = 'd'.repeat(64);

function chain(count: number): StoredChainEvent[] {
  const events: StoredChainEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const fields = {
      seq,
      id: `e${seq}`,
      occurredAt: `2026-11-22T10:00:0${seq}.000Z`,
      userId: null,
      organisationId: null,
      deviceId: null,
      type: 'site.created',
      subjectType: 'site',
      subjectId: `s${seq}`,
      payload: { code: `S-${seq}` },
    };
    const hash = eventHash(prev, fields);
    events.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

const sealOf = (e: StoredChainEvent, key = instance.privateKey): Seal =>
  signSeal({ seq: e.seq, hash: e.hash, sealedAt: `2026-11-22T11:00:0${e.seq}.000Z`, keyId }, key);

interface Segment {
  header: SegmentHeader;
  seals: Seal[];
  events: StoredChainEvent[];
}

function segment(events: StoredChainEvent[], sealed: number[], from = 1): Segment {
  const inRange = events.filter((e) => e.seq >= from);
  return {
    header: {
      format: SEGMENT_FORMAT,
      from,
      to: inRange[inRange.length - 1].seq,
      previousHash: from === 1 ? GENESIS_HASH : events[from - 2].hash,
      exportedAt: '2026-11-23T08:00:00.000Z',
      keyId,
      publicKey: 'PEM',
    },
    seals: sealed.map((seq) => sealOf(events[seq - 1])),
    events: inRange,
  };
}

/** Feeds a segment through the checker as a reader would, with a trailer signed by `signer`. */
function check(s: Segment, trusted = instance.publicKey, signer = instance.privateKey) {
  const checker = segmentChecker(trusted);
  const steps = [
    () => checker.header(s.header),
    ...s.seals.map((seal) => () => checker.seal(seal)),
    ...s.events.map((e) => () => checker.event(e)),
  ];
  for (const step of steps) {
    const result = step();
    if (!result.ok) return result;
  }
  const trailer = signSegmentTrailer(
    { events: s.events.length, seals: s.seals.length, digest: DIGEST },
    signer,
  );
  return checker.end(trailer, DIGEST);
}

test('an intact segment verifies and says how far its seals reach', () => {
  assert.deepEqual(check(segment(chain(5), [2, 4])), {
    ok: true,
    summary: { from: 1, to: 5, seals: 2, sealedUpTo: 4 },
  });
  assert.deepEqual(check(segment(chain(5), [4], 3)), {
    ok: true,
    summary: { from: 3, to: 5, seals: 1, sealedUpTo: 4 },
  });
});

test('names an event altered inside the segment', () => {
  const s = segment(chain(4), [4]);
  s.events[1] = { ...s.events[1], payload: { code: 'FORGED' } };
  assert.deepEqual(check(s), {
    ok: false,
    problem: 'event #2 (e2, site.created) was altered: its content no longer matches its hash',
  });
});

test('names a segment whose chain was rebuilt after an alteration', () => {
  const events = chain(4);
  const s = segment(events, [3]);
  // Rewrite event 2 and recompute every hash after it, as someone without the key would.
  let prev = events[0].hash;
  s.events = events.map((e) => {
    if (e.seq < 2) return e;
    const changed = e.seq === 2 ? { ...e, payload: { code: 'FORGED' } } : { ...e };
    changed.prevHash = prev;
    changed.hash = eventHash(prev, changed);
    prev = changed.hash;
    return changed;
  });
  assert.deepEqual(check(s), {
    ok: false,
    problem:
      "event #3's hash no longer matches its seal made 2026-11-22T11:00:03.000Z: the chain was rewritten at or before #3",
  });
});

test('names a gap, a cut end and a false starting hash', () => {
  const gap = segment(chain(4), [4]);
  gap.events.splice(1, 1);
  assert.deepEqual(check(gap), { ok: false, problem: 'event #2 is missing' });
  const cut = segment(chain(4), [2]);
  cut.events.pop();
  assert.deepEqual(check(cut), { ok: false, problem: 'the segment ends at event #3; its header says #4' });
  const start = segment(chain(4), [4], 2);
  start.header.previousHash = 'a'.repeat(64);
  assert.equal(check(start).ok, false);
  const genesis = segment(chain(2), [2]);
  genesis.header.previousHash = 'a'.repeat(64);
  assert.deepEqual(check(genesis), {
    ok: false,
    problem: 'a segment from event #1 must start from the genesis hash',
  });
});

test('trusts only the key it is given: seals and the export signature of another key fail', () => {
  const s = segment(chain(3), [3]);
  assert.deepEqual(check(s, intruder.publicKey), {
    ok: false,
    problem: `the seal of event #3 made 2026-11-22T11:00:03.000Z names key ${keyId}, not the trusted key ${keyIdOf(intruder.publicKey)}`,
  });
  assert.deepEqual(check(s, instance.publicKey, intruder.privateKey), {
    ok: false,
    problem: `the file was changed after export: its export signature does not verify with key ${keyId}`,
  });
});

test('a segment without a seal inside its range proves nothing and fails', () => {
  assert.deepEqual(check(segment(chain(3), [])), {
    ok: false,
    problem: 'no seal lies within events #1–#3: nothing in the segment was signed when it was recorded',
  });
  const outside = segment(chain(3), [1], 2);
  assert.deepEqual(check(outside), {
    ok: false,
    problem: "the seal of event #1 lies outside the segment's range #2–#3",
  });
});

test('the trailer must count what the file holds and sign the digest the reader computed', () => {
  const s = segment(chain(2), [2]);
  const checker = segmentChecker(instance.publicKey);
  checker.header(s.header);
  checker.seal(s.seals[0]);
  for (const e of s.events) checker.event(e);
  const trailer = signSegmentTrailer({ events: 2, seals: 1, digest: DIGEST }, instance.privateKey);
  assert.deepEqual(checker.end(trailer, 'c'.repeat(64)), {
    ok: false,
    problem: `the file was changed after export: its export signature does not verify with key ${keyId}`,
  });
  const miscounted = segmentChecker(instance.publicKey);
  miscounted.header(s.header);
  miscounted.seal(s.seals[0]);
  for (const e of s.events) miscounted.event(e);
  assert.deepEqual(
    miscounted.end(signSegmentTrailer({ events: 3, seals: 1, digest: DIGEST }, instance.privateKey), DIGEST),
    { ok: false, problem: 'the trailer counts 3 event(s) and 1 seal(s); the file holds 2 and 1' },
  );
});

test('records must come in order: header, seals, events', () => {
  const s = segment(chain(2), [2]);
  const checker = segmentChecker(instance.publicKey);
  assert.deepEqual(checker.event(s.events[0]), {
    ok: false,
    problem: 'the segment does not start with its header',
  });
  checker.header(s.header);
  checker.event(s.events[0]);
  assert.deepEqual(checker.seal(s.seals[0]), {
    ok: false,
    problem: 'a seal comes after the events; seals come first',
  });
});
