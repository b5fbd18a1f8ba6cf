import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { acquireDataDirLock, DataDirBusyError } from './lock.ts';

test('a lock released on close leaves no exit listener behind, however many times the directory is opened', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-lock-'));
  const before = process.listenerCount('exit');
  for (let i = 0; i < 20; i++) acquireDataDirLock(dir).release();
  assert.equal(process.listenerCount('exit'), before);
  assert.equal(fs.existsSync(path.join(dir, 'amana.lock')), false);
  fs.rmSync(dir, { recursive: true });
});

test('a held lock refuses another holder by name, and a stale one is taken over', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-lock-'));
  const lockFile = path.join(dir, 'amana.lock');
  // A live process other than this one holds it: the parent of this test process.
  fs.writeFileSync(lockFile, `${process.ppid}\n`);
  assert.throws(() => acquireDataDirLock(dir), DataDirBusyError);
  // A pid that cannot be alive: the lock is stale and taken.
  fs.writeFileSync(lockFile, '2147483646\n');
  const lock = acquireDataDirLock(dir);
  assert.equal(fs.readFileSync(lockFile, 'utf8').trim(), String(process.pid));
  lock.release();
  fs.rmSync(dir, { recursive: true });
});
