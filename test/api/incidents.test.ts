import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { deliverDue } from '../../src/services/alerts/deliveries.ts';
import { flagOverdueReviews } from '../../src/services/incidents/plans.ts';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';
import { smtpReceiver, webhookReceiver } from './receivers.ts';

/** The whole path: visit → automatic incident → verification → plan → review → resolution, with alerts delivered. */
describe(`monitoring, incidents, plans and alerts over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  let now = new Date('2026-04-01T08:00:00Z');
  let siteId: string;
  let secret: string;
  let childIncident: { id: string; revision: number; code: string };

  before(async () => {
    hooks = await webhookReceiver();
    smtp = await smtpReceiver();
    t = await startTestApp({
      clock: () => now,
      env: {
        AMANA_SMTP_URL: smtp.url,
        AMANA_MAIL_FROM: 'alerts@amana.test',
        // The receivers listen on loopback, which webhooks may reach only when allowed.
        AMANA_WEBHOOK_ALLOW_RANGES: '127.0.0.0/8',
      },
    });
    siteId = (await t.request('monitor', 'GET', '/api/sites?q=KZI-001')).body.items[0].id;
  });
  after(async () => {
    await t.close();
    await hooks.close();
    await smtp.close();
  });

  const visitId = '01960000-0000-7000-8000-0000000000a1';
  const visit = {
    id: visitId,
    siteId: '',
    visitedAt: '2026-04-01T07:30:00Z',
    latitude: -10.745,
    longitude: 25.521,
    indicators: {
      headCount: 120,
      childrenSeen: 2,
      pregnantWomenSeen: 0,
      ppeSharePct: 30,
      armedPeoplePresent: false,
      productionKg: 3500,
    },
    notes: 'Deux enfants au tri.',
  };

  // The steps of the path, each made once, on the day it happens, by the first test that stands on it.
  const subscribed = once(async () => {
    const sub = await t.request('downstream', 'POST', '/api/subscriptions', {
      siteId,
      emails: ['Compliance@nordkobolt.test'],
    });
    const hook = await t.request('downstream', 'POST', '/api/webhooks', { url: hooks.url });
    secret = hook.body.secret;
    return { sub, hook };
  });
  const visited = once(async () => {
    now = new Date('2026-04-01T08:00:00Z');
    const res = await t.request('monitor', 'POST', '/api/visits', { ...visit, siteId });
    childIncident = (
      await t.request('analyst', 'GET', `/api/incidents?limit=200&siteId=${siteId}`)
    ).body.items.find((i: { level: number }) => i.level === 1);
    return res;
  });
  const verified = once(async () => {
    await subscribed();
    await visited();
    now = new Date('2026-04-15T09:00:00Z');
    let res = await t.request('analyst', 'POST', `/api/incidents/${childIncident.id}/transitions`, {
      to: 'under_verification',
      reason: 'Visite de vérification programmée',
      revision: childIncident.revision,
    });
    res = await t.request('analyst', 'POST', `/api/incidents/${childIncident.id}/transitions`, {
      to: 'verified',
      reason: 'Confirmé par un second moniteur et des photos',
      revision: res.body.revision,
    });
    if (res.status === 200) childIncident = res.body;
    return res;
  });
  const mitigated = once(async () => {
    await verified();
    now = new Date('2026-04-15T09:00:00Z');
    const plan = await t.request('analyst', 'POST', `/api/incidents/${childIncident.id}/plan`, {
      ownerOrganisationId: t.orgOf.cooperative_manager,
      indicators: [{ name: 'children seen per visit', unit: 'children', baseline: 2, target: 0 }],
      actions: [
        { description: 'Contrôle des cartes à l’entrée du site', deadline: '2026-05-15' },
        { description: 'Orientation des enfants vers l’école avec un partenaire', deadline: '2026-07-01' },
      ],
      decision: 'suspend_temporarily',
      reason: 'Pas d’achat tant que des enfants sont présents',
    });
    const moved = await t.request('analyst', 'POST', `/api/incidents/${childIncident.id}/transitions`, {
      to: 'in_mitigation',
      reason: 'plan agreed with the cooperative',
      revision: childIncident.revision,
    });
    if (moved.status === 200) childIncident = moved.body;
    return { plan, moved };
  });

  test('a downstream company follows the site, with a webhook and an e-mail address', async () => {
    const { sub, hook } = await subscribed();
    assert.equal(sub.status, 201);
    assert.deepEqual(sub.body.emails, ['compliance@nordkobolt.test']);
    assert.equal((await t.request('downstream', 'POST', '/api/subscriptions', { siteId })).status, 409);
    assert.equal(hook.status, 201);
    assert.match(hook.body.secret, /^whsec_/);
    assert.equal(
      (await t.request('downstream', 'GET', `/api/incidents?limit=200&siteId=${siteId}`)).body.items.length,
      0,
    );
  });

  test('a visit whose indicators break rules opens incidents linked to it; a re-sent visit opens none', async () => {
    const res = await visited();
    assert.equal(res.status, 201);
    assert.deepEqual(
      res.body.incidents.map((i: { level: number; title: string }) => [i.level, i.title]),
      [
        [1, 'Children seen on site'],
        [3, 'Fewer than half the miners wear protective equipment'],
      ],
    );
    const again = await t.request('monitor', 'POST', '/api/visits', { ...visit, siteId });
    assert.equal(again.status, 200);
    const incidents = (await t.request('analyst', 'GET', `/api/incidents?limit=200&siteId=${siteId}`)).body
      .items;
    assert.equal(incidents.length, 2);
    const child = incidents.find((i: { level: number }) => i.level === 1);
    assert.deepEqual(
      [child.state, child.source, child.ruleCode, child.visitId, child.verificationDue],
      ['reported', 'rule', 'R-CHILD', visitId, '2026-04-08T08:00:00.000Z'],
    );
    // What the rule found is kept as data, so that every reader's language can say it; the description keeps the
    // record's own words.
    const site = (await t.request('analyst', 'GET', `/api/sites/${siteId}`)).body;
    assert.deepEqual(child.ruleFinding, {
      indicator: 'childrenSeen',
      operator: '>',
      threshold: 0,
      value: 2,
      visitedAt: '2026-04-01T07:30:00.000Z',
      siteCode: site.code,
    });
    assert.equal(child.description, `Visit of 2026-04-01 at ${site.code}: childrenSeen > 0 (value 2).`);
    const byHand = (await t.request('analyst', 'GET', '/api/incidents?limit=200')).body.items.find(
      (i: { source: string }) => i.source !== 'rule',
    );
    assert.equal(byHand.ruleFinding, null);
  });

  test('a monitor adds a photo with place and time to the incident; its type is checked', async () => {
    await visited();
    const form = (bytes: Uint8Array<ArrayBuffer>, fields: Record<string, string> = {}) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.append(k, v);
      f.append('file', new Blob([bytes], { type: 'image/png' }), 'enfants.png');
      return f;
    };
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const ok = await t.request(
      'monitor',
      'POST',
      `/api/incidents/${childIncident.id}/evidence`,
      form(png, { latitude: '-10.7046', longitude: '25.4745', takenAt: '2026-04-01T07:35:00Z' }),
    );
    assert.equal(ok.status, 201);
    assert.deepEqual(
      [ok.body.contentType, ok.body.latitude, ok.body.takenAt],
      ['image/png', -10.7046, '2026-04-01T07:35:00.000Z'],
    );
    const bad = await t.request(
      'monitor',
      'POST',
      `/api/incidents/${childIncident.id}/evidence`,
      form(new TextEncoder().encode('#!/bin/sh') as Uint8Array<ArrayBuffer>),
    );
    assert.equal(bad.status, 415);
    assert.equal(
      (await t.request('analyst', 'GET', `/api/incidents/${childIncident.id}/evidence`)).body.length,
      1,
    );
    // The depot's chain of custody reaches KZI-001 (the demo's sacks): it sees the evidence; the
    // evidence of an incident at a site its ore never came from stays hidden.
    assert.equal(
      (await t.request('buyer', 'GET', `/api/incidents/${childIncident.id}/evidence`)).status,
      200,
    );
    const elsewhere = (await t.request('analyst', 'GET', '/api/incidents?limit=200')).body.items.find(
      (i: { site: { code: string } | null }) => i.site?.code === 'LKS-004',
    );
    assert.equal((await t.request('buyer', 'GET', `/api/incidents/${elsewhere.id}/evidence`)).status, 404);
  });

  test('impossible or malformed indicators are refused by name', async () => {
    const more = await t.request('monitor', 'POST', '/api/visits', {
      ...visit,
      id: undefined,
      siteId,
      indicators: { headCount: 3, childrenSeen: 5 },
    });
    assert.equal(more.status, 400);
    assert.deepEqual(more.body.errors, [
      {
        path: 'indicators.childrenSeen',
        message: 'cannot exceed the head-count (3)',
        code: 'monitoring.above-head-count',
        params: { headCount: 3 },
      },
    ]);
    const unknown = await t.request('monitor', 'POST', '/api/visits', {
      ...visit,
      id: undefined,
      siteId,
      indicators: { goats: 3 },
    });
    assert.equal(unknown.status, 400);
    const future = await t.request('monitor', 'POST', '/api/visits', {
      ...visit,
      id: undefined,
      siteId,
      visitedAt: '2026-05-01T00:00:00Z',
      indicators: {},
    });
    assert.deepEqual(future.body.errors, [
      { path: 'visitedAt', message: 'is in the future', code: 'monitoring.visit-in-future' },
    ]);
    const buyerVisit = await t.request('buyer', 'POST', '/api/visits', { ...visit, id: undefined, siteId });
    assert.equal(buyerVisit.status, 403);
    assert.equal(buyerVisit.body.code, 'monitoring.visit-role');
  });

  test('indicators form a time series per site, queryable by period', async () => {
    await visited();
    now = new Date('2026-04-15T08:00:00Z');
    await t.request('monitor', 'POST', '/api/visits', {
      siteId,
      visitedAt: '2026-04-15T07:00:00Z',
      indicators: { headCount: 110, ppeSharePct: 55 },
    });
    const all = await t.request(
      'analyst',
      'GET',
      `/api/sites/${siteId}/indicators?indicator=ppeSharePct&from=2026-03-31T00:00:00Z`,
    );
    assert.deepEqual(all.body, [
      {
        indicator: 'ppeSharePct',
        points: [
          { at: '2026-04-01T07:30:00.000Z', value: 30, visitId },
          { at: '2026-04-15T07:00:00.000Z', value: 55, visitId: all.body[0].points[1].visitId },
        ],
      },
    ]);
    const april = await t.request(
      'analyst',
      'GET',
      `/api/sites/${siteId}/indicators?from=2026-04-10T00:00:00Z&to=2026-05-01T00:00:00Z`,
    );
    assert.deepEqual(
      april.body.map((s: { indicator: string }) => s.indicator),
      ['headCount', 'ppeSharePct'],
    );
    const downstreamSeries = await t.request('downstream', 'GET', `/api/sites/${siteId}/indicators`);
    assert.equal(downstreamSeries.status, 403);
    assert.equal(downstreamSeries.body.code, 'monitoring.staff-only');
  });

  test('an overdue verification comes first in the list, and refused transitions say why', async () => {
    await visited();
    now = new Date('2026-04-15T09:00:00Z');
    const overdue = (
      await t.request('analyst', 'GET', `/api/incidents?limit=200&overdue=true&siteId=${siteId}`)
    ).body.items;
    assert.deepEqual(
      overdue.map((i: { id: string }) => i.id),
      [childIncident.id],
    );
    assert.equal(
      (await t.request('analyst', 'GET', '/api/incidents?limit=200')).body.items[0].id,
      childIncident.id,
    );
    const skip = await t.request('analyst', 'POST', `/api/incidents/${childIncident.id}/transitions`, {
      to: 'verified',
      reason: 'seen',
      revision: childIncident.revision,
    });
    assert.equal(skip.status, 409);
    assert.equal(skip.body.detail, 'an incident that is reported can move only to under_verification');
    assert.equal(skip.body.code, 'incidents.transition-not-allowed');
    assert.deepEqual(skip.body.params, { state: 'reported', to: 'verified' });
    const byMonitor = await t.request('monitor', 'POST', `/api/incidents/${childIncident.id}/transitions`, {
      to: 'under_verification',
      reason: 'x',
      revision: 1,
    });
    assert.equal(byMonitor.status, 403);
    assert.equal(byMonitor.body.code, 'incidents.transition-role');
  });

  test('verifying the level-1 incident suspends the site and alerts the subscriber in the inbox, by webhook and by e-mail', async () => {
    const res = await verified();
    assert.equal(res.status, 200);
    const site = (await t.request('downstream', 'GET', `/api/sites/${siteId}`)).body;
    assert.deepEqual(site.suspendedBy, [childIncident.code]);
    const history = (await t.request('downstream', 'GET', `/api/sites/${siteId}/status-history`)).body;
    assert.equal(
      history[0].reason,
      `suspended since 2026-04-15 (status green): level-1 incident ${childIncident.code} 'Children seen on site' verified`,
    );

    const inbox = (await t.request('downstream', 'GET', '/api/alerts')).body;
    // The demo's own alerts are in the inbox too; the newest is this verification.
    assert.equal(inbox.unread, inbox.items.length);
    assert.equal(inbox.items[0].incidentId, childIncident.id);
    assert.equal(
      inbox.items[0].title,
      `${childIncident.code} verified: Children seen on site (level 1) at KZI-001 Kasulo`,
    );
    // The depot received ore from KZI-001 (the demo's chain of custody): it is alerted too.
    const depotInbox = (await t.request('buyer', 'GET', '/api/alerts')).body;
    assert.deepEqual(
      depotInbox.items.map((a: { incidentId: string }) => a.incidentId),
      [childIncident.id],
    );

    assert.deepEqual(await deliverDue(t.ctx), { delivered: 2, failed: 0 });
    assert.equal(hooks.received.length, 1);
    const call = hooks.received[0];
    const [, ts, sig] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(call.headers['amana-signature']))!;
    assert.equal(sig, createHmac('sha256', secret).update(`${ts}.${call.body}`).digest('hex'));
    assert.equal(call.headers['idempotency-key'], inbox.items[0].id);
    assert.equal(JSON.parse(call.body).data.incident.code, childIncident.code);
    assert.equal(smtp.received.length, 1);
    assert.deepEqual(smtp.received[0].to, ['compliance@nordkobolt.test']);
    assert.match(smtp.received[0].raw, /Subject: \[Amana\] INC-\d+ verified: Children seen on site/);
    assert.deepEqual(await deliverDue(t.ctx), { delivered: 0, failed: 0 });
    const log = (await t.request('downstream', 'GET', '/api/deliveries')).body.items;
    assert.deepEqual(
      log
        .map((d: { channel: string; status: string; attempts: number }) => [d.channel, d.status, d.attempts])
        .sort(),
      [
        ['email', 'delivered', 1],
        ['webhook', 'delivered', 1],
      ],
    );
    assert.equal(
      (await t.request('downstream', 'POST', `/api/alerts/${inbox.items[0].id}/read`)).body.readAt !== null,
      true,
    );
    assert.equal(
      (await t.request('downstream', 'GET', '/api/alerts?unread=true')).body.unread,
      inbox.unread - 1,
    );
  });

  test('a downstream company sees incidents only at sites it is exposed to', async () => {
    await subscribed();
    await visited();
    const seen = (await t.request('downstream', 'GET', '/api/incidents?limit=200')).body.items;
    assert.ok(seen.length >= 2);
    // Exposed: the site it follows, the Kanina site and the sites of the Mutoshi cooperative (the demo's
    // follows), and the four sites whose ore reached its hydroxide (the demo's chain of custody).
    const coop2 = t.orgs['Coopérative minière Umoja Mutoshi'];
    const coop2Sites = (
      await t.request('analyst', 'GET', `/api/sites?cooperativeId=${coop2}`)
    ).body.items.map((x: { code: string }) => x.code);
    const exposed = new Set([siteId, ...coop2Sites, 'KZI-007', 'KZI-001', 'KZI-002', 'KZI-003', 'KZI-004']);
    assert.ok(
      seen.every(
        (i: { site: { id: string; code: string } }) => exposed.has(i.site.id) || exposed.has(i.site.code),
      ),
    );
    assert.ok(seen.some((i: { site: { id: string } }) => i.site.id === siteId));
    // The depot is exposed through custody alone: to the four sites whose sacks it received.
    const depotSees = (await t.request('buyer', 'GET', '/api/incidents?limit=200')).body.items;
    assert.ok(depotSees.some((i: { id: string }) => i.id === childIncident.id));
    assert.ok(
      depotSees.every((i: { site: { code: string } }) =>
        ['KZI-001', 'KZI-002', 'KZI-003', 'KZI-004'].includes(i.site.code),
      ),
    );
    const elsewhere =
      seen.length &&
      (await t.request('analyst', 'GET', '/api/incidents?limit=200')).body.items.find(
        (i: { site: { code: string } | null }) => i.site?.code === 'LKS-004',
      );
    assert.equal((await t.request('buyer', 'GET', `/api/incidents/${elsewhere.id}`)).status, 404);
    const coop = (await t.request('cooperative_manager', 'GET', `/api/incidents/${childIncident.id}`)).body;
    assert.equal(coop.code, childIncident.code);
  });

  test('mitigation needs a plan with a decision; reviews come at most six months apart and a missed one is flagged', async () => {
    await verified();
    const early = await t.request('analyst', 'POST', `/api/incidents/${childIncident.id}/transitions`, {
      to: 'in_mitigation',
      reason: 'start',
      revision: childIncident.revision,
    });
    assert.equal(early.status, 409);
    assert.equal(early.body.detail, 'write the mitigation plan, with its decision, before mitigation starts');
    assert.equal(early.body.code, 'incidents.plan-first');
    const { plan, moved } = await mitigated();
    assert.equal(plan.status, 201);
    assert.equal(plan.body.nextReviewDue, '2026-10-15T09:00:00.000Z');
    assert.equal(moved.body.state, 'in_mitigation');

    now = new Date('2026-06-01T09:00:00Z');
    const review = await t.request('analyst', 'POST', `/api/incidents/${childIncident.id}/plan/reviews`, {
      notes: 'Aucun enfant lors des deux dernières visites',
      progress: { 'children seen per visit': 0 },
      actionsDone: [0],
      revision: plan.body.revision,
    });
    assert.equal(review.status, 201);
    assert.equal(review.body.nextReviewDue, '2026-12-01T09:00:00.000Z');
    assert.deepEqual(
      review.body.actions.map((a: { done: boolean }) => a.done),
      [true, false],
    );
    const bad = await t.request('analyst', 'POST', `/api/incidents/${childIncident.id}/plan/reviews`, {
      notes: 'x',
      progress: { goats: 1 },
      revision: review.body.revision,
    });
    assert.deepEqual(bad.body.errors, [
      {
        path: 'progress.goats',
        message: 'not an indicator of this plan',
        code: 'incidents.not-an-indicator',
      },
    ]);
    const decided = await t.request('analyst', 'POST', `/api/incidents/${childIncident.id}/plan/decisions`, {
      decision: 'continue_mitigating',
      reason: 'Progrès mesurable',
      revision: review.body.revision,
    });
    assert.deepEqual(
      decided.body.decisions.map((d: { decision: string }) => d.decision),
      ['suspend_temporarily', 'continue_mitigating'],
    );

    now = new Date('2026-12-01T09:00:00Z');
    assert.equal(await flagOverdueReviews(t.ctx), 0);
    now = new Date('2026-12-01T09:00:01Z');
    assert.equal(await flagOverdueReviews(t.ctx), 1);
    assert.equal(await flagOverdueReviews(t.ctx), 0);
    assert.equal(
      (await t.request('analyst', 'GET', `/api/incidents/${childIncident.id}/plan`)).body.reviewOverdue,
      true,
    );
  });

  test('resolution lifts the suspension and alerts again; the timeline keeps every step', async () => {
    await mitigated();
    now = new Date('2026-12-01T09:00:01Z');
    const resolved = await t.request('analyst', 'POST', `/api/incidents/${childIncident.id}/transitions`, {
      to: 'resolved',
      reason: 'Six mois sans enfant observé',
      revision: childIncident.revision,
    });
    assert.equal(resolved.body.state, 'resolved');
    assert.deepEqual((await t.request('analyst', 'GET', `/api/sites/${siteId}`)).body.suspendedBy, []);
    const timeline = (await t.request('downstream', 'GET', `/api/incidents/${childIncident.id}/timeline`))
      .body;
    assert.deepEqual(
      timeline.map((s: { to: string }) => s.to),
      ['reported', 'under_verification', 'verified', 'in_mitigation', 'resolved'],
    );
    const inbox = (await t.request('downstream', 'GET', '/api/alerts?limit=200')).body;
    assert.deepEqual(
      inbox.items
        .filter((a: { incidentId: string }) => a.incidentId === childIncident.id)
        .map((a: { kind: string }) => a.kind),
      ['incident.resolved', 'incident.verified'],
    );
    const closed = await t.request('analyst', 'POST', `/api/incidents/${childIncident.id}/transitions`, {
      to: 'escalated',
      reason: 'x',
      revision: resolved.body.revision,
    });
    assert.equal(closed.body.detail, 'an incident that is resolved is closed');
    assert.equal(closed.body.code, 'incidents.closed');
    assert.deepEqual(closed.body.params, { state: 'resolved' });
  });

  test('a failing webhook is retried with exponential backoff and logged', async () => {
    await subscribed();
    await visited();
    const failing = await webhookReceiver(() => 503);
    const hook = await t.request('downstream', 'POST', '/api/webhooks', { url: failing.url });
    const ppe = (await t.request('analyst', 'GET', `/api/incidents?limit=200&siteId=${siteId}&level=3`)).body
      .items[0];
    let res = await t.request('analyst', 'POST', `/api/incidents/${ppe.id}/transitions`, {
      to: 'under_verification',
      reason: 'check',
      revision: ppe.revision,
    });
    res = await t.request('analyst', 'POST', `/api/incidents/${ppe.id}/transitions`, {
      to: 'verified',
      reason: 'confirmed',
      revision: res.body.revision,
    });
    res = await t.request('analyst', 'POST', `/api/incidents/${ppe.id}/transitions`, {
      to: 'escalated',
      reason: 'no progress',
      revision: res.body.revision,
    });
    await deliverDue(t.ctx);
    assert.equal(failing.received.length, 1);
    const pending = (await t.request('downstream', 'GET', '/api/deliveries')).body.items.find(
      (d: { target: string }) => d.target === failing.url,
    );
    assert.deepEqual([pending.status, pending.attempts, pending.lastError], ['pending', 1, 'HTTP 503']);
    assert.equal(new Date(pending.nextAttemptAt).getTime() - now.getTime(), 30_000);
    await deliverDue(t.ctx);
    assert.equal(failing.received.length, 1);
    now = new Date(now.getTime() + 30_000);
    await deliverDue(t.ctx);
    assert.equal(failing.received.length, 2);
    const second = (await t.request('downstream', 'GET', '/api/deliveries')).body.items.find(
      (d: { target: string }) => d.target === failing.url,
    );
    assert.equal(new Date(second.nextAttemptAt).getTime() - now.getTime(), 60_000);
    assert.equal(
      failing.received[0].headers['idempotency-key'],
      failing.received[1].headers['idempotency-key'],
    );
    await t.request('downstream', 'DELETE', `/api/webhooks/${hook.body.id}`);
    await failing.close();
  });
  test('the incident list is read page by page, in any of its orders, each incident once', async () => {
    await visited();
    const pages = async (role: 'analyst' | 'buyer', query: string) => {
      const seen: { id: string; code: string }[] = [];
      let cursor: string | null = '';
      let requests = 0;
      while (cursor !== null) {
        const res = await t.request(
          role,
          'GET',
          `/api/incidents?limit=2${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        assert.equal(res.status, 200);
        assert.ok(res.body.items.length <= 2);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        requests++;
      }
      return { ids: seen.map((i) => i.id), codes: seen.map((i) => i.code), requests };
    };
    for (const [role, query] of [
      ['analyst', ''],
      ['analyst', '&sort=code'],
      ['analyst', '&sort=-due'],
      ['analyst', '&sort=site'],
      ['analyst', '&sort=-title'],
      ['analyst', '&level=2'],
      ['buyer', ''],
      ['buyer', '&sort=-level'],
    ] as const) {
      const whole = (await t.request(role, 'GET', `/api/incidents?limit=200${query}`)).body;
      assert.equal(whole.nextCursor, null);
      const paged = await pages(role, query);
      assert.deepEqual(
        paged.ids,
        whole.items.map((i: { id: string }) => i.id),
        `${role}${query}`,
      );
      assert.equal(new Set(paged.ids).size, paged.ids.length);
      assert.equal(paged.requests, Math.max(1, Math.ceil(paged.ids.length / 2)));
    }
    const byCode = (await pages('analyst', '&sort=code')).codes.map((c) => Number(c.slice(4)));
    assert.deepEqual(
      byCode,
      [...byCode].sort((a, b) => a - b),
    );
    const found = (await t.request('analyst', 'GET', '/api/incidents?q=KZI-001&limit=200')).body.items;
    assert.ok(found.length > 0);
    assert.ok(found.every((i: { site: { code: string } | null }) => i.site?.code === 'KZI-001'));
    const first = (await t.request('analyst', 'GET', '/api/incidents?limit=1&sort=code')).body;
    for (const [query, path] of [
      [`limit=1&cursor=${first.nextCursor}`, 'cursor'],
      ['limit=1&cursor=not-a-cursor', 'cursor'],
      ['sort=sideways', 'querystring.sort'],
    ]) {
      const res = await t.request('analyst', 'GET', `/api/incidents?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.errors[0].path, path);
    }
  });

  test('a visit to a site no one registered, a photo on another monitor’s visit and evidence of a resolved incident are refused with their codes', async () => {
    const nowhere = await t.request('monitor', 'POST', '/api/visits', {
      ...visit,
      id: undefined,
      siteId: '01960000-0000-7000-8000-00000000dead',
      indicators: {},
    });
    assert.equal(nowhere.status, 400);
    assert.equal(nowhere.body.code, 'common.invalid-input');
    assert.deepEqual(nowhere.body.errors, [
      { path: 'siteId', message: 'no such site', code: 'monitoring.no-such-site' },
    ]);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const photo = new FormData();
    photo.append('file', new Blob([png], { type: 'image/png' }), 'puits.png');
    const notTheirs = await t.request('assessor', 'POST', `/api/visits/${visitId}/photos`, photo);
    assert.equal(notTheirs.status, 403);
    assert.equal(notTheirs.body.code, 'monitoring.photo-not-yours');
    const evidence = new FormData();
    evidence.append('latitude', '-95');
    evidence.append('file', new Blob([png], { type: 'image/png' }), 'enfants.png');
    const closed = await t.request(
      'monitor',
      'POST',
      `/api/incidents/${childIncident.id}/evidence`,
      evidence,
    );
    assert.equal(closed.status, 409);
    assert.equal(closed.body.code, 'incidents.evidence-closed');
    assert.deepEqual(closed.body.params, { incident: childIncident.code });
    const open = (
      await t.request('analyst', 'GET', `/api/incidents?limit=200&siteId=${siteId}`)
    ).body.items.find((i: { state: string }) => i.state !== 'resolved');
    const badPlace = new FormData();
    badPlace.append('latitude', '-95');
    badPlace.append('file', new Blob([png], { type: 'image/png' }), 'enfants.png');
    const out = await t.request('monitor', 'POST', `/api/incidents/${open.id}/evidence`, badPlace);
    assert.equal(out.status, 400);
    assert.deepEqual(out.body.errors, [
      {
        path: 'latitude',
        message: 'a number from -90 to 90',
        code: 'common.field.range',
        params: { min: -90, max: 90 },
      },
    ]);
  });
});
