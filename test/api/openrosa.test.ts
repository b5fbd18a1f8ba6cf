import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { v4 as uuidv4 } from 'uuid';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';
import { basic, instance, messageOf, multipart } from './openrosa-client.ts';

const MONITOR: Record<string, string> = {
  authorization: basic('monitor'),
  'accept-language': 'fr-FR,fr;q=0.9',
};
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
/** The smallest JPEG header the upload check recognises, padded to a given size. */
const jpeg = (size = 64) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(size - 4, 1)]);

/** The OpenRosa 1.0 server: form list, forms, manifests, submissions, Basic and app-user authentication. */
describe(`the OpenRosa server over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const or = (method: string, path: string, headers: Record<string, string> = MONITOR, body?: FormData) =>
    t.request(null, method, path, body, headers);
  const submit = (
    xml: string,
    files: { name: string; content: Buffer }[] = [],
    base = '/openrosa',
    headers = MONITOR,
  ) => or('POST', `${base}/submission`, headers, multipart(xml, files));

  /** The monitor's user id and the sites assigned to it now, by code. */
  const monitor = once(async () => {
    const me = await t.request('monitor', 'GET', '/api/me');
    const rows = await t.ctx.db.query<{ id: string; code: string }>(
      `SELECT s.id, s.code FROM site_assignments a JOIN sites s ON s.id = a.site_id
        WHERE a.user_id = $1 AND a.starts_at <= now() AND (a.ends_at IS NULL OR a.ends_at > now()) ORDER BY s.code`,
      [me.body.id ?? me.body.userId],
    );
    assert.ok(rows.rows.length > 0, 'the demo monitor has sites assigned');
    return { id: (me.body.id ?? me.body.userId) as string, sites: rows.rows };
  });
  const versions = once(async () => {
    const forms = (await t.request('analyst', 'GET', '/api/openrosa/forms')).body as {
      formId: string;
      version: string;
    }[];
    return Object.fromEntries(forms.map((f) => [f.formId, f.version])) as Record<string, string>;
  });
  const visitFields = async (extra: Record<string, string> = {}) => {
    const m = await monitor();
    return {
      start: '2026-11-30T08:15:00.000+01:00',
      end: '2026-11-30T08:40:00.000+01:00',
      deviceid: 'collect:test-phone',
      site: m.sites[0].id,
      location: '-10.71 25.47 1420 5',
      headCount: '40',
      childrenSeen: '2',
      pregnantWomenSeen: '0',
      ppeSharePct: '75',
      securityForcesPresent: 'no',
      armedPeoplePresent: 'no',
      accidents: '0',
      injuries: '0',
      fatalities: '0',
      productionKg: '1200.5',
      notes: 'Visite de routine',
      photo: '',
      ...extra,
    };
  };

  test('the form list names each form with its version, MD5 hash, download and manifest addresses, with OpenRosa headers', async () => {
    const res = await or('GET', '/openrosa/formList');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-openrosa-version'), '1.0');
    assert.equal(res.headers.get('content-type'), 'text/xml; charset=utf-8');
    assert.equal(res.headers.get('content-language'), 'fr');
    assert.ok(!Number.isNaN(Date.parse(res.headers.get('date') ?? '')), 'a Date header');
    assert.match(res.text, /<xforms xmlns="http:\/\/openrosa.org\/xforms\/xformsList">/);
    const ids = [...res.text.matchAll(/<formID>([^<]+)<\/formID>/g)].map((m) => m[1]);
    assert.deepEqual(ids, ['amana-visit', 'amana-incident', 'amana-tag', 'amana-grievance']);
    const v = await versions();
    const download =
      /<formID>amana-visit<\/formID>[\s\S]*?<version>([^<]+)<\/version>[\s\S]*?<hash>([^<]+)<\/hash>[\s\S]*?<downloadUrl>([^<]+)<\/downloadUrl>[\s\S]*?<manifestUrl>([^<]+)<\/manifestUrl>/.exec(
        res.text,
      );
    assert.ok(download);
    const [, version, hash, downloadUrl, manifestUrl] = download;
    assert.equal(version, v['amana-visit']);
    assert.equal(downloadUrl, `${t.url}/openrosa/forms/amana-visit/form.xml`);
    const form = await or('GET', new URL(downloadUrl).pathname);
    assert.equal(form.status, 200);
    assert.equal(hash, `md5:${md5(form.text)}`);
    assert.match(form.text, /<data id="amana-visit" version="[0-9a-f]{12}">/);
    assert.match(form.text, /<translation lang="Swahili \(sw\)">/);
    assert.match(
      form.text,
      /<bind nodeset="\/data\/headCount" type="int" constraint=". &gt;= 0 and . &lt;= 100000"/,
    );
    assert.match(form.text, /<bind nodeset="\/data\/location" type="geopoint"/);
    assert.match(form.text, /<instance id="sites" src="jr:\/\/file-csv\/sites.csv"/);
    const manifest = await or('GET', new URL(manifestUrl).pathname);
    assert.equal(manifest.status, 200);
    const media =
      /<filename>sites.csv<\/filename><hash>md5:([0-9a-f]+)<\/hash><downloadUrl>([^<]+)<\/downloadUrl>/.exec(
        manifest.text.replace(/\s+/g, ''),
      );
    assert.ok(media, manifest.text);
    const csv = await or('GET', new URL(media[2]).pathname);
    assert.equal(csv.status, 200);
    assert.equal(md5(csv.text), media[1]);
    const m = await monitor();
    const lines = csv.text.trim().split('\n');
    assert.equal(lines[0], 'name,label');
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      m.sites.map((s) => s.id),
      'only the sites assigned to the monitor',
    );
  });

  test('without credentials, with a wrong password or a role that fills no form, the server answers 401/403 with an OpenRosa message; each role lists the forms it fills', async () => {
    const none = await or('GET', '/openrosa/formList', {});
    assert.equal(none.status, 401);
    assert.match(
      none.headers.get('www-authenticate') ?? '',
      /^Digest realm="Amana", qop="auth", algorithm=MD5, nonce="[^"]+", opaque="[0-9a-f]{32}", Basic realm="Amana", charset="UTF-8"$/,
    );
    assert.equal(none.headers.get('x-openrosa-version'), '1.0');
    assert.deepEqual(messageOf(none.text), {
      nature: 'error',
      text: 'Connectez-vous avec votre e-mail et votre mot de passe.',
    });
    const wrong = await or('HEAD', '/openrosa/submission', {
      authorization: basic('monitor', 'not-the-password'),
    });
    assert.equal(wrong.status, 401);
    const wrongPost = await submit('<data/>', [], '/openrosa', {
      authorization: basic('monitor', 'nope'),
      'accept-language': 'en',
    });
    assert.equal(wrongPost.status, 401);
    assert.deepEqual(messageOf(wrongPost.text), {
      nature: 'error',
      text: 'The e-mail or the password is wrong.',
    });
    assert.equal(wrongPost.headers.get('content-language'), 'en');
    const regulator = await or('GET', '/openrosa/formList', { authorization: basic('regulator') });
    assert.equal(regulator.status, 403);
    assert.deepEqual(messageOf(regulator.text), {
      nature: 'error',
      text: 'Votre rôle ne remplit aucun de ces formulaires.',
    });
    // A buyer records custody: it gets the sack tagging form only.
    const buyer = await or('GET', '/openrosa/formList', { authorization: basic('buyer') });
    assert.deepEqual(
      [...buyer.text.matchAll(/<formID>([^<]+)<\/formID>/g)].map((m) => m[1]),
      ['amana-tag'],
    );
  });

  test('HEAD on the submission address answers 204 with the largest submission accepted', async () => {
    const res = await or('HEAD', '/openrosa/submission');
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('x-openrosa-accept-content-length'), String(10 * 1024 * 1024));
    assert.equal(res.headers.get('x-openrosa-version'), '1.0');
  });

  test('a visit submission becomes a visit of its submitter at the form’s start, rules fire, and a duplicate is 202 with one record', async () => {
    const m = await monitor();
    const v = await versions();
    const { xml, instanceId } = instance('amana-visit', v['amana-visit'], await visitFields());
    const first = await submit(xml);
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(messageOf(first.text), {
      nature: 'submit_success',
      text: 'Soumission reçue et enregistrée dans Amana.',
    });
    const visitId = instanceId.slice('uuid:'.length);
    const visit = await t.request('analyst', 'GET', `/api/visits/${visitId}`);
    assert.equal(visit.status, 200);
    assert.equal(visit.body.monitorId, m.id);
    assert.equal(visit.body.visitedAt, '2026-11-30T07:15:00.000Z');
    assert.equal(visit.body.deviceId, 'collect:test-phone');
    assert.equal(visit.body.latitude, -10.71);
    assert.equal(visit.body.indicators.childrenSeen, 2);
    assert.equal(visit.body.indicators.securityForcesPresent, false);
    assert.deepEqual(
      visit.body.incidents.map((i: { level: number }) => i.level),
      [1],
      'children seen open a level-1 incident',
    );
    const again = await submit(xml);
    assert.equal(again.status, 202);
    assert.deepEqual(messageOf(again.text), {
      nature: 'submit_success',
      text: 'Cette soumission avait déjà été reçue.',
    });
    const count = await t.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM visits WHERE id = $1', [
      visitId,
    ]);
    assert.equal(count.rows[0].n, 1);
    const subs = await t.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM openrosa_submissions WHERE instance_id = $1',
      [instanceId],
    );
    assert.equal(subs.rows[0].n, 1);
  });

  test('attachments sent in a later POST complete the submission, which is applied when the last one arrives', async () => {
    const v = await versions();
    const { xml, instanceId } = instance(
      'amana-visit',
      v['amana-visit'],
      await visitFields({ childrenSeen: '0', photo: 'pit.jpg' }),
    );
    const first = await submit(xml);
    assert.equal(first.status, 201);
    assert.deepEqual(messageOf(first.text), {
      nature: 'submit_success',
      text: 'Soumission reçue ; il manque encore 1 pièce(s) jointe(s).',
    });
    const visitId = instanceId.slice('uuid:'.length);
    assert.equal((await t.request('analyst', 'GET', `/api/visits/${visitId}`)).status, 404);
    const list = await t.request('analyst', 'GET', '/api/openrosa/submissions?state=awaiting_attachments');
    assert.ok(list.body.items.some((s: { instanceId: string }) => s.instanceId === instanceId));
    const second = await submit(xml, [{ name: 'pit.jpg', content: jpeg() }]);
    assert.equal(second.status, 201, second.text);
    assert.deepEqual(messageOf(second.text), {
      nature: 'submit_success',
      text: 'Soumission reçue et enregistrée dans Amana.',
    });
    const visit = await t.request('analyst', 'GET', `/api/visits/${visitId}`);
    assert.equal(visit.status, 200);
    assert.deepEqual(
      visit.body.photos.map((p: { filename: string; sizeBytes: number }) => [p.filename, p.sizeBytes]),
      [['pit.jpg', 64]],
    );
    const third = await submit(xml, [{ name: 'pit.jpg', content: jpeg() }]);
    assert.equal(third.status, 202);
  });

  test('a submission of nearly 10 MB with its photo is received and applied', async () => {
    const v = await versions();
    const { xml, instanceId } = instance(
      'amana-visit',
      v['amana-visit'],
      await visitFields({ childrenSeen: '0', photo: 'large.jpg' }),
    );
    const photo = jpeg(9.5 * 1024 * 1024);
    const res = await submit(xml, [{ name: 'large.jpg', content: photo }]);
    assert.equal(res.status, 201, res.text);
    const visit = await t.request('analyst', 'GET', `/api/visits/${instanceId.slice(5)}`);
    assert.deepEqual(
      visit.body.photos.map((p: { filename: string; sizeBytes: number }) => [p.filename, p.sizeBytes]),
      [['large.jpg', photo.length]],
    );
  });

  test('malformed XML, an unknown form, a stale form version and a reused instanceID are refused with OpenRosa messages, and kept', async () => {
    const v = await versions();
    const bad = await submit('<data id="amana-visit"><start>2026', [], '/openrosa', {
      ...MONITOR,
      'accept-language': 'en',
    });
    assert.equal(bad.status, 400);
    assert.equal(messageOf(bad.text)?.nature, 'error');
    assert.equal(messageOf(bad.text)?.text, "The submission's XML cannot be read.");
    const long = await submit(
      instance('amana-visit', v['amana-visit'], {}, `uuid:${'x'.repeat(10_000)}`).xml,
    );
    assert.equal(long.status, 400, 'an instanceID too long to be a key is refused, not a server error');
    assert.equal(messageOf(long.text)?.text, 'L’instanceID dépasse 256 caractères.');
    const unknown = await submit(instance('amana-nothing', '1', { start: '2026-11-30T08:00:00Z' }).xml);
    assert.equal(unknown.status, 404);
    assert.match(messageOf(unknown.text)?.text ?? '', /^Le formulaire amana-nothing n’existe pas/);
    const stale = await submit(instance('amana-visit', 'old-version', await visitFields()).xml);
    assert.equal(stale.status, 409);
    assert.equal(
      messageOf(stale.text)?.text.split('\n')[0],
      `Ce formulaire a changé (version ${v['amana-visit']}, et non old-version) : téléchargez-le à nouveau.`,
    );
    const first = instance('amana-visit', v['amana-visit'], await visitFields({ childrenSeen: '0' }));
    assert.equal((await submit(first.xml)).status, 201);
    const other = instance(
      'amana-visit',
      v['amana-visit'],
      await visitFields({ headCount: '41', childrenSeen: '0' }),
      first.instanceId,
    );
    const reused = await submit(other.xml);
    assert.equal(reused.status, 409);
    const refused = await t.request('analyst', 'GET', '/api/openrosa/submissions?state=refused&limit=50');
    const codes = refused.body.items.map((s: { refusalCode: string }) => s.refusalCode);
    for (const code of [
      'openrosa.malformed',
      'openrosa.unknown-form',
      'openrosa.form-version',
      'openrosa.instance-conflict',
    ])
      assert.ok(codes.includes(code), `${code} kept`);
  });

  test('an unknown site or a value out of range is refused naming the field; an analyst corrects the XML and applies it as the submitter’s', async () => {
    const v = await versions();
    const m = await monitor();
    const outside = instance(
      'amana-visit',
      v['amana-visit'],
      await visitFields({ site: uuidv4(), childrenSeen: '0' }),
    );
    const res = await submit(outside.xml);
    assert.equal(res.status, 400);
    assert.equal(
      messageOf(res.text)?.text,
      'Cette soumission ne peut pas devenir un enregistrement ; elle est gardée pour qu’un analyste la corrige.\nsite: ce site n’est pas l’un de ceux où vous pouvez travailler',
    );
    const range = await submit(
      instance('amana-visit', v['amana-visit'], await visitFields({ headCount: '100001' })).xml,
    );
    assert.equal(range.status, 400);
    assert.match(messageOf(range.text)?.text ?? '', /\nheadCount: doit être entre 0 et 100\u202f000$/);
    const above = await submit(
      instance('amana-visit', v['amana-visit'], await visitFields({ headCount: '1', childrenSeen: '3' })).xml,
    );
    assert.equal(above.status, 400, 'the visit service’s own check, named by the form field');
    assert.match(messageOf(above.text)?.text ?? '', /\nchildrenSeen: /);
    const list = await t.request('analyst', 'GET', '/api/openrosa/submissions?state=refused&limit=50');
    const kept = list.body.items.find((s: { instanceId: string }) => s.instanceId === outside.instanceId);
    assert.deepEqual(
      kept.refusalErrors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [['site', 'openrosa.unknown-site']],
    );
    const detail = await t.request('analyst', 'GET', `/api/openrosa/submissions/${kept.id}`);
    assert.equal(detail.body.xml, outside.xml);
    assert.equal((await t.request('monitor', 'GET', `/api/openrosa/submissions/${kept.id}`)).status, 403);
    const corrected = outside.xml.replace(/<site>[^<]+<\/site>/, `<site>${m.sites[0].id}</site>`);
    const applied = await t.request('analyst', 'POST', `/api/openrosa/submissions/${kept.id}/apply`, {
      xml: corrected,
    });
    assert.equal(applied.status, 200, applied.text);
    assert.equal(applied.body.state, 'applied');
    assert.equal(applied.body.xml, outside.xml, 'the XML as sent is kept');
    assert.equal(applied.body.correctedXml, corrected);
    const visit = await t.request('analyst', 'GET', `/api/visits/${applied.body.recordId}`);
    assert.equal(visit.body.monitorId, m.id);
    const again = await t.request('analyst', 'POST', `/api/openrosa/submissions/${kept.id}/apply`, {
      xml: corrected,
    });
    assert.equal(again.status, 409);
  });

  test('an incident report becomes an incident observed at the form’s start', async () => {
    const v = await versions();
    const m = await monitor();
    const { xml, instanceId } = instance('amana-incident', v['amana-incident'], {
      start: '2026-11-29T14:00:00.000Z',
      end: '2026-11-29T14:10:00.000Z',
      site: m.sites[0].id,
      location: '',
      level: '2',
      category: 'security_forces',
      title: 'Barrière de la police',
      description: 'Des policiers prélèvent une taxe à l’entrée du site.',
      photo: '',
    });
    const res = await submit(xml);
    assert.equal(res.status, 201, res.text);
    const incident = await t.request('analyst', 'GET', `/api/incidents/${instanceId.slice(5)}`);
    assert.equal(incident.status, 200);
    assert.equal(incident.body.level, 2);
    assert.equal(incident.body.category, 'security_forces');
    assert.equal(incident.body.observedAt, '2026-11-29T14:00:00.000Z');
  });

  test('sack tagging lists the cooperatives of the sites in its manifest and becomes a tagged lot at the form’s start', async () => {
    const v = await versions();
    const m = await monitor();
    const manifest = await or('GET', '/openrosa/forms/amana-tag/manifest');
    assert.deepEqual(
      [...manifest.text.matchAll(/<filename>([^<]+)<\/filename>/g)].map((x) => x[1]),
      ['sites.csv', 'cooperatives.csv'],
    );
    const csv = await or('GET', '/openrosa/forms/amana-tag/media/cooperatives.csv');
    const [header, ...rows] = csv.text.trim().split('\n');
    assert.equal(header, 'name,label,site');
    const siteIds = new Set(m.sites.map((s) => s.id));
    assert.ok(rows.length > 0 && rows.every((r) => siteIds.has(r.split(',').at(-1) ?? '')));
    const [coopId, , siteId] = rows[0].split(',');
    const form = await or('GET', '/openrosa/forms/amana-tag/form.xml');
    assert.match(
      form.text,
      /<itemset nodeset="instance\(&apos;cooperatives&apos;\)\/root\/item\[site = \/data\/site\]">/,
    );
    assert.match(form.text, /constraint="regex\(., &apos;\^\[A-Za-z0-9-\]\{3,64\}\$&apos;\)"/);
    assert.match(
      form.text,
      /<text id="\/data\/massKg:constraintMsg">\s*<value>Plus de 0 et au plus 1.000.000.000<\/value>/,
    );
    const fields = {
      start: '2026-11-28T09:00:00.000Z',
      end: '2026-11-28T09:05:00.000Z',
      site: siteId,
      cooperative: coopId,
      location: '',
      tag: `OR-${Date.now()}`,
      mineral: 'cobalt',
      massKg: '50.5',
      gradePct: '7.2',
    };
    const bad = await submit(
      instance('amana-tag', v['amana-tag'], { ...fields, massKg: '0', tag: 'a b' }).xml,
    );
    assert.equal(bad.status, 400);
    assert.match(
      messageOf(bad.text)?.text ?? '',
      /\ntag: lettres, chiffres et tirets seulement \(3 à 64\)\nmassKg: doit être plus de 0 et au plus 1/,
    );
    const { xml, instanceId } = instance('amana-tag', v['amana-tag'], fields);
    const res = await submit(xml);
    assert.equal(res.status, 201, res.text);
    const kept = await t.ctx.db.query<{ record_type: string; record_id: string }>(
      'SELECT record_type, record_id FROM openrosa_submissions WHERE instance_id = $1',
      [instanceId],
    );
    assert.equal(kept.rows[0].record_type, 'lot');
    const lot = await t.request('analyst', 'GET', `/api/lots/${kept.rows[0].record_id}`);
    assert.equal(lot.status, 200, lot.text);
    assert.equal(lot.body.tag, fields.tag);
    assert.equal(lot.body.massKg, 50.5);
    assert.equal(lot.body.producedAt, '2026-11-28T09:00:00.000Z');
  });

  test('an administrator makes an app user limited to sites; its token in the URL works until revoked, then 401', async () => {
    const m = await monitor();
    const v = await versions();
    const site = m.sites[m.sites.length - 1];
    const refused = await t.request('analyst', 'POST', '/api/openrosa/app-users', {
      name: 'Téléphone 1',
      userId: m.id,
      organisationId: t.orgOf.monitor,
      siteIds: [site.id],
    });
    assert.equal(refused.status, 403);
    const made = await t.request('admin', 'POST', '/api/openrosa/app-users', {
      name: 'Téléphone 1',
      userId: m.id,
      organisationId: t.orgOf.monitor,
      siteIds: [site.id],
    });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.body.serverUrl, `${t.url}/openrosa/key/${made.body.token}`);
    const base = new URL(made.body.serverUrl).pathname;
    const list = await or('GET', `${base}/formList`, {});
    assert.equal(list.status, 200);
    assert.match(
      list.text,
      new RegExp(`<manifestUrl>${t.url}${base}/forms/amana-visit/manifest</manifestUrl>`),
    );
    const csv = await or('GET', `${base}/forms/amana-visit/media/sites.csv`, {});
    assert.deepEqual(
      csv.text
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
      [site.id],
    );
    const ok = await submit(
      instance('amana-visit', v['amana-visit'], await visitFields({ site: site.id, childrenSeen: '0' })).xml,
      [],
      base,
      {},
    );
    assert.equal(ok.status, 201, ok.text);
    const other = m.sites.find((s) => s.id !== site.id);
    if (other) {
      const outside = await submit(
        instance('amana-visit', v['amana-visit'], await visitFields({ site: other.id, childrenSeen: '0' }))
          .xml,
        [],
        base,
        {},
      );
      assert.equal(outside.status, 400, 'a site outside the app user’s');
    }
    const users = await t.request('admin', 'GET', '/api/openrosa/app-users');
    assert.equal(users.body.items[0].id, made.body.id);
    assert.equal(users.body.items[0].lastUsedAt !== null, true);
    const revoked = await t.request('admin', 'POST', `/api/openrosa/app-users/${made.body.id}/revoke`);
    assert.equal(revoked.status, 200);
    const after = await or('GET', `${base}/formList`, {});
    assert.equal(after.status, 401);
    assert.equal(after.headers.get('www-authenticate'), null, 'a token is not asked again by password');
    assert.deepEqual(messageOf(after.text), {
      nature: 'error',
      text: 'Ce jeton d’utilisateur d’application est inconnu ou révoqué.',
    });
    const post = await submit(
      instance('amana-visit', v['amana-visit'], await visitFields({ site: site.id })).xml,
      [],
      base,
      {},
    );
    assert.equal(post.status, 401);
    const unknown = await or('GET', '/openrosa/key/amk_nothing/formList', {});
    assert.equal(unknown.status, 401);
  });
});

describe(`the OpenRosa size limit (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { AMANA_OPENROSA_MAX_BYTES: String(64 * 1024) } });
  });
  after(() => t.close());

  test('a submission larger than the limit is refused with 413 and an OpenRosa message; HEAD says the limit', async () => {
    const head = await t.request(null, 'HEAD', '/openrosa/submission', undefined, MONITOR);
    assert.equal(head.headers.get('x-openrosa-accept-content-length'), String(64 * 1024));
    const big = multipart('<data id="amana-visit"/>', [{ name: 'big.jpg', content: jpeg(100 * 1024) }]);
    const res = await t.request(null, 'POST', '/openrosa/submission', big, MONITOR);
    assert.equal(res.status, 413);
    assert.equal(messageOf(res.text)?.text, 'La soumission dépasse 65\u202f536 octets.');
  });
});
