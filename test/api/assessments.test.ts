import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runTimeRules } from '../../src/services/assessments/site-status.ts';
import { type DemoRole, ENGINE, once, startTestApp, type TestApp } from './harness.ts';

/** The whole flow: a set is written and published, a site assessed, approved, turned red, re-assessed and green. */
describe(`criteria sets and assessments over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  let now = new Date('2026-03-02T09:00:00Z');
  const at = (iso: string) => {
    now = new Date(iso);
  };
  let siteId: string;
  let setId: string;

  before(async () => {
    t = await startTestApp({ clock: () => now, env: { AMANA_UPLOAD_LIMIT_BYTES: '4096' } });
    siteId = (await t.request('analyst', 'GET', '/api/sites?q=KZI-002')).body.items[0].id;
  });
  after(() => t.close());

  test('the demo shows every colour with its reason, and the mechanism scores its own alignment', async () => {
    const sites = (await t.request('regulator', 'GET', '/api/sites?limit=50')).body.items;
    const colours = new Set(sites.map((s: { status: string }) => s.status));
    assert.deepEqual([...colours].sort(), ['blue', 'green', 'red', 'yellow']);
    const kzi003 = sites.find((s: { code: string }) => s.code === 'KZI-003');
    assert.match(
      kzi003.statusExplanation,
      // The demo's sites were assessed six weeks before its clock.
      /^red since 2026-01-16: requirement CL-01 'No person under 18 working on site' not met in assessment A-\d+/,
    );
    const self = (
      await t.request('regulator', 'GET', '/api/assessments?status=approved&limit=200')
    ).body.items.find((a: { kind: string }) => a.kind === 'self');
    assert.deepEqual(self.outcome, { score: 0.846, fullyAlignedShare: 0.778, rated: 18, recognisable: true });
  });

  const requirement = (code: string, tier: string, extra: Record<string, unknown> = {}) => ({
    code,
    textFr: `texte ${code}`,
    textEn: `text ${code}`,
    topic: 'test',
    riskCategory: tier === 'critical' ? 'child_labour' : 'occupational_health_safety',
    appliesTo: ['site'],
    evidence: 'observation',
    tier,
    ...extra,
  });

  /** The test standard, written, published and given a draft version 2: made once, by the first that asks. */
  const publishedSet = once(async () => {
    const created = await t.request('analyst', 'POST', '/api/criteria-sets', {
      key: 'test-standard',
      name: 'Test standard',
      requirements: [requirement('CL-01', 'critical'), requirement('PPE-01', 'major')],
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.version, 1);
    assert.equal(created.body.status, 'draft');
    assert.equal(created.body.requirements[1].correctionMonths, 3);
    setId = created.body.id;

    const added = await t.request('analyst', 'PUT', `/api/criteria-sets/${setId}/requirements/ENV-01`, {
      requirement: requirement('ENV-01', 'progressive', { horizonMonths: 12, riskCategory: 'environment' }),
      revision: created.body.revision,
    });
    assert.equal(added.status, 200);
    assert.deepEqual(
      added.body.requirements.map((r: { code: string }) => r.code),
      ['CL-01', 'PPE-01', 'ENV-01'],
    );

    const badTier = await t.request('analyst', 'PUT', `/api/criteria-sets/${setId}/requirements/ENV-02`, {
      requirement: requirement('ENV-02', 'progressive'),
      revision: added.body.revision,
    });
    assert.equal(badTier.status, 400);
    assert.deepEqual(badTier.body.errors, [
      {
        path: 'requirements.3.horizonMonths',
        message: 'a progressive requirement needs an improvement horizon of at least 1 month',
        code: 'assessments.progressive-needs-horizon',
      },
    ]);

    const byAssessor = await t.request('assessor', 'POST', `/api/criteria-sets/${setId}/publish`, {
      revision: added.body.revision,
    });
    assert.equal(byAssessor.status, 403);
    assert.equal(byAssessor.body.code, 'assessments.set-manage-role');
    const published = await t.request('analyst', 'POST', `/api/criteria-sets/${setId}/publish`, {
      revision: added.body.revision,
    });
    assert.equal(published.status, 200);
    assert.equal(published.body.status, 'published');

    const edit = await t.request('analyst', 'PUT', `/api/criteria-sets/${setId}`, {
      name: 'Changed',
      requirements: [requirement('CL-01', 'critical')],
      revision: published.body.revision,
    });
    assert.equal(edit.status, 409);
    assert.equal(
      edit.body.detail,
      'test-standard version 1 is published and cannot change; create a new version',
    );
    assert.equal(edit.body.code, 'assessments.set-published');
    assert.deepEqual(edit.body.params, { set: 'test-standard', version: 1 });

    const next = await t.request('analyst', 'POST', `/api/criteria-sets/${setId}/versions`);
    assert.equal(next.status, 201);
    assert.deepEqual([next.body.version, next.body.status, next.body.requirementCount], [2, 'draft', 3]);
    const another = await t.request('analyst', 'POST', `/api/criteria-sets/${setId}/versions`);
    assert.equal(another.status, 409);
    assert.equal(another.body.code, 'assessments.set-has-draft');
    assert.deepEqual(another.body.params, { set: 'test-standard' });
  });
  test(
    'an analyst writes a draft set, edits it and publishes it; a published set never changes',
    publishedSet,
  );

  let first: { id: string; revision: number; code: string };

  /** The first assessment of KZI-002 against the test standard, rated and submitted once. */
  const submittedFirst = once(async () => {
    await publishedSet();
    const draftSet = (await t.request('assessor', 'GET', '/api/criteria-sets?key=test-standard&status=draft'))
      .body.items[0];
    const onDraft = await t.request('assessor', 'POST', '/api/assessments', {
      setId: draftSet.id,
      siteId,
      kind: 'baseline',
    });
    assert.deepEqual(onDraft.body.errors, [
      {
        path: 'setId',
        message: 'assess only against a published set version',
        code: 'assessments.set-not-published',
      },
    ]);

    const opened = await t.request('assessor', 'POST', '/api/assessments', {
      setId,
      siteId,
      kind: 'baseline',
    });
    assert.equal(opened.status, 201);
    assert.match(opened.body.code, /^A-\d+$/);
    assert.deepEqual(opened.body.unrated, ['CL-01', 'PPE-01', 'ENV-01']);

    const unknown = await t.request('assessor', 'PUT', `/api/assessments/${opened.body.id}/ratings/AG-01`, {
      rating: 'met',
    });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.errors, [
      {
        path: 'ratings.0.code',
        message: 'AG-01 is not a requirement of test-standard version 1',
        code: 'assessments.not-a-requirement',
        params: { requirement: 'AG-01', set: 'test-standard', version: 1 },
      },
    ]);
    const wrongScale = await t.request(
      'assessor',
      'PUT',
      `/api/assessments/${opened.body.id}/ratings/CL-01`,
      { rating: 'fully_aligned' },
    );
    assert.deepEqual(wrongScale.body.errors, [
      {
        path: 'ratings.0.rating',
        message: 'one of met, partially_met, not_met, not_applicable',
        code: 'common.field.one-of',
        params: { values: 'met, partially_met, not_met, not_applicable' },
      },
    ]);

    const one = await t.request('assessor', 'PUT', `/api/assessments/${opened.body.id}/ratings/CL-01`, {
      rating: 'not_met',
      notes: 'two children sorting ore',
    });
    assert.deepEqual(one.body.unrated, ['PPE-01', 'ENV-01']);
    const early = await t.request('assessor', 'POST', `/api/assessments/${opened.body.id}/submit`, {
      revision: one.body.revision,
    });
    assert.equal(early.status, 400);
    assert.deepEqual(early.body.errors, [
      { path: 'ratings.PPE-01', message: 'not rated yet', code: 'assessments.not-rated' },
      { path: 'ratings.ENV-01', message: 'not rated yet', code: 'assessments.not-rated' },
    ]);
    assert.equal(early.body.code, 'assessments.unrated');
    assert.deepEqual(early.body.params, { count: 2 });
    const rest = await t.request('assessor', 'PUT', `/api/assessments/${opened.body.id}/ratings`, {
      ratings: [
        { code: 'ppe-01', rating: 'partially_met' },
        { code: 'ENV-01', rating: 'not_met' },
      ],
    });
    assert.deepEqual(rest.body.unrated, []);
    const submitted = await t.request('assessor', 'POST', `/api/assessments/${opened.body.id}/submit`, {
      revision: rest.body.revision,
    });
    assert.equal(submitted.body.status, 'submitted');
    first = submitted.body;
    const late = await t.request('assessor', 'PUT', `/api/assessments/${first.id}/ratings/CL-01`, {
      rating: 'met',
    });
    assert.equal(late.status, 409);
    assert.equal(late.body.code, 'assessments.not-draft');
    assert.deepEqual(late.body.params, { assessment: first.code, status: 'submitted' });
  });
  test(
    'an assessor rates a site; unknown requirements and unrated submissions are refused by name',
    submittedFirst,
  );

  test('evidence carries place and time; a wrong type or size is refused', async () => {
    await submittedFirst();
    const form = (
      content: string | Uint8Array<ArrayBuffer>,
      type: string,
      fields: Record<string, string> = {},
    ) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.append(k, v);
      f.append('file', new Blob([content], { type }), 'photo.jpg');
      return f;
    };
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x20, 0x70]);
    // Evidence goes with the rating, so onto a draft: the submitted one is closed.
    const closed = await t.request(
      'assessor',
      'POST',
      `/api/assessments/${first.id}/evidence`,
      form(jpeg, 'image/jpeg'),
    );
    assert.equal(closed.status, 409);
    assert.equal(closed.body.code, 'assessments.not-draft');
    const draft = (
      await t.request('assessor', 'POST', '/api/assessments', { setId, siteId, kind: 'periodic' })
    ).body;
    const ok = await t.request(
      'assessor',
      'POST',
      `/api/assessments/${draft.id}/evidence`,
      form(jpeg, 'application/octet-stream', {
        requirementCode: 'CL-01',
        latitude: '-10.745',
        longitude: '25.521',
        takenAt: '2026-03-01T10:15:00Z',
      }),
    );
    assert.equal(ok.status, 201);
    assert.deepEqual(
      [ok.body.requirementCode, ok.body.latitude, ok.body.longitude, ok.body.takenAt, ok.body.contentType],
      ['CL-01', -10.745, 25.521, '2026-03-01T10:15:00.000Z', 'image/jpeg'],
    );
    const bad = await t.request(
      'assessor',
      'POST',
      `/api/assessments/${draft.id}/evidence`,
      form(jpeg, 'image/jpeg', { requirementCode: 'XX-01', latitude: '95' }),
    );
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.errors.map((e: { path: string }) => e.path),
      ['requirementCode', 'latitude', 'longitude'],
    );
    assert.deepEqual(
      bad.body.errors.map((e: { code: string; params?: unknown }) => [e.code, e.params]),
      [
        ['assessments.evidence-not-a-requirement', { requirement: 'XX-01' }],
        ['common.field.range', { min: -90, max: 90 }],
        ['common.field.position-half', undefined],
      ],
    );
    const exe = await t.request(
      'assessor',
      'POST',
      `/api/assessments/${draft.id}/evidence`,
      form('MZ\x90 binary', 'image/jpeg'),
    );
    assert.equal(exe.status, 415);
    const big = new Uint8Array(5000);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const tooBig = await t.request(
      'assessor',
      'POST',
      `/api/assessments/${draft.id}/evidence`,
      form(big, 'image/jpeg'),
    );
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.type, '/api/problems#payload-too-large');
    const list = await t.request('analyst', 'GET', `/api/assessments/${draft.id}/evidence`);
    assert.equal(list.body.length, 1);
  });

  /** That first assessment approved by an analyst, turning KZI-002 red on 2026-03-02, once. */
  const approvedFirst = once(async () => {
    await submittedFirst();
    const own = await t.request('assessor', 'POST', `/api/assessments/${first.id}/approve`);
    assert.equal(own.status, 403);
    assert.equal(own.body.detail, 'only analysts and administrators approve assessments');
    assert.equal(own.body.code, 'assessments.approve-role');

    const approved = await t.request('analyst', 'POST', `/api/assessments/${first.id}/approve`);
    assert.equal(approved.status, 200);
    const code = approved.body.code;
    const site = (await t.request('downstream', 'GET', `/api/sites/${siteId}`)).body;
    assert.equal(site.status, 'red');
    assert.equal(
      site.statusExplanation,
      `red since 2026-03-02: requirement CL-01 'text CL-01' not met in assessment ${code}; suspended at least until 2026-09-02`,
    );
    assert.equal(site.statusRedUntil, '2026-09-02');
    const actions = (
      await t.request('cooperative_manager', 'GET', `/api/corrective-actions?siteId=${siteId}`)
    ).body.items;
    assert.deepEqual(
      actions.map((a: { requirement: { code: string }; deadline: string }) => [
        a.requirement.code,
        a.deadline,
      ]),
      [
        ['PPE-01', '2026-06-02'],
        ['ENV-01', '2027-03-02'],
      ],
    );
    const noted = await t.request(
      'cooperative_manager',
      'POST',
      `/api/corrective-actions/${actions[0].id}/notes`,
      { note: 'Casques commandés.' },
    );
    assert.equal(noted.status, 201);
    assert.deepEqual(
      noted.body.notes.map((n: { note: string }) => n.note),
      ['Casques commandés.'],
    );
  });
  test(
    'four eyes: the assessor cannot approve; an analyst approves and the site turns red with its reason',
    approvedFirst,
  );

  test('an analyst cannot approve an assessment they carried out themselves', async () => {
    await publishedSet();
    const mine = (await t.request('analyst', 'POST', '/api/assessments', { setId, siteId, kind: 'periodic' }))
      .body;
    const rated = await t.request('analyst', 'PUT', `/api/assessments/${mine.id}/ratings`, {
      ratings: ['CL-01', 'PPE-01', 'ENV-01'].map((code) => ({ code, rating: 'met' })),
    });
    await t.request('analyst', 'POST', `/api/assessments/${mine.id}/submit`, {
      revision: rated.body.revision,
    });
    const self = await t.request('analyst', 'POST', `/api/assessments/${mine.id}/approve`);
    assert.equal(self.status, 403);
    assert.equal(self.body.detail, 'four eyes: you cannot approve an assessment you carried out');
    assert.equal(self.body.code, 'assessments.four-eyes');
    const back = await t.request('admin', 'POST', `/api/assessments/${mine.id}/return`, {
      reason: 'Photos manquantes',
    });
    assert.equal(back.body.status, 'draft');
  });

  async function assess(ratings: Record<string, string>, kind = 'periodic') {
    const a = (await t.request('assessor', 'POST', '/api/assessments', { setId, siteId, kind })).body;
    const rated = await t.request('assessor', 'PUT', `/api/assessments/${a.id}/ratings`, {
      ratings: Object.entries(ratings).map(([code, rating]) => ({ code, rating })),
    });
    await t.request('assessor', 'POST', `/api/assessments/${a.id}/submit`, { revision: rated.body.revision });
    return a;
  }

  /** KZI-002 re-assessed green while red, green when the suspension ends, blue when that lapses: once. */
  const reassessedGreen = once(async () => {
    await approvedFirst();
    at('2026-05-10T09:00:00Z');
    const fixed = await assess({ 'CL-01': 'met', 'PPE-01': 'met', 'ENV-01': 'partially_met' });
    await t.request('analyst', 'POST', `/api/assessments/${fixed.id}/approve`);
    let site = (await t.request('analyst', 'GET', `/api/sites/${siteId}`)).body;
    assert.equal(site.status, 'red');
    assert.equal(
      site.statusExplanation,
      `red since 2026-03-02: assessment ${fixed.code} shows green, which applies when the minimum suspension ends on 2026-09-02`,
    );
    const open = (await t.request('analyst', 'GET', `/api/corrective-actions?siteId=${siteId}&status=open`))
      .body.items;
    assert.deepEqual(
      open.map((a: { requirement: { code: string } }) => a.requirement.code),
      ['ENV-01'],
    );

    at('2026-09-01T23:00:00Z');
    await runTimeRules(t.ctx);
    assert.equal((await t.request('analyst', 'GET', `/api/sites/${siteId}`)).body.status, 'red');
    at('2026-09-02T00:30:00Z');
    await runTimeRules(t.ctx);
    site = (await t.request('analyst', 'GET', `/api/sites/${siteId}`)).body;
    assert.equal(site.status, 'green');
    assert.equal(site.statusValidUntil, '2027-05-10');

    at('2027-05-10T08:00:00Z');
    await runTimeRules(t.ctx);
    site = (await t.request('analyst', 'GET', `/api/sites/${siteId}`)).body;
    assert.equal(site.status, 'blue');
    assert.equal(
      site.statusExplanation,
      'blue since 2027-05-10: the green assessment lapsed on 2027-05-10 after 12 months',
    );
    const history = (await t.request('analyst', 'GET', `/api/sites/${siteId}/status-history`)).body;
    assert.deepEqual(
      history.map((h: { status: string }) => h.status),
      ['blue', 'green', 'red', 'red', 'blue'],
    );
  });
  test('a re-assessment showing green during the minimum suspension waits until it ends', reassessedGreen);

  test('a yellow site past its deadline turns red; of two approvals the later one wins and both stay on record', async () => {
    await publishedSet();
    at('2027-06-01T09:00:00Z');
    const yellow = await assess({ 'CL-01': 'met', 'PPE-01': 'not_met', 'ENV-01': 'met' });
    const green = await assess({ 'CL-01': 'met', 'PPE-01': 'met', 'ENV-01': 'met' });
    const [a, b] = await Promise.all([
      t.request('analyst', 'POST', `/api/assessments/${yellow.id}/approve`),
      t.request('admin', 'POST', `/api/assessments/${green.id}/approve`),
    ]);
    assert.deepEqual([a.status, b.status], [200, 200]);
    const site = (await t.request('analyst', 'GET', `/api/sites/${siteId}`)).body;
    // Both carry the same clock time: the later is the one the site took second (it holds the site's row
    // until it commits), which is also the order of their events in the log.
    const order = (
      await t.ctx.db.query<{ subject_id: string }>(
        "SELECT subject_id FROM events WHERE type = 'assessment.approved' AND subject_id = ANY($1::text[]) ORDER BY seq",
        [[yellow.id, green.id]],
      )
    ).rows.map((r) => r.subject_id);
    assert.equal(order.length, 2);
    const later = [a.body, b.body].find((x) => x.id === order[1]);
    assert.equal(site.status, later.outcome.status);

    const y2 = await assess({ 'CL-01': 'met', 'PPE-01': 'partially_met', 'ENV-01': 'met' });
    await t.request('analyst', 'POST', `/api/assessments/${y2.id}/approve`);
    at('2027-09-01T12:00:00Z');
    await runTimeRules(t.ctx);
    assert.equal((await t.request('analyst', 'GET', `/api/sites/${siteId}`)).body.status, 'yellow');
    at('2027-09-02T12:00:00Z');
    await runTimeRules(t.ctx);
    const red = (await t.request('analyst', 'GET', `/api/sites/${siteId}`)).body;
    assert.equal(red.status, 'red');
    assert.equal(
      red.statusExplanation,
      'red since 2027-09-02: the correction deadline 2027-09-01 passed without an approved re-assessment',
    );
  });

  test('a cooperative manager sees the assessments of its own sites only; buyers see none', async () => {
    await publishedSet();
    const mine = (await t.request('cooperative_manager', 'GET', '/api/assessments?limit=200')).body.items;
    const codes = new Set(
      (
        await t.request(
          'cooperative_manager',
          'GET',
          `/api/sites?cooperativeId=${t.orgOf.cooperative_manager}`,
        )
      ).body.items.map((s: { id: string }) => s.id),
    );
    assert.ok(mine.length > 0);
    assert.ok(mine.every((a: { siteId: string }) => codes.has(a.siteId)));
    const other = (await t.request('analyst', 'GET', '/api/assessments?limit=200')).body.items.find(
      (a: { siteId: string | null }) => a.siteId && !codes.has(a.siteId),
    );
    assert.equal((await t.request('cooperative_manager', 'GET', `/api/assessments/${other.id}`)).status, 404);
    const buyerList = await t.request('buyer', 'GET', '/api/assessments');
    assert.equal(buyerList.status, 403);
    assert.equal(buyerList.body.code, 'assessments.role-cannot-see');
    const buyerOpens = await t.request('buyer', 'POST', '/api/assessments', {
      setId,
      siteId,
      kind: 'baseline',
    });
    assert.equal(buyerOpens.status, 403);
    assert.equal(buyerOpens.body.code, 'assessments.open-role');
  });

  test('the shipped baseline goes out and back in through xlsx and JSON unchanged', async () => {
    const baseline = (await t.request('analyst', 'GET', '/api/criteria-sets?key=amana-asm-baseline')).body
      .items[0];
    const full = (await t.request('analyst', 'GET', `/api/criteria-sets/${baseline.id}`)).body;
    assert.equal(full.requirements.length, 40);

    const xlsx = await fetch(`${t.url}/api/criteria-sets/${baseline.id}/export?format=xlsx`, {
      headers: { authorization: `Bearer ${t.tokens.analyst}` },
    });
    assert.equal(
      xlsx.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    const fromXlsx = await fetch(`${t.url}/api/criteria-sets/import`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.tokens.analyst}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: bytes,
    });
    assert.equal(fromXlsx.status, 201);
    const imported = await fromXlsx.json();
    assert.deepEqual([imported.key, imported.version, imported.status], ['amana-asm-baseline', 2, 'draft']);
    assert.deepEqual(imported.requirements, full.requirements);

    const json = await t.request('analyst', 'GET', `/api/criteria-sets/${baseline.id}/export?format=json`);
    const doc = JSON.parse(json.text);
    const fromJson = await t.request('analyst', 'POST', '/api/criteria-sets/import', {
      ...doc,
      key: 'baseline-copy',
    });
    assert.equal(fromJson.status, 201);
    assert.deepEqual(fromJson.body.requirements, full.requirements);

    const broken = await t.request('analyst', 'POST', '/api/criteria-sets/import', {
      ...doc,
      key: 'broken',
      requirements: [{ ...doc.requirements[0], tier: 'severe' }],
    });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.errors[0].path, 'requirements.0.tier');
    assert.equal(broken.body.code, 'assessments.set-not-imported');
    assert.equal(broken.body.errors[0].code, 'common.field.one-of');
    const notXlsx = await fetch(`${t.url}/api/criteria-sets/import`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.tokens.analyst}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: 'not a workbook',
    });
    assert.equal(notXlsx.status, 400);
    const notXlsxBody = await notXlsx.json();
    assert.deepEqual(notXlsxBody.errors, [
      {
        path: 'file',
        message: 'the file is not a readable xlsx workbook',
        code: 'assessments.set-file-not-xlsx',
      },
    ]);
  });

  /** Every row of a list, page after page from its first, as `role` reads it. */
  const walk = async (role: DemoRole, path: string) => {
    const seen: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
        await t.request(role, 'GET', `${path}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return seen;
  };
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
  const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
  const FORGED = [
    {
      path: 'cursor',
      message: 'this cursor was not issued by this list; start again without it',
      code: 'common.field.cursor-foreign',
    },
  ];

  test('assessments come page by page, newest first, each once, filters kept; a forged cursor is refused', async () => {
    await reassessedGreen();
    const all = (await t.request('analyst', 'GET', '/api/assessments?limit=200')).body;
    assert.equal(all.nextCursor, null);
    assert.ok(all.items.length > 4);
    const created = all.items.map((a: { createdAt: string }) => a.createdAt);
    assert.deepEqual(created, [...created].sort().reverse());

    const first = (await t.request('analyst', 'GET', '/api/assessments?limit=2')).body;
    assert.deepEqual(ids(first.items), ids(all.items.slice(0, 2)));
    assert.equal(typeof first.nextCursor, 'string');
    const second = (await t.request('analyst', 'GET', `/api/assessments?limit=2&cursor=${first.nextCursor}`))
      .body;
    assert.deepEqual(ids(second.items), ids(all.items.slice(2, 4)));

    // Many were opened at the same instant of the test clock: the id keeps them apart, none twice, none lost.
    assert.ok(new Set(created).size < created.length);
    const walked = await walk('analyst', '/api/assessments?limit=2');
    assert.deepEqual(ids(walked), ids(all.items));
    assert.equal(new Set(ids(walked)).size, walked.length);

    const ofSite = all.items.filter((a: { siteId: string | null }) => a.siteId === siteId);
    assert.ok(ofSite.length > 1);
    assert.deepEqual(ids(await walk('analyst', `/api/assessments?siteId=${siteId}&limit=1`)), ids(ofSite));
    const approved = all.items.filter((a: { status: string }) => a.status === 'approved');
    assert.deepEqual(ids(await walk('analyst', '/api/assessments?status=approved&limit=3')), ids(approved));
    // A cooperative manager's pages hold its own assessments only, as its whole list does.
    const mine = (await t.request('cooperative_manager', 'GET', '/api/assessments?limit=200')).body.items;
    assert.deepEqual(ids(await walk('cooperative_manager', '/api/assessments?limit=2')), ids(mine));

    for (const cursor of [
      'not-a-cursor',
      cursorOf(['2026-03-02T09:00:00.000000Z']),
      cursorOf(['yesterday', all.items[0].id]),
      cursorOf(['2026-02-31T09:00:00.000000Z', all.items[0].id]),
      cursorOf(['2026-03-02T09:00:00.000000Z', 'A-1']),
      cursorOf(['open', '2026-06-02', all.items[0].id]),
    ]) {
      const refused = await t.request('analyst', 'GET', `/api/assessments?limit=2&cursor=${cursor}`);
      assert.equal(refused.status, 400, cursor);
      assert.deepEqual(refused.body.errors, FORGED);
    }
  });

  test('corrective actions come page by page, open first then by deadline, each once; a forged cursor is refused', async () => {
    await reassessedGreen();
    type Action = { id: string; status: string; deadline: string; siteId: string | null };
    const all = (await t.request('analyst', 'GET', '/api/corrective-actions?limit=200')).body;
    assert.equal(all.nextCursor, null);
    const items: Action[] = all.items;
    assert.ok(items.length > 4);
    assert.ok(items.some((a) => a.status === 'closed'));
    const key = (a: Action) => [a.status === 'open' ? 0 : 1, a.deadline, a.id] as const;
    const byOrder = [...items].sort((x, y) => {
      const [a, b] = [key(x), key(y)];
      return a[0] - b[0] || a[1].localeCompare(b[1]) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
    });
    assert.deepEqual(ids(items), ids(byOrder));

    const first = (await t.request('analyst', 'GET', '/api/corrective-actions?limit=2')).body;
    assert.deepEqual(ids(first.items), ids(items.slice(0, 2)));
    const second = (
      await t.request('analyst', 'GET', `/api/corrective-actions?limit=2&cursor=${first.nextCursor}`)
    ).body;
    assert.deepEqual(ids(second.items), ids(items.slice(2, 4)));

    // Through the turn from open to closed, and through actions sharing a deadline.
    const shared = items.map((a) => `${a.status} ${a.deadline}`);
    assert.ok(new Set(shared).size < shared.length);
    const walked = await walk('analyst', '/api/corrective-actions?limit=1');
    assert.deepEqual(ids(walked), ids(items));
    assert.equal(new Set(ids(walked)).size, walked.length);
    const ofSite = items.filter((a) => a.siteId === siteId);
    assert.deepEqual(
      ids(await walk('analyst', `/api/corrective-actions?siteId=${siteId}&limit=1`)),
      ids(ofSite),
    );
    const closed = items.filter((a) => a.status === 'closed');
    assert.deepEqual(
      ids(await walk('analyst', '/api/corrective-actions?status=closed&limit=1')),
      ids(closed),
    );
    const mine = (await t.request('cooperative_manager', 'GET', '/api/corrective-actions?limit=200')).body
      .items;
    assert.deepEqual(ids(await walk('cooperative_manager', '/api/corrective-actions?limit=2')), ids(mine));

    for (const cursor of [
      'not-a-cursor',
      cursorOf(['open', items[0].id]),
      cursorOf(['pending', '2026-06-02', items[0].id]),
      cursorOf(['open', '2026-02-30', items[0].id]),
      cursorOf(['open', '0000-01-01', items[0].id]),
      cursorOf(['open', 20260602, items[0].id]),
      cursorOf(['open', '2026-06-02', 'PPE-01']),
    ]) {
      const refused = await t.request('analyst', 'GET', `/api/corrective-actions?limit=2&cursor=${cursor}`);
      assert.equal(refused.status, 400, cursor);
      assert.deepEqual(refused.body.errors, FORGED);
    }
  });
});
