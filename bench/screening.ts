// Screening: matching quality on the labelled pairs of bench/screening-pairs.ts at the default threshold, the
// screening of 10^5 actors against the whole UN list (in memory, and as the worker does it on a database), and the
// re-screening of one changed actor. Run: npm run bench:screening (embedded PGlite), or with DATABASE_URL=… for
// PostgreSQL; BENCH_ACTORS=N resizes the registry (default 100000).

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../src/config.ts';
import { matchable } from '../src/domain/screening/list-entry.ts';
import {
  buildIndex,
  compareNames,
  MATCH_TUNING,
  type ScreeningSubject,
  screenSubject,
} from '../src/domain/screening/matching.ts';
import { prepareName } from '../src/domain/screening/names.ts';
import { bootstrapAdmin } from '../src/services/access/bootstrap.ts';
import { updatePerson } from '../src/services/actors/persons.ts';
import { importList } from '../src/services/screening/lists.ts';
import { screenActor, screenAllPending } from '../src/services/screening/screen.ts';
import { readUnConsolidated } from '../src/services/screening/un-consolidated-xml.ts';
import { openDb } from '../src/storage/db.ts';
import { migrate } from '../src/storage/migrate.ts';
import { generatedPairs, HAND_PAIRS, type LabelledPair, REGISTRY_NAMES } from './screening-pairs.ts';

const ACTORS = Number(process.env.BENCH_ACTORS ?? 100_000);
const LIST = path.resolve(import.meta.dirname, '../test/fixtures/sanctions/un-consolidated-2020-03-20.xml');
const config = loadConfig({});
const threshold = config.screeningThreshold;
const ms = (t: number) => performance.now() - t;
const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });

// Synthetic registry: names of the Copperbelt from fixed pools, a few in every hundred a variant of a listed name.
const FIRST = [
  'Jean',
  'Pierre',
  'Marie',
  'Joseph',
  'Patrick',
  'Grace',
  'Didier',
  'Espérance',
  'Célestin',
  'Josée',
  'Aimé',
  'Chantal',
  'Fiston',
  'Dorcas',
  'Moïse',
  'Thérèse',
];
const LAST = [
  'Mutombo',
  'Kabila',
  'Ilunga',
  'Kasongo',
  'Ngoy',
  'Mbuyi',
  'Tshibangu',
  'Kalala',
  'Banza',
  'Mwamba',
  'Kalenga',
  'Mukendi',
  'Numbi',
  'Kabeya',
  'Lukusa',
  'Mpoyi',
  'Nkulu',
  'Kazadi',
  'Ngalula',
  'Kyabu',
  'Mulumba',
  'Tshimanga',
  'Kabwe',
  'Mwansa',
];
function registryName(i: number): string {
  if (i % 97 === 0) return HAND_PAIRS[(i / 97) % 50].query;
  return `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${LAST[(i * 13 + 5) % LAST.length]}`;
}

function quality(index: ReturnType<typeof buildIndex>, pairs: LabelledPair[]) {
  const tally = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const misses: string[] = [];
  for (const p of pairs) {
    const subject: ScreeningSubject = {
      kind: p.kind,
      names: [p.query],
      documents: [],
      birthYear: p.birthYear,
    };
    const found = screenSubject(subject, index, threshold).some((c) => c.reference === p.reference);
    if (p.same && found) tally.tp++;
    else if (p.same) {
      tally.fn++;
      misses.push(`missed   ${p.query} → ${p.reference} (${p.why})`);
    } else if (found) {
      tally.fp++;
      misses.push(`wrongly  ${p.query} → ${p.reference} (${p.why})`);
    } else tally.tn++;
  }
  // Registry names no list names: any candidate is a false alarm.
  for (const name of REGISTRY_NAMES) {
    const kind = /SARL|SA$|SARLU|Ets|Coop|Dépôt|Entreprise|Comptoir/.test(name) ? 'entity' : 'individual';
    const found = screenSubject({ kind, names: [name], documents: [] }, index, threshold);
    if (found.length) {
      tally.fp++;
      misses.push(`wrongly  ${name} → ${found.map((c) => c.reference).join(', ')} (registry name)`);
    } else tally.tn++;
  }
  return {
    ...tally,
    precision: tally.tp / (tally.tp + tally.fp),
    recall: tally.tp / (tally.tp + tally.fn),
    misses,
  };
}

async function database() {
  const base = process.env.DATABASE_URL;
  if (!base) return { url: undefined, drop: async () => {} };
  const name = `amana_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: base });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

async function main() {
  const read = await readUnConsolidated(fs.createReadStream(LIST), 100_000);
  let t = performance.now();
  const index = buildIndex(read.entries.map((e) => matchable('un', e)));
  const indexMs = ms(t);

  // 1. Quality.
  const pairs = [...HAND_PAIRS, ...generatedPairs(read.entries)];
  const q = quality(index, pairs);
  const positives = pairs.filter((p) => p.same).length;
  console.log(
    `pairs: ${pairs.length + REGISTRY_NAMES.length} (${positives} true variants, ${pairs.length - positives + REGISTRY_NAMES.length} negatives)`,
  );
  console.log(
    `threshold ${threshold}: precision ${q.precision.toFixed(3)}, recall ${q.recall.toFixed(3)} (tp ${q.tp}, fp ${q.fp}, fn ${q.fn}, tn ${q.tn})`,
  );
  for (const m of q.misses) console.log(`  ${m}`);

  // 2. In memory: the indexed screening of the registry against the whole list, and the baseline of comparing each
  // actor with every listed name (measured on a sample, scaled).
  const names = Array.from({ length: ACTORS }, (_, i) => registryName(i));
  t = performance.now();
  let candidates = 0;
  for (const n of names)
    candidates += screenSubject({ kind: 'individual', names: [n], documents: [] }, index, threshold).length;
  const indexedMs = ms(t);
  const listed = index.byKind.individual.names;
  const total = listed.length;
  const weight = (tk: { folded: string }) =>
    Math.log(1 + total / (1 + (index.byKind.individual.df.get(tk.folded) ?? 0)));
  const sample = 300;
  t = performance.now();
  for (const n of names.slice(0, sample)) {
    const prepared = prepareName(n, 'individual');
    for (const l of listed) compareNames(prepared, l.prepared, 'individual', weight);
  }
  const naiveMs = (ms(t) / sample) * ACTORS;
  console.log(
    `in memory: ${fmt(ACTORS)} actors × ${fmt(total)} listed names in ${fmt(indexedMs / 1000, 2)} s ` +
      `(${candidates} candidates; index built in ${fmt(indexMs)} ms); every pair compared: ${fmt(naiveMs / 1000, 1)} s ` +
      `(scaled from ${sample}); ratio ${fmt(naiveMs / indexedMs, 1)}×`,
  );

  // 3. On the database, as the worker does it: 10^5 persons registered, the list imported, everyone screened.
  const { url, drop } = await database();
  const db = await openDb({ databaseUrl: url, dataDir: 'memory' });
  try {
    await migrate(db);
    const ctx = { db, config, clock: () => new Date() };
    const admin = await bootstrapAdmin(ctx, {
      email: 'bench@bench.test',
      name: 'bench',
      password: 'lanterne-kolwezi-puits-7',
      organisationName: 'Coopérative de banc d’essai',
    });
    t = performance.now();
    const now = new Date();
    for (let i = 0; i < ACTORS; i += 5000) {
      const rows = names.slice(i, i + 5000).map((full_name, k) => ({
        id: uuidv7(),
        organisation_id: admin.organisationId,
        full_name,
        kind: 'miner',
        card_number: `CAM-B-${i + k}`,
        birth_year: 1960 + ((i + k) % 45),
      }));
      await db.query(
        `INSERT INTO persons (id, organisation_id, full_name, kind, card_number, birth_year, created_at, updated_at)
         SELECT x.id, x.organisation_id, x.full_name, x.kind, x.card_number, x.birth_year, $2, $2
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, organisation_id uuid, full_name text, kind text, card_number text, birth_year int)`,
        [JSON.stringify(rows), now],
      );
    }
    const insertMs = ms(t);
    t = performance.now();
    const version = await importList(
      { ...ctx, principal: null },
      { filename: 'un.xml', content: fs.createReadStream(LIST) },
    );
    const importMs = ms(t);
    t = performance.now();
    const batches = await screenAllPending(ctx);
    const runMs = ms(t);
    const hits = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM screening_hits')).rows[0].n;
    console.log(
      `${db.engine}: ${fmt(ACTORS)} persons inserted in ${fmt(insertMs / 1000, 1)} s; list imported in ${fmt(importMs)} ms ` +
        `(${version.counts.individuals} individuals, ${version.counts.entities} entities); full screening ` +
        `${fmt(runMs / 1000, 1)} s in ${batches} batches (${fmt(ACTORS / (runMs / 1000))} actors/s), ${hits} hits`,
    );

    // 4. Re-screening one changed actor: the screening alone, and the whole change of a person through its use case.
    const person = (
      await db.query<{ id: string; version: number }>('SELECT id, version FROM persons ORDER BY id LIMIT 1')
    ).rows[0];
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      t = performance.now();
      await db.transaction((tx) => screenActor(tx, ctx, 'person', person.id, null, new Date()));
      times.push(ms(t));
    }
    const useCase: number[] = [];
    let v = person.version;
    for (let i = 0; i < 50; i++) {
      t = performance.now();
      const updated = await updatePerson({ ...ctx, principal: admin }, person.id, {
        organisationId: admin.organisationId,
        fullName: `${names[i]} ${i % 2 ? 'Kyungu' : ''}`.trim(),
        kind: 'miner',
        cardNumber: `CAM-B-X${i}`,
        version: v,
      });
      v = updated.version;
      useCase.push(ms(t));
    }
    const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
    console.log(
      `re-screening one actor: screenActor p50 ${fmt(p(times, 0.5), 2)} ms, p95 ${fmt(p(times, 0.95), 2)} ms; ` +
        `updatePerson (with its screening) p50 ${fmt(p(useCase, 0.5), 2)} ms, p95 ${fmt(p(useCase, 0.95), 2)} ms`,
    );
    console.log(`tuning: ${JSON.stringify(MATCH_TUNING)}`);
  } finally {
    await db.close();
    await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
