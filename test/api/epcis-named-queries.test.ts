import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deliverSubscriptions } from '../../src/services/custody/epcis-subscription-delivery.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';
import { webhookReceiver } from './receivers.ts';

type Obj = Record<string, unknown>;
const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const id = (n: number) => `urn:uuid:7c000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const event = (n: number, bizStep: string): Obj => ({
  type: 'ObjectEvent',
  eventID: id(n),
  eventTime: '2044-01-01T10:00:00Z',
  eventTimeZoneOffset: '+00:00',
  action: 'OBSERVE',
  bizStep,
  epcList: [`urn:epc:id:sgtin:0614141.107346.40${n}`],
});
const doc = (events: Obj[]) => ({
  '@context': [EPCIS_CONTEXT],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2044-01-01T00:00:00Z',
  epcisBody: { eventList: events },
});
const ids = (d: { epcisBody: { queryResults: { resultsBody: { eventList: Obj[] } } } }) =>
  d.epcisBody.queryResults.resultsBody.eventList.map((e) => e.eventID);

describe(`EPCIS named queries and WebSocket subscriptions (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { AMANA_WEBHOOK_ALLOW_RANGES: '127.0.0.0/8' } });
  });
  after(() => t.close());
  const capture = (events: Obj[], role: 'analyst' | 'downstream' = 'analyst') =>
    t.request(role, 'POST', '/epcis/capture', JSON.stringify(doc(events)), {
      'content-type': 'application/ld+json',
    });
  const shipping = {
    name: 'shipping-2044',
    query: { EQ_bizStep: ['shipping'], GE_eventTime: '2044-01-01T00:00:00Z' },
  };

  test('a named query is created, listed, read, run and deleted, each user’s own', async () => {
    const made = await t.request('analyst', 'POST', '/epcis/queries', shipping);
    assert.equal(made.status, 201, made.text);
    assert.equal(made.headers.get('location'), '/epcis/queries/shipping-2044');
    assert.deepEqual(
      { name: made.body.name, query: made.body.query },
      { name: 'shipping-2044', query: { EQ_bizStep: 'shipping', GE_eventTime: '2044-01-01T00:00:00Z' } },
    );
    const again = await t.request('analyst', 'POST', '/epcis/queries', shipping);
    assert.equal(again.status, 409);
    assert.equal(again.body.type, 'epcisException:ResourceAlreadyExistsException');
    assert.equal(again.body.code, 'custody.epcis-query-name-taken');
    const wrong = await t.request('analyst', 'POST', '/epcis/queries', {
      name: 'bad',
      query: { EQ_action: ['MOVE'], NOPE: 'x' },
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.type, 'epcisException:QueryValidationException');
    assert.deepEqual(
      wrong.body.errors.map((e: Obj) => e.path),
      ['query.NOPE', 'query.EQ_action'],
    );
    assert.deepEqual(
      (await t.request('analyst', 'GET', '/epcis/queries')).body.map((q: Obj) => q.name),
      ['shipping-2044'],
    );
    assert.equal(
      (await t.request('analyst', 'GET', '/epcis/queries/shipping-2044')).body.name,
      'shipping-2044',
    );
    // Another user neither sees it nor reaches it.
    assert.deepEqual((await t.request('downstream', 'GET', '/epcis/queries')).body, []);
    const theirs = await t.request('downstream', 'GET', '/epcis/queries/shipping-2044/events');
    assert.equal(theirs.status, 404);
    assert.equal(theirs.body.type, 'epcisException:NoSuchNameException');
    assert.equal((await capture([event(1, 'shipping'), event(2, 'receiving')])).status, 202);
    const run = await t.request('analyst', 'GET', '/epcis/queries/shipping-2044/events');
    assert.equal(run.status, 200);
    assert.deepEqual(ids(run.body), [id(1)]);
    // The same query made by a refiner answers only its chain: none of the analyst's events.
    assert.equal((await t.request('downstream', 'POST', '/epcis/queries', shipping)).status, 201);
    assert.deepEqual(
      ids((await t.request('downstream', 'GET', '/epcis/queries/shipping-2044/events')).body),
      [],
    );
    assert.equal((await t.request('downstream', 'DELETE', '/epcis/queries/shipping-2044')).status, 204);
    assert.equal((await t.request('downstream', 'GET', '/epcis/queries/shipping-2044')).status, 404);
    assert.equal((await t.request('analyst', 'GET', '/epcis/queries/shipping-2044')).status, 200);
  });

  const connect = (role: 'analyst' | 'downstream', url: string) =>
    new Promise<{ socket: WebSocket; messages: Obj[] }>((resolve, reject) => {
      const socket = new WebSocket(`${t.url.replace('http', 'ws')}${url}`, {
        headers: { authorization: `Bearer ${t.tokens[role]}` },
      } as never);
      const messages: Obj[] = [];
      socket.onmessage = (m) => messages.push(JSON.parse(String(m.data)));
      socket.onopen = () => resolve({ socket, messages });
      socket.onerror = () => reject(new Error('no connection'));
    });
  const waitFor = async (check: () => boolean, ms: number) => {
    const until = Date.now() + ms;
    while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  };

  test('a WebSocket subscriber receives exactly the newly captured matching events; a refiner’s stream carries only its chain', async () => {
    const q = { name: 'ws-shipping', query: { EQ_bizStep: ['shipping'] } };
    assert.equal((await t.request('analyst', 'POST', '/epcis/queries', q)).status, 201);
    assert.equal((await t.request('downstream', 'POST', '/epcis/queries', q)).status, 201);
    // An event before the subscription is not sent.
    assert.equal((await capture([event(10, 'shipping')])).status, 202);
    const mine = await connect('analyst', '/epcis/queries/ws-shipping/events?stream=true');
    const refiner = await connect('downstream', '/epcis/queries/ws-shipping/events?stream=true');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(
      (await capture([event(11, 'shipping'), event(12, 'receiving'), event(13, 'shipping')])).status,
      202,
    );
    // The refiner captures one of its own: its stream carries that one only.
    assert.equal((await capture([event(14, 'shipping')], 'downstream')).status, 202);
    await waitFor(
      () => mine.messages.flatMap((m) => ids(m as never)).length >= 3 && refiner.messages.length >= 1,
      10_000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    // Events of one document are in no order among themselves.
    assert.deepEqual(mine.messages.flatMap((m) => ids(m as never)).sort(), [id(11), id(13), id(14)]);
    assert.deepEqual(
      refiner.messages.flatMap((m) => ids(m as never)),
      [id(14)],
    );
    const first = mine.messages[0] as { epcisBody: { queryResults: Obj } };
    assert.equal(first.epcisBody.queryResults.queryName, 'ws-shipping');
    mine.socket.close();
    refiner.socket.close();
  });

  test('a WebSocket subscription without stream or schedule is refused with the binding’s exception', async () => {
    const { socket, messages } = await connect('analyst', '/epcis/queries/ws-shipping/events');
    await waitFor(() => messages.length > 0, 5000);
    assert.equal(messages[0].type, 'epcisException:SubscriptionControlsException');
    assert.deepEqual(
      (messages[0].errors as Obj[]).map((e) => e.code),
      ['custody.epcis-subscription-controls'],
    );
    socket.close();
  });

  test('webhook subscriptions: the address is checked, a token answered once, listed, read and ended', async () => {
    const hooks = await webhookReceiver();
    try {
      const refused = await t.request('analyst', 'POST', '/epcis/queries/shipping-2044/subscriptions', {
        dest: 'http://10.0.0.1/hook',
        stream: true,
      });
      assert.equal(refused.status, 400);
      assert.deepEqual(
        refused.body.errors.map((e: Obj) => e.path),
        ['dest'],
      );
      const neither = await t.request('analyst', 'POST', '/epcis/queries/shipping-2044/subscriptions', {
        dest: hooks.url,
      });
      assert.equal(neither.status, 400);
      assert.equal(neither.body.errors[0].code, 'custody.epcis-subscription-controls');
      const bad = await t.request('analyst', 'POST', '/epcis/queries/shipping-2044/subscriptions', {
        dest: hooks.url,
        schedule: { minute: '75' },
      });
      assert.deepEqual(
        bad.body.errors.map((e: Obj) => e.path),
        ['schedule.minute'],
      );
      const made = await t.request('analyst', 'POST', '/epcis/queries/shipping-2044/subscriptions', {
        dest: hooks.url,
        schedule: { hour: '1', minute: '5' },
      });
      assert.equal(made.status, 201, made.text);
      assert.ok(made.body.signatureToken.length >= 32);
      const url = made.headers.get('location') as string;
      const got = await t.request('analyst', 'GET', url);
      assert.deepEqual(got.body.schedule, { hour: '1', minute: '5' });
      assert.equal(got.body.signatureToken, undefined);
      assert.equal(
        (await t.request('analyst', 'GET', '/epcis/queries/shipping-2044/subscriptions')).body.length,
        1,
      );
      assert.equal((await t.request('analyst', 'DELETE', url)).status, 204);
      assert.equal((await t.request('analyst', 'GET', url)).status, 404);
    } finally {
      await hooks.close();
    }
  });

  test('a WebSocket subscription on a schedule sends what is new at its times, an empty answer too when asked; initialRecordTime starts it earlier', async () => {
    const q = { name: 'ws-epc', query: { MATCH_epc: ['urn:epc:id:sgtin:0614141.107346.4020'] } };
    assert.equal((await t.request('analyst', 'POST', '/epcis/queries', q)).status, 201);
    assert.equal((await capture([event(20, 'shipping')])).status, 202);
    // Every second, reporting empty runs: the first run carries the event recorded after the initial record time.
    const { socket, messages } = await connect(
      'analyst',
      '/epcis/queries/ws-epc/events?second=[0-59]&reportIfEmpty=true&initialRecordTime=2000-01-01T00:00:00Z',
    );
    await waitFor(() => messages.length >= 3, 8000);
    socket.close();
    assert.deepEqual(ids(messages[0] as never), [id(20)]);
    assert.deepEqual(ids(messages[1] as never), []);
  });

  test('a failed webhook delivery is retried after its backoff with the same Idempotency-Key, and delivered once', async () => {
    let calls = 0;
    const hooks = await webhookReceiver(() => (++calls === 1 ? 500 : 200));
    try {
      const q = { name: 'retry', query: { MATCH_epc: ['urn:epc:id:sgtin:0614141.107346.4030'] } };
      assert.equal((await t.request('analyst', 'POST', '/epcis/queries', q)).status, 201);
      const sub = await t.request('analyst', 'POST', '/epcis/queries/retry/subscriptions', {
        dest: hooks.url,
        stream: true,
      });
      assert.equal(sub.status, 201);
      assert.equal((await capture([event(30, 'shipping')])).status, 202);
      assert.equal(await deliverSubscriptions(t.ctx), 0);
      assert.equal(hooks.received.length, 1);
      const failed = await t.request('analyst', 'GET', sub.headers.get('location') as string);
      assert.equal(failed.body.lastError, 'HTTP 500');
      // Not due again before its backoff.
      await deliverSubscriptions(t.ctx);
      assert.equal(hooks.received.length, 1);
      const later = { ...t.ctx, clock: () => new Date(Date.now() + 3600_000) };
      assert.equal(await deliverSubscriptions(later), 1);
      assert.equal(hooks.received.length, 2);
      assert.equal(
        hooks.received[0].headers['idempotency-key'],
        hooks.received[1].headers['idempotency-key'],
      );
      assert.deepEqual(ids(JSON.parse(hooks.received[1].body)), [id(30)]);
      // Delivered: nothing more.
      await deliverSubscriptions({ ...t.ctx, clock: () => new Date(Date.now() + 7200_000) });
      assert.equal(hooks.received.length, 2);
    } finally {
      await hooks.close();
    }
  });
});
