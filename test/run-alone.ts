// Runs every test of the given files by itself (`node --test --test-name-pattern`), so that a test that only passes
// after another one shows. Usage: node test/run-alone.ts test/api/sites.test.ts [more files]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node test/run-alone.ts <test files>');
  process.exit(2);
}
const literally = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let failed = 0;
let total = 0;
for (const file of files) {
  // Every `test(` or `it(`, at any depth of `describe`; a name that is not a literal string is kept as written.
  const call = /^[ \t]*(?:test|it)\(\s*(?:(['`"])(.+?)\1|([^'`"\s,][^,]*)),/gm;
  const names = [...fs.readFileSync(file, 'utf8').matchAll(call)].map((m) => ({
    name: m[2] === undefined ? m[3] : m[2].replace(/\\(['`"\\])/g, '$1'),
    literal: m[2] !== undefined,
  }));
  for (const { name, literal } of names) {
    // A name built in a loop (`${route.name}: …`, `row.name`) stands for several tests: run the file to check those.
    if (!literal || name.includes('${')) {
      console.log(`not checked  ${file}  ${name}`);
      continue;
    }
    total++;
    const r = spawnSync(
      process.execPath,
      ['--test', '--test-reporter=spec', `--test-name-pattern=^${literally(name)}$`, file],
      { encoding: 'utf8', env: process.env },
    );
    // A pattern that matches no test still passes once (the file itself): the test must be seen passing by name.
    const ok = r.status === 0 && /^ℹ pass 1$/m.test(r.stdout) && r.stdout.includes(`✔ ${name} (`);
    if (!ok) failed++;
    console.log(`${ok ? 'alone ok ' : 'ALONE FAILS'}  ${file}  ${name}`);
  }
}
console.log(`${total - failed} of ${total} tests pass alone`);
process.exit(failed ? 1 : 0);
