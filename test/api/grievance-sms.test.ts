import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';
import { smsGatewayReceiver } from './receivers.ts';

const AT_TOKEN = 'at-callback-secret-0123456789abcdef';
const JSON_TOKEN = 'json-channel-secret-0123456789abcdef';
const NUMBER = '+243970555111';

/** Grievances without a smartphone: SMS in through a gateway's webhook, threaded by number, answered by SMS. */
describe(`grievances by SMS over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  let gateway: Awaited<ReturnType<typeof smsGatewayReceiver>>;
  let down = false;

  before(async () => {
    gateway = await smsGatewayReceiver(() => (down ? 503 : null));
    t = await startTestApp({
      env: {
        AMANA_GRIEVANCE_KEY: Buffer.alloc(32, 9).toString('base64'),
        AMANA_SMS_AFRICASTALKING_TOKEN: AT_TOKEN,
        AMANA_SMS_JSON_TOKEN: JSON_TOKEN,
        AMANA_SMS_SEND_URL: gateway.url,
        AMANA_SMS_USERNAME: 'amana-kolwezi',
        AMANA_SMS_API_KEY: 'at-api-key-test',
        AMANA_SMS_FROM: '20880',
        AMANA_SMS_RATE_MAX: '8',
      },
    });
  });
  after(async () => {
    await t.close();
    await gateway.close();
  });

  /** Posts Africa's Talking's callback form, with the token in the callback URL as its dashboard allows. */
  const callback = (fields: Record<string, string>, token: string | null = AT_TOKEN) =>
    t.request(
      null,
      'POST',
      `/api/sms/africastalking/inbound${token === null ? '' : `?token=${encodeURIComponent(token)}`}`,
      new URLSearchParams(fields).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
  const officerThread = async (caseCode: string) => {
    const queue = await t.request('grievance_officer', 'GET', `/api/grievances?q=${caseCode}&limit=5`);
    const g = queue.body.items[0];
    return { g, thread: (await t.request('grievance_officer', 'GET', `/api/grievances/${g.id}/sms`)).body };
  };

  test('a message without the channel’s token, or with another, is refused before it is read', async () => {
    const fields = {
      from: NUMBER,
      to: '20880',
      text: 'Bonjour',
      date: '2026-12-06 08:00:00',
      id: 'ATXid_x0',
    };
    const none = await callback(fields, null);
    assert.equal(none.status, 401);
    assert.equal(none.body.code, 'grievances.sms-token');
    const wrong = await callback(fields, 'not-the-secret-but-long-enough-to-look');
    assert.equal(wrong.status, 401);
    const jsonWithAtToken = await t.request(null, 'POST', '/api/sms/inbound', fields, {
      'x-amana-sms-token': AT_TOKEN,
    });
    assert.equal(jsonWithAtToken.status, 401);
    assert.equal(gateway.received.length, 0);
  });

  test('the first message opens a grievance whose first answer carries its case code; the number is sealed', async () => {
    const first = await callback({
      from: NUMBER,
      to: '20880',
      text: 'Watoto wanafanya kazi kwenye shimo la Kanina kila asubuhi.',
      date: '2026-12-06 07:45:10',
      id: 'ATXid_in_1',
      linkId: 'SampleLinkId123',
    });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.created, true);
    assert.equal(first.body.duplicate, false);
    assert.match(first.body.caseCode, /^GRV-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.equal(gateway.received.length, 1);
    const sent = gateway.received[0];
    assert.equal(sent.headers.apikey, 'at-api-key-test');
    assert.deepEqual(sent.form, {
      username: 'amana-kolwezi',
      to: NUMBER,
      message: `Amana: plainte recue, dossier ${first.body.caseCode}. Malalamiko yamepokelewa, kesi ${first.body.caseCode}. Repondez ici / Jibu hapa.`,
      from: '20880',
    });
    const { g, thread } = await officerThread(first.body.caseCode);
    assert.equal(g.description, 'Watoto wanafanya kazi kwenye shimo la Kanina kila asubuhi.');
    assert.deepEqual((await t.request('grievance_officer', 'GET', `/api/grievances/${g.id}`)).body.contact, {
      phone: NUMBER,
    });
    assert.deepEqual(
      thread.map((m: { direction: string; status: string; sentAt: string | null }) => [
        m.direction,
        m.status,
        m.direction === 'in' ? m.sentAt : null,
      ]),
      [
        ['in', 'received', '2026-12-06T07:45:10.000Z'],
        ['out', 'sent', null],
      ],
    );
    // Nowhere in the database is the number in clear: not the grievance, the thread, the messages or the log.
    for (const table of ['grievances', 'grievance_sms_threads', 'grievance_sms_messages', 'events']) {
      const rows = await t.ctx.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} x WHERE x::text LIKE '%970555111%'`,
      );
      assert.equal(rows.rows[0].n, 0, table);
    }
  });

  test('a further message from the number joins its grievance; the gateway’s retry is stored once', async () => {
    const before = gateway.received.length;
    const again = await callback({
      from: '+243 970 555 111',
      to: '20880',
      text: 'Leo walikuwa watano.',
      date: '2026-12-06 09:00:00',
      id: 'ATXid_in_2',
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.created, false);
    const retry = await callback({
      from: NUMBER,
      to: '20880',
      text: 'Leo walikuwa watano.',
      date: '2026-12-06 09:00:00',
      id: 'ATXid_in_2',
    });
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.body, { caseCode: again.body.caseCode, created: false, duplicate: true });
    assert.equal(gateway.received.length, before, 'no second first answer');
    const { thread } = await officerThread(again.body.caseCode);
    assert.deepEqual(
      thread.map((m: { direction: string; body: string }) => [m.direction, m.body.slice(0, 20)]),
      [
        ['in', 'Watoto wanafanya kaz'],
        ['out', 'Amana: plainte recue'],
        ['in', 'Leo walikuwa watano.'],
      ],
    );
  });

  test('the generic JSON channel takes its own token in its header and threads another number apart', async () => {
    const res = await t.request(
      null,
      'POST',
      '/api/sms/inbound',
      {
        from: '+243810000222',
        text: 'Police inadai pesa kwenye kizuizi.',
        id: 'gw-77',
        date: '2026-12-06T10:00:00Z',
      },
      { 'x-amana-sms-token': JSON_TOKEN },
    );
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.created, true);
    assert.equal(gateway.received.at(-1)?.form.to, '+243810000222');
  });

  test('the officer answers by SMS through the gateway; a gateway that fails leaves the answer marked failed', async () => {
    const first = await callback({ from: NUMBER, text: 'Asante', id: 'ATXid_in_3', to: '20880' });
    const { g } = await officerThread(first.body.caseCode);
    const answer = await t.request('grievance_officer', 'POST', `/api/grievances/${g.id}/sms`, {
      text: 'Merci. Un moniteur passera à Kanina cette semaine.',
    });
    assert.equal(answer.status, 201, answer.text);
    assert.equal(answer.body.status, 'sent');
    assert.equal(answer.body.sentBy, 'Josée Kalala');
    assert.deepEqual(gateway.received.at(-1)?.form, {
      username: 'amana-kolwezi',
      to: NUMBER,
      message: 'Merci. Un moniteur passera à Kanina cette semaine.',
      from: '20880',
    });
    down = true;
    const failed = await t.request('grievance_officer', 'POST', `/api/grievances/${g.id}/sms`, {
      text: 'Deuxième message.',
    });
    down = false;
    assert.equal(failed.status, 201);
    assert.equal(failed.body.status, 'failed');
    assert.equal(failed.body.failure, 'the gateway answered 503: gateway down');
    const events = await t.request('grievance_officer', 'GET', `/api/grievances/${g.id}/sms`);
    assert.deepEqual(
      events.body.slice(-2).map((m: { status: string }) => m.status),
      ['sent', 'failed'],
    );
  });

  test('only grievance officers read and answer threads; a grievance from the web form has no number to answer', async () => {
    const { g } = await officerThread(
      (await callback({ from: NUMBER, text: 'x', id: 'ATXid_in_4' })).body.caseCode,
    );
    assert.equal((await t.request('analyst', 'GET', `/api/grievances/${g.id}/sms`)).status, 403);
    const byAnalyst = await t.request('analyst', 'POST', `/api/grievances/${g.id}/sms`, { text: 'Bonjour' });
    assert.equal(byAnalyst.status, 403);
    assert.equal(byAnalyst.body.code, 'grievances.officers-only');
    const web = await t.request(null, 'POST', '/api/public/grievances', {
      location: 'Kanina',
      description: 'Un signalement par le formulaire web.',
      language: 'fr',
    });
    const { g: webGrievance } = await officerThread(web.body.caseCode);
    assert.deepEqual(
      (await t.request('grievance_officer', 'GET', `/api/grievances/${webGrievance.id}/sms`)).body,
      [],
    );
    const noNumber = await t.request('grievance_officer', 'POST', `/api/grievances/${webGrievance.id}/sms`, {
      text: 'Bonjour',
    });
    assert.equal(noNumber.status, 409);
    assert.equal(noNumber.body.code, 'grievances.sms-no-thread');
  });

  test('a message that is too long, from no number, or one too many from a number is refused with its reason', async () => {
    const long = await callback({ from: '+243990000333', text: 'a'.repeat(1601), id: 'ATXid_long' });
    assert.equal(long.status, 400);
    assert.equal(long.body.errors[0].path, 'text');
    const noNumber = await callback({ from: 'AMANA', text: 'Bonjour', id: 'ATXid_name' });
    assert.equal(noNumber.status, 400);
    assert.deepEqual(noNumber.body.errors, [
      { path: 'from', message: 'not a phone number', code: 'grievances.sms-not-a-number' },
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++)
      statuses.push(
        (await callback({ from: '+243990000444', text: `Message ${i}`, id: `ATXid_flood_${i}` })).status,
      );
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 429]);
    const huge = await t.request(null, 'POST', `/api/sms/inbound`, 'x'.repeat(20_000), {
      'x-amana-sms-token': JSON_TOKEN,
      'content-type': 'application/json',
    });
    assert.equal(huge.status, 413);
  });
});
