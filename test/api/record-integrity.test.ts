import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/demo/demo-world.ts';
import { createTokenForEmail } from '../../src/services/access/tokens.ts';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

/** Identity changes re-open KYC, evidence goes only to those entitled, licence numbers stay private, limits hold. */
describe(`record integrity over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const lastEvent = async (type: string, subjectId: string) =>
    (
      await t.ctx.db.query<{ payload: Record<string, unknown> }>(
        'SELECT payload FROM events WHERE type = $1 AND subject_id = $2 ORDER BY seq DESC LIMIT 1',
        [type, subjectId],
      )
    ).rows[0]?.payload;

  /** The body that replaces an organisation's profile with what was read, changed as given. */
  const profile = async (id: string, change: Record<string, unknown> = {}) => {
    const o = (await t.request('analyst', 'GET', `/api/organisations/${id}`)).body;
    return {
      legalName: o.legalName,
      tradeNames: o.tradeNames,
      chainRoles: o.chainRoles,
      country: o.country,
      registrationNumbers: o.registrationNumbers,
      addresses: o.addresses,
      contact: o.contact,
      operatingZones: o.operatingZones,
      version: o.version,
      ...change,
    };
  };

  describe('a change of identity re-opens KYC', () => {
    test('an organisation that renames itself goes back to pending review, with the change on record', async () => {
      const id = t.orgOf.cooperative_manager;
      const res = await t.request(
        'cooperative_manager',
        'PUT',
        `/api/organisations/${id}`,
        await profile(id, { legalName: 'Coopérative Tujenge Kolwezi Nouvelle' }),
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.kyc.status, 'pending');
      assert.equal(res.body.kyc.expiresAt, null);
      const reason =
        'identity changed: legal name from "Coopérative minière Tujenge Kolwezi" to "Coopérative Tujenge Kolwezi Nouvelle"';
      assert.deepEqual(
        { ...res.body.kyc.reopened, at: undefined },
        { at: undefined, fields: ['legalName'], reason },
      );
      const history = (await t.request('analyst', 'GET', `/api/organisations/${id}/kyc-reviews`)).body;
      const last = history[history.length - 1];
      assert.deepEqual(
        [last.cause, last.fromStatus, last.decision, last.reason, last.documentIds],
        ['identity_change', 'verified', 'pending', reason, []],
      );
      assert.deepEqual(last.changes, [
        {
          field: 'legalName',
          from: 'Coopérative minière Tujenge Kolwezi',
          to: 'Coopérative Tujenge Kolwezi Nouvelle',
        },
      ]);
      const event = await lastEvent('organisation.updated', id);
      assert.deepEqual(event?.identityChanges, last.changes);
      assert.deepEqual(event?.kyc, { from: 'verified', to: 'pending', reason: 'identity_change' });
      // A reviewer's verification closes the re-opening.
      const doc = (await t.request('analyst', 'GET', `/api/organisations/${id}/documents`)).body[0];
      const verified = await t.request('analyst', 'POST', `/api/organisations/${id}/kyc-reviews`, {
        decision: 'verified',
        documentIds: [doc.id],
        version: res.body.version,
      });
      assert.equal(verified.status, 201);
      assert.equal(verified.body.cause, 'decision');
      const after = (await t.request('buyer', 'GET', `/api/organisations/${id}`)).body.kyc;
      assert.deepEqual([after.status, after.reopened], ['verified', null]);
    });

    test('new registration numbers or chain roles, by registry staff too, re-open it', async () => {
      const id = t.orgs['Ets Mwamba Négoce'];
      const res = await t.request(
        'analyst',
        'PUT',
        `/api/organisations/${id}`,
        await profile(id, {
          registrationNumbers: [{ scheme: 'rccm', number: 'CD/KZI/RCCM/17-A-00872' }],
          chainRoles: ['trader', 'depot'],
        }),
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.kyc.status, 'pending');
      assert.deepEqual(res.body.kyc.reopened.fields, ['registrationNumbers', 'chainRoles']);
      assert.equal(
        res.body.kyc.reopened.reason,
        'identity changed: registration numbers from rccm:CD/KZI/RCCM/17-A-00871 to rccm:CD/KZI/RCCM/17-A-00872; ' +
          'chain roles from trader to depot, trader',
      );
    });

    test('a change of contact or addresses keeps the verification', async () => {
      const id = t.orgs['Comptoir Kolwezi Cobalt SARL'];
      const before = (await t.request('analyst', 'GET', `/api/organisations/${id}/kyc-reviews`)).body.length;
      const res = await t.request(
        'buyer',
        'PUT',
        `/api/organisations/${id}`,
        await profile(id, {
          contact: { name: 'Bureau', email: 'bureau@comptoir.test', phone: '+243 970 000 000' },
          addresses: [{ line: 'Avenue de la Mine 12', city: 'Kolwezi' }],
        }),
      );
      assert.equal(res.status, 200);
      assert.deepEqual([res.body.kyc.status, res.body.kyc.reopened], ['verified', null]);
      const history = (await t.request('analyst', 'GET', `/api/organisations/${id}/kyc-reviews`)).body;
      assert.equal(history.length, before);
      assert.deepEqual((await lastEvent('organisation.updated', id))?.identityChanges, []);
    });
  });

  describe('evidence files go to those who may read the record', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const photo = () => {
      const f = new FormData();
      f.append('file', new Blob([png], { type: 'image/png' }), 'puits.png');
      return f;
    };
    const siteId = async (code: string) =>
      (await t.request('analyst', 'GET', `/api/sites?q=${code}`)).body.items[0].id;
    const incidentWithPhoto = async (code: string) => {
      const incident = await t.request('monitor', 'POST', '/api/incidents', {
        siteId: await siteId(code),
        level: 2,
        category: 'occupational_health_safety',
        title: `Puits non étayé à ${code}`,
        description: 'Parois effondrées sur deux mètres',
      });
      assert.equal(incident.status, 201);
      const evidence = await t.request(
        'monitor',
        'POST',
        `/api/incidents/${incident.body.id}/evidence`,
        photo(),
      );
      assert.equal(evidence.status, 201);
      return { incident: incident.body.id as string, evidence: evidence.body.id as string };
    };

    test('following a site shows its incidents, not their evidence files', async () => {
      // The depot's ore never came from LKS-004; it follows the site.
      const follow = await t.request('buyer', 'POST', '/api/subscriptions', {
        siteId: await siteId('LKS-004'),
      });
      assert.equal(follow.status, 201);
      const { incident, evidence } = await incidentWithPhoto('LKS-004');
      assert.equal((await t.request('buyer', 'GET', `/api/incidents/${incident}`)).status, 200);
      const list = await t.request('buyer', 'GET', `/api/incidents/${incident}/evidence`);
      assert.equal(list.status, 403);
      assert.equal(list.body.type, '/api/problems#forbidden');
      assert.match(list.body.detail, /following the site brings its alerts only$/);
      const file = await t.request('buyer', 'GET', `/api/incidents/${incident}/evidence/${evidence}`);
      assert.equal(file.status, 403);
      assert.equal(file.text.includes('PNG'), false);
      // Registry staff still read it.
      const staff = await t.request('regulator', 'GET', `/api/incidents/${incident}/evidence/${evidence}`);
      assert.deepEqual([staff.status, staff.headers.get('content-type')], [200, 'image/png']);
    });

    test('a buyer whose chain received ore from the site reads the evidence', async () => {
      const { incident, evidence } = await incidentWithPhoto('KZI-001');
      assert.equal((await t.request('buyer', 'GET', `/api/incidents/${incident}/evidence`)).body.length, 1);
      const file = await t.request('buyer', 'GET', `/api/incidents/${incident}/evidence/${evidence}`);
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'image/png');
    });

    test('KYC documents stay with the organisation and registry staff', async () => {
      const coop = t.orgOf.cooperative_manager;
      const doc = (await t.request('analyst', 'GET', `/api/organisations/${coop}/documents`)).body[0];
      const path = `/api/organisations/${coop}/documents/${doc.id}`;
      assert.deepEqual(
        [
          (await t.request('cooperative_manager', 'GET', path)).status,
          (await t.request('regulator', 'GET', path)).status,
          (await t.request('buyer', 'GET', path)).status,
          (await t.request('downstream', 'GET', path)).status,
        ],
        [200, 200, 404, 404],
      );
    });
  });

  describe('assessment evidence is added by those who rate', () => {
    const jpeg = () => {
      const f = new FormData();
      f.append('requirementCode', 'CL-01');
      f.append(
        'file',
        new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2])], { type: 'image/jpeg' }),
        'a.jpg',
      );
      return f;
    };

    test("monitors, regulators and cooperatives may not attach evidence to an assessor's draft", async () => {
      const set = (await t.request('assessor', 'GET', '/api/criteria-sets?status=published')).body.items.find(
        (s: { key: string }) => s.key === 'amana-asm-baseline',
      );
      const site = (await t.request('analyst', 'GET', '/api/sites?q=KZI-002')).body.items[0].id;
      const draft = await t.request('assessor', 'POST', '/api/assessments', {
        setId: set.id,
        siteId: site,
        kind: 'periodic',
      });
      assert.equal(draft.status, 201);
      const path = `/api/assessments/${draft.body.id}/evidence`;
      for (const role of ['monitor', 'regulator', 'cooperative_manager'] as const) {
        const res = await t.request(role, 'POST', path, jpeg());
        assert.equal(res.status, 403, role);
        assert.equal(
          res.body.detail,
          'only the assessor who opened it, an analyst or an administrator works on this assessment',
        );
      }
      assert.equal((await t.request('buyer', 'POST', path, jpeg())).status, 404);
      assert.equal((await t.request('assessor', 'POST', path, jpeg())).status, 201);
      assert.equal((await t.request('analyst', 'POST', path, jpeg())).status, 201);
      assert.equal((await t.request('regulator', 'GET', path)).body.length, 2);
    });

    test('a submitted assessment takes no more evidence, as it takes no more ratings', async () => {
      const submitted = (await t.request('analyst', 'GET', '/api/assessments?status=submitted')).body
        .items[0];
      const res = await t.request('assessor', 'POST', `/api/assessments/${submitted.id}/evidence`, jpeg());
      assert.equal(res.status, 409);
      assert.equal(res.body.detail, `assessment ${submitted.code} is submitted; only a draft can change`);
    });
  });

  describe('licence numbers in red flags stay private', () => {
    const coop3 = () => t.orgs['Coopérative Tumaini Musompo'];
    const expiredFlag = (body: { redFlags: { code: string }[] }) =>
      body.redFlags.find((f) => f.code === 'licence_expired') as Record<string, unknown>;

    test('another organisation sees that a licence expired, not its number', async () => {
      for (const role of ['buyer', 'downstream', 'cooperative_manager'] as const) {
        const one = await t.request(role, 'GET', `/api/organisations/${coop3()}`);
        const listed = (await t.request(role, 'GET', '/api/organisations?q=Tumaini')).body.items[0];
        for (const body of [one.body, listed]) {
          assert.deepEqual(expiredFlag(body), {
            code: 'licence_expired',
            licenceType: 'cooperative_approval',
            licenceIssuer: 'Ministère des Mines – SAEMAPE',
            date: '2026-03-31',
            message: 'a licence (cooperative_approval) expired on 2026-03-31',
          });
          assert.equal(JSON.stringify(body).includes('AGR-COOP3-1'), false, role);
        }
      }
    });

    test('registry staff and the organisation itself still see the number', async () => {
      for (const role of ['analyst', 'regulator', 'monitor'] as const) {
        const flag = expiredFlag((await t.request(role, 'GET', `/api/organisations/${coop3()}`)).body);
        assert.equal(flag.licenceNumber, 'AGR-COOP3-1', role);
        assert.equal(flag.message, 'licence AGR-COOP3-1 (cooperative_approval) expired on 2026-03-31');
      }
      const user = await t.request('admin', 'POST', '/api/users', {
        email: 'gerant@tumaini.test',
        name: 'Gérant Tumaini',
        memberships: [{ organisationId: coop3(), role: 'cooperative_manager' }],
      });
      assert.equal(user.status, 201);
      const { token } = await createTokenForEmail(t.ctx, 'gerant@tumaini.test', { name: 'test' });
      const own = await t.request(null, 'GET', `/api/organisations/${coop3()}`, undefined, {
        authorization: `Bearer ${token}`,
      });
      assert.equal(expiredFlag(own.body).licenceNumber, 'AGR-COOP3-1');
    });
  });

  describe('geometry limits', () => {
    /** A closed ring of `n` positions around Kolwezi. */
    const ring = (n: number) => {
      const points = Array.from({ length: n - 1 }, (_, i) => {
        const a = (2 * Math.PI * i) / (n - 1);
        return [25.47 + 0.01 * Math.cos(a), -10.7 + 0.01 * Math.sin(a)];
      });
      return [...points, points[0]];
    };
    const site = (code: string, positions: number) => ({
      code,
      name: `Site ${code}`,
      province: 'Lualaba',
      geometry: { type: 'Polygon', coordinates: [ring(positions)] },
      minerals: ['cobalt'],
    });
    const tooMany = {
      path: 'geometry',
      message: 'has 10001 positions; at most 10000 are accepted (simplify the outline)',
      code: 'sites.too-many-vertices',
      params: { count: 10001, max: 10000 },
    };

    test('a site of more positions than allowed is refused by its field, on create and update', async () => {
      const created = await t.request('analyst', 'POST', '/api/sites', site('VTX-001', 10_001));
      assert.equal(created.status, 400);
      assert.equal(created.body.type, '/api/problems#invalid-input');
      assert.deepEqual(created.body.errors, [tooMany]);
      const fine = await t.request('analyst', 'POST', '/api/sites', site('VTX-001', 10_000));
      assert.equal(fine.status, 201);
      const updated = await t.request('analyst', 'PUT', `/api/sites/${fine.body.id}`, {
        ...site('VTX-001', 10_001),
        version: fine.body.version,
      });
      assert.equal(updated.status, 400);
      assert.deepEqual(updated.body.errors, [tooMany]);
    });

    test('a body far beyond what the limit allows is refused before it is read', async () => {
      // 1.6 MB: under the server's general 2 MB, over what 10,000 positions can take.
      const res = await t.request('analyst', 'POST', '/api/sites', site('VTX-002', 40_000));
      assert.equal(res.status, 413);
      assert.equal(res.body.type, '/api/problems#payload-too-large');
      assert.equal((await t.request('analyst', 'GET', '/api/sites?q=VTX-002')).body.items.length, 0);
    });

    test('an import names each row beyond the limit and imports nothing', async () => {
      const feature = (s: ReturnType<typeof site>) => ({
        type: 'Feature',
        geometry: s.geometry,
        properties: { code: s.code, name: s.name, province: s.province, minerals: s.minerals },
      });
      const res = await t.request(
        'analyst',
        'POST',
        '/api/sites/import',
        {
          type: 'FeatureCollection',
          features: [
            feature(site('VTX-010', 5)),
            feature(site('VTX-011', 200_000)),
            feature(site('VTX-012', 5)),
          ],
        },
        { 'content-type': 'application/geo+json' },
      );
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors, [
        {
          path: 'features.1.geometry',
          message: 'has 200000 positions; at most 10000 are accepted (simplify the outline)',
          code: 'sites.too-many-vertices',
          params: { count: 200000, max: 10000 },
        },
      ]);
      assert.equal((await t.request('analyst', 'GET', '/api/sites?q=VTX-01')).body.items.length, 0);
    });

    test('a map layer feature beyond the limit is named', async () => {
      const res = await t.request('analyst', 'POST', '/api/map-layers', {
        name: 'Zones détaillées',
        kind: 'artisanal_zone',
        geojson: {
          type: 'FeatureCollection',
          features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring(10_001)] } }],
        },
      });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors, [{ ...tooMany, path: 'geojson.features.0.geometry' }]);
    });
  });

  describe('passwords', () => {
    const signIn = async (email: string, password: string) => {
      const res = await t.request(null, 'POST', '/api/session', { email, password });
      return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' };
    };
    const change = (cookie: string, currentPassword: string, newPassword: string) =>
      t.request(null, 'POST', '/api/me/password', { currentPassword, newPassword }, { cookie });
    /** A session that gives a wrong current password and patches its own password, then a sign-in again. */
    const checkedCurrent = once(async () => {
      const { cookie } = await signIn('grievance@demo.amana.test', DEMO_PASSWORD);
      const wrong = await change(cookie, 'not-the-password', 'lanterne-puits-cobalt-9');
      const me = (await t.request(null, 'GET', '/api/me', undefined, { cookie })).body;
      const patched = await t.request(
        null,
        'PATCH',
        `/api/users/${me.id}`,
        { version: me.version, password: 'lanterne-puits-cobalt-9' },
        { cookie },
      );
      const again = await signIn('grievance@demo.amana.test', DEMO_PASSWORD);
      return { wrong, patched, again };
    });

    test('a new password must not be among the commonest nor hold the user’s own name or e-mail', async () => {
      const { cookie } = await signIn('monitor@demo.amana.test', DEMO_PASSWORD);
      const common = await change(cookie, DEMO_PASSWORD, 'Password123!');
      assert.equal(common.status, 400);
      assert.deepEqual(common.body.errors, [
        {
          path: 'newPassword',
          message:
            'this password is among the most common or too easy to guess; a few unrelated words make a strong one',
          code: 'access.password-weak',
        },
      ]);
      const named = await change(cookie, DEMO_PASSWORD, 'Ilunga-lanterne-2026');
      assert.deepEqual(named.body.errors, [
        {
          path: 'newPassword',
          message: `a password may not contain the user's own name or e-mail ("ilunga")`,
          code: 'access.password-personal',
          params: { piece: 'ilunga' },
        },
      ]);
      const mail = await change(cookie, DEMO_PASSWORD, 'monitor-lanterne-2026');
      assert.deepEqual(mail.body.errors, [
        {
          path: 'newPassword',
          message: `a password may not contain the user's own name or e-mail ("monitor")`,
          code: 'access.password-personal',
          params: { piece: 'monitor' },
        },
      ]);
      const created = await t.request('admin', 'POST', '/api/users', {
        email: 'kasongo@demo.amana.test',
        name: 'Albert Kasongo',
        password: 'albert-kasongo-77',
        memberships: [{ organisationId: t.orgOf.analyst, role: 'monitor' }],
      });
      assert.equal(created.status, 400);
      assert.deepEqual(created.body.errors, [
        {
          path: 'password',
          message: `a password may not contain the user's own name or e-mail ("albert")`,
          code: 'access.password-personal',
          params: { piece: 'albert' },
        },
      ]);
    });

    test('a password change asks for the current password', async () => {
      const { wrong, patched, again } = await checkedCurrent();
      assert.equal(wrong.status, 400);
      assert.deepEqual(wrong.body.errors, [
        {
          path: 'currentPassword',
          message: 'the current password is wrong',
          code: 'access.current-password-wrong',
        },
      ]);
      assert.equal(patched.status, 400);
      assert.deepEqual(patched.body.errors, [
        {
          path: 'password',
          message: 'change your own password with POST /api/me/password, which asks for the current one',
          code: 'access.own-password-elsewhere',
        },
      ]);
      assert.equal(again.status, 200);
    });

    test("a change ends the user's other sessions and revokes their tokens; this session stays", async () => {
      await checkedCurrent();
      const here = await signIn('grievance@demo.amana.test', DEMO_PASSWORD);
      const elsewhere = await signIn('grievance@demo.amana.test', DEMO_PASSWORD);
      const token = (await t.request('grievance_officer', 'POST', '/api/tokens', { name: 'partenaire SMS' }))
        .body.token;
      const fresh = 'lanterne-puits-cobalt-9';
      const res = await change(here.cookie, DEMO_PASSWORD, fresh);
      assert.equal(res.status, 200);
      // The other session, plus the one the previous test opened and the one it checked the old password with.
      assert.deepEqual(res.body, { sessionsEnded: 3, tokensRevoked: 2 });
      assert.equal((await t.request(null, 'GET', '/api/me', undefined, { cookie: here.cookie })).status, 200);
      assert.equal(
        (await t.request(null, 'GET', '/api/me', undefined, { cookie: elsewhere.cookie })).status,
        401,
      );
      assert.equal(
        (await t.request(null, 'GET', '/api/me', undefined, { authorization: `Bearer ${token}` })).status,
        401,
      );
      assert.equal((await t.request('grievance_officer', 'GET', '/api/me')).status, 401);
      assert.equal((await signIn('grievance@demo.amana.test', DEMO_PASSWORD)).status, 400);
      assert.equal((await signIn('grievance@demo.amana.test', fresh)).status, 200);
      const me = (await t.request(null, 'GET', '/api/me', undefined, { cookie: here.cookie })).body;
      assert.deepEqual(await lastEvent('user.password_changed', me.id), {
        sessionsEnded: 3,
        tokensRevoked: 2,
      });
    });

    test("an administrator's reset of another user's password ends all their sessions and tokens", async () => {
      const theirs = await signIn('downstream@demo.amana.test', DEMO_PASSWORD);
      const user = (await t.request('downstream', 'GET', '/api/me')).body;
      const reset = await t.request('admin', 'PATCH', `/api/users/${user.id}`, {
        version: user.version,
        password: 'remise-a-zero-lanterne-4',
      });
      assert.equal(reset.status, 200);
      assert.equal(
        (await t.request(null, 'GET', '/api/me', undefined, { cookie: theirs.cookie })).status,
        401,
      );
      assert.equal((await t.request('downstream', 'GET', '/api/me')).status, 401);
      const event = await lastEvent('user.updated', user.id);
      assert.deepEqual([event?.passwordChanged, event?.sessionsEnded, event?.tokensRevoked], [true, 1, 1]);
    });
  });
});
