import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { encryptAsCollect } from '../odk-encryption.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';
import { basic, instance, messageOf, multipart } from './openrosa-client.ts';

const MONITOR = { authorization: basic('monitor'), 'accept-language': 'en' };
const FORM_ID = 'amana-grievance';

/** Grievance intake over OpenRosa, encrypted on the phone with the installation's public key, as ODK Collect does. */
describe(`encrypted grievance intake over OpenRosa (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const or = (method: string, path: string, body?: FormData) => t.request(null, method, path, body, MONITOR);
  /** The form as a phone downloads it: its version and the public key its submission element carries. */
  const form = async () => {
    const list = await or('GET', `/openrosa/formList?formID=${FORM_ID}`);
    const version = /<version>([^<]+)<\/version>/.exec(list.text)?.[1] ?? '';
    const xml = (await or('GET', `/openrosa/forms/${FORM_ID}/form.xml`)).text;
    const publicKeyBase64 =
      /<submission method="post" base64RsaPublicKey="([A-Za-z0-9+/=]+)"/.exec(xml)?.[1] ?? '';
    return { version, publicKeyBase64 };
  };
  const site = async () =>
    (await t.request('analyst', 'GET', '/api/sites?limit=1')).body.items[0] as { id: string };
  /** A filled grievance, encrypted exactly as Collect encrypts it. */
  const encrypted = async (fields: Record<string, string> = {}) => {
    const f = await form();
    const plain = instance(FORM_ID, f.version, {
      start: '2026-11-25T14:00:00.000+01:00',
      end: '2026-11-25T14:10:00.000+01:00',
      site: (await site()).id,
      place: '',
      category: 'child_labour',
      description: 'Des enfants lavent le minerai au bord de la rivière.',
      language: 'sw',
      contactName: 'Mama Neema',
      contactPhone: '+243 970 000 111',
      ...fields,
    });
    return {
      instanceId: plain.instanceId,
      ...encryptAsCollect({ ...f, formId: FORM_ID, instanceId: plain.instanceId, xml: plain.xml }),
    };
  };
  const post = (manifest: string, files: { name: string; content: Buffer }[]) =>
    or(
      'POST',
      '/openrosa/submission',
      multipart(
        manifest,
        files.map((f) => ({ ...f, type: 'application/octet-stream' })),
      ),
    );

  test('the grievance form carries the installation’s public key in its submission element', async () => {
    const f = await form();
    assert.match(f.version, /^[0-9a-f]{12}$/);
    assert.ok(f.publicKeyBase64.length > 300, 'an RSA-2048 key in base64 DER');
    assert.equal((await form()).publicKeyBase64, f.publicKeyBase64, 'one key for the installation');
  });

  test('a submission encrypted as Collect does becomes a grievance, its contact sealed as the public form seals it; sent again it is 202', async () => {
    const { manifest, files, instanceId } = await encrypted();
    const res = await post(manifest, files);
    assert.equal(res.status, 201, res.text);
    assert.equal(messageOf(res.text)?.nature, 'submit_success');
    const kept = await t.ctx.db.query<{ record_type: string; record_id: string; xml: string }>(
      'SELECT record_type, record_id, xml FROM openrosa_submissions WHERE instance_id = $1',
      [instanceId],
    );
    assert.equal(kept.rows[0].record_type, 'grievance');
    assert.ok(!kept.rows[0].xml.includes('enfants'), 'only the encrypted manifest is kept as received');
    const g = await t.request('grievance_officer', 'GET', `/api/grievances/${kept.rows[0].record_id}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.body.description, 'Des enfants lavent le minerai au bord de la rivière.');
    assert.equal(g.body.category, 'child_labour');
    assert.equal(g.body.language, 'sw');
    assert.equal(g.body.anonymous, false);
    const row = await t.ctx.db.query<{ contact_sealed: string }>(
      'SELECT contact_sealed FROM grievances WHERE id = $1',
      [kept.rows[0].record_id],
    );
    assert.match(row.rows[0].contact_sealed, /^v1\./);
    assert.ok(!row.rows[0].contact_sealed.includes('Neema'));
    const again = await post(manifest, files);
    assert.equal(again.status, 202);
    const count = await t.ctx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM grievances WHERE description = 'Des enfants lavent le minerai au bord de la rivière.'",
    );
    assert.equal(count.rows[0].n, 1);
  });

  test('the encrypted instance may follow the manifest in a later POST', async () => {
    const { manifest, files, instanceId } = await encrypted({
      description: 'Barrière sur la route du dépôt.',
    });
    const first = await post(manifest, []);
    assert.equal(first.status, 201);
    assert.match(messageOf(first.text)?.text ?? '', /1 attachment/);
    const second = await post(manifest, files);
    assert.equal(second.status, 201, second.text);
    const kept = await t.ctx.db.query<{ state: string }>(
      'SELECT state FROM openrosa_submissions WHERE instance_id = $1',
      [instanceId],
    );
    assert.equal(kept.rows[0].state, 'applied');
  });

  test('a plain instance of the encrypted form, or a changed encrypted file, is refused with an OpenRosa message and kept', async () => {
    const f = await form();
    const plain = instance(FORM_ID, f.version, { description: 'en clair', language: 'fr', place: 'Kolwezi' });
    const refused = await or('POST', '/openrosa/submission', multipart(plain.xml));
    assert.equal(refused.status, 400);
    assert.match(messageOf(refused.text)?.text ?? '', /This form is sent encrypted/);
    const { manifest, files, instanceId } = await encrypted();
    const changed = Buffer.from(files[0].content);
    changed[5] ^= 0xff;
    const tampered = await post(manifest, [{ name: files[0].name, content: changed }]);
    assert.equal(tampered.status, 400);
    assert.match(messageOf(tampered.text)?.text ?? '', /cannot be opened with this installation’s key/);
    const kept = await t.ctx.db.query<{ state: string; refusal_code: string }>(
      'SELECT state, refusal_code FROM openrosa_submissions WHERE instance_id = $1',
      [instanceId],
    );
    assert.deepEqual(kept.rows[0], { state: 'refused', refusal_code: 'openrosa.undecryptable' });
  });
});
