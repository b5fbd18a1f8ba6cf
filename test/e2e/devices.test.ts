import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2e, startE2e } from './harness.ts';

/** Field devices revoked from the web, and the visits whose GPS fix lies away from their site. */
describe('field devices and the visit location check in Chromium', () => {
  let e2e: E2e;
  // The monitor's phone, its spare, and what the field app would have sent from the phone.
  const phone = '0193a000-0000-7000-8000-00000000e2e1';
  const spare = '0193a000-0000-7000-8000-00000000e2e2';

  /** Calls the API as the field app does: the session cookie, this origin, the device and its clock. */
  async function fieldApp(email: string) {
    const signIn = await fetch(`${e2e.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: e2e.base },
      body: JSON.stringify({ email, password: 'amana-demo-2026' }),
    });
    assert.equal(signIn.status, 200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    return async (method: string, path: string, body?: unknown, device?: string) => {
      const headers: Record<string, string> = { cookie, origin: e2e.base };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (device) {
        headers['amana-device'] = device;
        // The phone's clock runs two and a half minutes ahead of the server's.
        headers['amana-device-time'] = new Date(Date.now() + 150_000).toISOString();
      }
      const res = await fetch(`${e2e.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
  }

  before(async () => {
    e2e = await startE2e();
    const monitor = await fieldApp('monitor@demo.amana.test');
    assert.equal(
      (await monitor('POST', '/api/me/devices', { id: phone, name: 'Tecno Spark 10' })).status,
      201,
    );
    assert.equal((await monitor('POST', '/api/me/devices', { id: spare, name: 'Itel A70' })).status, 201);
    const sites = await monitor('GET', '/api/sites?limit=200', undefined, phone);
    const kasulo = sites.body.items.find((s: { code: string }) => s.code === 'KZI-001');
    const visitedAt = new Date(Date.now() - 3_600_000).toISOString();
    // Kasulo's centre, and 0.018° (2 km) north of its north edge, 0.004° north of the centre.
    for (const [latitude, accuracyM] of [
      [-10.7046, 8],
      [-10.6826, 12],
    ]) {
      const visit = await monitor(
        'POST',
        '/api/visits',
        {
          siteId: kasulo.id,
          visitedAt,
          latitude,
          longitude: 25.4745,
          accuracyM,
          indicators: { headCount: 40 },
        },
        phone,
      );
      assert.equal(visit.status, 201, JSON.stringify(visit.body));
    }
    assert.equal((await monitor('GET', '/api/me', undefined, spare)).status, 200);
  });
  after(() => e2e?.close());

  test('the administrator revokes a monitor’s spare phone with a reason; its next request is refused', async () => {
    const page = await e2e.pageAs('admin@demo.amana.test', { width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Mon compte' }).click();
    await page.getByRole('link', { name: 'Mes appareils' }).click();
    await page.getByRole('heading', { name: 'Mes appareils' }).waitFor();
    await page.getByRole('link', { name: 'Tous les appareils de l’organisation' }).click();
    await page.getByRole('heading', { name: 'Appareils de l’organisation' }).waitFor();
    await page
      .getByLabel('Utilisateur')
      .selectOption({ label: 'Espérance Ilunga (monitor@demo.amana.test)' });
    const table = page.getByRole('table', { name: 'Appareils' });
    const spareRow = table.getByRole('row').filter({ hasText: 'Itel A70' });
    await spareRow.waitFor();
    assert.equal(await table.locator('tbody tr').count(), 2);
    assert.match(
      (await spareRow.textContent()) ?? '',
      /Espérance Ilunga.*en avance de 2,5\sminutes.*En service/,
    );
    await spareRow.getByRole('button', { name: 'Révoquer Itel A70' }).click();
    await spareRow.getByLabel('Motif de la révocation').fill('Téléphone volé au marché de Kolwezi');
    await spareRow.getByRole('button', { name: 'Révoquer l’appareil' }).click();
    await page.getByRole('status').filter({ hasText: 'L’appareil « Itel A70 » est révoqué' }).waitFor();
    assert.match(
      (await spareRow.locator('.revoked-note').textContent()) ?? '',
      /^Révoqué le .* par Amani Kabeya : « Téléphone volé au marché de Kolwezi »$/,
    );
    await e2e.shot(page, 'devices-admin-revoked');
    const monitor = await fieldApp('monitor@demo.amana.test');
    const refused = await monitor('GET', '/api/visit-plan', undefined, spare);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'field.device-revoked');
    assert.equal((await monitor('GET', '/api/visit-plan', undefined, phone)).status, 200);
    await page.close();
  });

  test('a monitor on a 360-px phone sees its own devices, in Swahili', async () => {
    const page = await e2e.pageAs('monitor@demo.amana.test', { width: 360, height: 800 });
    // On a phone the account's links fold behind one button.
    await page.getByRole('button', { name: 'Mon compte' }).click();
    await page.getByRole('link', { name: 'Mes appareils' }).click();
    await page.locator('.lang select').selectOption('sw');
    await page.getByRole('heading', { name: 'Vifaa vyangu' }).waitFor();
    const table = page.getByRole('table', { name: 'Vifaa' });
    await table.getByRole('row').filter({ hasText: 'Tecno Spark 10' }).waitFor();
    assert.match(
      (await table.getByRole('row').filter({ hasText: 'Tecno Spark 10' }).textContent()) ?? '',
      /mbele kwa dakika 2\.5.*Kinatumika/,
    );
    assert.match(
      (await table.getByRole('row').filter({ hasText: 'Itel A70' }).textContent()) ?? '',
      /Kilibatilishwa/,
    );
    await e2e.shot(page, 'devices-mine-monitor-360-sw', true);
    await page.locator('.lang select').selectOption('fr');
    await page.close();
  });

  test('the analyst filters the visits made away from their site: the distance, the tolerance and the device clock', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 900 });
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Sites', exact: true })
      .click();
    await page.getByRole('link', { name: 'Visites', exact: true }).click();
    await page.getByRole('heading', { name: 'Visites', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Visites' });
    await table.locator('tbody tr').first().waitFor();
    const inside = table.getByRole('row').filter({ hasText: 'Sur le site · précision 8 m' });
    await inside.waitFor();
    await page.getByLabel('Seulement les visites hors du site').check();
    const flagged = table.locator('tbody tr');
    await table.getByRole('row').filter({ hasText: 'Sur le site' }).waitFor({ state: 'detached' });
    await flagged.filter({ hasText: 'Hors du site' }).first().waitFor();
    assert.equal(await flagged.count(), 1);
    const text = (await flagged.first().textContent()) ?? '';
    assert.match(text, /horloge de l’appareil en avance de 2,5\sminutes/);
    assert.match(text, /KZI-001 · Kasulo/);
    assert.match(text, /Espérance Ilunga/);
    assert.match(text, /Hors du site : à 2\skm \(tolérance 500\sm\) · précision 12\sm/);
    await e2e.shot(page, 'visits-away-from-site');
    await page.close();
  });
});
