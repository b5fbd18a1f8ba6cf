// SimpleEventQuery latency at national size, for the parameters that test the stored event's JSON: each
// representative query timed with the indexes of migration 0025, then without them, in the same run.
// Run: DATABASE_URL=postgres://… BENCH_EVENTS=1000000 npm run bench:epcis-query   (or embedded PGlite without DATABASE_URL)
// The events are custody-like ObjectEvents with ILMD; one in 1,000 carries sensor data, one in 5,000 a
// persistent disposition, one in 10,000 an error declaration, one in 20 is a transformation.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../src/config.ts';
import { bootstrapAdmin } from '../src/services/access/bootstrap.ts';
import { queryEvents } from '../src/services/custody/epcis-query.ts';
import { openDb } from '../src/storage/db.ts';
import { migrate } from '../src/storage/migrate.ts';
import { insertFinishedCapture } from '../src/storage/queries/epcis.ts';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = 7;

const QUERIES: [string, Record<string, string>][] = [
  ['sensor type and value in another unit', { EQ_type: 'Temperature', GT_value_KEL: '310' }],
  ['device', { EQ_deviceID: 'urn:epc:id:giai:4000001.7' }],
  ['sensor value alone', { GT_value_CEL: '50' }],
  ['sensor time alone', { GE_time: '2026-12-01T00:00:00Z' }],
  ['persistent disposition', { EQ_persistentDisposition_set: 'completeness_verified' }],
  ['error declared since', { EXISTS_errorDeclaration: '', GE_errorDeclarationTime: '2026-06-01T00:00:00Z' }],
  ['error reason', { EQ_errorReason: 'incorrect_data' }],
  ['transformation id', { EQ_transformationID: 'urn:bench:transformation:1000' }],
  [
    'latest 10 shipped (orderBy eventTime, eventCountLimit)',
    { EQ_bizStep: 'shipping', orderBy: 'eventTime', eventCountLimit: '10' },
  ],
  [
    'ILMD field in one day (no index of its own)',
    {
      GE_eventTime: '2026-03-01T00:00:00Z',
      LT_eventTime: '2026-03-02T00:00:00Z',
      'GT_ILMD_urn:amana:custody#massKg': '45',
    },
  ],
];

async function main() {
  const base = process.env.DATABASE_URL;
  let url: string | undefined;
  const name = `amana_bench_${randomBytes(4).toString('hex')}`;
  let dataDir = 'memory';
  if (base) {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
  } else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-bench-'));
  const db = await openDb({ databaseUrl: url, dataDir });
  await migrate(db);
  const config = loadConfig({});
  const ctx = { db, config, clock: () => new Date() };
  const admin = await bootstrapAdmin(ctx, {
    email: 'b@bench.test',
    name: 'b',
    password: 'lanterne-kolwezi-puits-7',
    organisationName: 'Bench',
  });
  const captureId = uuidv7();
  await insertFinishedCapture(db, {
    id: captureId,
    organisationId: admin.organisationId,
    createdBy: admin.userId,
    at: new Date(),
    eventCount: TOTAL,
  });
  const started = performance.now();
  const per = 100_000;
  for (let from = 1; from <= TOTAL; from += per) {
    const to = Math.min(TOTAL, from + per - 1);
    await db.query(
      `INSERT INTO epcis_events (event_id, event_hash, event_type, event_time, record_time, action, biz_step, epcs,
                                 capture_id, organisation_id, captured_by, body)
       SELECT 'urn:bench:event:' || n, 'hash-' || n, CASE WHEN n % 20 = 0 THEN 'TransformationEvent' ELSE 'ObjectEvent' END,
              t, t, 'OBSERVE', CASE WHEN n % 3 = 0 THEN 'shipping' ELSE 'receiving' END, ARRAY['urn:bench:lot:' || n],
              $1, $2, $3,
              jsonb_build_object('type', 'ObjectEvent', 'eventID', 'urn:bench:event:' || n, 'eventTime', t,
                                 '@context', jsonb_build_object('amana', 'urn:amana:custody:'),
                                 'ilmd', jsonb_build_object('amana:massKg', 30 + n % 25, 'amana:gradePct', 8))
              || CASE WHEN n % 20 = 0 THEN jsonb_build_object('transformationID', 'urn:bench:transformation:' || n) ELSE '{}' END
              || CASE WHEN n % 1000 = 0 THEN jsonb_build_object('sensorElementList', jsonb_build_array(jsonb_build_object(
                   'sensorMetadata', jsonb_build_object('deviceID', 'urn:epc:id:giai:4000001.' || (n / 1000) % 50, 'time', t),
                   'sensorReport', jsonb_build_array(jsonb_build_object('type', 'Temperature', 'value', n % 60, 'uom', 'CEL'))))) ELSE '{}' END
              || CASE WHEN n % 5000 = 0 THEN jsonb_build_object('persistentDisposition', jsonb_build_object('set', jsonb_build_array('completeness_verified'))) ELSE '{}' END
              || CASE WHEN n % 10000 = 0 THEN jsonb_build_object('errorDeclaration', jsonb_build_object(
                   'declarationTime', t + interval '30 days', 'reason', CASE WHEN n % 20000 = 0 THEN 'incorrect_data' ELSE 'did_not_occur' END)) ELSE '{}' END
         FROM generate_series($4::int, $5::int) AS n,
              LATERAL (SELECT timestamptz '2026-01-01' + (n::float / $6 * 365) * interval '1 day' AS t) AS x`,
      [captureId, admin.organisationId, admin.userId, from, to, TOTAL],
    );
  }
  await db.query('ANALYZE epcis_events');
  console.log(
    `${TOTAL.toLocaleString('en')} events stored in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const actx = { ...ctx, principal: admin };
  const time = async (query: Record<string, string>) => {
    const ms: number[] = [];
    let found = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      found = (await queryEvents(actx, { ...query, perPage: '100' })).events.length;
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return { median: ms[Math.floor(ROUNDS / 2)], found };
  };
  const withIndexes = [];
  for (const [, q] of QUERIES) withIndexes.push(await time(q));
  await db.query('DROP INDEX epcis_events_error_idx');
  await db.query('DROP INDEX epcis_events_sensor_idx');
  await db.query('DROP INDEX epcis_events_rare_json_idx');
  console.log('| query | events answered | with 0025 indexes | without | ratio |');
  console.log('|---|---|---|---|---|');
  for (const [k, [label, q]] of QUERIES.entries()) {
    const without = await time(q);
    const w = withIndexes[k];
    console.log(
      `| ${label} | ${w.found} | ${w.median.toFixed(1)} ms | ${without.median.toFixed(1)} ms | ${(without.median / w.median).toFixed(1)}× |`,
    );
  }
  await db.close();
  if (base) {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await c.end();
  } else fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
