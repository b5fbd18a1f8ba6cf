// Throughput of registry writes through the use case (rows + chained event in one transaction), against a
// baseline measured in the same run: the same rows inserted without the event. Run: npm run bench:writes
// (embedded PGlite) or DATABASE_URL=postgres://… npm run bench:writes.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../src/config.ts';
import type { Principal } from '../src/domain/access/roles.ts';
import { bootstrapAdmin } from '../src/services/access/bootstrap.ts';
import { createOrganisation } from '../src/services/actors/organisations.ts';
import { openDb } from '../src/storage/db.ts';
import { verifyEventLog } from '../src/storage/events.ts';
import { migrate } from '../src/storage/migrate.ts';

const COUNT = Number(process.env.BENCH_COUNT ?? 2000);

async function main() {
  const base = process.env.DATABASE_URL;
  let url: string | undefined;
  const name = `amana_bench_${randomBytes(4).toString('hex')}`;
  if (base) {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const db = await openDb({ databaseUrl: url, dataDir: 'memory' });
  await migrate(db);
  const ctx = { db, config: loadConfig({}), clock: () => new Date() };
  const admin: Principal = await bootstrapAdmin(ctx, {
    email: 'b@bench.test',
    name: 'b',
    password: 'lanterne-kolwezi-puits-7',
    organisationName: 'Bench',
  });

  let t = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const now = new Date();
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO organisations (id, legal_name, chain_roles, country, created_at, updated_at) VALUES ($1, $2, '{trader}', 'CD', $3, $3)`,
        [uuidv7(), `Baseline ${i}`, now],
      );
    });
  }
  const baseline = COUNT / ((performance.now() - t) / 1000);

  t = performance.now();
  for (let i = 0; i < COUNT; i++) {
    await createOrganisation(
      { ...ctx, principal: admin },
      { legalName: `Use case ${i}`, chainRoles: ['trader'], country: 'CD', registrationNumbers: [] },
    );
  }
  const useCase = COUNT / ((performance.now() - t) / 1000);

  t = performance.now();
  const verified = await verifyEventLog(db);
  const verifySeconds = (performance.now() - t) / 1000;
  const events = verified.ok ? verified.count : 0;

  await db.close();
  if (base) {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await c.end();
  }
  console.log(`engine: ${base ? 'postgres' : 'pglite (memory)'}, ${COUNT} writes each, one at a time`);
  console.log(`baseline insert, no event:        ${baseline.toFixed(0)} writes/s`);
  console.log(
    `createOrganisation with event:    ${useCase.toFixed(0)} writes/s (${(useCase / baseline).toFixed(2)}× baseline)`,
  );
  console.log(
    `verify chain: ${events} events in ${verifySeconds.toFixed(2)} s (${(events / verifySeconds).toFixed(0)} events/s)`,
  );
}

main();
