import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runTimeRules } from '../../src/services/assessments/site-status.ts';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

type Role = Parameters<TestApp['request']>[0];

/**
 * Taint is judged at the time of production (the tagging's eventTime), whatever the time the phone
 * sends it, and judged again, down the lineage, when the history of the site changes after the fact.
 */
describe(`taint at the time of production over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  let now = new Date('2026-05-01T09:00:00Z');
  const at = (iso: string) => {
    now = new Date(iso);
  };
  const site: Record<string, string> = {};
  const lot: Record<string, string> = {};
  let coop: string;

  const call = async (role: Role, method: string, path: string, body?: unknown, status = 200) => {
    const res = await t.request(role, method, path, body);
    assert.equal(res.status, status, `${method} ${path}: ${res.text}`);
    return res.body;
  };
  const tag = async (name: string, code: string, taggedAt: string, massKg = 1000, gradePct = 10) => {
    const res = await call(
      'cooperative_manager',
      'POST',
      '/api/custody/tags',
      { tag: name, siteId: site[code], cooperativeId: coop, massKg, gradePct, taggedAt },
      201,
    );
    lot[name] = res.lots[0].id;
    return res.lots[0];
  };
  /** Each lot's non-conforming share and, for a sack, its site's state at production, from the trace. */
  const judged = async (...names: string[]) => {
    const out: Record<string, unknown> = {};
    for (const n of names) {
      const o = await call('analyst', 'GET', `/api/lots/${lot[n]}/origin`);
      const states = o.bySite.flatMap((s: { atProduction: { share: number }[] }) =>
        s.atProduction.map(({ share: _, ...state }) => state),
      );
      out[n] = [o.nonConformingShare, ...(o.lot.kind === 'sack' ? states : [])];
    }
    return out;
  };
  const move = async (id: string, to: string, extra: Record<string, unknown> = {}) => {
    const current = await call('analyst', 'GET', `/api/incidents/${id}`);
    // Four eyes: the analyst reported these incidents, the second analyst concludes and closes them.
    const who = ['verified', 'unsubstantiated', 'resolved'].includes(to) ? 'analyst2' : 'analyst';
    return call(who, 'POST', `/api/incidents/${id}/transitions`, {
      to,
      reason: `passage à ${to}`,
      revision: current.revision,
      ...extra,
    });
  };
  const report = (code: string, extra: Record<string, unknown> = {}) =>
    call(
      'analyst',
      'POST',
      '/api/incidents',
      {
        siteId: site[code],
        level: 1,
        category: 'child_labour',
        title: `Enfants au lavage à ${code}`,
        description: 'Enfants vus au lavage du minerai.',
        ...extra,
      },
      201,
    );
  const clean = { status: 'blue', suspended: false, openLevel1: [] };

  before(async () => {
    t = await startTestApp({ clock: () => now });
    coop = t.orgOf.cooperative_manager;
    for (const [i, code] of ['KZI-201', 'KZI-202', 'KZI-203', 'KZI-204'].entries()) {
      const s = await call(
        'analyst',
        'POST',
        '/api/sites',
        {
          code,
          name: `Puits d’essai ${i + 1}`,
          province: 'Lualaba',
          territory: 'Kolwezi',
          zoneCode: 'ZEA-LUA-01',
          geometry: { type: 'Point', coordinates: [25.4 + i / 100, -10.7] },
          minerals: ['cobalt'],
          cooperativeIds: [coop],
          workforce: 400,
          pits: 30,
          capacityKgMonth: 60000,
          typicalGradePct: 10,
        },
        201,
      );
      site[code] = s.id;
    }
  });
  after(() => t.close());

  test('sacks tagged before, during and after a level-1 incident, sent in before and after it closes', async () => {
    // Tagged during the incident but sent in before anyone reported it: judged again at the report.
    at('2026-05-04T12:00:00Z');
    await tag('I-EARLY', 'KZI-201', '2026-05-04T08:00:00Z');
    assert.deepEqual(await judged('I-EARLY'), { 'I-EARLY': [0, clean] });

    at('2026-05-05T10:00:00Z');
    const incident = await report('KZI-201', { observedAt: '2026-05-03T08:00:00Z' });
    assert.equal(incident.observedAt, '2026-05-03T08:00:00.000Z');
    assert.equal(incident.reportedAt, '2026-05-05T10:00:00.000Z');
    const open = { status: 'blue', suspended: false, openLevel1: [incident.code] };

    at('2026-05-06T09:00:00Z');
    await tag('I-BEFORE-1', 'KZI-201', '2026-05-02T08:00:00Z');
    await tag('I-DURING-1', 'KZI-201', '2026-05-04T09:00:00Z');
    assert.deepEqual(await judged('I-EARLY', 'I-BEFORE-1', 'I-DURING-1'), {
      'I-EARLY': [1, open],
      'I-BEFORE-1': [0, clean],
      'I-DURING-1': [1, open],
    });

    // Verified: the suspension reaches back to the incident's start.
    at('2026-05-08T10:00:00Z');
    await move(incident.id, 'under_verification');
    await move(incident.id, 'verified');
    const suspended = { status: 'blue', suspended: true, openLevel1: [incident.code] };
    assert.deepEqual(await judged('I-EARLY', 'I-DURING-1'), {
      'I-EARLY': [1, suspended],
      'I-DURING-1': [1, suspended],
    });

    at('2026-05-20T10:00:00Z');
    await move(incident.id, 'resolved');
    at('2026-05-25T09:00:00Z');
    await tag('I-BEFORE-2', 'KZI-201', '2026-05-02T09:00:00Z');
    await tag('I-DURING-2', 'KZI-201', '2026-05-10T08:00:00Z');
    await tag('I-AFTER', 'KZI-201', '2026-05-21T08:00:00Z');
    assert.deepEqual(
      await judged('I-EARLY', 'I-BEFORE-1', 'I-DURING-1', 'I-BEFORE-2', 'I-DURING-2', 'I-AFTER'),
      {
        'I-EARLY': [1, suspended],
        'I-BEFORE-1': [0, clean],
        'I-DURING-1': [1, suspended],
        'I-BEFORE-2': [0, clean],
        'I-DURING-2': [1, suspended],
        'I-AFTER': [0, clean],
      },
    );
    // The sack sent in before the report is on record as re-judged by it.
    const history = await call('cooperative_manager', 'GET', `/api/lots/${lot['I-EARLY']}/conformity`);
    assert.deepEqual(
      history.map((h: { before: number; after: number; explanation: string }) => [
        h.before,
        h.after,
        h.explanation,
      ]),
      [
        [
          0,
          1,
          `became non-conforming on 2026-05-05 because ${incident.code}, observed 2026-05-03, was reported on 2026-05-05`,
        ],
      ],
    );
  });

  test('a tagging in the future, or an observation in the future, is refused by name', async () => {
    at('2026-05-26T09:00:00Z');
    const future = await t.request('cooperative_manager', 'POST', '/api/custody/tags', {
      tag: 'I-FUTURE',
      siteId: site['KZI-201'],
      cooperativeId: coop,
      massKg: 100,
      gradePct: 10,
      taggedAt: '2026-05-26T10:00:00Z',
    });
    assert.equal(future.status, 400);
    assert.deepEqual(future.body.errors, [
      {
        path: 'taggedAt',
        message: 'a sack cannot be tagged in the future',
        code: 'custody.tagged-in-future',
      },
    ]);
    const observed = await t.request('analyst', 'POST', '/api/incidents', {
      siteId: site['KZI-201'],
      level: 1,
      category: 'child_labour',
      title: 'x',
      description: 'x',
      observedAt: '2026-05-27T00:00:00Z',
    });
    assert.equal(observed.status, 400);
    assert.deepEqual(observed.body.errors, [
      {
        path: 'observedAt',
        message: 'the harm cannot have been observed in the future',
        code: 'incidents.observed-in-future',
      },
    ]);
    const incident = await report('KZI-201');
    const early = await t.request('analyst', 'POST', `/api/incidents/${incident.id}/transitions`, {
      to: 'under_verification',
      reason: 'visite',
      revision: incident.revision,
      observedAt: '2026-05-20T00:00:00Z',
    });
    assert.equal(early.status, 400);
    assert.deepEqual(early.body.errors, [
      {
        path: 'observedAt',
        message: 'the time the harm began is established when verifying',
        code: 'incidents.observed-when-verifying',
      },
    ]);
    // Closed again, so that it taints nothing later on.
    await move(incident.id, 'under_verification');
    await move(incident.id, 'unsubstantiated');
  });

  /** Sacks of KZI-203 and KZI-204 processed and shipped to the refiner, then verified tainted late: once. */
  const lateVerification = once(async () => {
    // S1 and S2 from KZI-203 and S3 from KZI-204, 100 kg of cobalt each, batched at the depot, processed
    // into hydroxide and shipped to the refiner.
    at('2026-06-01T09:00:00Z');
    await tag('T-S1', 'KZI-203', '2026-05-30T08:00:00Z', 1000, 10);
    await tag('T-S2', 'KZI-203', '2026-05-31T08:00:00Z', 500, 20);
    await tag('T-S3', 'KZI-204', '2026-05-31T09:00:00Z', 2000, 5);
    const depot = t.orgs['Comptoir Kolwezi Cobalt SARL'];
    const processor = t.orgs['Lualaba Hydroxide Processing SA'];
    const refiner = t.orgs['Nordkobolt Refining AB'];
    at('2026-06-02T09:00:00Z');
    await call(
      'cooperative_manager',
      'POST',
      '/api/custody/transfers',
      {
        lotIds: [lot['T-S1'], lot['T-S2'], lot['T-S3']],
        toOrganisationId: depot,
        transaction: { type: 'inv', ref: 'FAC-T-1' },
      },
      201,
    );
    at('2026-06-03T09:00:00Z');
    lot.B = (
      await call(
        'buyer',
        'POST',
        '/api/custody/aggregations',
        { lotIds: [lot['T-S1'], lot['T-S2'], lot['T-S3']], batchTag: 'T-BATCH' },
        201,
      )
    ).lots[0].id;
    at('2026-06-04T09:00:00Z');
    await call(
      'buyer',
      'POST',
      '/api/custody/transfers',
      { lotIds: [lot.B], toOrganisationId: processor },
      201,
    );
    at('2026-06-05T09:00:00Z');
    lot.H = (
      await call(
        'analyst',
        'POST',
        '/api/custody/transformations',
        {
          inputLotIds: [lot.B],
          outputs: [{ tag: 'T-HYD', massKg: 970, gradePct: 30 }],
          product: 'cobalt hydroxide',
        },
        201,
      )
    ).lots[0].id;
    at('2026-06-06T09:00:00Z');
    await call(
      'analyst',
      'POST',
      '/api/custody/transfers',
      { lotIds: [lot.H], toOrganisationId: refiner, transaction: { type: 'desadv', ref: 'EXP-T-1' } },
      201,
    );

    // Reported on 8 June with nothing earlier known: the sacks of May stay conforming.
    at('2026-06-08T10:00:00Z');
    const incident = await report('KZI-203');
    assert.deepEqual(await judged('T-S1', 'T-S2', 'B', 'H'), {
      'T-S1': [0, clean],
      'T-S2': [0, clean],
      B: [0],
      H: [0],
    });
    const trace = await call('downstream', 'GET', `/api/lots/${lot.H}/origin`);
    assert.deepEqual([trace.nonConformingShare, trace.nonConformingKg], [0, 0]);

    // Verified on 12 June: the harm began on 31 May. S2 (100 kg of the 300 kg of cobalt) was produced then.
    at('2026-06-12T10:00:00Z');
    await move(incident.id, 'under_verification');
    const verified = await move(incident.id, 'verified', { observedAt: '2026-05-31T00:00:00Z' });
    assert.equal(verified.observedAt, '2026-05-31T00:00:00.000Z');
    assert.equal(verified.reportedAt, '2026-06-08T10:00:00.000Z');
    const suspended = { status: 'blue', suspended: true, openLevel1: [incident.code] };
    assert.deepEqual(await judged('T-S1', 'T-S2', 'T-S3', 'B', 'H'), {
      'T-S1': [0, clean],
      'T-S2': [1, suspended],
      'T-S3': [0, clean],
      B: [0.333333],
      H: [0.333333],
    });
    const traced = await call('downstream', 'GET', `/api/lots/${lot.H}/origin`);
    assert.deepEqual([traced.nonConformingShare, traced.nonConformingKg], [0.333333, 97]);

    const sentence = `became non-conforming for 33.3 % of its cobalt on 2026-06-12 because ${incident.code}, found to have begun 2026-05-31, was verified on 2026-06-12`;
    // The refiner holding the hydroxide, three levels down, finds it in its inbox.
    const inbox = (await call('downstream', 'GET', '/api/alerts')).items.filter(
      (a: { kind: string }) => a.kind === 'lot.conformity_changed',
    );
    assert.equal(inbox.length, 1);
    assert.equal(inbox[0].incidentId, null);
    assert.equal(
      inbox[0].title,
      `Conformity changed for 1 lot with ore from KZI-203 Puits d’essai 3: ${incident.code}, found to have begun 2026-05-31, was verified on 2026-06-12`,
    );
    assert.deepEqual(
      inbox[0].body.lots.map((l: { tag: string; before: number; after: number; explanation: string }) => [
        l.tag,
        l.before,
        Math.round(l.after * 1e6) / 1e6,
        l.explanation,
      ]),
      [['T-HYD', 0, 0.333333, sentence]],
    );
    assert.deepEqual(inbox[0].body.conformity.cause, {
      kind: 'incident',
      incident: incident.code,
      site: 'KZI-203',
      observedAt: '2026-05-31T00:00:00.000Z',
      change: 'verified',
      observedAtCorrected: true,
      at: '2026-06-12T10:00:00.000Z',
    });
    // The depot that received S2 is told about S2.
    const depotInbox = (await call('buyer', 'GET', '/api/alerts')).items.filter(
      (a: { kind: string }) => a.kind === 'lot.conformity_changed',
    );
    assert.deepEqual(
      depotInbox.map((a: { body: { lots: { tag: string }[] } }) => a.body.lots.map((l) => l.tag)),
      [['T-S2']],
    );
    // On record: the lot's conformity history, and the re-judgement in the tamper-evident log.
    assert.deepEqual(
      (await call('downstream', 'GET', `/api/lots/${lot.H}/conformity`)).map(
        (h: { before: number; after: number; explanation: string }) => [h.before, h.after, h.explanation],
      ),
      [[0, 0.333333, sentence]],
    );
    const logged = (
      await t.ctx.db.query<{ payload: { sacks: number; lots: { id: string; explanation: string }[] } }>(
        "SELECT payload FROM events WHERE type = 'custody.rejudged' AND subject_id = $1",
        [inbox[0].body.conformity.rejudgementId],
      )
    ).rows[0].payload;
    assert.equal(logged.sacks, 1);
    assert.deepEqual(logged.lots.map((l) => l.id).sort(), [lot['T-S2'], lot.B, lot.H].sort());
  });
  test(
    'a late verification taints lots already processed and shipped downstream, alerting their holders',
    lateVerification,
  );

  test('an incident found unsubstantiated never tainted anything: its lots are judged conforming again, on record', async () => {
    await lateVerification();
    at('2026-06-15T10:00:00Z');
    const incident = await report('KZI-204', { observedAt: '2026-05-31T00:00:00Z' });
    assert.deepEqual(await judged('T-S3', 'B', 'H'), {
      'T-S3': [1, { status: 'blue', suspended: false, openLevel1: [incident.code] }],
      B: [0.666667],
      H: [0.666667],
    });
    at('2026-06-18T10:00:00Z');
    await move(incident.id, 'under_verification');
    await move(incident.id, 'unsubstantiated');
    assert.deepEqual(await judged('T-S3', 'B', 'H'), { 'T-S3': [0, clean], B: [0.333333], H: [0.333333] });
    assert.deepEqual(
      (await call('downstream', 'GET', `/api/lots/${lot.H}/conformity`)).map(
        (h: { before: number; after: number }) => [h.before, h.after],
      ),
      [
        [0, 0.333333],
        [0.333333, 0.666667],
        [0.666667, 0.333333],
      ],
    );
    assert.deepEqual(
      (await call('cooperative_manager', 'GET', `/api/lots/${lot['T-S3']}/conformity`)).map(
        (h: { explanation: string }) => h.explanation,
      ),
      [
        `became non-conforming on 2026-06-15 because ${incident.code}, observed 2026-05-31, was reported on 2026-06-15`,
        `became conforming on 2026-06-18 because ${incident.code}, observed 2026-05-31, was found unsubstantiated on 2026-06-18`,
      ],
    );
  });

  test('sacks tagged before, during and after a red period, sent in before and after it ends', async () => {
    at('2026-06-30T09:00:00Z');
    const requirement = (code: string, tier: string) => ({
      code,
      textFr: `texte ${code}`,
      textEn: `text ${code}`,
      topic: 'test',
      riskCategory: tier === 'critical' ? 'child_labour' : 'occupational_health_safety',
      appliesTo: ['site'],
      evidence: 'observation',
      tier,
    });
    const set = await call(
      'analyst',
      'POST',
      '/api/criteria-sets',
      {
        key: 'taint-standard',
        name: 'Taint standard',
        requirements: [requirement('CL-01', 'critical'), requirement('PPE-01', 'major')],
      },
      201,
    );
    await call('analyst', 'POST', `/api/criteria-sets/${set.id}/publish`, { revision: set.revision });
    const assess = async (ratings: Record<string, string>) => {
      const a = await call(
        'assessor',
        'POST',
        '/api/assessments',
        { setId: set.id, siteId: site['KZI-202'], kind: 'periodic' },
        201,
      );
      const rated = await call('assessor', 'PUT', `/api/assessments/${a.id}/ratings`, {
        ratings: Object.entries(ratings).map(([code, rating]) => ({ code, rating })),
      });
      await call('assessor', 'POST', `/api/assessments/${a.id}/submit`, { revision: rated.revision });
      await call('analyst', 'POST', `/api/assessments/${a.id}/approve`);
    };
    // Red from 1 July (approved that day), at least until 1 January; a green re-assessment waits for it.
    at('2026-07-01T10:00:00Z');
    await assess({ 'CL-01': 'not_met', 'PPE-01': 'met' });
    at('2026-08-01T10:00:00Z');
    await assess({ 'CL-01': 'met', 'PPE-01': 'met' });
    const red = { status: 'red', suspended: false, openLevel1: [] };
    const blue = { status: 'blue', suspended: false, openLevel1: [] };
    const greenNow = { status: 'green', suspended: false, openLevel1: [] };

    at('2026-08-10T09:00:00Z');
    await tag('R-BEFORE-1', 'KZI-202', '2026-06-25T08:00:00Z');
    await tag('R-DURING-1', 'KZI-202', '2026-07-05T08:00:00Z');
    assert.deepEqual(await judged('R-BEFORE-1', 'R-DURING-1'), {
      'R-BEFORE-1': [0, blue],
      'R-DURING-1': [1, red],
    });

    // Tagged on the first green morning, but sent in before the worker recorded the end of the red period.
    at('2027-01-01T08:00:00Z');
    await tag('R-LATE', 'KZI-202', '2027-01-01T06:00:00Z');
    assert.deepEqual(await judged('R-LATE'), { 'R-LATE': [1, red] });
    // The worker runs two days late: green from 1 January, and what was judged red since is judged again.
    at('2027-01-03T01:00:00Z');
    await runTimeRules(t.ctx);
    assert.equal((await call('analyst', 'GET', `/api/sites/${site['KZI-202']}`)).status, 'green');

    at('2027-01-05T09:00:00Z');
    await tag('R-BEFORE-2', 'KZI-202', '2026-06-25T09:00:00Z');
    await tag('R-DURING-2', 'KZI-202', '2026-09-01T08:00:00Z');
    await tag('R-AFTER', 'KZI-202', '2027-01-02T08:00:00Z');
    assert.deepEqual(
      await judged('R-BEFORE-1', 'R-DURING-1', 'R-BEFORE-2', 'R-DURING-2', 'R-AFTER', 'R-LATE'),
      {
        'R-BEFORE-1': [0, blue],
        'R-DURING-1': [1, red],
        'R-BEFORE-2': [0, blue],
        'R-DURING-2': [1, red],
        'R-AFTER': [0, greenNow],
        'R-LATE': [0, greenNow],
      },
    );
    assert.deepEqual(
      (await call('cooperative_manager', 'GET', `/api/lots/${lot['R-LATE']}/conformity`)).map(
        (h: { explanation: string; cause: unknown }) => [h.explanation, h.cause],
      ),
      [
        [
          'became conforming on 2027-01-03 because site KZI-202 is green from 2027-01-01 (recorded on 2027-01-03)',
          {
            kind: 'status',
            site: 'KZI-202',
            status: 'green',
            effective: '2027-01-01T00:00:00.000Z',
            at: '2027-01-03T01:00:00.000Z',
          },
        ],
      ],
    );
  });
});
