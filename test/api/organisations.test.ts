import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, problemOf, startTestApp, type TestApp } from './harness.ts';

describe(`organisations, people, licences and KYC over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { AMANA_UPLOAD_LIMIT_BYTES: '2048' } });
  });
  after(() => t.close());

  const trader = {
    legalName: 'Ets Banza Négoce',
    chainRoles: ['trader'],
    country: 'cd',
    registrationNumbers: [{ scheme: 'rccm', number: 'cd/kzi/rccm/24-b-00999' }],
    operatingZones: ['zea-lua-01'],
  };

  test('registers an organisation, normalising its number, country and zones', async () => {
    const res = await t.request('analyst', 'POST', '/api/organisations', trader);
    assert.equal(res.status, 201);
    assert.equal(res.body.legalName, 'Ets Banza Négoce');
    assert.equal(res.body.country, 'CD');
    assert.deepEqual(res.body.registrationNumbers, [{ scheme: 'rccm', number: 'CD/KZI/RCCM/24-B-00999' }]);
    assert.deepEqual(res.body.operatingZones, ['ZEA-LUA-01']);
    assert.equal(res.body.kyc.status, 'pending');
    assert.deepEqual(
      res.body.redFlags.map((f: { code: string }) => f.code),
      ['no_valid_licence', 'licence_outside_zone'],
    );
    const got = await t.request('buyer', 'GET', `/api/organisations/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.version, 1);
  });

  test('a retried registration with the same id is acknowledged once', async () => {
    const id = '01950000-0000-7000-8000-000000000001';
    const body = { ...trader, id, legalName: 'Retry SARL', registrationNumbers: [] };
    const first = await t.request('analyst', 'POST', '/api/organisations', body);
    const second = await t.request('analyst', 'POST', '/api/organisations', body);
    assert.deepEqual([first.status, second.status], [201, 200]);
    assert.equal(second.body.id, id);
    const list = await t.request('analyst', 'GET', '/api/organisations?q=Retry');
    assert.equal(list.body.items.length, 1);
  });

  test('names the invalid registration number and the missing fields', async () => {
    const res = await t.request('analyst', 'POST', '/api/organisations', {
      ...trader,
      registrationNumbers: [{ scheme: 'rccm', number: '24-B-999' }],
    });
    assert.deepEqual(problemOf(res), {
      status: 400,
      type: '/api/problems#invalid-input',
      contentType: 'application/problem+json; charset=utf-8',
    });
    assert.deepEqual(res.body.errors, [
      {
        path: 'registrationNumbers.0.number',
        message: 'not a valid RCCM number; expected the form CD/KZI/RCCM/19-B-00123',
        code: 'actors.registration-format',
        params: { scheme: 'RCCM', example: 'CD/KZI/RCCM/19-B-00123' },
      },
    ]);
    const missing = await t.request('analyst', 'POST', '/api/organisations', { chainRoles: [] });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.errors.map((e: { path: string }) => e.path).sort(), [
      'chainRoles',
      'country',
      'legalName',
      'registrationNumbers',
    ]);
  });

  test('refuses a registration number already held by another organisation with 409', async () => {
    const res = await t.request('analyst', 'POST', '/api/organisations', {
      ...trader,
      legalName: 'Copycat SARL',
      registrationNumbers: [{ scheme: 'rccm', number: 'CD/KZI/RCCM/19-B-00123' }],
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.type, '/api/problems#conflict');
    assert.equal(res.body.code, 'actors.registration-taken');
    assert.deepEqual(res.body.errors, [
      {
        path: 'registrationNumbers.0.number',
        message: 'already registered to Coopérative minière Tujenge Kolwezi',
        code: 'actors.registration-holder',
        params: { holder: 'Coopérative minière Tujenge Kolwezi' },
      },
    ]);
  });

  test('a stale update is refused with 409 and the current version', async () => {
    const created = (
      await t.request('analyst', 'POST', '/api/organisations', {
        ...trader,
        legalName: 'Stale SARL',
        registrationNumbers: [],
      })
    ).body;
    const ok = await t.request('analyst', 'PUT', `/api/organisations/${created.id}`, {
      ...trader,
      registrationNumbers: [],
      legalName: 'Stale Two SARL',
      version: 1,
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version, 2);
    const late = await t.request('analyst', 'PUT', `/api/organisations/${created.id}`, {
      ...trader,
      registrationNumbers: [],
      legalName: 'Late SARL',
      version: 1,
    });
    assert.equal(late.status, 409);
    assert.equal(late.body.type, '/api/problems#stale-update');
    assert.equal(
      late.body.detail,
      'this organisation was changed by someone else (now at version 2); reload and try again',
    );
  });

  test('answers 404 for an unknown organisation and 400 for a malformed id', async () => {
    const missing = await t.request(
      'analyst',
      'GET',
      '/api/organisations/01950000-0000-7000-8000-00000000ffff',
    );
    assert.equal(missing.status, 404);
    assert.equal(missing.body.type, '/api/problems#not-found');
    const bad = await t.request('analyst', 'GET', '/api/organisations/not-a-uuid');
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.errors.map((e: { path: string }) => e.path),
      ['params.id'],
    );
  });

  test('lists with filters and follows the cursor to the end without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/organisations?chainRole=cooperative&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.request('regulator', 'GET', q);
      assert.equal(page.status, 200);
      seen.push(...page.body.items.map((o: { legalName: string }) => o.legalName));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 6);
    assert.equal(new Set(seen).size, 6);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    const forged = await t.request('regulator', 'GET', '/api/organisations?cursor=bm9wZQ');
    assert.equal(forged.status, 400);
    assert.deepEqual(forged.body.errors, [
      {
        path: 'cursor',
        message: 'this cursor was not issued by this list; start again without it',
        code: 'common.field.cursor-foreign',
      },
    ]);
  });

  test('shows the demo red flags: expired licence, zone without licence, site outside every zone, expired and rejected KYC', async () => {
    const flags = async (name: string) =>
      (await t.request('analyst', 'GET', `/api/organisations/${t.orgs[name]}`)).body.redFlags.map(
        (f: { code: string }) => f.code,
      );
    assert.deepEqual(await flags('Coopérative Tumaini Musompo'), [
      'licence_expired',
      'licence_outside_zone',
      'kyc_expired',
    ]);
    assert.deepEqual(await flags('Kalenga Trading SARL'), ['licence_outside_zone']);
    // Its Kanina site lies in no zone: ZEA-LUA-04, where it says it works, was never created (src/demo/seed-zones.ts).
    assert.deepEqual(await flags('Coopérative artisanale Lualaba ya Sasa'), [
      'site_outside_zone',
      'kyc_rejected',
    ]);
    assert.deepEqual(await flags('Coopérative minière Tujenge Kolwezi'), []);
  });

  test('records people and their cards, flagging a miner who may be a minor', async () => {
    const coop = t.orgOf.cooperative_manager;
    const res = await t.request('cooperative_manager', 'POST', '/api/persons', {
      organisationId: coop,
      fullName: 'Ilunga Kabwe',
      kind: 'miner',
      cardNumber: 'CAM-LUA-000999',
      birthYear: new Date().getUTCFullYear() - 16,
    });
    assert.equal(res.status, 201);
    assert.deepEqual(
      res.body.redFlags.map((f: { code: string }) => f.code),
      ['no_valid_licence', 'possible_minor'],
    );
    const noCard = await t.request('cooperative_manager', 'POST', '/api/persons', {
      organisationId: coop,
      fullName: 'X Y',
      kind: 'miner',
    });
    assert.equal(noCard.status, 400);
    assert.equal(noCard.body.errors[0].path, 'cardNumber');
    assert.equal(noCard.body.errors[0].code, 'actors.miner-card-required');
    const dupCard = await t.request('cooperative_manager', 'POST', '/api/persons', {
      organisationId: coop,
      fullName: 'Z',
      kind: 'miner',
      cardNumber: 'CAM-LUA-000999',
    });
    assert.equal(dupCard.status, 409);
    assert.equal(dupCard.body.code, 'actors.card-taken');
    assert.deepEqual(dupCard.body.errors, [
      { path: 'cardNumber', message: 'already registered to another person', code: 'actors.card-taken' },
    ]);
    const card = await t.request('cooperative_manager', 'POST', '/api/licences', {
      holderOrganisationId: coop,
      holderPersonId: res.body.id,
      type: 'artisanal_miner_card',
      number: 'CAM-LUA-000999',
      issuer: 'SAEMAPE',
      zoneCode: 'ZEA-LUA-01',
      validFrom: '2026-01-01',
      validUntil: '2027-12-31',
    });
    assert.equal(card.status, 201);
    assert.equal(card.body.state, 'valid');
    const person = await t.request('cooperative_manager', 'GET', `/api/persons/${res.body.id}`);
    assert.deepEqual(
      person.body.redFlags.map((f: { code: string }) => f.code),
      ['possible_minor'],
    );
  });

  test('refuses a licence that ends before it starts and a duplicate number', async () => {
    const coop = t.orgOf.cooperative_manager;
    const base = {
      holderOrganisationId: coop,
      type: 'other',
      number: 'X-1',
      issuer: 'Mines',
      validFrom: '2026-05-01',
    };
    const backwards = await t.request('analyst', 'POST', '/api/licences', {
      ...base,
      validUntil: '2026-01-01',
    });
    assert.equal(backwards.status, 400);
    assert.deepEqual(backwards.body.errors, [
      {
        path: 'validUntil',
        message: 'a licence cannot end before it starts',
        code: 'actors.licence-ends-before-start',
      },
    ]);
    const badDate = await t.request('analyst', 'POST', '/api/licences', { ...base, validFrom: '2026-13-45' });
    assert.equal(badDate.status, 400);
    assert.equal(badDate.body.errors[0].path, 'validFrom');
    assert.equal((await t.request('analyst', 'POST', '/api/licences', base)).status, 201);
    const twice = await t.request('analyst', 'POST', '/api/licences', base);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'actors.licence-taken');
    assert.deepEqual(twice.body.errors, [
      { path: 'number', message: 'already recorded', code: 'actors.licence-taken' },
    ]);
    const expired = await t.request('analyst', 'GET', '/api/licences?state=expired');
    assert.deepEqual(
      expired.body.items.map((l: { number: string }) => l.number),
      ['AGR-COOP3-1', 'NEG-TRADER4-1', 'CAM-LUA-000102'],
    );
  });

  test('uploads evidence, checks its real type and size, and verifies KYC citing it', async () => {
    const id = (
      await t.request('analyst', 'POST', '/api/organisations', {
        ...trader,
        legalName: 'KYC SARL',
        registrationNumbers: [],
      })
    ).body.id;
    const form = (bytes: string, type: string, kind = 'registration_certificate') => {
      const f = new FormData();
      f.append('kind', kind);
      f.append('file', new Blob([bytes], { type }), 'evidence.pdf');
      return f;
    };
    const fake = await t.request(
      'analyst',
      'POST',
      `/api/organisations/${id}/documents`,
      form('<html>', 'application/pdf'),
    );
    assert.equal(fake.status, 415);
    assert.equal(fake.body.type, '/api/problems#unsupported-media-type');
    assert.equal(fake.body.code, 'common.file-type');
    assert.deepEqual(fake.body.params, { types: 'PDF, JPEG, PNG, WebP' });
    const big = await t.request(
      'analyst',
      'POST',
      `/api/organisations/${id}/documents`,
      form(`%PDF-${'x'.repeat(4000)}`, 'application/pdf'),
    );
    assert.equal(big.status, 413);
    assert.equal(big.body.type, '/api/problems#payload-too-large');
    assert.equal(big.body.code, 'common.file-too-large');
    assert.deepEqual(big.body.params, { limit: 2048 });
    const badKind = await t.request(
      'analyst',
      'POST',
      `/api/organisations/${id}/documents`,
      form('%PDF-1.4', 'application/pdf', 'selfie'),
    );
    assert.equal(badKind.status, 400);
    assert.deepEqual(badKind.body.errors, [
      {
        path: 'kind',
        message:
          'one of registration_certificate, licence_copy, identity, ownership_declaration, site_photo, other',
        code: 'common.field.one-of',
        params: {
          values:
            'registration_certificate, licence_copy, identity, ownership_declaration, site_photo, other',
        },
      },
    ]);
    const doc = await t.request(
      'analyst',
      'POST',
      `/api/organisations/${id}/documents`,
      form('%PDF-1.4 demo', 'application/pdf'),
    );
    assert.equal(doc.status, 201);
    assert.equal(doc.body.sizeBytes, 13);
    const download = await t.request('analyst', 'GET', `/api/organisations/${id}/documents/${doc.body.id}`);
    assert.equal(download.status, 200);
    assert.equal(download.text, '%PDF-1.4 demo');
    assert.equal(download.headers.get('content-type'), 'application/pdf');

    const noEvidence = await t.request('analyst', 'POST', `/api/organisations/${id}/kyc-reviews`, {
      decision: 'verified',
      version: 1,
    });
    assert.equal(noEvidence.status, 400);
    assert.deepEqual(noEvidence.body.errors, [
      {
        path: 'documentIds',
        message: 'a verification must cite at least one evidence document',
        code: 'actors.kyc-evidence-required',
      },
    ]);
    const verified = await t.request('analyst', 'POST', `/api/organisations/${id}/kyc-reviews`, {
      decision: 'verified',
      documentIds: [doc.body.id],
      version: 1,
    });
    assert.equal(verified.status, 201);
    assert.equal(verified.body.fromStatus, 'pending');
    const org = (await t.request('analyst', 'GET', `/api/organisations/${id}`)).body;
    assert.equal(org.kyc.status, 'verified');
    assert.equal(org.version, 2);
    const again = await t.request('analyst', 'POST', `/api/organisations/${id}/kyc-reviews`, {
      decision: 'pending',
      version: 2,
    });
    assert.equal(again.status, 400);
    assert.equal(again.body.errors[0].path, 'reason');
    const history = await t.request('analyst', 'GET', `/api/organisations/${id}/kyc-reviews`);
    assert.deepEqual(
      history.body.map((r: { decision: string }) => r.decision),
      ['verified'],
    );
  });

  test('records ownership shares up to 100% and refuses more', async () => {
    const owned = t.orgs['Kalenga Trading SARL'];
    const a = await t.request('analyst', 'POST', `/api/organisations/${owned}/owners`, {
      ownerOrganisationId: t.orgs['Ets Mwamba Négoce'],
      percent: 60,
    });
    assert.equal(a.status, 201);
    assert.equal(a.body.owner.name, 'Ets Mwamba Négoce');
    const over = await t.request('analyst', 'POST', `/api/organisations/${owned}/owners`, {
      ownerOrganisationId: t.orgs['Lukasu Minerals SARLU'],
      percent: 45,
    });
    assert.equal(over.status, 400);
    assert.deepEqual(over.body.errors, [
      {
        path: 'percent',
        message: 'shares would add up to 105%, more than 100%',
        code: 'actors.shares-over-100',
        params: { total: 105 },
      },
    ]);
    const owners = await t.request('regulator', 'GET', `/api/organisations/${owned}/owners`);
    assert.deepEqual(
      owners.body.map((o: { percent: number }) => o.percent),
      [60],
    );
    assert.equal(
      (await t.request('analyst', 'DELETE', `/api/organisations/${owned}/owners/${a.body.id}`)).status,
      204,
    );
    assert.equal(
      (await t.request('analyst', 'DELETE', `/api/organisations/${owned}/owners/${a.body.id}`)).status,
      404,
    );
  });

  test('rejects JSON holding a NUL character and unreadable JSON with 400', async () => {
    const nul = await t.request('analyst', 'POST', '/api/organisations', {
      ...trader,
      legalName: 'A\u0000B',
    });
    assert.equal(nul.status, 400);
    assert.equal(nul.body.type, '/api/problems#malformed-request');
    assert.equal(nul.body.code, 'common.nul-character');
    const broken = await t.request('analyst', 'POST', '/api/organisations', '{"legalName":', {
      'content-type': 'application/json',
    });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.type, '/api/problems#malformed-request');
    assert.equal(broken.body.code, 'common.json-unreadable');
  });

  test('a role that may not write an actor record is refused with a code saying so', async () => {
    const coop = t.orgOf.cooperative_manager;
    const byMonitor = await t.request('monitor', 'POST', '/api/organisations', {
      ...trader,
      legalName: 'Refus SARL',
      registrationNumbers: [],
    });
    assert.equal(byMonitor.status, 403);
    assert.equal(byMonitor.body.detail, 'only administrators and analysts register organisations');
    assert.equal(byMonitor.body.code, 'actors.registrars-only');
    const owner = await t.request('buyer', 'POST', `/api/organisations/${coop}/owners`, {
      ownerOrganisationId: t.orgOf.buyer,
      percent: 10,
    });
    assert.equal(owner.status, 403);
    assert.equal(owner.body.code, 'actors.ownership-registrars-only');
    const otherPeople = await t.request('cooperative_manager', 'POST', '/api/persons', {
      organisationId: t.orgOf.buyer,
      fullName: 'Quelqu’un d’autre',
      kind: 'official',
    });
    assert.equal(otherPeople.status, 403);
    assert.equal(otherPeople.body.code, 'actors.persons-forbidden');
    const kyc = await t.request('cooperative_manager', 'POST', `/api/organisations/${coop}/kyc-reviews`, {
      decision: 'verified',
      version: 1,
    });
    assert.equal(kyc.status, 403);
    assert.equal(kyc.body.code, 'actors.kyc-reviewers-only');
    const itself = await t.request('analyst', 'POST', `/api/organisations/${coop}/owners`, {
      ownerOrganisationId: coop,
      percent: 10,
    });
    assert.deepEqual(itself.body.errors, [
      { path: 'percent', message: 'an organisation cannot own itself', code: 'actors.owns-itself' },
    ]);
  });
});
