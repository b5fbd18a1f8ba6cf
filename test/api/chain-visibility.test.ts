import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { exposedOrganisations } from '../../src/services/alerts/exposure.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

type Events = Record<string, unknown>[];

/**
 * Visibility along the demo's chain: Tujenge's sacks go to the trader Mwamba, who batches them for the
 * depot; the depot splits the batch and sends both parts, with Umoja's batch, to the processor, whose
 * hydroxide LHP-HYD-2026-042 (from one part and Umoja's batch) goes to Nordkobolt.
 */
describe(`what each organisation sees of the chain (${ENGINE})`, () => {
  let t: TestApp;
  const lot: Record<string, string> = {};
  const site: Record<string, string> = {};
  before(async () => {
    t = await startTestApp();
    for (const r of (await t.ctx.db.query<{ id: string; tag: string }>('SELECT id, tag FROM custody_lots'))
      .rows)
      lot[r.tag] = r.id;
    for (const r of (await t.ctx.db.query<{ id: string; code: string }>('SELECT id, code FROM sites')).rows)
      site[r.code] = r.id;
  });
  after(() => t.close());

  const get = async (role: Parameters<TestApp['request']>[0], path: string) => {
    const res = await t.request(role, 'GET', path);
    return res;
  };
  const events = async (role: Parameters<TestApp['request']>[0], query = '') =>
    (await get(role, `/epcis/events?perPage=1000${query}`)).body.epcisBody.queryResults.resultsBody
      .eventList as Events;
  const named = (list: Events) =>
    new Set(
      list.flatMap((e) => [
        ...((e.epcList as string[]) ?? []),
        ...((e.childEPCs as string[]) ?? []),
        ...((e.inputEPCList as string[]) ?? []),
        ...((e.outputEPCList as string[]) ?? []),
        ...(e.parentID ? [e.parentID as string] : []),
      ]),
    );
  const transactions = (list: Events) =>
    list.flatMap((e) =>
      ((e.bizTransactionList as { bizTransaction: string }[]) ?? []).map((b) => b.bizTransaction),
    );

  test('a cooperative and a depot cannot read the refiner’s hydroxide, its grade or its events', async () => {
    const hydroxide = lot['LHP-HYD-2026-042'];
    for (const role of ['cooperative_manager', 'buyer'] as const) {
      for (const path of [
        `/api/lots/${hydroxide}`,
        `/api/lots/${hydroxide}/origin`,
        `/api/lots/${hydroxide}/lineage`,
      ])
        assert.equal((await get(role, path)).status, 404, `${role} ${path}`);
      const listed = (await get(role, '/api/lots?limit=200')).body.items as {
        tag: string;
        gradePct: number;
      }[];
      assert.deepEqual(
        listed.filter((l) => l.tag?.startsWith('LHP-')),
        [],
        role,
      );
      const seen = await events(role);
      assert.ok(!named(seen).has('urn:amana:lot:LHP-HYD-2026-042'), role);
      assert.deepEqual(
        await events(role, `&MATCH_anyEPC=${encodeURIComponent('urn:amana:lot:LHP-HYD-2026-042')}`),
        [],
        role,
      );
      // No despatch advice further down than its own hand-overs.
      assert.deepEqual(
        transactions(seen).filter((b) => b.includes('EXP-LHP')),
        [],
        role,
      );
    }
  });

  test('a refiner reads everything upstream of its hydroxide: lots, origin, lineage and events', async () => {
    const hydroxide = lot['LHP-HYD-2026-042'];
    const origin = await get('downstream', `/api/lots/${hydroxide}/origin`);
    assert.equal(origin.status, 200);
    assert.deepEqual(origin.body.bySite.map((s: { code: string }) => s.code).sort(), [
      'KZI-001',
      'KZI-002',
      'KZI-003',
      'KZI-004',
    ]);
    const lineage = (await get('downstream', `/api/lots/${hydroxide}/lineage`)).body;
    const tags = lineage.nodes.map((n: { tag: string }) => n.tag);
    assert.equal(tags.filter((x: string) => /^(TUJ|UMO)-/.test(x)).length, 16);
    for (const upstream of ['MWA-2026-0007', 'CKC-2026-0114', 'CKC-2026-0116', 'LHP-HYD-2026-042'])
      assert.ok(tags.includes(upstream), upstream);
    // The depot's other part went into another refiner's hydroxide: not this refiner's business.
    assert.ok(!tags.includes('CKC-2026-0115') && !tags.includes('LHP-HYD-2026-041'));
    assert.deepEqual(lineage.handOvers, []);
    const upstreamSack = await get('downstream', `/api/lots/${lot['UMO-2026-0001']}`);
    assert.equal(upstreamSack.status, 200);
    assert.equal(upstreamSack.body.gradePct, 11);
    const seen = await events('downstream');
    for (const epc of [
      'UMO-2026-0001',
      'TUJ-2026-0010',
      'MWA-2026-0007',
      'CKC-2026-0114',
      'LHP-HYD-2026-042',
    ])
      assert.ok(named(seen).has(`urn:amana:lot:${epc}`), epc);
    assert.ok(transactions(seen).some((b) => b.includes('FAC-TUJ-2026-118')));
    assert.ok(transactions(seen).some((b) => b.includes('EXP-LHP-2026-0302')));
    assert.ok(!transactions(seen).some((b) => b.includes('EXP-LHP-2026-0301')));
  });

  test('a depot sees the transfer it made and to whom, not what the processor made of it', async () => {
    const part = lot['CKC-2026-0116'];
    const view = (await get('buyer', `/api/lots/${part}`)).body;
    assert.deepEqual(
      { holder: view.holder.name, consumed: view.consumed },
      { holder: 'Lualaba Hydroxide Processing SA', consumed: false },
    );
    const lineage = (await get('buyer', `/api/lots/${part}/lineage`)).body;
    assert.deepEqual(
      lineage.nodes.map((n: { tag: string }) => n.tag).filter((x: string) => !/^TUJ-/.test(x)),
      ['MWA-2026-0007', 'CKC-2026-0116'],
    );
    assert.deepEqual(
      lineage.handOvers
        .filter((h: { lotId: string }) => h.lotId === part)
        .map((h: { to: { name: string }; transaction: unknown }) => [h.to.name, h.transaction]),
      [['Lualaba Hydroxide Processing SA', { type: 'inv', ref: 'FAC-CKC-2026-208' }]],
    );
    const seen = await events('buyer');
    assert.ok(transactions(seen).some((b) => b.includes('FAC-CKC-2026-208')));
    assert.ok(
      !seen.some(
        (e) =>
          e.type === 'TransformationEvent' &&
          named([e]).has('urn:amana:lot:CKC-2026-0116') &&
          (e.outputEPCList as string[]).some((o) => o.includes('LHP-')),
      ),
    );
    const held = (
      await get('buyer', `/api/lots?holderId=${t.orgs['Lualaba Hydroxide Processing SA']}&limit=200`)
    ).body.items as { tag: string }[];
    assert.deepEqual(held.map((l) => l.tag).sort(), ['CKC-2026-0114', 'CKC-2026-0115', 'CKC-2026-0116']);
  });

  test('a cooperative sees where its ore went one step, and none of the trader’s batching', async () => {
    const flows = (await get('cooperative_manager', `/api/sites/${site['KZI-001']}/downstream`)).body;
    assert.deepEqual(
      flows.lots.map((l: { tag: string; holder: { name: string } }) => [l.tag, l.holder.name]),
      Array.from({ length: 6 }, (_, i) => [`TUJ-2026-000${i + 1}`, 'Ets Mwamba Négoce']),
    );
    // Who holds that ore now is not the cooperative's to know: nothing is counted as held there.
    assert.deepEqual(
      flows.organisations.map((o: { name: string; containedKg: number }) => [o.name, o.containedKg]),
      [['Ets Mwamba Négoce', 0]],
    );
    const lineage = (await get('cooperative_manager', `/api/lots/${lot['TUJ-2026-0001']}/lineage`)).body;
    assert.deepEqual(
      lineage.nodes.map((n: { tag: string }) => n.tag),
      ['TUJ-2026-0001'],
    );
    assert.deepEqual(
      lineage.handOvers.map((h: { to: { name: string }; transaction: unknown }) => [
        h.to.name,
        h.transaction,
      ]),
      [['Ets Mwamba Négoce', { type: 'inv', ref: 'FAC-TUJ-2026-118' }]],
    );
    const seen = await events('cooperative_manager');
    assert.ok(seen.length > 0);
    assert.ok(!seen.some((e) => e.type === 'AggregationEvent'));
    assert.ok(!named(seen).has('urn:amana:lot:MWA-2026-0007'));
    assert.deepEqual(
      [...new Set(transactions(seen))].map((b) => decodeURIComponent(b.split(':').pop() as string)),
      ['FAC-TUJ-2026-118'],
    );
    assert.equal((await get('cooperative_manager', `/api/lots/${lot['MWA-2026-0007']}`)).status, 404);
  });

  test('registry staff see the whole chain, and a refiner downstream of a site is still exposed to it', async () => {
    const lineage = (await get('analyst', `/api/lots/${lot['TUJ-2026-0001']}/lineage`)).body;
    const tags = lineage.nodes.map((n: { tag: string }) => n.tag);
    for (const down of ['MWA-2026-0007', 'CKC-2026-0115', 'LHP-HYD-2026-041', 'LHP-HYD-2026-042'])
      assert.ok(tags.includes(down), down);
    const flows = (await get('analyst', `/api/sites/${site['KZI-003']}/downstream`)).body;
    assert.ok(flows.organisations.some((o: { name: string }) => o.name === 'Nordkobolt Refining AB'));
    const exposed = await exposedOrganisations(t.ctx.db, site['KZI-003']);
    assert.ok(exposed.includes(t.orgs['Nordkobolt Refining AB']));
    assert.ok(exposed.includes(t.orgs['Comptoir Kolwezi Cobalt SARL']));
  });
  test('the lot list is read page by page in any of its orders, searched and cut to what is still held', async () => {
    for (const role of ['admin', 'buyer', 'downstream'] as const) {
      for (const sort of ['', '&sort=tag', '&sort=-mass', '&sort=cobalt', '&sort=holder', '&sort=-origin']) {
        const whole = (await get(role, `/api/lots?limit=200${sort}`)).body;
        assert.equal(whole.nextCursor, null);
        const ids: string[] = [];
        let cursor: string | null = '';
        while (cursor !== null) {
          const res = await get(
            role,
            `/api/lots?limit=3${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          assert.equal(res.status, 200);
          ids.push(...res.body.items.map((l: { id: string }) => l.id));
          cursor = res.body.nextCursor;
        }
        assert.deepEqual(
          ids,
          whole.items.map((l: { id: string }) => l.id),
          `${role}${sort}`,
        );
        assert.equal(new Set(ids).size, ids.length);
      }
    }
    const newest = (await get('admin', '/api/lots?limit=200')).body.items.map(
      (l: { producedAt: string }) => l.producedAt,
    );
    assert.deepEqual(newest, [...newest].sort().reverse());
    const byMass = (await get('admin', '/api/lots?limit=200&sort=-mass')).body.items.map(
      (l: { massKg: number }) => l.massKg,
    );
    assert.deepEqual(
      byMass,
      [...byMass].sort((a, b) => b - a),
    );
    const held = (await get('buyer', '/api/lots?limit=200&held=true')).body.items as { consumed: boolean }[];
    const all = (await get('buyer', '/api/lots?limit=200')).body.items as { consumed: boolean }[];
    assert.deepEqual(
      held,
      all.filter((l) => !l.consumed),
    );
    assert.ok(held.length < all.length);
    const found = (await get('admin', '/api/lots?limit=200&q=CKC-2026-011')).body.items as { tag: string }[];
    assert.deepEqual(found.map((l) => l.tag).sort(), ['CKC-2026-0114', 'CKC-2026-0115', 'CKC-2026-0116']);
    const first = (await get('admin', '/api/lots?limit=1&sort=tag')).body;
    const other = await get('admin', `/api/lots?limit=1&sort=mass&cursor=${first.nextCursor}`);
    assert.equal(other.status, 400);
    assert.equal(other.body.errors[0].path, 'cursor');
  });
});
