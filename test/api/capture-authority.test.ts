import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

const CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const HYDROXIDE = 'urn:amana:lot:LHP-HYD-2026-042';
const ABROAD = 'urn:epc:id:pgln:0614141.00001';

/**
 * Custody events captured through /epcis/capture against the demo's chain: Nordkobolt holds the
 * hydroxide LHP-HYD-2026-042, received from Lualaba Hydroxide Processing; Tujenge operates KZI-001.
 */
describe(`who may capture custody events (${ENGINE})`, () => {
  let t: TestApp;
  let users: Record<string, string>;
  before(async () => {
    t = await startTestApp({ env: { AMANA_EPCIS_MAX_EVENTS: '5', AMANA_EPCIS_MAX_BYTES: '20000' } });
    const rows = await t.ctx.db.query<{ id: string; email: string }>('SELECT id, email FROM users');
    users = Object.fromEntries(rows.rows.map((r) => [r.email.split('@')[0], r.id]));
  });
  after(() => t.close());

  const org = (name: string) => `urn:amana:org:${t.orgs[name]}`;
  const nordkobolt = () => org('Nordkobolt Refining AB');
  const lhp = () => org('Lualaba Hydroxide Processing SA');
  const tujenge = () => org('Coopérative minière Tujenge Kolwezi');
  let serial = 0;
  const eventId = () => `urn:uuid:0c0c0c0c-0000-4000-8000-${String(++serial).padStart(12, '0')}`;
  const documentOf = (...events: Record<string, unknown>[]) => ({
    '@context': [CONTEXT],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-11-20T10:00:00Z',
    epcisBody: { eventList: events },
  });
  const capture = (
    role: Parameters<TestApp['request']>[0],
    events: Record<string, unknown>[],
    headers: Record<string, string> = {},
  ) =>
    t.request(role, 'POST', '/epcis/capture', JSON.stringify(documentOf(...events)), {
      'content-type': 'application/ld+json',
      ...headers,
    });
  const event = (fields: Record<string, unknown>) => ({
    type: 'ObjectEvent',
    eventTime: '2026-11-20T09:00:00Z',
    eventTimeZoneOffset: '+02:00',
    eventID: eventId(),
    action: 'OBSERVE',
    ...fields,
  });
  const stored = async (id: string) =>
    (await t.request('analyst', 'GET', `/epcis/events/${encodeURIComponent(id)}`)).status;
  const capturerOf = (organisation: string, user: string) => ({
    'amana:organisation': `urn:amana:org:${t.orgs[organisation]}`,
    'amana:user': `urn:amana:user:${users[user]}`,
  });

  /** The forged event is refused, names its rule and is not stored; the entitled one is kept with its capturer. */
  async function forgedThenEntitled(
    forger: Parameters<TestApp['request']>[0],
    forged: Record<string, unknown>,
    errors: (id: string) => { path: string; message: string; code: string; params: object }[],
    entitled: { role: Parameters<TestApp['request']>[0]; user: string; organisation: string },
  ) {
    const refused = await capture(forger, [forged]);
    assert.equal(refused.status, 403, refused.text);
    // The binding's problem type (decision 0035), Amana's code beside it.
    assert.equal(refused.body.type, 'epcisException:SecurityException');
    assert.equal(refused.body.code, 'custody.epcis-not-yours');
    assert.deepEqual(refused.body.errors, errors(forged.eventID as string));
    assert.equal(await stored(forged.eventID as string), 404);
    const own = { ...forged, eventID: eventId() };
    const accepted = await capture(entitled.role, [own]);
    assert.equal(accepted.status, 202, accepted.text);
    assert.deepEqual(accepted.body.capturedBy, {
      organisationId: t.orgs[entitled.organisation],
      userId: users[entitled.user],
    });
    const got = await t.request(entitled.role, 'GET', `/epcis/events/${encodeURIComponent(own.eventID)}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body['amana:capturedBy'], capturerOf(entitled.organisation, entitled.user));
    assert.ok(
      (got.body['@context'] as unknown[]).some(
        (c) => (c as { amana?: string }).amana === 'urn:amana:custody:',
      ),
      'the prefix is declared with the event',
    );
    const listed = await t.request(
      entitled.role,
      'GET',
      `/epcis/events?EQ_eventID=${encodeURIComponent(own.eventID)}`,
    );
    assert.deepEqual(
      listed.body.epcisBody.queryResults.resultsBody.eventList[0]['amana:capturedBy'],
      capturerOf(entitled.organisation, entitled.user),
    );
  }

  test('refuses a receiving of a refiner’s hydroxide forged by a depot; the refiner’s own receiving is kept with its capturer', async () => {
    const act = 'a receiving is captured by the receiver, of lots handed to it';
    await forgedThenEntitled(
      'buyer',
      event({
        bizStep: 'receiving',
        epcList: [HYDROXIDE],
        sourceList: [{ type: 'owning_party', source: lhp() }],
        destinationList: [{ type: 'owning_party', destination: nordkobolt() }],
      }),
      (id) => [
        {
          path: 'epcisBody.eventList.0',
          message: `event ${id} breaks receiving-by-receiver: names Nordkobolt Refining AB as the receiver, not Comptoir Kolwezi Cobalt SARL: ${act}`,
          code: 'custody.capture-receiver-other',
          params: { receivers: 'Nordkobolt Refining AB', capturer: 'Comptoir Kolwezi Cobalt SARL' },
        },
        {
          path: 'epcisBody.eventList.0',
          message: `event ${id} breaks receiving-by-receiver: ${HYDROXIDE} was never handed to Comptoir Kolwezi Cobalt SARL (held by Nordkobolt Refining AB): ${act}`,
          code: 'custody.capture-never-handed',
          params: {
            lot: HYDROXIDE,
            capturer: 'Comptoir Kolwezi Cobalt SARL',
            holder: 'Nordkobolt Refining AB',
          },
        },
        {
          path: 'epcisBody.eventList.0',
          message: `event ${id} breaks receiving-by-receiver: names Lualaba Hydroxide Processing SA as the shipper, but none of these lots reached Comptoir Kolwezi Cobalt SARL from it`,
          code: 'custody.capture-shipper-unrelated',
          params: { shipper: 'Lualaba Hydroxide Processing SA', capturer: 'Comptoir Kolwezi Cobalt SARL' },
        },
      ],
      { role: 'downstream', user: 'downstream', organisation: 'Nordkobolt Refining AB' },
    );
  });

  test('refuses a shipping of a lot its capturer does not hold; the holder’s shipping is kept', async () => {
    await forgedThenEntitled(
      'buyer',
      event({
        bizStep: 'shipping',
        epcList: [HYDROXIDE],
        sourceList: [{ type: 'owning_party', source: nordkobolt() }],
        destinationList: [{ type: 'owning_party', destination: ABROAD }],
        bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:0614141000001:FORGED' }],
      }),
      (id) => [
        {
          path: 'epcisBody.eventList.0',
          message: `event ${id} breaks shipping-by-holder: ${HYDROXIDE} is held by Nordkobolt Refining AB, not by Comptoir Kolwezi Cobalt SARL: a shipping is captured by the holder of the lots`,
          code: 'custody.capture-shipping-not-held',
          params: {
            lot: HYDROXIDE,
            holder: 'Nordkobolt Refining AB',
            capturer: 'Comptoir Kolwezi Cobalt SARL',
          },
        },
        {
          path: 'epcisBody.eventList.0',
          message: `event ${id} breaks shipping-by-holder: names Nordkobolt Refining AB as a source party: a shipping is captured by the shipper, in its own name`,
          code: 'custody.capture-shipping-own-name',
          params: { party: 'Nordkobolt Refining AB' },
        },
      ],
      { role: 'downstream', user: 'downstream', organisation: 'Nordkobolt Refining AB' },
    );
  });

  test('refuses a commissioning at a site by one who does not operate it; its operator and the programme’s monitor may', async () => {
    const tagged = (eventID = eventId()) =>
      event({
        eventID,
        action: 'ADD',
        bizStep: 'commissioning',
        epcList: ['urn:epc:id:sgtin:0614141.107346.3001'],
        readPoint: { id: 'urn:amana:site:KZI-001' },
        bizLocation: { id: 'urn:amana:site:KZI-001' },
        sourceList: [{ type: 'owning_party', source: tujenge() }],
      });
    await forgedThenEntitled(
      'buyer',
      tagged(),
      (id) => [
        {
          path: 'epcisBody.eventList.0',
          message: `event ${id} breaks commissioning-by-site-operator: Comptoir Kolwezi Cobalt SARL does not operate site KZI-001: a commissioning at a site is captured by an operator of the site or by the programme's staff`,
          code: 'custody.capture-not-operator',
          params: { capturer: 'Comptoir Kolwezi Cobalt SARL', site: 'KZI-001' },
        },
      ],
      {
        role: 'cooperative_manager',
        user: 'cooperative',
        organisation: 'Coopérative minière Tujenge Kolwezi',
      },
    );
    const byMonitor = await capture('monitor', [tagged()]);
    assert.equal(byMonitor.status, 202, byMonitor.text);
    // A lot in Amana's own namespace is tagged through the custody API, which checks its tag.
    const minted = event({
      action: 'ADD',
      bizStep: 'commissioning',
      epcList: ['urn:amana:lot:FORGED-001'],
      readPoint: { id: 'urn:amana:site:KZI-001' },
    });
    const refused = await capture('cooperative_manager', [minted]);
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body.errors, [
      {
        path: 'epcisBody.eventList.0',
        message: `event ${minted.eventID} breaks lot-made-through-custody-api: urn:amana:lot:FORGED-001 would be a new lot: Amana's lots are made through its custody API (POST /api/custody/tags, /aggregations, /transformations), which checks tags, holders and mass balance`,
        code: 'custody.capture-new-lot',
        params: { lot: 'urn:amana:lot:FORGED-001' },
      },
    ]);
  });

  test('refuses a transformation of inputs its capturer does not hold; the holder’s is kept', async () => {
    await forgedThenEntitled(
      'buyer',
      {
        type: 'TransformationEvent',
        eventTime: '2026-11-20T09:30:00Z',
        eventTimeZoneOffset: '+02:00',
        eventID: eventId(),
        inputEPCList: [HYDROXIDE],
        outputEPCList: ['urn:epc:id:sgtin:0614141.107346.4001'],
        bizStep: 'commissioning',
      },
      (id) => [
        {
          path: 'epcisBody.eventList.0',
          message: `event ${id} breaks transformation-by-input-holder: ${HYDROXIDE} is held by Nordkobolt Refining AB, not by Comptoir Kolwezi Cobalt SARL: a transformation is captured by the holder of its inputs`,
          code: 'custody.capture-transformation-not-held',
          params: {
            lot: HYDROXIDE,
            holder: 'Nordkobolt Refining AB',
            capturer: 'Comptoir Kolwezi Cobalt SARL',
          },
        },
      ],
      { role: 'downstream', user: 'downstream', organisation: 'Nordkobolt Refining AB' },
    );
  });

  test('under proceed a forged event is left out and named in the job, the others stored', async () => {
    const forged = event({ bizStep: 'shipping', epcList: [HYDROXIDE] });
    const foreign = event({ bizStep: 'shipping', epcList: ['urn:epc:id:sgtin:0614141.107346.5001'] });
    const res = await capture('buyer', [foreign, forged], { 'gs1-capture-error-behaviour': 'proceed' });
    assert.equal(res.status, 202, res.text);
    const expected = {
      success: false,
      storedCount: 1,
      errors: [
        {
          path: 'epcisBody.eventList.1',
          message: `event ${forged.eventID} breaks shipping-by-holder: ${HYDROXIDE} is held by Nordkobolt Refining AB, not by Comptoir Kolwezi Cobalt SARL: a shipping is captured by the holder of the lots`,
        },
      ],
    };
    const job = await t.request('buyer', 'GET', `/epcis/capture/${res.body.captureID}`);
    for (const answer of [res.body, job.body])
      assert.deepEqual(
        { success: answer.success, storedCount: answer.storedCount, errors: answer.errors },
        expected,
      );
    assert.deepEqual([await stored(foreign.eventID), await stored(forged.eventID)], [200, 404]);
  });

  test('a capturer field sent along is the repository’s to write: Amana records who really sent it', async () => {
    const claimed = {
      ...event({ bizStep: 'inspecting', epcList: ['urn:epc:id:sgtin:0614141.107346.6001'] }),
      'amana:capturedBy': { 'amana:organisation': nordkobolt() },
    };
    const res = await t.request(
      'buyer',
      'POST',
      '/epcis/capture',
      JSON.stringify({ ...documentOf(claimed), '@context': [CONTEXT, { amana: 'urn:amana:custody:' }] }),
      { 'content-type': 'application/ld+json' },
    );
    assert.equal(res.status, 202, res.text);
    const got = await t.request('buyer', 'GET', `/epcis/events/${encodeURIComponent(claimed.eventID)}`);
    assert.deepEqual(got.body['amana:capturedBy'], capturerOf('Comptoir Kolwezi Cobalt SARL', 'buyer'));
  });

  test('a document of more events than AMANA_EPCIS_MAX_EVENTS is refused with 413, nothing stored', async () => {
    const events = Array.from({ length: 6 }, () =>
      event({ bizStep: 'inspecting', epcList: ['urn:epc:id:sgtin:0614141.107346.7001'] }),
    );
    const res = await capture('buyer', events);
    assert.equal(res.status, 413);
    assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(res.body.type, 'epcisException:CaptureLimitExceededException');
    assert.deepEqual(res.body.errors, [
      {
        path: 'epcisBody.eventList',
        message:
          '6 events, more than the 5 a document may hold (AMANA_EPCIS_MAX_EVENTS); send them in several documents',
        code: 'custody.epcis-event-count',
        params: { count: 6, max: 5 },
      },
    ]);
    assert.equal(res.body.code, 'custody.epcis-too-many-events');
    assert.deepEqual(res.body.params, { max: 5 });
    assert.equal(res.headers.get('gs1-epcis-capture-limit'), '5');
    assert.equal(await stored(events[0].eventID as string), 404);
  });

  test('a capture of more bytes than AMANA_EPCIS_MAX_BYTES is refused with 413 naming the limit', async () => {
    const big = event({
      bizStep: 'inspecting',
      epcList: Array.from({ length: 600 }, (_, i) => `urn:epc:id:sgtin:0614141.107346.${10_000 + i}`),
    });
    for (const type of ['application/ld+json', 'application/json']) {
      const res = await t.request('buyer', 'POST', '/epcis/capture', JSON.stringify(documentOf(big)), {
        'content-type': type,
      });
      assert.equal(res.status, 413, type);
      assert.deepEqual(
        {
          type: res.body.type,
          detail: res.body.detail,
          limit: res.headers.get('gs1-epcis-capture-file-size-limit'),
        },
        {
          type: 'epcisException:CaptureLimitExceededException',
          detail:
            'a capture takes at most 20000 bytes (AMANA_EPCIS_MAX_BYTES); send the events in several documents',
          limit: '20000',
        },
      );
    }
    assert.equal(await stored(big.eventID as string), 404);
    const options = await t.request(null, 'OPTIONS', '/epcis/capture');
    assert.deepEqual(
      [
        options.status,
        options.headers.get('gs1-epcis-capture-limit'),
        options.headers.get('gs1-epcis-capture-file-size-limit'),
      ],
      [204, '5', '20000'],
    );
  });
});
