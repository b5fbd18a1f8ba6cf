import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

/** The state buyer's monopoly, turned on: a cooperative sells only to the state buyer or to a buyer it licensed. */
describe(`the state buyer's monopoly enforced by custody (${ENGINE})`, () => {
  let t: TestApp;
  const now = new Date('2026-11-20T10:00:00Z');
  const site: Record<string, string> = {};
  before(async () => {
    t = await startTestApp({ clock: () => now, env: { AMANA_STATE_BUYER_MONOPOLY: 'on' } });
    for (const s of (await t.request('analyst', 'GET', '/api/sites?limit=50')).body.items)
      site[s.code] = s.id;
  });
  after(() => t.close());

  const sack = async (tag: string) => {
    const res = await t.request('cooperative_manager', 'POST', '/api/custody/tags', {
      tag,
      siteId: site['KZI-001'],
      cooperativeId: t.orgs['Coopérative minière Tujenge Kolwezi'],
      massKg: 50,
      gradePct: 10,
      taggedAt: '2026-11-18T08:00:00Z',
    });
    assert.equal(res.status, 201, res.text);
    return res.body.lots[0].id as string;
  };
  const sell = (lotId: string, to: string) =>
    t.request('cooperative_manager', 'POST', '/api/custody/transfers', {
      lotIds: [lotId],
      toOrganisationId: t.orgs[to],
      shippedAt: '2026-11-19T09:00:00Z',
    });

  test('a cooperative-to-trader transfer is refused; to the state buyer it goes through', async () => {
    const lot = await sack('MONO-0001');
    const refused = await sell(lot, 'Ets Mwamba Négoce');
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'common.custody-rule');
    assert.deepEqual(refused.body.errors, [
      {
        path: 'sold_outside_monopoly',
        message:
          'Ets Mwamba Négoce is neither the state buyer nor licensed by it: a cooperative sells only to them',
        code: 'custody.outside-monopoly',
        params: { receiver: 'Ets Mwamba Négoce' },
      },
    ]);
    const held = await t.request('cooperative_manager', 'GET', `/api/lots/${lot}`);
    assert.equal(held.body.holder.name, 'Coopérative minière Tujenge Kolwezi');
    const sold = await sell(lot, 'Entreprise Générale du Cobalt');
    assert.equal(sold.status, 201, sold.text);
    assert.equal(sold.body.lots[0].holder.name, 'Entreprise Générale du Cobalt');
  });

  test('a trader the state buyer licensed may buy from a cooperative while its licence is valid', async () => {
    const licence = await t.request('analyst', 'POST', '/api/licences', {
      holderOrganisationId: t.orgs['Ets Mwamba Négoce'],
      type: 'state_buyer_licence',
      number: 'EGC-AGR-2026-017',
      issuer: 'Entreprise Générale du Cobalt',
      validFrom: '2026-11-01',
      validUntil: '2027-10-31',
    });
    assert.equal(licence.status, 201, licence.text);
    const sold = await sell(await sack('MONO-0002'), 'Ets Mwamba Négoce');
    assert.equal(sold.status, 201, sold.text);
  });

  test('what is not a cooperative’s sale is not concerned: a trader sells on to a depot', async () => {
    const lot = (await t.request('analyst', 'GET', '/api/lots?limit=200')).body.items.find(
      (l: { tag: string }) => l.tag === 'MONO-0002',
    );
    const res = await t.request('analyst', 'POST', '/api/custody/transfers', {
      lotIds: [lot.id],
      toOrganisationId: t.orgs['Comptoir Kolwezi Cobalt SARL'],
      shippedAt: '2026-11-19T15:00:00Z',
    });
    assert.equal(res.status, 201, res.text);
  });
});
