import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_DOMAIN } from '../../src/demo/demo-world.ts';
import { sendScheduledReports } from '../../src/services/reports/scheduled.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { mailText, smtpReceiver } from './receivers.ts';

/** The attachment of a received message: its name, type and decoded bytes (headers may be folded). */
function attachmentOf(raw: string) {
  const part = raw.split(/\r?\n--/).find((p) => /Content-Disposition: attachment/.test(p));
  assert.ok(part, 'no attachment in the message');
  const [head, ...body] = part.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  return {
    type: /Content-Type: ([\w/+.-]+)/.exec(headers)?.[1],
    name: /name=([^\s;]+)/.exec(headers)?.[1],
    content: Buffer.from(body.join('').replace(/\s/g, ''), 'base64'),
  };
}

/** The Subject header, its RFC 2047 encoded words decoded. */
function subjectOf(raw: string) {
  const line = /\nSubject: ((?:[^\r\n]|\r?\n[ \t])+)/.exec(raw)?.[1] ?? '';
  const words = [...line.matchAll(/=\?UTF-8\?Q\?([^?]*)\?=/g)].map((m) => m[1]);
  if (words.length === 0) return line;
  const bytes = words
    .join('')
    .replace(/_/g, ' ')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

describe('quarterly due-diligence reports by e-mail', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  let clock = new Date('2026-03-02T09:00:00Z');
  let refiner: string;
  const path = () => `/api/organisations/${refiner}/report-subscriptions`;
  before(async () => {
    smtp = await smtpReceiver();
    t = await startTestApp({ clock: () => clock, env: { AMANA_SMTP_URL: smtp.url } });
    refiner = t.orgOf.downstream;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('the buyer subscribes at its own address from the quarter under way; others who may not read it cannot', async () => {
    const res = await t.request('downstream', 'POST', path(), { language: 'fr', format: 'pdf' });
    assert.equal(res.status, 201);
    assert.deepEqual(
      { ...res.body, id: undefined, createdAt: undefined },
      {
        id: undefined,
        organisationId: refiner,
        email: `downstream@${DEMO_DOMAIN}`,
        language: 'fr',
        format: 'pdf',
        firstQuarter: '2026-Q1',
        createdAt: undefined,
        sentQuarters: [],
      },
    );
    const again = await t.request('downstream', 'POST', path(), { language: 'fr', format: 'pdf' });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'reports.already-subscribed');
    const bad = await t.request('downstream', 'POST', path(), { language: 'fr', format: 'docx' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'format');
    for (const role of ['monitor', 'cooperative_manager', 'buyer'] as const) {
      const refused = await t.request(role, 'POST', path(), { language: 'en', format: 'pdf' });
      assert.equal(refused.status, 403, role);
    }
    const mine = await t.request('downstream', 'GET', path());
    assert.deepEqual(
      mine.body.map((s: { format: string }) => s.format),
      ['pdf'],
    );
  });

  test('the worker sends the quarter once it has closed, with the PDF attached, and never twice', async () => {
    clock = new Date('2026-03-31T23:00:00Z');
    assert.deepEqual(await sendScheduledReports(t.ctx), { sent: 0, failed: 0 });
    clock = new Date('2026-04-01T01:00:00Z');
    assert.deepEqual(await sendScheduledReports(t.ctx), { sent: 1, failed: 0 });
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0];
    assert.deepEqual(mail.to, [`downstream@${DEMO_DOMAIN}`]);
    assert.equal(subjectOf(mail.raw), 'Rapport de diligence raisonnable 2026-Q1 — Nordkobolt Refining AB');
    assert.match(mailText(mail.raw), /Amana-Report-Quarter: 2026-Q1/);
    const pdf = attachmentOf(mail.raw);
    assert.equal(pdf.type, 'application/pdf');
    assert.equal(pdf.name, 'amana-due-diligence-2026-01-01-2026-03-31-fr.pdf');
    assert.equal(pdf.content.subarray(0, 5).toString(), '%PDF-');
    // Again, and as a restarted worker would (a new context on the same database): nothing more.
    assert.deepEqual(await sendScheduledReports(t.ctx), { sent: 0, failed: 0 });
    assert.deepEqual(await sendScheduledReports({ ...t.ctx }), { sent: 0, failed: 0 });
    assert.equal(smtp.received.length, 1);
    const sent = await t.ctx.db.query<{ payload: { quarter: string; to: string } }>(
      "SELECT payload FROM events WHERE type = 'report.sent'",
    );
    assert.deepEqual(
      sent.rows.map((r) => [r.payload.quarter, r.payload.to]),
      [['2026-Q1', `downstream@${DEMO_DOMAIN}`]],
    );
    const mine = await t.request('downstream', 'GET', path());
    assert.deepEqual(mine.body[0].sentQuarters, ['2026-Q1']);
  });

  test('a quarter claimed by a worker that died before it answered is not sent again', async () => {
    const [sub] = (await t.request('downstream', 'GET', path())).body;
    await t.ctx.db.query(
      "INSERT INTO report_deliveries (subscription_id, quarter, claimed_at) VALUES ($1, '2026-Q2', $2)",
      [sub.id, new Date('2026-07-01T00:00:05Z')],
    );
    clock = new Date('2026-07-01T02:00:00Z');
    assert.deepEqual(await sendScheduledReports(t.ctx), { sent: 0, failed: 0 });
    assert.equal(smtp.received.length, 1);
  });

  test('data in English: a mail that cannot be sent is recorded and sent at the next pass', async () => {
    const res = await t.request('analyst', 'POST', path(), { language: 'en', format: 'json' });
    assert.equal(res.status, 201);
    assert.equal(res.body.firstQuarter, '2026-Q3');
    clock = new Date('2026-10-01T03:00:00Z');
    const down = { ...t.ctx, config: { ...t.ctx.config, smtpUrl: 'smtp://127.0.0.1:9' } };
    // The refiner's 2026-Q3 and the analyst's 2026-Q3 both fail.
    assert.deepEqual(await sendScheduledReports(down), { sent: 0, failed: 2 });
    const failed = await t.ctx.db.query<{ error: string }>(
      'SELECT error FROM report_deliveries WHERE subscription_id = $1',
      [res.body.id],
    );
    assert.match(failed.rows[0].error, /ECONNREFUSED/);
    assert.deepEqual(await sendScheduledReports(t.ctx), { sent: 2, failed: 0 });
    const mail = smtp.received.find((m) => m.to[0] === `analyst@${DEMO_DOMAIN}`);
    assert.ok(mail);
    assert.equal(subjectOf(mail.raw), 'Due-diligence report 2026-Q3 — Nordkobolt Refining AB');
    const data = attachmentOf(mail.raw);
    assert.equal(data.type, 'application/json');
    assert.equal(data.name, 'amana-due-diligence-2026-07-01-2026-09-30-en.json');
    const report = JSON.parse(data.content.toString());
    assert.deepEqual(report.period, { from: '2026-07-01', to: '2026-09-30' });
    assert.equal(report.buyer.id, refiner);
  });

  test('a subscriber stops it; another cannot, and nothing is sent after', async () => {
    const [sub] = (await t.request('downstream', 'GET', path())).body;
    const other = await t.request('analyst', 'DELETE', `${path()}/${sub.id}`);
    assert.equal(other.status, 404);
    const stop = await t.request('downstream', 'DELETE', `${path()}/${sub.id}`);
    assert.equal(stop.status, 204);
    assert.deepEqual((await t.request('downstream', 'GET', path())).body, []);
    const before = smtp.received.length;
    clock = new Date('2027-01-01T05:00:00Z');
    // Only the analyst's subscription is live: its 2026-Q4.
    assert.deepEqual(await sendScheduledReports(t.ctx), { sent: 1, failed: 0 });
    assert.deepEqual(
      smtp.received.slice(before).map((m) => m.to[0]),
      [`analyst@${DEMO_DOMAIN}`],
    );
  });
});
