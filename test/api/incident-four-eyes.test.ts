import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { type DemoCaller, ENGINE, startTestApp, type TestApp } from './harness.ts';

/** Four eyes on incidents: the reporter of a level-1 or level-2 incident neither concludes its verification nor closes it. */
describe(`four eyes on incidents over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  let siteId: string;

  before(async () => {
    t = await startTestApp();
    siteId = (await t.request('analyst', 'GET', '/api/sites?q=KZI-002')).body.items[0].id;
  });
  after(() => t?.close());

  const report = async (level: 1 | 2 | 3, title: string, who: DemoCaller = 'analyst') => {
    const res = await t.request(who, 'POST', '/api/incidents', {
      siteId,
      level,
      category: level === 3 ? 'governance' : 'security_forces',
      title,
      description: `${title}.`,
    });
    assert.equal(res.status, 201, res.text);
    return res.body as { id: string; revision: number; code: string };
  };
  const move = (who: DemoCaller, incident: { id: string; revision: number }, to: string) =>
    t.request(who, 'POST', `/api/incidents/${incident.id}/transitions`, {
      to,
      reason: `passage à ${to}`,
      revision: incident.revision,
    });

  test('the reporter of a level-1 incident starts its verification, a second analyst verifies and resolves it', async () => {
    let incident = await report(1, 'Hommes en uniforme à la barrière');
    const started = await move('analyst', incident, 'under_verification');
    assert.equal(started.status, 200);
    assert.equal(started.body.fourEyes, true);
    assert.deepEqual(started.body.secondPersonStates, ['verified', 'unsubstantiated']);
    incident = started.body;
    const other = await t.request('analyst2', 'GET', `/api/incidents/${incident.id}`);
    assert.deepEqual(other.body.secondPersonStates, []);

    const alone = await move('analyst', incident, 'verified');
    assert.equal(alone.status, 403);
    assert.equal(alone.body.code, 'incidents.four-eyes');
    assert.deepEqual(alone.body.params, { to: 'verified', level: '1' });
    assert.equal(
      alone.body.detail,
      'four eyes: someone other than the reporter of a level-1 incident moves it to verified',
    );
    const dismissed = await move('analyst', incident, 'unsubstantiated');
    assert.equal(dismissed.status, 403);
    assert.deepEqual(dismissed.body.params, { to: 'unsubstantiated', level: '1' });
    // Nothing moved: the refusals changed neither the state nor the revision.
    const still = await t.request('analyst', 'GET', `/api/incidents/${incident.id}`);
    assert.equal(still.body.state, 'under_verification');
    assert.equal(still.body.revision, incident.revision);

    const verified = await move('analyst2', incident, 'verified');
    assert.equal(verified.status, 200);
    incident = verified.body;
    const byReporter = await t.request('analyst', 'GET', `/api/incidents/${incident.id}`);
    assert.deepEqual(byReporter.body.nextStates, ['in_mitigation', 'escalated', 'resolved']);
    assert.deepEqual(byReporter.body.secondPersonStates, ['resolved']);
    const escalated = await move('analyst', incident, 'escalated');
    assert.equal(escalated.status, 200);
    incident = escalated.body;
    const closedAlone = await move('analyst', incident, 'resolved');
    assert.equal(closedAlone.status, 403);
    assert.deepEqual(closedAlone.body.params, { to: 'resolved', level: '1' });
    const resolved = await move('admin', incident, 'resolved');
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.state, 'resolved');
    const timeline = (await t.request('analyst', 'GET', `/api/incidents/${incident.id}/timeline`)).body;
    const users = await t.ctx.db.query<{ id: string; email: string }>('SELECT id, email FROM users');
    const email = (id: string) => users.rows.find((u) => u.id === id)?.email;
    assert.deepEqual(
      timeline.map((s: { to: string; by: string }) => [s.to, email(s.by)]),
      [
        ['reported', 'analyst@demo.amana.test'],
        ['under_verification', 'analyst@demo.amana.test'],
        ['verified', 'analyst2@demo.amana.test'],
        ['escalated', 'analyst@demo.amana.test'],
        ['resolved', 'admin@demo.amana.test'],
      ],
    );
  });

  test('a level-2 incident is under four eyes too; a level-3 one its reporter handles alone', async () => {
    let two = await report(2, 'Péage informel au pont');
    two = (await move('analyst', two, 'under_verification')).body;
    const dismissed = await move('analyst', two, 'unsubstantiated');
    assert.equal(dismissed.status, 403);
    assert.deepEqual(dismissed.body.params, { to: 'unsubstantiated', level: '2' });
    assert.equal((await move('analyst2', two, 'unsubstantiated')).status, 200);

    let three = await report(3, 'Registre des creuseurs incomplet');
    assert.equal(three.revision, 1);
    for (const to of ['under_verification', 'verified', 'resolved']) {
      const res = await move('analyst', three, to);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.fourEyes, false);
      assert.deepEqual(res.body.secondPersonStates, []);
      three = res.body;
    }
  });

  test('an incident a monitor reported is verified and resolved by one analyst', async () => {
    let incident = await report(1, 'Enfants au tri du minerai', 'monitor');
    for (const to of ['under_verification', 'verified', 'resolved']) {
      const res = await move('analyst', incident, to);
      assert.equal(res.status, 200, res.text);
      incident = res.body;
    }
  });

  test('the verification queue lists what the caller may conclude, page by page, never what it reported under four eyes', async () => {
    const mine = await report(1, 'File : signalé par l’analyste');
    const minor = await report(3, 'File : mineur, signalé par l’analyste');
    const theirs = await report(2, 'File : signalé par le moniteur', 'monitor');
    const queue = async (who: DemoCaller) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/api/incidents?awaitingMyVerification=true&siteId=${siteId}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await t.request(who, 'GET', query);
        assert.equal(res.status, 200, res.text);
        assert.ok(res.body.items.length <= 2);
        assert.ok(
          res.body.items.every((i: { state: string }) =>
            ['reported', 'under_verification'].includes(i.state),
          ),
        );
        ids.push(...res.body.items.map((i: { id: string }) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids;
    };
    const forAnalyst = await queue('analyst');
    assert.ok(!forAnalyst.includes(mine.id));
    assert.ok(forAnalyst.includes(minor.id));
    assert.ok(forAnalyst.includes(theirs.id));
    const forSecond = await queue('analyst2');
    assert.ok(forSecond.includes(mine.id));
    assert.ok(forSecond.includes(minor.id));
    assert.ok(forSecond.includes(theirs.id));
    assert.equal(new Set(forSecond).size, forSecond.length);
    // Sorted by a column, the same filter holds.
    const sorted = await t.request(
      'analyst',
      'GET',
      `/api/incidents?awaitingMyVerification=true&sort=-code&limit=200`,
    );
    assert.equal(sorted.status, 200);
    const sortedIds = sorted.body.items.map((i: { id: string }) => i.id);
    assert.ok(!sortedIds.includes(mine.id));
    assert.ok(sortedIds.includes(theirs.id));
    // Verified by the second analyst, the incident leaves every queue.
    const started = (await move('analyst', mine, 'under_verification')).body;
    assert.equal((await move('analyst2', started, 'verified')).status, 200);
    assert.ok(!(await queue('analyst2')).includes(mine.id));
  });

  test('the verification queue is for those who verify, and its filter takes only true or false', async () => {
    for (const who of ['monitor', 'buyer', 'regulator'] as const) {
      const res = await t.request(who, 'GET', '/api/incidents?awaitingMyVerification=true');
      assert.equal(res.status, 403, who);
      assert.equal(res.body.code, 'incidents.transition-role');
    }
    const monitorList = await t.request('monitor', 'GET', '/api/incidents?awaitingMyVerification=false');
    assert.equal(monitorList.status, 200);
    const bad = await t.request('analyst', 'GET', '/api/incidents?awaitingMyVerification=yes');
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.errors.map((e: { path: string }) => e.path),
      ['querystring.awaitingMyVerification'],
    );
  });

  test('the levels under four eyes are configured: with level 3 only, a level-1 reporter verifies alone', async () => {
    const ctx = { ...t.ctx, config: { ...t.ctx.config, incidentFourEyesLevels: [3 as const] } };
    const app = await buildApp(ctx, { logger: false });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const call = async (who: DemoCaller, method: string, path: string, body?: unknown) => {
        const res = await fetch(`${address}${path}`, {
          method,
          headers: { authorization: `Bearer ${t.tokens[who]}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      };
      let one = (
        await call('analyst', 'POST', '/api/incidents', {
          siteId,
          level: 1,
          category: 'armed_groups',
          title: 'Configuré : niveau 1',
          description: 'x',
        })
      ).body;
      assert.equal(one.fourEyes, false);
      for (const to of ['under_verification', 'verified']) {
        const res = await call('analyst', 'POST', `/api/incidents/${one.id}/transitions`, {
          to,
          reason: 'r',
          revision: one.revision,
        });
        assert.equal(res.status, 200);
        one = res.body;
      }
      let three = (
        await call('analyst', 'POST', '/api/incidents', {
          siteId,
          level: 3,
          category: 'governance',
          title: 'Configuré : niveau 3',
          description: 'x',
        })
      ).body;
      assert.equal(three.fourEyes, true);
      three = (
        await call('analyst', 'POST', `/api/incidents/${three.id}/transitions`, {
          to: 'under_verification',
          reason: 'r',
          revision: three.revision,
        })
      ).body;
      const refused = await call('analyst', 'POST', `/api/incidents/${three.id}/transitions`, {
        to: 'verified',
        reason: 'r',
        revision: three.revision,
      });
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.body.params, { to: 'verified', level: '3' });
    } finally {
      await app.close();
    }
  });

  test('AMANA_INCIDENT_FOUR_EYES_LEVELS takes levels or none, and names itself when wrong', () => {
    assert.deepEqual(loadConfig({}).incidentFourEyesLevels, [1, 2]);
    assert.deepEqual(
      loadConfig({ AMANA_INCIDENT_FOUR_EYES_LEVELS: '3, 1,1' }).incidentFourEyesLevels,
      [1, 3],
    );
    assert.deepEqual(loadConfig({ AMANA_INCIDENT_FOUR_EYES_LEVELS: 'none' }).incidentFourEyesLevels, []);
    assert.throws(
      () => loadConfig({ AMANA_INCIDENT_FOUR_EYES_LEVELS: '1,4' }),
      (e: Error) =>
        e instanceof ConfigError &&
        e.message ===
          'AMANA_INCIDENT_FOUR_EYES_LEVELS takes incident levels 1, 2 or 3 separated by commas, or "none"; got "1,4"',
    );
  });
});
