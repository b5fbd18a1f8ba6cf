import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveKey } from './crypto.ts';
import { clearPaths, openRow, sealRow } from './sealed-store.ts';

const key = await deriveKey('482913', new Uint8Array(16).fill(7), 1000);
const schema = {
  primaryKey: { keyPath: 'id' },
  indexes: [{ keyPath: 'state' }, { keyPath: 'site.id' }, { keyPath: ['siteId', 'kind'] }],
} as Parameters<typeof clearPaths>[0];

test('the fields kept in clear are exactly those the indexes read', () => {
  assert.deepEqual(clearPaths(schema), ['id', 'state', 'site.id', 'siteId', 'kind']);
});

test('a sealed row shows its indexed fields and nothing else; opened, it is the row again', async () => {
  const row = {
    id: '0193a000-0000-7000-8000-000000000001',
    state: 'waiting',
    kind: 'visit',
    siteId: 's1',
    site: { id: 's1', name: 'Kasulo' },
    body: { notes: 'Trois enfants au puits 2', indicators: { headCount: 40, childrenSeen: true } },
  };
  const sealed = await sealRow(key, row, clearPaths(schema));
  assert.deepEqual(Object.keys(sealed).sort(), ['$sealed', 'id', 'kind', 'site', 'siteId', 'state']);
  assert.deepEqual(sealed.site, { id: 's1' });
  assert.doesNotMatch(new TextDecoder().decode(sealed.$sealed.data), /enfants|Kasulo/);
  assert.deepEqual(await openRow(key, sealed), row);
});

test('a photo blob is sealed on its own and comes back as a blob of the same type and bytes', async () => {
  const bytes = new Uint8Array(70_000).map((_, i) => i % 251);
  const row = { id: 'p1', state: 'waiting', visitId: 'v1', blob: new Blob([bytes], { type: 'image/jpeg' }) };
  const sealed = await sealRow(key, row, ['id', 'state', 'visitId']);
  assert.equal(sealed.$blobs?.length, 1);
  assert.equal(sealed.$blobs?.[0].type, 'image/jpeg');
  assert.notDeepEqual(new Uint8Array(sealed.$blobs?.[0].data ?? new ArrayBuffer(0)).slice(0, 16), bytes.slice(0, 16));
  const back = (await openRow(key, sealed)) as typeof row;
  assert.ok(back.blob instanceof Blob);
  assert.equal(back.blob.type, 'image/jpeg');
  assert.deepEqual(new Uint8Array(await back.blob.arrayBuffer()), bytes);
  assert.deepEqual({ ...back, blob: null }, { ...row, blob: null });
});

test('a row with another key cannot be opened; a row kept in clear from before is read as it is', async () => {
  const other = await deriveKey('482914', new Uint8Array(16).fill(7), 1000);
  const sealed = await sealRow(key, { id: 'x', note: 'secret' }, ['id']);
  await assert.rejects(openRow(other, sealed));
  assert.deepEqual(await openRow(key, { id: 'old', note: 'from before' }), { id: 'old', note: 'from before' });
  assert.equal(await openRow(key, undefined), undefined);
});
