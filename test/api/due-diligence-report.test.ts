import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { EMRT_MINE_COLUMNS, EMRT_SMELTER_COLUMNS } from '../../src/domain/reports/emrt.ts';
import { ENGINE, once, problemOf, startTestApp, type TestApp } from './harness.ts';

/** The demo's custody runs to 14 days before this clock: the refiner's hydroxide arrives on 2026-11-06. */
const NOW = new Date('2026-11-20T10:00:00Z');
const Q4 = 'from=2026-10-01&to=2026-12-31';

describe(`due-diligence report (${ENGINE})`, () => {
  let t: TestApp;
  let refiner: string;
  before(async () => {
    t = await startTestApp({ clock: () => NOW });
    refiner = t.orgOf.downstream;
  });
  after(() => t.close());

  const report = once(async () => {
    const res = await t.request('downstream', 'GET', `/api/organisations/${refiner}/report?${Q4}`);
    assert.equal(res.status, 200, res.text);
    return res.body;
  });

  test('the demo refiner’s quarter: the hydroxide it received, its non-conforming share, checked against the record', async () => {
    const r = await report();
    const lot = (
      await t.ctx.db.query<{ epc: string; mass_kg: number; grade_pct: number; nonconforming_share: number }>(
        `SELECT l.epc, l.mass_kg, l.grade_pct, l.nonconforming_share FROM custody_transfers t
           JOIN custody_lots l ON l.id = t.lot_id
          WHERE t.to_id = $1 AND t.shipped_at >= '2026-10-01' AND t.shipped_at < '2027-01-01'`,
        [refiner],
      )
    ).rows;
    assert.equal(lot.length, 1);
    const contained = (lot[0].mass_kg * lot[0].grade_pct) / 100;
    assert.deepEqual(
      {
        lots: r.managementSystem.lots,
        massKg: r.managementSystem.massKg,
        containedKg: r.managementSystem.containedKg,
        nonConformingShare: r.managementSystem.nonConformingShare,
        nonConformingKg: r.managementSystem.nonConformingKg,
      },
      {
        lots: 1,
        massKg: lot[0].mass_kg,
        containedKg: Math.round(contained * 1000) / 1000,
        nonConformingShare: Math.round(lot[0].nonconforming_share * 1e6) / 1e6,
        nonConformingKg: Math.round(contained * lot[0].nonconforming_share * 1000) / 1000,
      },
    );
    // The same figures, written out: 192.319 kg of hydroxide at 30 %, 63.6 % of its cobalt non-conforming.
    assert.deepEqual(
      [r.managementSystem.massKg, r.managementSystem.containedKg, r.managementSystem.nonConformingShare],
      [192.319, 57.696, 0.63618],
    );
    assert.equal(r.managementSystem.received[0].epc, lot[0].epc);
    assert.deepEqual(
      r.managementSystem.sites.map((s: { code: string; containedKg: number; nonConformingKg: number }) => [
        s.code,
        s.containedKg,
        s.nonConformingKg,
      ]),
      [
        ['KZI-004', 18.876, 18.876],
        ['KZI-003', 17.829, 17.829],
        ['KZI-001', 11.958, 0],
        ['KZI-002', 9.033, 0],
      ],
    );
    assert.deepEqual(r.managementSystem.statusAtProduction, {
      green: 11.958,
      yellow: 0,
      red: 17.829,
      blue: 27.909,
      suspended: 18.876,
    });
    assert.deepEqual(r.managementSystem.sites[0].atProduction, [
      { status: 'blue', suspended: true, openLevel1: ['INC-1'], containedKg: 18.876 },
    ]);
  });

  test('incidents at the sites of its chain by level and category, in their state at the end of the quarter', async () => {
    const r = await report();
    assert.deepEqual(r.riskAssessment.incidents, {
      total: 3,
      byLevel: { level1: 1, level2: 1, level3: 1 },
      byCategory: [
        { category: 'bribery_fraud', level1: 0, level2: 1, level3: 0 },
        { category: 'child_labour', level1: 1, level2: 0, level3: 0 },
        { category: 'governance', level1: 0, level2: 0, level3: 1 },
      ],
      byState: { in_mitigation: 1, escalated: 1, unsubstantiated: 1 },
    });
    const codes = (
      await t.ctx.db.query<{ code: string }>(
        `SELECT i.code FROM incidents i JOIN sites s ON s.id = i.site_id
          WHERE s.code IN ('KZI-001', 'KZI-002', 'KZI-003', 'KZI-004') AND i.reported_at < '2027-01-01'
            AND NOT EXISTS (SELECT 1 FROM incident_transitions x WHERE x.incident_id = i.id
                             AND x.to_state IN ('resolved', 'unsubstantiated') AND x.at < '2026-10-01')
          ORDER BY i.level, i.code`,
      )
    ).rows.map((x) => x.code);
    assert.deepEqual(
      r.riskManagement.incidents.map((i: { code: string }) => i.code),
      codes,
    );
    assert.deepEqual(
      r.riskManagement.incidents.map((i: { code: string; decision: string | null }) => [i.code, i.decision]),
      [
        ['INC-1', 'suspend_temporarily'],
        ['INC-6', null],
        ['INC-8', null],
      ],
    );
    assert.deepEqual(r.riskAssessment.monitoring, {
      visits: 2,
      sitesVisited: 1,
      sitesInChain: 4,
      coverage: 0.25,
    });
    assert.deepEqual(r.grievanceMechanism, { total: 0, byStatus: {}, byCategory: [], becameIncidents: 0 });
  });

  test('a quarter in which nothing was received reports nothing received', async () => {
    const res = await t.request(
      'downstream',
      'GET',
      `/api/organisations/${refiner}/report?from=2026-01-01&to=2026-03-31`,
    );
    assert.equal(res.status, 200);
    assert.deepEqual(
      [
        res.body.managementSystem.lots,
        res.body.managementSystem.containedKg,
        res.body.riskAssessment.incidents.total,
      ],
      [0, 0, 0],
    );
  });

  test('the PDF, in French and in English, has every section', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-dd-'));
    try {
      const sections = {
        fr: [
          'Rapport de devoir de diligence',
          '1. Politique relative à la chaîne d',
          '2. Système de gestion et chaîne de traçabilité',
          '3. Identification et évaluation des risques',
          '4. Plan de gestion des risques et ses résultats',
          '5. Vérification par un tiers',
          '6. Mécanisme de réclamation',
        ],
        en: [
          'Supply-chain due-diligence report',
          '1. Supply-chain policy',
          '2. Management system and chain of custody',
          '3. Risk identification and assessment',
          '4. Risk management plan and its results',
          '5. Third-party verification',
          '6. Grievance mechanism',
        ],
      };
      for (const lang of ['fr', 'en'] as const) {
        const res = await fetch(`${t.url}/api/organisations/${refiner}/report.pdf?${Q4}&lang=${lang}`, {
          headers: { authorization: `Bearer ${t.tokens.downstream}` },
        });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'application/pdf');
        const file = path.join(dir, `${lang}.pdf`);
        fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        for (const s of sections[lang]) assert.ok(text.includes(s), `${lang}: ${s}`);
        assert.ok(text.includes('LHP-HYD-2026-042'));
        assert.ok(text.includes(lang === 'fr' ? '57,696' : '57.696'), `${lang}: contained cobalt`);
        assert.ok(text.includes(lang === 'fr' ? '63,6 %' : '63.6%'), `${lang}: non-conforming share`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the EMRT xlsx has the template’s Smelter List and Mine List columns, with the chain’s processor and mines', async () => {
    const res = await fetch(`${t.url}/api/organisations/${refiner}/report.emrt.xlsx?${Q4}`, {
      headers: { authorization: `Bearer ${t.tokens.downstream}` },
    });
    assert.equal(res.status, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const rows = (name: string) =>
      (book.getWorksheet(name)?.getSheetValues() ?? []).filter(Boolean).map((r) => (r as unknown[]).slice(1));
    const smelters = rows('Smelter List');
    assert.deepEqual(smelters[0], [...EMRT_SMELTER_COLUMNS]);
    assert.deepEqual(
      smelters.slice(1).map((r) => [r[0], r[2], r[3], r[12]]),
      [
        [
          'Cobalt',
          'Lualaba Hydroxide Processing SA',
          'Congo, Democratic Republic of the',
          'Kamilombe (KZI-004); Shabara (Mutoshi) (KZI-003); Kasulo (KZI-001); Kapata (KZI-002)',
        ],
      ],
    );
    const mines = rows('Mine List');
    assert.deepEqual(mines[0], [...EMRT_MINE_COLUMNS]);
    assert.deepEqual(
      mines.slice(1).map((r) => [r[1], r[2]]),
      [
        ['Kamilombe', 'KZI-004'],
        ['Shabara (Mutoshi)', 'KZI-003'],
        ['Kasulo', 'KZI-001'],
        ['Kapata', 'KZI-002'],
      ],
    );
  });

  test('the battery passport’s due-diligence part points at the report’s PDF for the period', async () => {
    const res = await t.request(
      'downstream',
      'GET',
      `/api/organisations/${refiner}/report.battery-pass?${Q4}&lang=en`,
    );
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      supplyChainDueDiligenceReport: `${t.url}/api/organisations/${refiner}/report.pdf?from=2026-10-01&to=2026-12-31&lang=en`,
    });
    const pdf = await fetch(res.body.supplyChainDueDiligenceReport, {
      headers: { authorization: `Bearer ${t.tokens.downstream}` },
    });
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(
      (await t.request('buyer', 'GET', `/api/organisations/${refiner}/report.battery-pass?${Q4}`)).status,
      403,
    );
  });

  test('the programme’s analysts read any buyer’s report; other organisations and roles do not', async () => {
    const path = `/api/organisations/${refiner}/report?${Q4}`;
    assert.equal((await t.request('analyst', 'GET', path)).status, 200);
    assert.equal((await t.request('admin', 'GET', path)).status, 200);
    for (const role of ['buyer', 'cooperative_manager', 'monitor', 'grievance_officer'] as const)
      assert.deepEqual(problemOf(await t.request(role, 'GET', path)), {
        status: 403,
        type: '/api/problems#forbidden',
        contentType: 'application/problem+json; charset=utf-8',
      });
    assert.equal((await t.request(null, 'GET', path)).status, 401);
  });

  test('an auditor reads it within its grant only, and every read is on the record', async () => {
    const path = `/api/organisations/${refiner}/report?${Q4}`;
    const refused = await t.request('auditor', 'GET', path);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'audit.no-grant');
    const auditor = (
      await t.ctx.db.query<{ id: string }>("SELECT id FROM users WHERE email = 'auditor@demo.amana.test'")
    ).rows[0].id;
    const grant = await t.request('admin', 'POST', '/api/audit/grants', {
      auditorUserId: auditor,
      organisationIds: [refiner],
      periodFrom: '2026-10-01',
      periodTo: '2026-12-31',
      logPacks: false,
      purpose: 'RMI assessment of the refiner, Q4 2026',
    });
    assert.equal(grant.status, 201, grant.text);
    const ok = await t.request('auditor', 'GET', path);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.verification.auditors, [
      {
        auditor: 'Aline Mwamba',
        organisation: 'Observatoire citoyen des mines du Katanga',
        periodFrom: '2026-10-01',
        periodTo: '2026-12-31',
        purpose: 'RMI assessment of the refiner, Q4 2026',
      },
    ]);
    const outside = await t.request(
      'auditor',
      'GET',
      `/api/organisations/${refiner}/report?from=2026-07-01&to=2026-09-30`,
    );
    assert.equal(outside.body.code, 'audit.outside-period');
    const other = await t.request('auditor', 'GET', `/api/organisations/${t.orgOf.buyer}/report?${Q4}`);
    assert.equal(other.body.code, 'audit.outside-scope');
    const reads = (
      await t.ctx.db.query<{ outcome: string; code: string | null }>(
        `SELECT payload->>'outcome' AS outcome, payload->>'code' AS code FROM events
          WHERE type = 'audit.read' AND payload->>'route' = 'GET /api/organisations/:id/report' ORDER BY seq`,
      )
    ).rows;
    assert.deepEqual(reads, [
      { outcome: 'refused', code: 'audit.no-grant' },
      { outcome: 'allowed', code: null },
      { outcome: 'refused', code: 'audit.outside-period' },
      { outcome: 'refused', code: 'audit.outside-scope' },
    ]);
  });

  test('a period that runs backwards or past a year, or an unknown buyer, is refused saying what to fix', async () => {
    const backwards = await t.request(
      'downstream',
      'GET',
      `/api/organisations/${refiner}/report?from=2026-12-31&to=2026-10-01`,
    );
    assert.equal(backwards.status, 400);
    assert.equal(backwards.body.errors[0].code, 'reports.period-order');
    const long = await t.request(
      'downstream',
      'GET',
      `/api/organisations/${refiner}/report.pdf?from=2025-01-01&to=2026-12-31`,
    );
    assert.equal(long.status, 400);
    assert.equal(long.body.errors[0].code, 'reports.period-too-long');
    const bad = await t.request(
      'downstream',
      'GET',
      `/api/organisations/${refiner}/report?from=2026-13-01&to=2026-12-31`,
    );
    assert.equal(bad.status, 400);
    const lang = await t.request(
      'downstream',
      'GET',
      `/api/organisations/${refiner}/report.pdf?${Q4}&lang=de`,
    );
    assert.equal(lang.status, 400);
    const unknown = await t.request(
      'analyst',
      'GET',
      `/api/organisations/01a24272-0000-7000-8000-000000000000/report?${Q4}`,
    );
    assert.equal(unknown.status, 404);
  });
});
