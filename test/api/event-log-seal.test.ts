import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { keyIdOf, sealSignatureValid } from '../../src/domain/events/seal.ts';
import { sealChainHead } from '../../src/services/event-log/seals.ts';
import { ENGINE, problemOf, startTestApp, type TestApp } from './harness.ts';

/** The seal route and sealing through the running application's database. */
describe(`event log seal (${ENGINE})`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-seal-'));
  const keyFile = path.join(dir, 'seal.pem');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const keyId = keyIdOf(publicKey);
  let t: TestApp;
  const head = async () =>
    (await t.ctx.db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM event_chain_head')).rows[0];

  before(async () => {
    t = await startTestApp({ env: { AMANA_SEAL_KEY_FILE: keyFile } });
  });
  after(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('gives registry staff the public key and the chain head before anything is sealed', async () => {
    const res = await t.request('regulator', 'GET', '/api/event-log/seal');
    assert.equal(res.status, 200);
    const now = await head();
    assert.deepEqual(res.body, {
      keyId,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      head: now,
      latestSeal: null,
      unsealedEvents: now.seq,
    });
  });

  test('the latest seal it gives verifies with the public key it gives, and is made once per head', async () => {
    const outcome = await sealChainHead(t.ctx);
    assert.equal(outcome.status, 'sealed');
    assert.equal((await sealChainHead(t.ctx)).status, 'unchanged');
    const created = await t.request('analyst', 'POST', '/api/organisations', {
      legalName: 'Négoce Seal SARL',
      chainRoles: ['trader'],
      country: 'CD',
      registrationNumbers: [],
    });
    assert.equal(created.status, 201);
    const res = await t.request('admin', 'GET', '/api/event-log/seal');
    assert.equal(res.status, 200);
    const now = await head();
    assert.deepEqual(res.body.head, now);
    assert.equal(res.body.unsealedEvents, 1);
    const seal = res.body.latestSeal;
    assert.equal(seal.seq, now.seq - 1);
    assert.equal(seal.keyId, keyId);
    assert.equal(sealSignatureValid(seal, createPublicKey(res.body.publicKey)), true);
    const stored = await t.ctx.db.query<{ hash: string }>('SELECT hash FROM events WHERE seq = $1', [
      seal.seq,
    ]);
    assert.equal(seal.hash, stored.rows[0].hash);
  });

  test('refuses the seal to a buyer and to an anonymous caller', async () => {
    const buyer = await t.request('buyer', 'GET', '/api/event-log/seal');
    assert.deepEqual(problemOf(buyer), {
      status: 403,
      type: '/api/problems#forbidden',
      contentType: 'application/problem+json; charset=utf-8',
    });
    assert.equal(buyer.body.detail, 'only registry staff and the regulator read the event log seal');
    assert.equal(buyer.body.code, 'event-log.seal-forbidden');
    assert.equal((await t.request(null, 'GET', '/api/event-log/seal')).status, 401);
  });

  test('refuses to seal a chain altered since the last seal, naming the event', async () => {
    const before = (await t.request('admin', 'GET', '/api/event-log/seal')).body.latestSeal;
    const last = await head();
    await t.ctx.db.query(`UPDATE events SET payload = '{"legalName":"Forged"}' WHERE seq = $1`, [last.seq]);
    const id = (
      await t.ctx.db.query<{ id: string; type: string }>('SELECT id, type FROM events WHERE seq = $1', [
        last.seq,
      ])
    ).rows[0];
    await assert.rejects(sealChainHead(t.ctx), {
      message: `not sealed: the event log is broken: event #${last.seq} (${id.id}, ${id.type}) was altered: its content no longer matches its hash`,
      code: 'event-log.chain-broken',
      params: { seq: last.seq },
    });
    assert.deepEqual((await t.request('admin', 'GET', '/api/event-log/seal')).body.latestSeal, before);
  });
});
