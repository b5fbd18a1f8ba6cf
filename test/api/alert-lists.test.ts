import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

type Row = { id: string; createdAt?: string };

/** The paged lists of the alerts area: subscriptions, webhooks, the delivery log and the inbox. */
describe(`alerts lists, page by page (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { AMANA_WEBHOOK_ALLOW_RANGES: '127.0.0.0/8' } });
  });
  after(() => t.close());

  /** Every page of a list at `limit` rows, following nextCursor to the end. */
  async function allPages(role: 'downstream' | 'buyer', route: string, limit: number) {
    const pages: Row[][] = [];
    let cursor: string | null = null;
    do {
      const sep = route.includes('?') ? '&' : '?';
      const res = await t.request(
        role,
        'GET',
        `${route}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      assert.equal(res.status, 200, res.text);
      assert.ok(res.body.items.length <= limit);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 100);
    return pages;
  }

  /** Two pages or more at `limit`, no row twice, the same rows as one big page, in the same order. */
  async function checkPaging(route: string, limit: number) {
    const whole = (
      await t.request('downstream', 'GET', `${route}${route.includes('?') ? '&' : '?'}limit=200`)
    ).body;
    assert.equal(whole.nextCursor, null);
    const pages = await allPages('downstream', route, limit);
    assert.ok(pages.length >= 2, `${route} gave ${pages.length} page(s)`);
    const ids = pages.flat().map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'no row twice');
    assert.deepEqual(
      ids,
      whole.items.map((r: Row) => r.id),
    );
    return whole.items as Row[];
  }

  async function forgedCursorRefused(route: string) {
    for (const cursor of ['bm9wZQ', Buffer.from(JSON.stringify(['not a time', 'x'])).toString('base64url')]) {
      const res = await t.request('downstream', 'GET', `${route}?cursor=${cursor}`);
      assert.equal(res.status, 400, `${route} with ${cursor}`);
      assert.deepEqual(res.body.errors, [
        {
          path: 'cursor',
          message: 'this cursor was not issued by this list; start again without it',
          code: 'common.field.cursor-foreign',
        },
      ]);
    }
  }

  /** Three more sites the refiner follows, subscribed to once; with the sites and those it already followed. */
  const follow = once(async () => {
    const sites = (await t.request('analyst', 'GET', '/api/sites?limit=20')).body.items as { id: string }[];
    const already = new Set(
      (await t.request('downstream', 'GET', '/api/subscriptions?limit=200')).body.items.map(
        (s: { siteId: string | null }) => s.siteId,
      ),
    );
    const followed = sites
      .map((s) => s.id)
      .filter((id) => !already.has(id))
      .slice(0, 3);
    for (const siteId of followed)
      assert.equal((await t.request('downstream', 'POST', '/api/subscriptions', { siteId })).status, 201);
    return { sites, already, followed };
  });
  /** The refiner's three webhooks, made once. */
  const hooked = once(async () => {
    for (const n of [1, 2, 3])
      assert.equal(
        (await t.request('downstream', 'POST', '/api/webhooks', { url: `http://127.0.0.1:9/hook-${n}` }))
          .status,
        201,
      );
  });

  test('subscriptions: oldest first, page by page, and one site asked for alone', async () => {
    const { sites, already, followed } = await follow();
    const all = await checkPaging('/api/subscriptions', 2);
    assert.ok(all.length >= 4);
    const times = all.map((s) => s.createdAt!);
    assert.deepEqual(times, [...times].sort());

    const one = await t.request('downstream', 'GET', `/api/subscriptions?siteId=${followed[1]}`);
    assert.equal(one.status, 200);
    assert.deepEqual(
      one.body.items.map((s: { siteId: string }) => s.siteId),
      [followed[1]],
    );
    assert.equal(one.body.nextCursor, null);
    const unfollowed = sites.find((s) => !already.has(s.id) && !followed.includes(s.id));
    if (unfollowed)
      assert.deepEqual(
        (await t.request('downstream', 'GET', `/api/subscriptions?siteId=${unfollowed.id}`)).body.items,
        [],
      );
    assert.equal((await t.request('downstream', 'GET', '/api/subscriptions?siteId=nope')).status, 400);
    // Another organisation sees none of them.
    const theirs = (await t.request('buyer', 'GET', '/api/subscriptions?limit=200')).body.items.map(
      (s: Row) => s.id,
    );
    assert.equal(
      theirs.some((id: string) => all.some((s) => s.id === id)),
      false,
    );
    await forgedCursorRefused('/api/subscriptions');
  });

  test('webhooks: oldest first, page by page', async () => {
    await hooked();
    const all = await checkPaging('/api/webhooks', 2);
    assert.equal(all.length, 3);
    assert.equal((await t.request('buyer', 'GET', '/api/webhooks')).body.items.length, 0);
    await forgedCursorRefused('/api/webhooks');
  });

  test('the delivery log and the inbox: newest first, page by page', async () => {
    const { followed } = await follow();
    await hooked();
    let inc = (
      await t.request('analyst', 'POST', '/api/incidents', {
        siteId: followed[0],
        level: 1,
        category: 'armed_groups',
        title: 'Soldiers collecting a fee per sack',
        description: 'Seen at the gate.',
      })
    ).body;
    for (const to of ['under_verification', 'verified', 'escalated']) {
      // Four eyes: the second analyst verifies what the first reported.
      const res = await t.request(
        to === 'verified' ? 'analyst2' : 'analyst',
        'POST',
        `/api/incidents/${inc.id}/transitions`,
        {
          to,
          reason: `now ${to}`,
          revision: inc.revision,
        },
      );
      assert.equal(res.status, 200, res.text);
      inc = res.body;
    }
    // Two alerts (verified, escalated), each with a delivery per webhook: six rows, ties within an alert.
    const deliveries = await checkPaging('/api/deliveries', 4);
    assert.ok(deliveries.length >= 6);
    const log = (await t.request('downstream', 'GET', '/api/deliveries?limit=200')).body.items as {
      alertId: string;
    }[];
    const inbox = (await t.request('downstream', 'GET', '/api/alerts?limit=200')).body.items as Row[];
    // Newest first: the escalation's deliveries come before the verification's.
    const order = [...new Set(log.map((d) => d.alertId))];
    assert.deepEqual(
      order,
      inbox.map((a) => a.id).filter((id) => order.includes(id)),
    );
    assert.equal((await t.request('buyer', 'GET', '/api/deliveries?limit=200')).body.items.length, 0);
    await forgedCursorRefused('/api/deliveries');

    const alerts = await checkPaging('/api/alerts', 1);
    const times = alerts.map((a) => a.createdAt!);
    assert.deepEqual(times, [...times].sort().reverse());
    await forgedCursorRefused('/api/alerts');
  });

  test('each refusal of a subscription or a webhook carries its code', async () => {
    const { followed } = await follow();
    const again = await t.request('downstream', 'POST', '/api/subscriptions', { siteId: followed[0] });
    assert.equal(again.status, 409);
    assert.equal(again.body.detail, 'your organisation already follows this');
    assert.equal(again.body.code, 'alerts.already-following');
    const byMonitor = await t.request('monitor', 'POST', '/api/subscriptions', { siteId: followed[0] });
    assert.equal(byMonitor.status, 403);
    assert.equal(byMonitor.body.code, 'alerts.manage-forbidden');
    const neither = await t.request('downstream', 'POST', '/api/subscriptions', {});
    assert.deepEqual(neither.body.errors, [
      {
        path: 'siteId',
        message: 'give exactly one of siteId and supplierId',
        code: 'alerts.target-exactly-one',
      },
    ]);
    const nowhere = await t.request('downstream', 'POST', '/api/subscriptions', {
      siteId: '0190a000-0000-7000-8000-000000000000',
    });
    assert.deepEqual(nowhere.body.errors, [
      { path: 'siteId', message: 'no such site', code: 'common.field.not-found', params: { record: 'site' } },
    ]);
    const hook = async (url: string) => {
      const res = await t.request('downstream', 'POST', '/api/webhooks', { url });
      assert.equal(res.status, 400, url);
      return res.body.errors.map((e: { code: string; params?: object }) => ({
        code: e.code,
        params: e.params,
      }));
    };
    assert.deepEqual(await hook('ftp://hooks.example.org/x'), [
      { code: 'alerts.webhook-scheme', params: { scheme: 'ftp:' } },
    ]);
    assert.deepEqual(await hook('http://10.0.0.8/x'), [
      { code: 'alerts.webhook-address', params: { address: '10.0.0.8', range: 'private' } },
    ]);
  });
});
