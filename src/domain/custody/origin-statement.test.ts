import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issuerOf, originCredential, statementShapeProblem } from './origin-statement.ts';

const lot = {
  epc: 'urn:amana:lot:LHP-HYD-2026-042',
  tag: 'LHP-HYD-2026-042',
  kind: 'output',
  mineral: 'cobalt',
  producedAt: '2026-11-01T10:00:00.000Z',
  massKg: 192.319,
  gradePct: 30,
  containedKg: 57.696,
  nonConformingShare: 0.63618,
};
const sites = [
  {
    code: 'KZI-004',
    name: 'Kamilombe',
    share: 0.327169,
    containedKg: 18.876,
    atProduction: [{ status: 'blue', suspended: true, openLevel1: ['INC-1'], share: 0.327169 }],
  },
];

test('a lot’s origin is stated as a W3C credential issued by the instance’s key', () => {
  const c = originCredential(lot, sites, null, '0123456789abcdef', new Date('2026-11-20T10:00:00Z'));
  assert.deepEqual(c['@context'], ['https://www.w3.org/ns/credentials/v2']);
  assert.deepEqual(c.type, ['VerifiableCredential', 'AmanaOriginStatement']);
  assert.equal(c.issuer, issuerOf('0123456789abcdef'));
  assert.equal(c.validFrom, '2026-11-20T10:00:00.000Z');
  assert.equal(c.credentialSubject.id, lot.epc);
  assert.equal(c.credentialSubject.nonConformingShare, 0.63618);
  assert.deepEqual(c.credentialSubject.composition, sites);
  assert.equal(statementShapeProblem(c), null);
});

test('anything else is named for what it lacks', () => {
  assert.equal(
    statementShapeProblem([]),
    "the credential's first @context is not https://www.w3.org/ns/credentials/v2",
  );
  assert.equal(statementShapeProblem('x'), 'the payload is not a JSON object');
  const c = originCredential(lot, sites, null, 'k', new Date());
  assert.match(statementShapeProblem({ ...c, type: ['VerifiableCredential'] }) ?? '', /AmanaOriginStatement/);
  assert.match(statementShapeProblem({ ...c, issuer: 'did:web:x' }) ?? '', /issuer/);
});
