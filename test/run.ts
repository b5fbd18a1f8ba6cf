// The whole test suite, in the order that fails fastest: lint, types, unit and API tests, the web
// build, then the browser tests. API tests run on PGlite, or on PostgreSQL when DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

const steps: [string, string, string[]][] = [
  ['lint and format (biome)', bin('biome'), ['check', '.']],
  ['type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
  // Three test files at once on two cores: a file spends part of its time waiting for the processes it starts (the
  // command line, a server it kills) and for its world to load, and the third fills those gaps.
  [
    `unit and API tests on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`,
    process.execPath,
    [
      '--test',
      '--test-concurrency=3',
      'src/**/*.test.ts',
      'web/src/**/*.test.ts',
      'web/field/**/*.test.ts',
      'test/api/*.test.ts',
    ],
  ],
  ['web build (vite)', bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']],
  ['browser tests (Chromium)', process.execPath, ['--test', '--test-concurrency=1', 'test/e2e/*.test.ts']],
];

// Every test process, and every amana command a test starts, keeps Node's compiled code on disk: loading the
// application is then about half as long, once per process.
const env = { ...process.env, NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'amana-test-compile-cache') };

for (const [name, command, args] of steps) {
  const started = Date.now();
  process.stdout.write(`\n== ${name}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    process.stdout.write(`\n== FAILED: ${name} (exit ${result.status ?? result.signal})\n`);
    process.exit(1);
  }
  process.stdout.write(`== ok: ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
