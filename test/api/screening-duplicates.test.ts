import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

describe(`duplicates offered before saving an organisation, a person or a site, over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({});
  });
  after(() => t.close());
  const shape = (xs: { name: string; reasons: string[]; nameScore: number; distanceM: number | null }[]) =>
    xs.map((x) => [x.name, x.reasons, x.nameScore, x.distanceM]);

  test('offers a duplicate organisation before saving: an alike name, or the same registration number', async () => {
    const alike = await t.request('analyst', 'POST', '/api/organisations/duplicates', {
      legalName: 'COOPERATIVE MINIERE TUJENGE DE KOLWEZI',
    });
    assert.equal(alike.status, 200);
    assert.deepEqual(shape(alike.body), [['Coopérative minière Tujenge Kolwezi', ['similar_name'], 1, null]]);
    assert.equal(alike.body[0].id, t.orgs['Coopérative minière Tujenge Kolwezi']);
    const number = await t.request('analyst', 'POST', '/api/organisations/duplicates', {
      legalName: 'Société nouvelle de négoce',
      registrationNumbers: [{ number: 'cd/kzi/rccm/19-b-00123' }],
    });
    assert.deepEqual(shape(number.body), [['Coopérative minière Tujenge Kolwezi', ['same_number'], 0, null]]);
    const traded = await t.request('analyst', 'POST', '/api/organisations/duplicates', {
      legalName: 'Etablissements Mwamba Negoce SARL',
    });
    assert.deepEqual(shape(traded.body), [['Ets Mwamba Négoce', ['similar_name'], 1, null]]);
    const none = await t.request('analyst', 'POST', '/api/organisations/duplicates', {
      legalName: 'Coopérative minière Kazi Mpya',
    });
    assert.deepEqual(none.body, []);
    const buyer = await t.request('buyer', 'POST', '/api/organisations/duplicates', { legalName: 'x' });
    assert.deepEqual([buyer.status, buyer.body.code], [403, 'screening.duplicates-forbidden']);
  });

  test("offers a duplicate person among the organisation's people, and anyone holding the same card", async () => {
    const coop = t.orgs['Coopérative minière Tujenge Kolwezi'];
    const reversed = await t.request('cooperative_manager', 'POST', '/api/persons/duplicates', {
      organisationId: coop,
      fullName: 'KALENGA Mutombo',
    });
    assert.deepEqual(shape(reversed.body), [['Mutombo Kalenga', ['similar_name'], 1, null]]);
    const card = await t.request('cooperative_manager', 'POST', '/api/persons/duplicates', {
      organisationId: coop,
      fullName: 'Jean Nouveau',
      cardNumber: 'cam lua 000102',
    });
    assert.deepEqual(shape(card.body), [['Ngoy Mwilambwe', ['same_number'], 0, null]]);
    const born = async (birthYear: number) =>
      shape(
        (
          await t.request('cooperative_manager', 'POST', '/api/persons/duplicates', {
            organisationId: coop,
            fullName: 'KALENGA Mutombo',
            birthYear,
          })
        ).body,
      );
    const mutombo = (
      await t.request('cooperative_manager', 'GET', `/api/persons?organisationId=${coop}&q=Mutombo`)
    ).body.items[0];
    assert.deepEqual(await born(mutombo.birthYear), [
      ['Mutombo Kalenga', ['similar_name', 'same_birth_year'], 1, null],
    ]);
    assert.deepEqual(await born(mutombo.birthYear - 30), []);
    const bad = await t.request('cooperative_manager', 'POST', '/api/persons/duplicates', {
      organisationId: 'x',
      fullName: '',
      birthYear: 1850,
    });
    assert.deepEqual(
      [bad.status, bad.body.errors.map((e: { path: string }) => e.path).sort()],
      [400, ['birthYear', 'fullName', 'organisationId']],
    );
    const outsider = await t.request('buyer', 'POST', '/api/persons/duplicates', {
      organisationId: coop,
      fullName: 'Mutombo',
    });
    assert.deepEqual([outsider.status, outsider.body.code], [403, 'screening.duplicates-forbidden']);
  });

  test('offers a duplicate site: the same code, an alike name, or one within the configured distance', async () => {
    const near = await t.request('analyst', 'POST', '/api/sites/duplicates', {
      name: 'Kasulo Nord',
      geometry: { type: 'Point', coordinates: [25.4749, -10.705] },
    });
    assert.equal(near.status, 200, near.text);
    assert.deepEqual(shape(near.body), [['Kasulo', ['similar_name', 'nearby'], 0.9, 62]]);
    const code = await t.request('analyst', 'POST', '/api/sites/duplicates', {
      code: 'kzi-002',
      name: 'Nouveau puits',
    });
    assert.deepEqual(shape(code.body), [['Kapata', ['same_number'], 0, null]]);
    const far = await t.request('analyst', 'POST', '/api/sites/duplicates', {
      name: 'Puits de Lwilu',
      geometry: { type: 'Point', coordinates: [25.6, -10.9] },
    });
    assert.deepEqual(far.body, []);
    const monitor = await t.request('monitor', 'POST', '/api/sites/duplicates', { name: 'Kasulo' });
    assert.deepEqual([monitor.status, monitor.body.code], [403, 'screening.duplicates-forbidden']);
  });
});
