import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { keyIdOf } from '../../src/domain/events/seal.ts';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/amana.ts');
const NOW = new Date('2026-11-20T10:00:00Z');

/** A lot's origin statement: a W3C credential signed with the instance key, checked offline by the CLI. */
describe(`origin statements (${ENGINE})`, () => {
  let t: TestApp;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-statement-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  fs.writeFileSync(path.join(dir, 'seal.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  fs.writeFileSync(path.join(dir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  const other = generateKeyPairSync('ed25519').publicKey;
  fs.writeFileSync(path.join(dir, 'other.pem'), other.export({ type: 'spki', format: 'pem' }));
  const keyId = keyIdOf(publicKey);
  // No database, no configuration: only the file and the key.
  const verify = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, 'verify', ...args], {
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      cwd: dir,
      timeout: 120_000,
    });

  before(async () => {
    t = await startTestApp({ clock: () => NOW, env: { AMANA_SEAL_KEY_FILE: path.join(dir, 'seal.pem') } });
  });
  after(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const hydroxide = async () =>
    (await t.ctx.db.query<{ id: string }>("SELECT id FROM custody_lots WHERE tag = 'LHP-HYD-2026-042'"))
      .rows[0].id;

  const statement = once(async () => {
    const res = await t.request('downstream', 'GET', `/api/lots/${await hydroxide()}/origin-statement`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'application/vc+jwt');
    const file = path.join(dir, 'statement.jwt');
    fs.writeFileSync(file, res.text);
    return { jws: res.text, file };
  });

  test('the refiner’s hydroxide is stated with its shipment, its sites at production and its non-conforming share', async () => {
    const { jws } = await statement();
    const [header, payload] = jws
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
    assert.deepEqual(
      { alg: header.alg, typ: header.typ, cty: header.cty, kid: header.kid },
      { alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: keyId },
    );
    assert.deepEqual(payload['@context'], ['https://www.w3.org/ns/credentials/v2']);
    assert.deepEqual(payload.type, ['VerifiableCredential', 'AmanaOriginStatement']);
    assert.equal(payload.issuer, `urn:amana:instance:${keyId}`);
    assert.equal(payload.validFrom, NOW.toISOString());
    const s = payload.credentialSubject;
    assert.equal(s.id, 'urn:amana:lot:LHP-HYD-2026-042');
    assert.equal(s.nonConformingShare, 0.63618);
    assert.deepEqual(
      { ...s.shipment, shippedAt: s.shipment.shippedAt },
      {
        from: 'Lualaba Hydroxide Processing SA',
        to: 'Nordkobolt Refining AB',
        shippedAt: '2026-11-06T10:00:00.000Z',
        transaction: { type: 'desadv', ref: 'EXP-LHP-2026-0302' },
      },
    );
    assert.deepEqual(
      s.composition.map(
        (c: {
          code: string;
          containedKg: number;
          atProduction: { status: string; suspended: boolean }[];
        }) => [
          c.code,
          c.containedKg,
          c.atProduction.map((a) => `${a.status}${a.suspended ? ' suspended' : ''}`).join(','),
        ],
      ),
      [
        ['KZI-004', 18.876, 'blue suspended'],
        ['KZI-003', 17.829, 'red'],
        ['KZI-001', 11.958, 'green'],
        ['KZI-002', 9.033, 'blue'],
      ],
    );
  });

  test('amana verify --statement checks it offline against the instance key, and refuses it altered or under another key', async () => {
    const { jws, file } = await statement();
    const ok = verify('--statement', file, '--key', path.join(dir, 'public.pem'));
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(
      ok.stdout,
      `statement valid: lot LHP-HYD-2026-042, 57.696 kg of cobalt, 63.6 % non-conforming, from KZI-004 32.7 %, KZI-003 30.9 %, KZI-001 20.7 %, KZI-002 15.7 %; issued 2026-11-20T10:00:00.000Z by key ${keyId}\n`,
    );
    assert.equal(verify('--statement', file, '--key-id', keyId).status, 0);
    const unpinned = verify('--statement', file);
    assert.equal(unpinned.status, 3);
    assert.match(unpinned.stderr, /key not pinned/);
    const foreign = verify('--statement', file, '--key', path.join(dir, 'other.pem'));
    assert.equal(foreign.status, 1);
    assert.match(foreign.stderr, /the signature does not verify with key [0-9a-f]{16}/);
    // One share changed in the payload: the signature no longer covers it.
    const [h, p, sig] = jws.split('.');
    const altered = Buffer.from(p, 'base64url')
      .toString('utf8')
      .replace('"nonConformingShare":0.63618', '"nonConformingShare":0');
    const tampered = path.join(dir, 'tampered.jwt');
    fs.writeFileSync(tampered, [h, Buffer.from(altered).toString('base64url'), sig].join('.'));
    const bad = verify('--statement', tampered, '--key', path.join(dir, 'public.pem'));
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /statement was altered/);
    fs.writeFileSync(tampered, 'not a statement');
    assert.equal(verify('--statement', tampered).status, 1);
  });

  test('a lot the caller may not see has no statement for it', async () => {
    const id = await hydroxide();
    assert.equal(
      (await t.request('cooperative_manager', 'GET', `/api/lots/${id}/origin-statement`)).status,
      404,
    );
    assert.equal((await t.request(null, 'GET', `/api/lots/${id}/origin-statement`)).status, 401);
    assert.equal((await t.request('analyst', 'GET', `/api/lots/${id}/origin-statement`)).status, 200);
  });
});
