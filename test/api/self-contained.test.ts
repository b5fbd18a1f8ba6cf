import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');

test('nothing in the repository reads files from beside it: a fresh clone works alone', () => {
  const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => /\.(ts|tsx|js|json|sh)$/.test(f) || f.startsWith('.ci/'))
    .filter((f) => !f.startsWith('test/fixtures/') && f !== 'test/api/self-contained.test.ts');
  const offenders = tracked.filter((f) => {
    const text = fs.existsSync(path.join(root, f)) ? fs.readFileSync(path.join(root, f), 'utf8') : '';
    return /\.\.\/shared\/|shared\/conformance/.test(text);
  });
  assert.deepEqual(offenders, []);
});
