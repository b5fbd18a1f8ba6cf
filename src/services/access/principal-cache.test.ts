import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PrincipalRow } from '../../storage/queries/access.ts';
import { cachedPrincipal, forgetPrincipals } from './principal-cache.ts';

const row = (role: PrincipalRow['role'], expires: string | null = null): PrincipalRow => ({
  user_id: 'u1',
  email: 'a@b.test',
  organisation_id: 'o1',
  role,
  expires_at: expires ? new Date(expires) : null,
});
const NOW = new Date('2026-12-03T10:00:00Z');

/** A loader that answers `rows` in turn and counts its calls. */
function loader(...rows: (PrincipalRow | undefined)[]) {
  let calls = 0;
  const load = async () => rows[Math.min(calls++, rows.length - 1)];
  return { load, calls: () => calls };
}

describe('the principal cache', () => {
  test('asks the database once within its lifetime, and again after forgetPrincipals', async () => {
    const db = {};
    const l = loader(row('analyst'), row('monitor'));
    assert.equal((await cachedPrincipal(db, 'k', 5, NOW, l.load))?.role, 'analyst');
    assert.equal((await cachedPrincipal(db, 'k', 5, NOW, l.load))?.role, 'analyst');
    assert.equal(l.calls(), 1);
    forgetPrincipals(db);
    assert.equal((await cachedPrincipal(db, 'k', 5, NOW, l.load))?.role, 'monitor');
    assert.equal(l.calls(), 2);
  });

  test('keeps nothing with a lifetime of 0, and never keeps an unknown credential', async () => {
    const db = {};
    const l = loader(row('analyst'));
    await cachedPrincipal(db, 'k', 0, NOW, l.load);
    await cachedPrincipal(db, 'k', 0, NOW, l.load);
    assert.equal(l.calls(), 2);
    const none = loader(undefined, row('admin'));
    assert.equal(await cachedPrincipal(db, 'x', 5, NOW, none.load), undefined);
    assert.equal((await cachedPrincipal(db, 'x', 5, NOW, none.load))?.role, 'admin');
    assert.equal(none.calls(), 2);
  });

  test('a kept credential that has expired by the service clock is asked again', async () => {
    const db = {};
    const l = loader(row('analyst', '2026-12-03T10:00:01Z'), undefined);
    assert.equal((await cachedPrincipal(db, 'k', 60, NOW, l.load))?.role, 'analyst');
    assert.equal(await cachedPrincipal(db, 'k', 60, new Date('2026-12-03T10:00:01Z'), l.load), undefined);
    assert.equal(l.calls(), 2);
  });

  test('an answer read while a change was being made is not kept', async () => {
    const db = {};
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const old = row('analyst');
    const slow = cachedPrincipal(db, 'k', 5, NOW, async () => {
      await gate;
      return old;
    });
    forgetPrincipals(db); // the change commits while the old row is on its way
    release();
    assert.equal((await slow)?.role, 'analyst');
    const l = loader(row('monitor'));
    assert.equal((await cachedPrincipal(db, 'k', 5, NOW, l.load))?.role, 'monitor');
    assert.equal(l.calls(), 1);
  });

  test('each database has its own cache', async () => {
    const a = {};
    const b = {};
    await cachedPrincipal(a, 'k', 5, NOW, async () => row('analyst'));
    const l = loader(row('buyer'));
    assert.equal((await cachedPrincipal(b, 'k', 5, NOW, l.load))?.role, 'buyer');
    forgetPrincipals(b);
    const la = loader(row('admin'));
    assert.equal((await cachedPrincipal(a, 'k', 5, NOW, la.load))?.role, 'analyst');
    assert.equal(la.calls(), 0);
  });
});
