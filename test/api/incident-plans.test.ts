import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

/** The mitigation plan's routes as the incident page uses them: who may write, what each field takes. */
describe(`mitigation plans over HTTP (${ENGINE})`, () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
  });
  after(() => t?.close());

  /** A level-2 incident the monitor reported and the analyst verified: ready for its plan. */
  const verified = once(async () => {
    const siteId = (await t.request('analyst', 'GET', '/api/sites?q=LKS-005')).body.items[0].id;
    let incident = (
      await t.request('monitor', 'POST', '/api/incidents', {
        siteId,
        level: 2,
        category: 'security_forces',
        title: 'Péage des forces de sécurité',
        description: 'Une taxe par sac à la barrière.',
      })
    ).body;
    for (const to of ['under_verification', 'verified']) {
      const res = await t.request('analyst', 'POST', `/api/incidents/${incident.id}/transitions`, {
        to,
        reason: 'constaté',
        revision: incident.revision,
      });
      assert.equal(res.status, 200, res.text);
      incident = res.body;
    }
    return incident as { id: string };
  });
  const body = {
    indicators: [{ name: 'sacs taxés par jour', unit: 'sacs', baseline: 40, target: 0 }],
    actions: [
      {
        description: 'Dialogue avec le commandant de zone',
        owner: 'Chef de programme',
        deadline: '2027-01-31',
      },
      { description: 'Registre des passages à la barrière', deadline: '2027-02-28' },
    ],
    decision: 'continue_mitigating',
    reason: 'Progrès attendus sous trois mois',
  };

  test('a plan keeps each action’s owner; an action without one has none', async () => {
    const { id } = await verified();
    const res = await t.request('analyst', 'POST', `/api/incidents/${id}/plan`, body);
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.body.actions, [
      {
        description: 'Dialogue avec le commandant de zone',
        owner: 'Chef de programme',
        deadline: '2027-01-31',
        done: false,
      },
      {
        description: 'Registre des passages à la barrière',
        owner: null,
        deadline: '2027-02-28',
        done: false,
      },
    ]);
    assert.deepEqual(
      (await t.request('regulator', 'GET', `/api/incidents/${id}/plan`)).body.actions.map(
        (a: { owner: string | null }) => a.owner,
      ),
      ['Chef de programme', null],
    );
  });

  test('a plan written before actions had owners reads them as none', async () => {
    const incidents = (await t.request('analyst', 'GET', '/api/incidents?state=in_mitigation&limit=200')).body
      .items as { id: string }[];
    const plans = await Promise.all(
      incidents.map((i) => t.request('analyst', 'GET', `/api/incidents/${i.id}/plan`)),
    );
    const seeded = plans.find((p) => p.status === 200);
    assert.ok(seeded);
    assert.deepEqual(
      seeded.body.actions.map((a: { owner: string | null }) => a.owner),
      [null, null],
    );
  });

  test('only analysts and administrators write, review and decide; the reporter of the incident may', async () => {
    const { id } = await verified();
    for (const who of ['monitor', 'regulator', 'cooperative_manager'] as const) {
      const plan = await t.request(who, 'POST', `/api/incidents/${id}/plan`, body);
      assert.equal(plan.status, 403, who);
      assert.equal(plan.body.code, 'incidents.plan-role');
      const review = await t.request(who, 'POST', `/api/incidents/${id}/plan/reviews`, {
        notes: 'x',
        progress: {},
        revision: 1,
      });
      assert.equal(review.status, 403, who);
      const decision = await t.request(who, 'POST', `/api/incidents/${id}/plan/decisions`, {
        decision: 'disengage',
        reason: 'x',
        revision: 1,
      });
      assert.equal(decision.status, 403, who);
    }
    // Four eyes concern the verdict and the closing, not the plan: the analyst2 reviews and decides too.
    const plan = (await t.request('analyst', 'GET', `/api/incidents/${id}/plan`)).body;
    const review = await t.request('analyst2', 'POST', `/api/incidents/${id}/plan/reviews`, {
      notes: 'Plus de taxe constatée depuis deux semaines',
      progress: { 'sacs taxés par jour': 12.5 },
      actionsDone: [0],
      revision: plan.revision,
    });
    assert.equal(review.status, 201, review.text);
    assert.deepEqual(review.body.reviews.at(-1).progress, { 'sacs taxés par jour': 12.5 });
    const decision = await t.request('analyst2', 'POST', `/api/incidents/${id}/plan/decisions`, {
      decision: 'suspend_temporarily',
      reason: 'La taxe a repris',
      revision: review.body.revision,
    });
    assert.equal(decision.status, 201, decision.text);
    assert.equal(decision.body.decision, 'suspend_temporarily');
  });

  test('bad input names its field: an owner too long, a missing deadline, an unknown decision, no indicator', async () => {
    const { id } = await verified();
    const paths = async (url: string, sent: unknown) => {
      const res = await t.request('analyst', 'POST', url, sent);
      assert.equal(res.status, 400, res.text);
      return res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]);
    };
    assert.deepEqual(
      await paths(`/api/incidents/${id}/plan`, {
        ...body,
        actions: [{ description: 'x', owner: 'o'.repeat(201), deadline: '2027-01-01' }, { description: 'y' }],
      }),
      [
        ['actions.0.owner', 'common.field.too-long'],
        ['actions.1.deadline', 'common.field.required'],
      ],
    );
    assert.deepEqual(await paths(`/api/incidents/${id}/plan`, { ...body, indicators: [] }), [
      ['indicators', 'common.field.too-few'],
    ]);
    assert.deepEqual(
      await paths(`/api/incidents/${id}/plan/decisions`, { decision: 'wait', reason: 'x', revision: 1 }),
      [['decision', 'common.field.one-of']],
    );
    assert.deepEqual(
      await paths(`/api/incidents/${id}/plan/reviews`, {
        notes: '',
        progress: { x: 'many' },
        revision: 1,
      }),
      [
        ['notes', 'common.field.required'],
        ['progress.x', 'common.field.type'],
      ],
    );
  });
});
