import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterPull, afterResult, type Changes, type Held, toSend } from './conflicts.ts';
import type { Incident, OutboxRecord, Site } from './db.ts';

const record = (id: string, state: OutboxRecord['state'] = 'waiting'): OutboxRecord =>
  ({
    id,
    kind: 'visit',
    siteId: 's1',
    observedAt: '2026-12-01T08:00:00.000Z',
    createdAt: '2026-12-01T08:05:00.000Z',
    state,
    body: { id, siteId: 's1', visitedAt: '2026-12-01T08:00:00.000Z', indicators: {} },
  }) as OutboxRecord;
const site = (id: string, status: Site['status']) => ({ id, code: id, status }) as Site;
const incident = (id: string, siteId: string, revision: number, state = 'reported') =>
  ({ id, site: { id: siteId, code: siteId, name: siteId }, revision, state }) as Incident;
const changes = (c: Partial<Changes>): Changes => ({
  checkpoint: 10,
  full: false,
  sites: [],
  assignments: [],
  incidents: [],
  criteriaSets: [],
  ...c,
});
const now = new Date('2026-12-04T10:00:00.000Z');

test('a record the server stored, now or before, is sent; one it refused stays with the problem to fix', () => {
  const problem = { type: 't', title: 'x', status: 400, code: 'monitoring.visit-in-future' };
  assert.equal(afterResult(record('a'), { id: 'a', kind: 'visit', outcome: 'applied' }, now).state, 'sent');
  assert.equal(afterResult(record('a'), { id: 'a', kind: 'visit', outcome: 'already-applied' }, now).state, 'sent');
  const refused = afterResult(record('a'), { id: 'a', kind: 'visit', outcome: 'refused', problem }, now);
  assert.deepEqual([refused.state, refused.problem], ['refused', problem]);
  // Fixed and sent again, the record loses its old problem once stored.
  assert.equal(afterResult(refused, { id: 'a', kind: 'visit', outcome: 'applied' }, now).problem, undefined);
});

test('a grievance taken down, once stored, forgets the contact and keeps the receipt; refused, it keeps both', () => {
  const body = {
    id: 'g',
    siteId: 's1',
    description: 'Des militaires prélèvent une taxe.',
    language: 'fr' as const,
    contact: { name: 'Mama Kahambu', phone: '+243 970 000 111' },
    takenDownAt: '2026-12-01T08:00:00.000Z',
  };
  const taken = { ...record('g'), kind: 'grievance', body } as OutboxRecord;
  const receipt = { caseCode: 'GRV-AB12-CD34', secret: 's3cr3t' };
  const sent = afterResult(taken, { id: 'g', kind: 'grievance', outcome: 'already-applied', receipt }, now);
  assert.deepEqual(
    [sent.state, sent.receipt, 'contact' in sent.body],
    ['sent', receipt, false],
  );
  const { contact: _c, ...rest } = body;
  assert.deepEqual(sent.body, rest);
  const problem = { type: 't', title: 'x', status: 403, code: 'grievances.site-not-assigned' };
  const refused = afterResult(taken, { id: 'g', kind: 'grievance', outcome: 'refused', problem }, now);
  assert.deepEqual([refused.state, (refused.body as typeof body).contact], ['refused', body.contact]);
});

test('a record the answer does not name (the batch was cut off) waits for the next batch unchanged', () => {
  const r = record('a');
  assert.equal(afterResult(r, undefined, now), r);
});

test('the outbox goes oldest first and leaves out what was refused or sent', () => {
  const ids = toSend([record('0193c', 'waiting'), record('0193a'), record('0193b', 'refused'), record('01939', 'sent')]);
  assert.deepEqual(
    ids.map((r) => r.id),
    ['0193a', '0193c'],
  );
});

test('the server decides status: a pull replaces the sites, and drops a site no longer assigned', () => {
  const held: Held = { sites: [site('s1', 'green'), site('s2', 'green')], assignments: [], incidents: [] };
  const after = afterPull(held, changes({ sites: [site('s1', 'red')] }));
  assert.deepEqual(
    after.sites.map((s) => [s.id, s.status]),
    [['s1', 'red']],
  );
});

test('incidents merge by id, newest revision kept; a full resync replaces them; none of a site not mine', () => {
  const held: Held = {
    sites: [],
    assignments: [],
    incidents: [incident('i1', 's1', 3, 'verified'), incident('i2', 's1', 1)],
  };
  const delta = afterPull(
    held,
    changes({ sites: [site('s1', 'red')], incidents: [incident('i1', 's1', 2), incident('i3', 's1', 1), incident('i4', 's9', 1)] }),
  );
  assert.deepEqual(
    delta.incidents.map((i) => [i.id, i.revision]),
    [
      ['i1', 3],
      ['i2', 1],
      ['i3', 1],
    ],
  );
  const full = afterPull(held, changes({ full: true, sites: [site('s1', 'red')], incidents: [incident('i3', 's1', 1)] }));
  assert.deepEqual(
    full.incidents.map((i) => i.id),
    ['i3'],
  );
});
