import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, once, problemOf, startTestApp, type TestApp } from './harness.ts';

/** The demo's pooled fund over HTTP: schedule, projects, votes, disbursements and who sees what. */
describe(`the pooled fund over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const now = new Date('2026-11-20T10:00:00Z');
  before(async () => {
    t = await startTestApp({ clock: () => now });
  });
  after(() => t.close());

  const demo = once(async () => {
    const funds = await t.request('analyst', 'GET', '/api/funds');
    assert.equal(funds.status, 200);
    assert.equal(funds.body.items.length, 1);
    const fund = (await t.request('analyst', 'GET', `/api/funds/${funds.body.items[0].id}`)).body;
    const [safety, ppe] = fund.projects;
    return { fund, safety, ppe };
  });
  const org = (name: string) => t.orgs[name];

  test('the fund has three members, two on its committee, and two projects, one at the suspended site', async () => {
    const { fund } = await demo();
    assert.equal(fund.access, 'manager');
    assert.deepEqual(
      fund.members.map((m: { name: string; committee: boolean }) => [m.name, m.committee]),
      [
        ['Huayang Cobalt Materials Co., Ltd.', false],
        ['Nordkobolt Refining AB', true],
        ['Voltaire Batteries SE', true],
      ],
    );
    assert.deepEqual(
      fund.projects.map(
        (p: {
          title: string;
          site: { code: string } | null;
          budgetMinor: number;
          allocatedMinor: number;
          disbursedMinor: number;
        }) => [p.title, p.site?.code ?? null, p.budgetMinor, p.allocatedMinor, p.disbursedMinor],
      ),
      [
        ['Sécurité des puits et remédiation à Kamilombe', 'KZI-004', 2_000_000, 2_000_000, 1_400_000],
        ['Équipements de protection pour Tujenge', null, 1_200_000, 500_000, 500_000],
      ],
    );
    assert.deepEqual(
      fund.proposals.map((p: { state: string; votes: unknown[] }) => [p.state, p.votes.length]),
      [
        ['approved', 2],
        ['approved', 2],
        ['open', 1],
      ],
    );
  });

  test('the schedule takes the refiners from custody and the battery maker from its declaration, to the cent', async () => {
    const { fund } = await demo();
    const year = await t.request('analyst', 'GET', `/api/funds/${fund.id}/schedule?year=2026`);
    assert.equal(year.status, 200);
    const byName = Object.fromEntries(year.body.lines.map((l: { name: string }) => [l.name, l]));
    assert.deepEqual(byName['Voltaire Batteries SE'], {
      organisationId: org('Voltaire Batteries SE'),
      name: 'Voltaire Batteries SE',
      source: 'declared',
      cobaltKg: 1_800_000,
      // 1,800 t at 25.00.
      dueMinor: 4_500_000,
      pledgedMinor: 4_500_000,
      paidMinor: 3_000_000,
      outstandingMinor: 1_500_000,
      atFloor: false,
    });
    // The refiners' hydroxide holds a few kilograms of cobalt: the floor, 10,000.00, is due.
    for (const name of ['Nordkobolt Refining AB', 'Huayang Cobalt Materials Co., Ltd.']) {
      assert.equal(byName[name].source, 'custody');
      assert.equal(byName[name].dueMinor, 1_000_000);
      assert.equal(byName[name].atFloor, true);
      assert.equal(byName[name].outstandingMinor, 0);
    }
    // At 1,000,000.00 a tonne the rate sets it: Σ mass × grade of what each received, exactly.
    const changed = await t.request('analyst', 'PUT', `/api/funds/${fund.id}/formula`, {
      ratePerTonneMinor: 100_000_000,
      floorMinor: 1_000_000,
      quorum: 2,
      version: fund.version,
    });
    assert.equal(changed.status, 200);
    const received = async (name: string) =>
      (
        await t.ctx.db.query<{ mg: string }>(
          `SELECT sum(l.mass_kg * l.grade_pct)::text AS mg FROM custody_transfers t JOIN custody_lots l ON l.id = t.lot_id
            WHERE t.to_id = $1`,
          [org(name)],
        )
      ).rows[0].mg;
    const expected = (mg: string) => {
      const [whole, fraction = ''] = mg.split('.');
      const e9 = BigInt(whole + fraction.slice(0, 9).padEnd(9, '0'));
      // kg·% × 10^-9 / 100 = kg; × 100,000,000 cents a tonne / 1000 kg, half up.
      const n = e9 * 100_000_000n;
      const d = 10n ** 14n;
      return Number((n * 2n + d) / (2n * d));
    };
    const rated = (await t.request('analyst', 'GET', `/api/funds/${fund.id}/schedule?year=2026`)).body.lines;
    for (const name of ['Nordkobolt Refining AB', 'Huayang Cobalt Materials Co., Ltd.']) {
      const line = rated.find((l: { name: string }) => l.name === name);
      assert.equal(line.dueMinor, expected(await received(name)), name);
      assert.equal(line.atFloor, false);
    }
    const stale = await t.request('analyst', 'PUT', `/api/funds/${fund.id}/formula`, {
      ratePerTonneMinor: 2_500,
      floorMinor: 1_000_000,
      quorum: 2,
      version: fund.version,
    });
    assert.equal(stale.status, 409);
    const restored = await t.request('analyst', 'PUT', `/api/funds/${fund.id}/formula`, {
      ratePerTonneMinor: 2_500,
      floorMinor: 1_000_000,
      quorum: 3,
      version: changed.body.version,
    });
    assert.equal(restored.status, 400);
    assert.equal(restored.body.errors[0].code, 'funding.quorum-above-committee');
  });

  test("the project at the suspended site shows each indicator before and after its start, from the demo's visits", async () => {
    const { safety } = await demo();
    const res = await t.request('downstream', 'GET', `/api/fund-projects/${safety.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.outcomes.map((o: Record<string, unknown>) => ({ ...o, points: undefined })),
      [
        {
          indicator: 'ppeSharePct',
          before: { observations: 1, mean: 52 },
          after: { observations: 2, mean: 59 },
          change: 7,
          verdict: 'improved',
          points: undefined,
        },
        {
          indicator: 'childrenSeen',
          before: { observations: 1, mean: 0 },
          after: { observations: 2, mean: 1.5 },
          change: 1.5,
          verdict: 'worsened',
          points: undefined,
        },
        {
          indicator: 'headCount',
          before: { observations: 1, mean: 110 },
          after: { observations: 2, mean: 98 },
          change: -12,
          verdict: 'unknown',
          points: undefined,
        },
      ],
    );
    assert.deepEqual(
      res.body.incidents.map((i: { level: number; state: string }) => [i.level, i.state]),
      [[1, 'in_mitigation']],
    );
    assert.deepEqual(
      res.body.milestones.map((m: { amountMinor: number; metAt: string | null; disbursedMinor: number }) => [
        m.amountMinor,
        m.metAt !== null,
        m.disbursedMinor,
      ]),
      [
        [800_000, true, 800_000],
        [600_000, true, 600_000],
        [600_000, false, 0],
      ],
    );
  });

  test('a disbursement is refused before its milestone is met, and allowed once the committee and the milestone agree', async () => {
    const { ppe } = await demo();
    const project = (await t.request('analyst', 'GET', `/api/fund-projects/${ppe.id}`)).body;
    const training = project.milestones[1];
    const pay = (amountMinor: number) =>
      t.request('admin', 'POST', `/api/fund-projects/${ppe.id}/disbursements`, {
        milestoneId: training.id,
        amountMinor,
        disbursedAt: '2026-11-19T09:00:00Z',
      });
    const early = await pay(700_000);
    assert.deepEqual([early.status, early.body.code], [409, 'funding.milestone-not-met']);
    const met = await t.request(
      'analyst',
      'POST',
      `/api/fund-projects/${ppe.id}/milestones/${training.id}/met`,
      {
        metAt: '2026-11-18T15:00:00Z',
        note: 'Vingt chefs de puits formés',
      },
    );
    assert.equal(met.status, 200);
    // Met, but the committee has not yet allocated the second part.
    const unallocated = await pay(700_000);
    assert.deepEqual(
      [unallocated.status, unallocated.body.code, unallocated.body.params],
      [409, 'funding.exceeds-allocation', { remainingMinor: 0 }],
    );
    const open = (await t.request('analyst', 'GET', `/api/funds/${project.fundId}`)).body.proposals.find(
      (p: { state: string }) => p.state === 'open',
    );
    // Only the committee votes: not the operator, not the regulator, not a member off the committee.
    for (const who of ['admin', 'regulator'] as const) {
      const refused = await t.request(who, 'POST', `/api/fund-proposals/${open.id}/votes`, {
        vote: 'approve',
      });
      assert.deepEqual([refused.status, refused.body.code], [403, 'funding.committee-only'], who);
    }
    const twice = await t.request('funder', 'POST', `/api/fund-proposals/${open.id}/votes`, {
      vote: 'approve',
    });
    assert.deepEqual([twice.status, twice.body.code], [409, 'funding.already-voted']);
    const adopted = await t.request('downstream', 'POST', `/api/fund-proposals/${open.id}/votes`, {
      vote: 'approve',
    });
    assert.equal(adopted.status, 200);
    assert.equal(adopted.body.state, 'approved');
    const dated = await t.request('admin', 'POST', `/api/fund-projects/${ppe.id}/disbursements`, {
      milestoneId: training.id,
      amountMinor: 700_000,
      disbursedAt: '2026-11-17T09:00:00Z',
    });
    assert.deepEqual([dated.status, dated.body.code], [409, 'funding.disbursed-before-met']);
    assert.equal((await pay(700_001)).body.code, 'funding.exceeds-milestone');
    const paid = await pay(700_000);
    assert.equal(paid.status, 201);
    assert.equal(paid.body.amountMinor, 700_000);
    const again = await t.request('analyst', 'GET', `/api/fund-projects/${ppe.id}`);
    assert.equal(again.body.disbursedMinor, 1_200_000);
    const types = (
      await t.ctx.db.query<{ type: string }>(
        "SELECT type FROM events WHERE type LIKE 'fund.%' ORDER BY seq DESC LIMIT 4",
      )
    ).rows.map((r) => r.type);
    assert.deepEqual(types, [
      'fund.disbursed',
      'fund.allocation_approved',
      'fund.vote_cast',
      'fund.milestone_met',
    ]);
  });

  test('a member sees its own payments and every project; not another member’s payments', async () => {
    const { fund, safety, ppe } = await demo();
    const own = await t.request('downstream', 'GET', `/api/funds/${fund.id}/receipts`);
    assert.equal(own.status, 200);
    assert.deepEqual(
      own.body.items.map((r: { name: string; kind: string; amountMinor: number }) => [
        r.name,
        r.kind,
        r.amountMinor,
      ]),
      [
        ['Nordkobolt Refining AB', 'pledge', 1_000_000],
        ['Nordkobolt Refining AB', 'payment', 1_000_000],
      ],
    );
    const other = await t.request(
      'downstream',
      'GET',
      `/api/funds/${fund.id}/receipts?organisationId=${org('Voltaire Batteries SE')}`,
    );
    assert.deepEqual([other.status, other.body.code], [403, 'funding.own-payments-only']);
    const schedule = await t.request('downstream', 'GET', `/api/funds/${fund.id}/schedule?year=2026`);
    assert.deepEqual(
      schedule.body.lines.map((l: { name: string }) => l.name),
      ['Nordkobolt Refining AB'],
    );
    for (const p of [safety, ppe])
      assert.equal((await t.request('downstream', 'GET', `/api/fund-projects/${p.id}`)).status, 200);
    const page = await t.request(
      'downstream',
      'GET',
      `/api/funds/${fund.id}/funders/${org('Nordkobolt Refining AB')}`,
    );
    assert.equal(page.status, 200);
    assert.equal(page.body.paidMinor, 1_000_000);
    assert.equal(page.body.fundPaidMinor, 5_000_000);
    // A fifth of what was paid in: a fifth of each project's disbursements so far.
    assert.deepEqual(
      page.body.projects.map((p: { attributedMinor: number }) => p.attributedMinor).slice(0, 1),
      [280_000],
    );
    const theirs = await t.request(
      'downstream',
      'GET',
      `/api/funds/${fund.id}/funders/${org('Voltaire Batteries SE')}`,
    );
    assert.deepEqual([theirs.status, theirs.body.code], [403, 'funding.own-payments-only']);
    // Outside the fund, the fund does not exist; writing is for its managers.
    for (const who of ['cooperative_manager', 'buyer'] as const) {
      assert.equal((await t.request(who, 'GET', `/api/funds/${fund.id}`)).status, 404, who);
      assert.equal((await t.request(who, 'GET', `/api/fund-projects/${safety.id}`)).status, 404, who);
    }
    assert.deepEqual((await t.request('cooperative_manager', 'GET', '/api/funds')).body.items, []);
    const write = await t.request('downstream', 'POST', `/api/funds/${fund.id}/receipts`, {
      organisationId: org('Nordkobolt Refining AB'),
      kind: 'payment',
      year: 2026,
      amountMinor: 1,
      at: '2026-11-01T00:00:00Z',
    });
    assert.deepEqual([write.status, write.body.code], [403, 'funding.manager-only']);
    assert.equal((await t.request('regulator', 'GET', `/api/funds/${fund.id}`)).body.access, 'reader');
  });

  test('a project is refused without a place, with milestones above its budget, or naming unknown records', async () => {
    const { fund } = await demo();
    const res = await t.request('analyst', 'POST', `/api/funds/${fund.id}/projects`, {
      title: 'Sans lieu',
      budgetMinor: 100,
      startsOn: '2026-11-01',
      indicators: ['childrenSeen'],
      incidentIds: ['01900000-0000-7000-8000-000000000000'],
      correctiveActionIds: [],
      milestones: [{ title: 'Tout', amountMinor: 101, dueOn: '2026-12-01' }],
    });
    assert.equal(problemOf(res).status, 400);
    assert.deepEqual(
      res.body.errors.map((e: { code: string }) => e.code),
      ['funding.project-place', 'funding.no-such-incident', 'funding.milestones-over-budget'],
    );
    const huge = await t.request('analyst', 'POST', `/api/funds/${fund.id}/receipts`, {
      organisationId: org('Nordkobolt Refining AB'),
      kind: 'payment',
      year: 2026,
      amountMinor: 2 ** 60,
      at: '2026-11-01T00:00:00Z',
    });
    assert.equal(huge.status, 400);
  });

  test('a receipt sent again with its id is recorded once', async () => {
    const { fund } = await demo();
    const body = {
      id: '01935f3c-0000-7000-8000-00000000f001',
      organisationId: org('Voltaire Batteries SE'),
      kind: 'payment',
      year: 2026,
      amountMinor: 1_500_000,
      at: '2026-11-19T00:00:00Z',
      reference: 'VIR-BRAND1-2026-2',
    };
    const first = await t.request('admin', 'POST', `/api/funds/${fund.id}/receipts`, body);
    const retry = await t.request('admin', 'POST', `/api/funds/${fund.id}/receipts`, body);
    assert.deepEqual([first.status, retry.status], [201, 200]);
    assert.deepEqual(retry.body, first.body);
    const reused = await t.request('admin', 'POST', `/api/funds/${fund.id}/receipts`, {
      ...body,
      amountMinor: 2,
    });
    assert.equal(reused.status, 422);
  });
});
