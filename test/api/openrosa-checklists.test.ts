import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';
import { basic, instance, messageOf, multipart } from './openrosa-client.ts';

const ASSESSOR = { authorization: basic('assessor'), 'accept-language': 'fr' };
const FORM_ID = 'amana-assessment-amana-asm-baseline';

/** The assessment checklist of each published criteria-set version, filled by an assessor's ODK client. */
describe(`assessment checklists over OpenRosa (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const or = (method: string, path: string, headers: Record<string, string> = ASSESSOR, body?: FormData) =>
    t.request(null, method, path, body, headers);
  const submit = (xml: string) => or('POST', '/openrosa/submission', ASSESSOR, multipart(xml));
  /** The form list entry of the checklist: its version. */
  const listed = async (headers = ASSESSOR) => {
    const list = await or('GET', '/openrosa/formList', headers);
    assert.equal(list.status, 200);
    const ids = [...list.text.matchAll(/<formID>([^<]+)<\/formID>/g)].map((m) => m[1]);
    const version = new RegExp(`<formID>${FORM_ID}</formID>[\\s\\S]*?<version>([^<]+)</version>`).exec(
      list.text,
    )?.[1];
    return { ids, version };
  };
  const baseline = once(async () => {
    const sets = await t.request('analyst', 'GET', '/api/criteria-sets?limit=50');
    const set = sets.body.items.find(
      (s: { key: string; status: string }) => s.key === 'amana-asm-baseline' && s.status === 'published',
    );
    const full = await t.request('analyst', 'GET', `/api/criteria-sets/${set.id}`);
    return full.body as { id: string; version: number; requirements: { code: string; textEn: string }[] };
  });
  const site = once(async () => {
    const sites = await t.request('analyst', 'GET', '/api/sites?limit=1');
    return sites.body.items[0] as { id: string; code: string };
  });
  /** Every requirement rated as given (met unless named), with a note on one. */
  const ratings = async (except: Record<string, string> = {}) => {
    const set = await baseline();
    return Object.fromEntries(
      set.requirements.flatMap((r) => [
        [`req_${r.code}`, except[r.code] ?? 'met'],
        [`req_${r.code}_notes`, r.code === 'CL-01' ? 'Aucun enfant vu pendant la visite' : ''],
      ]),
    );
  };

  test('an assessor lists the checklist with the fixed forms; a monitor does not; the form rates every requirement in French and English, its chrome in Swahili too', async () => {
    const { ids, version } = await listed();
    assert.deepEqual(
      ids,
      ['amana-incident', 'amana-grievance', FORM_ID],
      'an assessor reports incidents, takes grievances and assesses',
    );
    assert.match(version ?? '', /^[0-9a-f]{12}$/);
    assert.ok(
      !(await listed({ authorization: basic('monitor'), 'accept-language': 'fr' })).ids.includes(FORM_ID),
    );
    const form = await or('GET', `/openrosa/forms/${FORM_ID}/form.xml`);
    assert.equal(form.status, 200);
    const set = await baseline();
    assert.match(form.text, new RegExp(`<data id="${FORM_ID}" version="${version}">`));
    assert.match(form.text, /<h:title>Amana — Amana ASM baseline \(version 1\)<\/h:title>/);
    const binds = [
      ...form.text.matchAll(/<bind nodeset="\/data\/(req_[^"]+)" type="string" required="true\(\)"/g),
    ];
    assert.equal(binds.length, set.requirements.length, 'every requirement is to be rated');
    const cl = set.requirements.find((r) => r.code === 'CL-01');
    assert.ok(cl);
    const flat = form.text.replace(/>\s+</g, '><');
    const english = flat.slice(flat.indexOf('<translation lang="English (en)">'));
    assert.match(english, new RegExp(`<text id="/data/req_CL-01:label"><value>CL-01 — ${cl.textEn}</value>`));
    assert.match(english, /<text id="\/data\/req_CL-01\/partially_met:label"><value>partially met<\/value>/);
    const swahili = flat.slice(flat.indexOf('<translation lang="Swahili (sw)">'));
    assert.match(swahili, /<text id="\/data\/assessmentKind:label"><value>Aina ya tathmini<\/value>/);
    assert.match(swahili, /<text id="\/data\/req_CL-01\/not_met:label"><value>halijatimizwa<\/value>/);
    const manifest = await or('GET', `/openrosa/forms/${FORM_ID}/manifest`);
    assert.match(manifest.text, /<filename>sites.csv<\/filename>/);
  });

  test('a submission becomes a draft assessment of that set version, rated as sent, by the submitter, observed from the form’s start to its end; sent again it is 202 and one assessment', async () => {
    const { version } = await listed();
    const s = await site();
    const { xml, instanceId } = instance(FORM_ID, version ?? '', {
      start: '2026-11-20T07:30:00.000+01:00',
      end: '2026-11-20T10:45:00.000+01:00',
      deviceid: 'collect:assessor-phone',
      site: s.id,
      assessmentKind: 'baseline',
      ...(await ratings({ 'OHS-01': 'partially_met', 'ENV-01': 'not_applicable' })),
      notes: 'Évaluation initiale depuis ODK Collect',
    });
    const res = await submit(xml);
    assert.equal(res.status, 201, res.text);
    assert.equal(messageOf(res.text)?.nature, 'submit_success');
    const kept = await t.ctx.db.query<{ record_type: string; record_id: string }>(
      'SELECT record_type, record_id FROM openrosa_submissions WHERE instance_id = $1',
      [instanceId],
    );
    assert.equal(kept.rows[0].record_type, 'assessment');
    assert.equal(
      kept.rows[0].record_id,
      instanceId.replace('uuid:', ''),
      'the instanceID is the assessment’s id',
    );
    const a = await t.request('analyst', 'GET', `/api/assessments/${kept.rows[0].record_id}`);
    assert.equal(a.status, 200, a.text);
    const me = await t.request('assessor', 'GET', '/api/me');
    const set = await baseline();
    assert.equal(a.body.status, 'draft');
    assert.equal(a.body.kind, 'baseline');
    assert.equal(a.body.siteId, s.id);
    assert.equal(a.body.set.id, set.id);
    assert.equal(a.body.assessorId, me.body.id ?? me.body.userId);
    assert.equal(a.body.observedFrom, '2026-11-20T06:30:00.000Z');
    assert.equal(a.body.observedUntil, '2026-11-20T09:45:00.000Z');
    assert.equal(a.body.notes, 'Évaluation initiale depuis ODK Collect');
    assert.deepEqual(a.body.unrated, []);
    const by = Object.fromEntries(
      a.body.ratings.map((r: { code: string; rating: string; notes: string }) => [r.code, r]),
    );
    assert.equal(a.body.ratings.length, set.requirements.length);
    assert.equal(by['OHS-01'].rating, 'partially_met');
    assert.equal(by['ENV-01'].rating, 'not_applicable');
    assert.equal(by['CL-01'].rating, 'met');
    assert.equal(by['CL-01'].notes, 'Aucun enfant vu pendant la visite');
    const again = await submit(xml);
    assert.equal(again.status, 202);
    const count = await t.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM assessments WHERE id = $1',
      [kept.rows[0].record_id],
    );
    assert.equal(count.rows[0].n, 1);
  });

  test('a rating outside the four, or a requirement left unrated, is refused naming the field', async () => {
    const { version } = await listed();
    const s = await site();
    const all = await ratings();
    const { xml } = instance(FORM_ID, version ?? '', {
      start: '2026-11-21T08:00:00.000Z',
      site: s.id,
      assessmentKind: 'periodic',
      ...all,
      'req_CL-01': 'excellent',
      'req_OHS-01': '',
    });
    const res = await or(
      'POST',
      '/openrosa/submission',
      { ...ASSESSOR, 'accept-language': 'en' },
      multipart(xml),
    );
    assert.equal(res.status, 400);
    const text = messageOf(res.text)?.text ?? '';
    assert.match(text, /\nreq_CL-01: /);
    assert.match(text, /\nreq_OHS-01: /);
  });

  test('publishing a new version of the set publishes a new form version; a phone still on the old one is applied against the old set version', async () => {
    const before = await listed();
    const set = await baseline();
    const draft = await t.request('admin', 'POST', `/api/criteria-sets/${set.id}/versions`);
    assert.equal(draft.status, 201, draft.text);
    const published = await t.request('admin', 'POST', `/api/criteria-sets/${draft.body.id}/publish`, {
      revision: draft.body.revision,
    });
    assert.equal(published.status, 200, published.text);
    const after = await listed();
    assert.notEqual(after.version, before.version);
    assert.deepEqual(after.ids, before.ids, 'still one checklist per set key');
    const form = await or('GET', `/openrosa/forms/${FORM_ID}/form.xml`);
    assert.match(form.text, /<h:title>Amana — Amana ASM baseline \(version 2\)<\/h:title>/);
    const s = await site();
    const fields = {
      start: '2026-11-22T08:00:00.000Z',
      site: s.id,
      assessmentKind: 'periodic',
      ...(await ratings()),
    };
    const old = instance(FORM_ID, before.version ?? '', fields);
    assert.equal((await submit(old.xml)).status, 201);
    const oldAssessment = await t.request(
      'analyst',
      'GET',
      `/api/assessments/${old.instanceId.replace('uuid:', '')}`,
    );
    assert.equal(oldAssessment.body.set.version, 1);
    const current = instance(FORM_ID, after.version ?? '', fields);
    assert.equal((await submit(current.xml)).status, 201);
    const newAssessment = await t.request(
      'analyst',
      'GET',
      `/api/assessments/${current.instanceId.replace('uuid:', '')}`,
    );
    assert.equal(newAssessment.body.set.version, 2);
    const unknown = await submit(instance(FORM_ID, 'not-a-version', fields).xml);
    assert.equal(unknown.status, 409);
  });

  test('each form downloads as an XLSForm: survey, choices and settings sheets, labels in three languages, the version served', async () => {
    const download = async (formId: string, role: 'analyst' | null = 'analyst') =>
      fetch(`${t.url}/api/openrosa/forms/${formId}/xlsform`, {
        headers: role ? { authorization: `Bearer ${t.tokens[role]}` } : {},
      });
    const res = await download(FORM_ID);
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const { version } = await listed();
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="${FORM_ID}-${version}.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    assert.deepEqual(
      book.worksheets.map((w) => w.name),
      ['survey', 'choices', 'settings'],
    );
    const rows = (name: string) =>
      (book.getWorksheet(name)?.getSheetValues() ?? [])
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1).map((c) => (c == null ? '' : String(c))));
    const survey = rows('survey');
    const set = await baseline();
    assert.deepEqual(survey[0].slice(0, 5), [
      'type',
      'name',
      'label::French (fr)',
      'label::English (en)',
      'label::Swahili (sw)',
    ]);
    // The three meta questions, site, kind, a rating and a note per requirement, and the overall notes.
    assert.equal(survey.length, 1 + 3 + 2 + set.requirements.length * 2 + 1);
    const cl = survey.find((r) => r[1] === 'req_CL-01');
    assert.deepEqual(cl?.slice(0, 2), ['select_one req_CL-01', 'req_CL-01']);
    assert.equal(cl?.[3], `CL-01 — ${set.requirements.find((r) => r.code === 'CL-01')?.textEn}`);
    const choices = rows('choices');
    assert.equal(
      choices.length,
      1 + 2 + 4,
      'the kinds, and the four ratings listed once for every requirement',
    );
    assert.deepEqual(choices[3], ['req_CL-01', 'met', 'respectée', 'met', 'limetimizwa']);
    // The set is at version 2 here: the test before published it.
    assert.deepEqual(rows('settings'), [
      ['form_title', 'form_id', 'version', 'default_language'],
      ['Amana — Amana ASM baseline (version 2)', FORM_ID, version, 'French (fr)'],
    ]);
    const visit = await download('amana-visit');
    assert.equal(visit.status, 200);
    assert.equal((await download('no-such-form')).status, 404);
    assert.equal((await download('amana-visit', null)).status, 401);
  });
});
