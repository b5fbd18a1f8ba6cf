import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const form = (bytes: Uint8Array<ArrayBuffer>, type: string, name: string) => {
  const f = new FormData();
  f.append('file', new Blob([bytes], { type }), name);
  return f;
};

/** What every upload form is told before sending, and the files that had no way back out: visit photos, attachments. */
describe(`upload limits and downloads over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      env: { AMANA_UPLOAD_LIMIT_BYTES: '4096', AMANA_GRIEVANCE_KEY: Buffer.alloc(32, 3).toString('base64') },
    });
  });
  after(() => t.close());

  test('anyone reads the largest file and the types the uploads take, as configured', async () => {
    const res = await t.request(null, 'GET', '/api/upload-limits');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      maxBytes: 4096,
      documentTypes: ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'],
      photoTypes: ['image/jpeg', 'image/png', 'image/webp'],
    });
  });

  test('a visit photo downloads as it was sent, for registry readers only', async () => {
    const siteId = (await t.request('monitor', 'GET', '/api/sites?q=KZI-001')).body.items[0].id;
    const visit = await t.request('monitor', 'POST', '/api/visits', {
      siteId,
      visitedAt: '2026-04-02T08:00:00Z',
      indicators: { headCount: 40 },
    });
    assert.equal(visit.status, 201, visit.text);
    const added = await t.request(
      'monitor',
      'POST',
      `/api/visits/${visit.body.id}/photos`,
      form(PNG, 'image/png', 'puits nord.png'),
    );
    assert.equal(added.status, 201, added.text);
    assert.deepEqual(
      added.body.photos.map((p: { filename: string; sizeBytes: number }) => [p.filename, p.sizeBytes]),
      [['puits nord.png', PNG.length]],
    );
    const path = `/api/visits/${visit.body.id}/photos/${added.body.photos[0].id}`;
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${t.tokens.analyst}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="puits_nord.png"');
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), PNG);
    const outsider = await t.request('downstream', 'GET', path);
    assert.equal(outsider.status, 403);
    assert.equal(outsider.body.code, 'monitoring.staff-only');
    const unknown = await t.request(
      'analyst',
      'GET',
      `/api/visits/${visit.body.id}/photos/01960000-0000-7000-8000-00000000dead`,
    );
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body.params, { record: 'evidence' });
    const refused = await t.request(
      'monitor',
      'POST',
      `/api/visits/${visit.body.id}/photos`,
      form(new Uint8Array(5000).fill(0xff), 'image/jpeg', 'trop.jpg'),
    );
    assert.equal(refused.status, 413);
    assert.equal(refused.body.code, 'common.file-too-large');
    assert.deepEqual(refused.body.params, { limit: 4096 });
  });

  test('a file the reporter attached downloads for grievance officers, and for no one else', async () => {
    const receipt = await t.request(null, 'POST', '/api/public/grievances', {
      location: 'Kanina, près du pont',
      description: 'Des enfants trient le minerai près du pont de Kanina.',
      language: 'fr',
    });
    assert.equal(receipt.status, 201);
    const attached = await t.request(
      null,
      'POST',
      `/api/public/grievances/${receipt.body.caseCode}/attachments`,
      form(PDF, 'application/pdf', 'témoignage.pdf'),
      { 'x-case-secret': receipt.body.secret },
    );
    assert.equal(attached.status, 201, attached.text);
    const queue = await t.request('grievance_officer', 'GET', '/api/grievances?limit=50');
    const grievance = queue.body.items.find(
      (g: { caseCode: string }) => g.caseCode === receipt.body.caseCode,
    );
    assert.deepEqual(grievance.attachments, [
      {
        id: attached.body.id,
        filename: 'témoignage.pdf',
        contentType: 'application/pdf',
        sizeBytes: PDF.length,
      },
    ]);
    const path = `/api/grievances/${grievance.id}/attachments/${attached.body.id}`;
    const res = await fetch(`${t.url}${path}`, {
      headers: { authorization: `Bearer ${t.tokens.grievance_officer}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), PDF);
    const analyst = await t.request('analyst', 'GET', path);
    assert.equal(analyst.status, 403);
    assert.equal(analyst.body.code, 'grievances.officers-only');
    const unknown = await t.request(
      'grievance_officer',
      'GET',
      `/api/grievances/${grievance.id}/attachments/01960000-0000-7000-8000-00000000dead`,
    );
    assert.equal(unknown.status, 404);
  });
});
