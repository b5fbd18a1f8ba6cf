import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { startTestApp, type TestApp } from './harness.ts';

interface CarriedSet {
  id: string;
  key: string;
  version: number;
  kind: string;
  status: string;
  requirements: { code: string; textFr: string; textEn: string }[];
}

/** The field app's assessment checklists and grievances taken down, through the sync route on a real database. */
describe('field sync: checklists and grievances taken down', () => {
  let app: TestApp;
  let sites: { id: string; code: string }[];
  let set: CarriedSet;
  before(async () => {
    app = await startTestApp();
    sites = (await app.request('assessor', 'GET', '/api/sites?limit=5')).body.items;
    assert.ok(sites.length >= 2);
  });
  after(() => app?.close());

  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const sync = (role: 'assessor' | 'monitor', records: unknown[]) =>
    app.request(role, 'POST', '/api/field/sync', { records });

  test("an assessor's pull carries the latest published version of each site criteria set; a monitor's none", async () => {
    const pulled = await app.request('assessor', 'GET', '/api/field/changes');
    assert.equal(pulled.status, 200);
    const carried: CarriedSet[] = pulled.body.criteriaSets;
    const published = (
      await app.request('assessor', 'GET', '/api/criteria-sets?kind=site&status=published&limit=100')
    ).body.items as { id: string; key: string; version: number }[];
    const latest = new Map<string, { id: string; version: number }>();
    for (const s of published) if ((latest.get(s.key)?.version ?? 0) < s.version) latest.set(s.key, s);
    assert.deepEqual(carried.map((s) => s.id).sort(), [...latest.values()].map((s) => s.id).sort());
    for (const s of carried) {
      assert.deepEqual([s.kind, s.status], ['site', 'published']);
      assert.ok(s.requirements.length > 0);
      assert.ok(s.requirements.every((r) => r.textFr && r.textEn));
    }
    set = carried[0];
    const monitor = await app.request('monitor', 'GET', '/api/field/changes');
    assert.deepEqual(monitor.body.criteriaSets, []);
  });

  const checklist = (siteId: string, assessedAt: string, codes = set.requirements.map((r) => r.code)) => ({
    kind: 'assessment',
    body: {
      id: uuidv7(),
      setId: set.id,
      siteId,
      kind: 'periodic',
      assessedAt,
      notes: 'Évaluation sur site, puits 1 à 4.',
      ratings: codes.map((code, n) => ({
        code,
        rating: ['met', 'partially_met', 'not_met', 'not_applicable'][n % 4],
        notes: n === 0 ? 'Registre vu' : '',
      })),
    },
  });

  test('a checklist synced twice is one draft with its ratings at the phone’s time, which the assessor submits', async () => {
    const record = checklist(sites[0].id, hoursAgo(30));
    const first = await sync('assessor', [record]);
    assert.deepEqual(
      first.body.results.map((r: { id: string; kind: string; outcome: string }) => [r.id, r.kind, r.outcome]),
      [[record.body.id, 'assessment', 'applied']],
    );
    const again = await sync('assessor', [record]);
    assert.deepEqual(
      again.body.results.map((r: { outcome: string }) => r.outcome),
      ['already-applied'],
    );
    const stored = await app.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM assessments WHERE id = $1',
      [record.body.id],
    );
    assert.equal(stored.rows[0].n, 1);
    const a = (await app.request('assessor', 'GET', `/api/assessments/${record.body.id}`)).body;
    assert.deepEqual(
      [a.status, a.kind, a.siteId, a.set.id, a.observedFrom, a.notes, a.unrated],
      ['draft', 'periodic', sites[0].id, set.id, record.body.assessedAt, record.body.notes, []],
    );
    assert.deepEqual(
      a.ratings
        .map((g: { code: string; rating: string; notes: string }) => [g.code, g.rating, g.notes])
        .sort(),
      record.body.ratings.map((g) => [g.code, g.rating, g.notes]).sort(),
    );
    const submitted = await app.request('assessor', 'POST', `/api/assessments/${a.id}/submit`, {
      revision: a.revision,
    });
    assert.equal(submitted.status, 200);
    assert.equal(submitted.body.status, 'submitted');
    // Sent again after the submission, the record is still acknowledged, and nothing changes.
    const late = await sync('assessor', [record]);
    assert.equal(late.body.results[0].outcome, 'already-applied');
    assert.equal((await app.request('assessor', 'GET', `/api/assessments/${a.id}`)).body.status, 'submitted');
  });

  test('a checklist rating a code the version does not hold is refused whole, with what to fix', async () => {
    const record = checklist(sites[1].id, hoursAgo(5), [set.requirements[0].code, 'ZZ-99']);
    const res = await sync('assessor', [record]);
    assert.equal(res.body.results[0].outcome, 'refused');
    assert.deepEqual(
      res.body.results[0].problem.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [['ratings.1.code', 'assessments.not-a-requirement']],
    );
    const stored = await app.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM assessments WHERE id = $1',
      [record.body.id],
    );
    assert.equal(stored.rows[0].n, 0);
  });

  test('a checklist from before the site was assigned, from the future, or by a monitor is refused', async () => {
    const res = await sync('assessor', [
      checklist(sites[1].id, new Date(Date.now() - 3 * 365 * 86_400_000).toISOString()),
      checklist(sites[1].id, new Date(Date.now() + 86_400_000).toISOString()),
    ]);
    assert.deepEqual(
      res.body.results.map(
        (r: { outcome: string; problem: { code?: string; errors?: { code: string }[] } }) => [
          r.outcome,
          r.problem.errors?.[0]?.code ?? r.problem.code,
        ],
      ),
      [
        ['refused', 'assessments.site-not-assigned'],
        ['refused', 'common.field.in-future'],
      ],
    );
    const byMonitor = await sync('monitor', [checklist(sites[1].id, hoursAgo(2))]);
    assert.equal(byMonitor.body.results[0].problem.code, 'assessments.open-role');
  });

  const grievance = (
    contact: { name: string; phone: string } | null,
    siteId = sites[0].id,
    takenDownAt = hoursAgo(20),
  ) => ({
    kind: 'grievance',
    body: {
      id: uuidv7(),
      siteId,
      category: 'security_forces',
      description: 'Des militaires prélèvent une taxe sur chaque sac à la barrière du site.',
      language: 'fr',
      contact,
      takenDownAt,
    },
  });

  test("a grievance taken down is received once, sealed as the public form seals it, and queued as the monitor's", async () => {
    const record = grievance({ name: 'Mama Kahambu', phone: '+243 970 000 111' });
    const first = await sync('monitor', [record]);
    const [result] = first.body.results;
    assert.deepEqual([result.id, result.kind, result.outcome], [record.body.id, 'grievance', 'applied']);
    assert.match(result.receipt.caseCode, /^GRV-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    assert.ok(result.receipt.secret.length >= 20);
    // Sent again, the same receipt: the reporter's case, not a second one.
    const again = await sync('monitor', [record]);
    assert.deepEqual(
      [again.body.results[0].outcome, again.body.results[0].receipt],
      ['already-applied', result.receipt],
    );
    const rows = await app.ctx.db.query<{
      id: string;
      contact_sealed: string;
      anonymous: boolean;
      taken_down_at: Date;
    }>('SELECT id, contact_sealed, anonymous, taken_down_at FROM grievances WHERE case_code = $1', [
      result.receipt.caseCode,
    ]);
    assert.equal(rows.rows.length, 1);
    const row = rows.rows[0];
    assert.equal(row.anonymous, false);
    assert.match(row.contact_sealed, /^v1\.[A-Za-z0-9+/=]+$/);
    assert.ok(!row.contact_sealed.includes('Kahambu'));
    assert.equal(row.taken_down_at.toISOString(), record.body.takenDownAt);

    const queue = (await app.request('grievance_officer', 'GET', '/api/grievances?status=received&limit=100'))
      .body;
    const queued = queue.items.find((g: { id: string }) => g.id === row.id);
    assert.deepEqual(queued.takenDown, {
      by: { id: queued.takenDown.by.id, name: 'Espérance Ilunga' },
      at: record.body.takenDownAt,
    });
    assert.equal(queued.contact, undefined);
    const one = (await app.request('grievance_officer', 'GET', `/api/grievances/${row.id}`)).body;
    assert.deepEqual(one.contact, { name: 'Mama Kahambu', phone: '+243 970 000 111' });
    // The monitor never reads it back: not the queue, not the case with its contact.
    assert.equal((await app.request('monitor', 'GET', '/api/grievances')).status, 403);
    assert.equal((await app.request('monitor', 'GET', `/api/grievances/${row.id}`)).status, 403);
    // The public case page, with the receipt, tells the reporter where the case stands.
    const followed = await app.request(
      null,
      'GET',
      `/api/public/grievances/${result.receipt.caseCode}`,
      undefined,
      {
        'x-case-secret': result.receipt.secret,
      },
    );
    assert.deepEqual([followed.status, followed.body.status], [200, 'received']);
    // The log says who took it down, never the contact.
    const events = await app.ctx.db.query<{ user_id: string; payload: Record<string, unknown> }>(
      "SELECT user_id, payload FROM events WHERE subject_id = $1 AND type = 'grievance.received'",
      [row.id],
    );
    assert.equal(events.rows.length, 1);
    assert.equal(events.rows[0].user_id, queued.takenDown.by.id);
    assert.equal(events.rows[0].payload.takenDownAt, record.body.takenDownAt);
    assert.ok(!JSON.stringify(events.rows[0].payload).includes('Kahambu'));
  });

  test('an anonymous grievance is kept without contact; one at a site not assigned then is refused', async () => {
    const anonymous = grievance(null);
    const outsider = grievance(null, sites[1].id, new Date(Date.now() - 3 * 365 * 86_400_000).toISOString());
    const res = await sync('monitor', [anonymous, outsider]);
    assert.deepEqual(
      res.body.results.map((r: { outcome: string }) => r.outcome),
      ['applied', 'refused'],
    );
    assert.equal(res.body.results[1].problem.code, 'grievances.site-not-assigned');
    const row = await app.ctx.db.query<{ anonymous: boolean; contact_sealed: string | null }>(
      'SELECT anonymous, contact_sealed FROM grievances WHERE case_code = $1',
      [res.body.results[0].receipt.caseCode],
    );
    assert.deepEqual(row.rows, [{ anonymous: true, contact_sealed: null }]);
    const byOfficer = await app.request('grievance_officer', 'POST', '/api/field/sync', {
      records: [grievance(null)],
    });
    assert.equal(byOfficer.body.results[0].problem.code, 'grievances.take-down-role');
  });

  test('a grievance with too short a description or a malformed contact refuses the batch with what to fix', async () => {
    const short = grievance(null);
    short.body.description = 'vol';
    const res = await sync('monitor', [short]);
    assert.equal(res.status, 400);
    assert.ok(
      res.body.errors.some((e: { path: string }) => e.path === 'records.0.body.description'),
      JSON.stringify(res.body.errors),
    );
  });
});
