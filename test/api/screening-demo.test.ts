import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_SCREENING } from '../../src/demo/demo-world.ts';
import { seedDemoList } from '../../src/demo/seed-screening-list.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

describe(`the demo's list version (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({});
    await seedDemoList(t.ctx);
  });
  after(() => t.close());

  test("holds the UN list of 2020-03-20, screened: the analyst's queue shows the demo trader's director", async () => {
    const versions = await t.request('analyst', 'GET', '/api/screening/list-versions');
    assert.deepEqual(
      versions.body.items.map(
        (v: { list: { key: string }; number: number; counts: unknown; importedBy: string | null }) => [
          v.list.key,
          v.number,
          v.counts,
          v.importedBy,
        ],
      ),
      [['un-consolidated', 1, { individuals: 709, entities: 305 }, null]],
    );
    assert.equal(versions.body.items[0].screening.status, 'done');
    const queue = await t.request('analyst', 'GET', '/api/screening/hits?status=open');
    assert.deepEqual(
      queue.body.items.map(
        (h: { subject: { name: string; organisationName: string }; reference: string }) => [
          h.subject.name,
          h.subject.organisationName,
          h.reference,
        ],
      ),
      [[DEMO_SCREENING.director.fullName, DEMO_SCREENING.company.legalName, DEMO_SCREENING.listed.reference]],
    );
  });
});
