import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { smsGatewayReceiver } from '../api/receivers.ts';
import { type E2e, startE2e } from './harness.ts';

const TOKEN = 'at-callback-secret-for-the-browser-test';

/** A reporter without a smartphone writes by SMS; the grievance officer reads the thread and answers from the page. */
describe('grievances by SMS in Chromium', () => {
  let e2e: E2e;
  let gateway: Awaited<ReturnType<typeof smsGatewayReceiver>>;
  let caseCode: string;
  before(async () => {
    gateway = await smsGatewayReceiver();
    e2e = await startE2e({
      AMANA_SMS_AFRICASTALKING_TOKEN: TOKEN,
      AMANA_SMS_SEND_URL: gateway.url,
      AMANA_SMS_USERNAME: 'amana-kolwezi',
      AMANA_SMS_API_KEY: 'at-api-key-e2e',
    });
    // What Africa's Talking posts when the reporter's two messages arrive.
    for (const [id, text, date] of [
      ['ATXid_e2e_1', 'Watoto wanne wanachimba kwenye shimo la Kanina.', '2026-12-06 06:10:00'],
      ['ATXid_e2e_2', 'Ni kila asubuhi kabla ya shule.', '2026-12-06 06:14:00'],
    ]) {
      const res = await fetch(`${e2e.base}/api/sms/africastalking/inbound?token=${TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ from: '+243970123456', to: '20880', text, date, id }).toString(),
      });
      assert.equal(res.status, 200);
      caseCode = (await res.json()).caseCode;
    }
    assert.equal(gateway.received.length, 1);
  });
  after(async () => {
    await e2e?.close();
    await gateway?.close();
  });

  test('the officer reads the SMS thread of a grievance and answers it by SMS', async () => {
    const page = await e2e.pageAs('grievance@demo.amana.test', { width: 1280, height: 1000 });
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Plaintes' }).click();
    await page.getByRole('link', { name: caseCode }).click();
    const thread = page.getByRole('region', { name: 'Échanges par SMS' });
    await thread.waitFor();
    const messages = thread.locator('.sms-thread li');
    await messages.nth(2).waitFor();
    assert.deepEqual(
      (await messages.locator('p').allTextContents()).map((s) => s.slice(0, 22)),
      ['Watoto wanne wanachimb', 'Amana: plainte recue, ', 'Ni kila asubuhi kabla '],
    );
    assert.match((await messages.nth(0).locator('small').textContent()) ?? '', /^Reçu le 6 déc\. 2026/);
    assert.match(
      (await messages.nth(1).locator('small').textContent()) ?? '',
      /^Réponse automatique envoyée le /,
    );
    assert.match(
      (await page.locator('dd').filter({ hasText: '+243970123456' }).textContent()) ?? '',
      /\+243970123456/,
    );
    await thread.getByLabel('Répondre par SMS').fill('Asante. Mfuatiliaji atatembelea Kanina wiki hii.');
    assert.equal(await thread.locator('.sms-reply small').textContent(), '48 / 459 caractères');
    await thread.getByRole('button', { name: 'Envoyer le SMS' }).click();
    await messages.nth(3).waitFor();
    assert.equal(
      await messages.nth(3).locator('p').textContent(),
      'Asante. Mfuatiliaji atatembelea Kanina wiki hii.',
    );
    assert.match(
      (await messages.nth(3).locator('small').textContent()) ?? '',
      /^Envoyé le .* par Josée Kalala$/,
    );
    assert.deepEqual(gateway.received.at(-1)?.form, {
      username: 'amana-kolwezi',
      to: '+243970123456',
      message: 'Asante. Mfuatiliaji atatembelea Kanina wiki hii.',
    });
    assert.equal(await thread.getByLabel('Répondre par SMS').inputValue(), '');
    await e2e.shot(page, 'grievance-sms-thread');
    await page.close();
  });
});
