import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './harness.ts';

// The demo world is seeded at SEEDED; the public view is then read at NOW, so with the default delay of three
// months the cut falls on 2026-06-20 and whole months are published up to May 2026.
const SEEDED = new Date('2026-03-02T09:00:00Z');
const NOW = new Date('2026-09-20T10:00:00Z');
const CUT = '2026-06-20T00:00:00.000Z';

describe('public transparency view', () => {
  let t: TestApp;
  let clock = SEEDED;
  const site: Record<string, string> = {};
  const pub = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.url}${path}`, { headers });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  before(async () => {
    t = await startTestApp({ clock: () => clock });
    clock = NOW;
    const rows = await t.ctx.db.query<{ id: string; code: string }>('SELECT id, code FROM sites');
    for (const r of rows.rows) site[r.code] = r.id;
  });
  after(() => t.close());

  test('lists the sites with their status at the cut, no sign-in, and nothing of their people or operators', async () => {
    const res = await t.request(null, 'GET', '/api/public/transparency');
    assert.equal(res.status, 200);
    assert.equal(res.body.asOf, CUT);
    assert.equal(res.body.delayMonths, 3);
    const kasulo = res.body.sites.find((s: { code: string }) => s.code === 'KZI-001');
    assert.deepEqual(Object.keys(kasulo), [
      'code',
      'name',
      'province',
      'territory',
      'minerals',
      'status',
      'statusSince',
      'location',
      'geometry',
    ]);
    assert.equal(kasulo.name, 'Kasulo');
    assert.equal(kasulo.location, 'exact');
    assert.equal(kasulo.geometry.type, 'Polygon');
    const counted = Object.values(res.body.statusCounts as Record<string, number>).reduce((a, b) => a + b, 0);
    assert.equal(counted, res.body.sites.length);
  });

  test('a site’s page gives its history before the cut and its tagged ore by whole month', async () => {
    const res = await t.request(null, 'GET', '/api/public/transparency/sites/KZI-001');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.history.map((h: { reasonKind: string }) => h.reasonKind)[0], 'registered');
    assert.ok(res.body.history.every((h: { effectiveAt: string }) => h.effectiveAt < CUT));
    // The demo's six sacks at Kasulo, 48 to 53 kg, tagged 40 to 37.5 days before it was seeded.
    assert.deepEqual(res.body.volumes, [{ month: '2026-01', sacks: 6, massKg: 303, cobaltKg: 30.82 }]);
    const unknown = await t.request(null, 'GET', '/api/public/transparency/sites/NOPE-1');
    assert.equal(unknown.status, 404);
    const bad = await t.request(null, 'GET', '/api/public/transparency/sites/not%20a%20code');
    assert.equal(bad.status, 400);
  });

  test('answers carry an entity tag and a public lifetime; the same tag gets 304 without a body', async () => {
    const first = await pub('/api/public/transparency/incidents');
    assert.equal(first.status, 200);
    // The demo's one incident closed in a half-year that ended before the cut; 2026's first half ends after it.
    assert.deepEqual(JSON.parse(first.text).summaries, [
      { period: '2025-H2', category: 'taxes_royalties', level: 2, count: 1 },
    ]);
    assert.equal(first.headers.get('cache-control'), 'public, max-age=300');
    const etag = first.headers.get('etag') as string;
    assert.match(etag, /^"[\w-]{27}"$/);
    const again = await pub('/api/public/transparency/incidents', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
  });

  test('an answer is kept for the cache lifetime and made again after it', async () => {
    const before = JSON.parse((await pub('/api/public/transparency/sites/KZI-002')).text);
    // A sack tagged in April (before the cut) by a late phone: published, but only once the cached page expires.
    const tagged = await t.request('cooperative_manager', 'POST', '/api/custody/tags', {
      tag: 'LATE-APRIL-0001',
      siteId: site['KZI-002'],
      cooperativeId: t.orgOf.cooperative_manager,
      massKg: 40,
      gradePct: 10,
      taggedAt: '2026-04-10T08:00:00Z',
    });
    assert.equal(tagged.status, 201);
    const cached = JSON.parse((await pub('/api/public/transparency/sites/KZI-002')).text);
    assert.deepEqual(cached, before);
    clock = new Date(NOW.getTime() + 301_000);
    try {
      const fresh = JSON.parse((await pub('/api/public/transparency/sites/KZI-002')).text);
      assert.deepEqual(fresh.volumes.at(-1), { month: '2026-04', sacks: 1, massKg: 40, cobaltKg: 4 });
    } finally {
      clock = NOW;
    }
  });

  test('only administrators and analysts set how a site’s place is shown, and the public answers change at once', async () => {
    const refused = await t.request(
      'cooperative_manager',
      'PUT',
      `/api/sites/${site['KZI-004']}/public-location`,
      {
        location: 'withheld',
      },
    );
    assert.equal(refused.status, 403);
    const bad = await t.request('analyst', 'PUT', `/api/sites/${site['KZI-004']}/public-location`, {
      location: 'hidden',
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'location');
    const rounded = await t.request('analyst', 'PUT', `/api/sites/${site['KZI-004']}/public-location`, {
      location: 'rounded',
    });
    assert.deepEqual(rounded.body, { siteId: site['KZI-004'], location: 'rounded' });
    const page = await t.request(null, 'GET', '/api/public/transparency/sites/KZI-004');
    assert.deepEqual(page.body.site.geometry, { type: 'Point', coordinates: [25.4, -10.7] });
    assert.equal(page.body.site.location, 'rounded');
  });

  test('open data: sites as CSV and GeoJSON, volumes and incidents as CSV, described by the dictionary', async () => {
    const csv = await pub('/api/public/transparency/sites.csv');
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="amana-sites-2026-06-20.csv"');
    assert.equal(
      csv.text.split('\n')[0],
      'code,name,province,territory,minerals,status,status_since,location,longitude,latitude',
    );
    assert.match(
      csv.text,
      /\nKZI-001,Kasulo,Lualaba,Kolwezi,cobalt;copper,\w+,2026-\d\d-\d\dT[\d:.]+Z,exact,25\.4745,-10\.7046\n/,
    );
    const geo = await pub('/api/public/transparency/sites.geojson');
    assert.equal(geo.headers.get('content-type'), 'application/geo+json; charset=utf-8');
    const collection = JSON.parse(geo.text);
    assert.equal(collection.type, 'FeatureCollection');
    assert.equal(collection.features[0].properties.code, 'KZI-001');
    const volumes = await pub('/api/public/transparency/volumes.csv');
    assert.equal(volumes.text.split('\n')[0], 'site_code,month,sacks,mass_kg,cobalt_kg');
    assert.match(volumes.text, /\nKZI-001,2026-01,6,303,30\.82\n/);
    const incidents = await pub('/api/public/transparency/incidents.csv');
    assert.equal(incidents.text, 'period,category,level,count\n2025-H2,taxes_royalties,2,1\n');
    const dictionary = await t.request(null, 'GET', '/api/public/transparency/dictionary');
    assert.deepEqual(
      dictionary.body.datasets.map((d: { path: string }) => d.path),
      [
        '/api/public/transparency/sites.csv',
        '/api/public/transparency/sites.geojson',
        '/api/public/transparency/volumes.csv',
        '/api/public/transparency/incidents.csv',
      ],
    );
    // Every column of every CSV file is in the dictionary.
    for (const d of dictionary.body.datasets.filter((x: { format: string }) => x.format === 'csv')) {
      const file = await pub(d.path);
      const header = file.text.split('\n')[0];
      const named = d.fields.flatMap((f: { name: string }) => f.name.split(', '));
      assert.deepEqual(header.split(','), named, d.name);
    }
    const unknown = await t.request(null, 'GET', '/api/public/transparency/people.csv');
    assert.equal(unknown.status, 400);
  });

  test('never shows a person, a grievance, anything after the cut or a withheld place: planted markers are in no public answer', async () => {
    // Planted after the cut: a person, a grievance with a contact, a site, a sack with an odd mass.
    const person = await t.request('cooperative_manager', 'POST', '/api/persons', {
      organisationId: t.orgOf.cooperative_manager,
      fullName: 'Mwamba Marqueur-Personne',
      kind: 'miner',
      cardNumber: 'CAM-LUA-777001',
      birthYear: 1990,
    });
    assert.equal(person.status, 201);
    const grievance = await t.request(null, 'POST', '/api/public/grievances', {
      siteId: site['KZI-001'],
      description: 'MARQUEUR-PLAINTE des enfants creusent au puits sept la nuit.',
      language: 'fr',
      contact: { name: 'Kapinga Marqueur-Contact', phone: '+243 970 000 777' },
    });
    assert.equal(grievance.status, 201);
    const recent = await t.request('analyst', 'POST', '/api/sites', {
      code: 'MRQ-RECENT',
      name: 'Site Marqueur Récent',
      province: 'Lualaba',
      geometry: { type: 'Point', coordinates: [25.6161, -10.6161] },
      minerals: ['cobalt'],
    });
    assert.equal(recent.status, 201);
    const sack = await t.request('cooperative_manager', 'POST', '/api/custody/tags', {
      tag: 'MRQ-SACK-0001',
      siteId: site['KZI-001'],
      cooperativeId: t.orgOf.cooperative_manager,
      massKg: 77.777,
      gradePct: 10,
      taggedAt: '2026-09-19T08:00:00Z',
    });
    assert.equal(sack.status, 201);
    const withheld = await t.request('analyst', 'PUT', `/api/sites/${site['KZI-003']}/public-location`, {
      location: 'withheld',
    });
    assert.equal(withheld.status, 200);

    // Every name, text and place the record holds that must stay inside.
    const q = async (sql: string) => (await t.ctx.db.query<{ v: string }>(sql)).rows.map((r) => r.v);
    const sensitive = (
      await t.ctx.db.query<{ geometry: { coordinates: unknown } }>(
        "SELECT geometry FROM sites WHERE public_location <> 'exact'",
      )
    ).rows;
    // Each position as the record writes it (four decimals here, about 10 m), the way an answer would carry it.
    const coordinates = sensitive.flatMap((r) => [r.geometry.coordinates].flat(4).map((c) => String(c)));
    const markers = [
      ...(await q('SELECT full_name AS v FROM persons')),
      ...(await q('SELECT name AS v FROM users')),
      ...(await q('SELECT email AS v FROM users')),
      ...(await q('SELECT left(description, 40) AS v FROM grievances')),
      ...(await q("SELECT location AS v FROM grievances WHERE location <> ''")),
      ...(await q('SELECT case_code AS v FROM grievances')),
      ...(await q('SELECT title AS v FROM incidents')),
      ...(await q('SELECT code AS v FROM incidents')),
      'Kapinga Marqueur-Contact',
      '970 000 777',
      'MRQ-RECENT',
      'Site Marqueur Récent',
      '77.777',
      '2026-07',
      '2026-08',
      '2026-09',
      ...coordinates,
    ];
    assert.ok(markers.length > 40, `${markers.length} markers`);
    assert.ok(markers.includes('Mwamba Marqueur-Personne'));
    assert.ok(coordinates.includes('25.3452') && coordinates.includes('-10.6578'), coordinates.join(' '));

    // Every public route of the transparency view, each site and file, and the public pages.
    const doc = (await t.request(null, 'GET', '/api/openapi.json')).body;
    const routes = Object.keys(doc.paths).filter((p) => p.startsWith('/api/public/transparency'));
    assert.deepEqual(routes.sort(), [
      '/api/public/transparency',
      '/api/public/transparency/dictionary',
      '/api/public/transparency/incidents',
      '/api/public/transparency/sites/{code}',
      '/api/public/transparency/{file}',
    ]);
    const codes = [...Object.keys(site), 'MRQ-RECENT'];
    const files = doc.paths['/api/public/transparency/{file}'].get.parameters[0].schema.enum as string[];
    const urls = routes.flatMap((r) =>
      r.includes('{code}')
        ? codes.map((c) => r.replace('{code}', c))
        : r.includes('{file}')
          ? files.map((f) => r.replace('{file}', f))
          : [r],
    );
    urls.push('/transparence', '/transparence/sites/KZI-003', '/transparence/donnees');
    let read = 0;
    for (const url of urls) {
      const res = await pub(url);
      assert.ok([200, 404].includes(res.status), `${url}: ${res.status}`);
      read += res.status === 200 ? 1 : 0;
      // A problem names the request it answers (its instance): repeating what was asked for reveals nothing.
      for (const m of markers.filter((x) => !url.includes(x)))
        assert.ok(!res.text.includes(m), `${url} shows «${m}»`);
    }
    assert.ok(read >= 12, `${read} answers read`);
    // The recent site and the withheld place are not merely absent from lists: asked for, there is nothing.
    assert.equal((await pub('/api/public/transparency/sites/MRQ-RECENT')).status, 404);
    const shabara = JSON.parse((await pub('/api/public/transparency/sites/KZI-003')).text);
    assert.equal(shabara.site.geometry, null);
    assert.equal(shabara.site.location, 'withheld');
  });

  test('a client over its allowance gets 429 with the time to wait', async () => {
    const few = await startTestApp({
      clock: () => SEEDED,
      env: { AMANA_PUBLIC_RATE_MAX: '3' },
    });
    try {
      const answers = [];
      for (let i = 0; i < 4; i++)
        answers.push(await few.request(null, 'GET', '/api/public/transparency/dictionary'));
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200, 200, 429],
      );
      assert.equal(answers[3].body.type, '/api/problems#too-many-requests');
    } finally {
      await few.close();
    }
  });
});
