import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExportCutOff, type ListPage, limitedBatches } from './batches.ts';

/** A list of `total` numbered rows, served in pages of `size`, counting the pages asked for. */
function list(total: number, size: number) {
  const asked: string[] = [];
  const page = (from: number): ListPage => {
    const items = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => from + i);
    return { items, nextCursor: from + size < total ? String(from + size) : null };
  };
  return {
    asked,
    first: page(0),
    next: async (cursor: string) => {
      asked.push(cursor);
      return page(Number(cursor));
    },
  };
}

const drain = async (batches: AsyncIterable<readonly unknown[]>) => {
  const rows: unknown[] = [];
  for await (const b of batches) rows.push(...b);
  return rows;
};

test('gives every row of the list in order, asking for each page once', async () => {
  const l = list(25, 10);
  assert.deepEqual(
    await drain(limitedBatches(l.first, l.next, 100)),
    Array.from({ length: 25 }, (_, i) => i),
  );
  assert.deepEqual(l.asked, ['10', '20']);
});

test('a list of exactly the limit is whole', async () => {
  const l = list(20, 10);
  assert.equal((await drain(limitedBatches(l.first, l.next, 20))).length, 20);
});

test('a list longer than the limit fails after the rows within it, never ending as if whole', async () => {
  for (const [total, max] of [
    [25, 20],
    [21, 20],
    [25, 15],
  ]) {
    const l = list(total, 10);
    const rows: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const b of limitedBatches(l.first, l.next, max)) rows.push(...b);
      })(),
      ExportCutOff,
    );
    assert.equal(rows.length, max, `${total} rows, limit ${max}`);
  }
});

test('asks for the next page only when the writer wants more, and stops once the reader has gone', async () => {
  const l = list(50, 10);
  const batches = limitedBatches(l.first, l.next, 100);
  await batches.next();
  assert.deepEqual(l.asked, []);
  await batches.next();
  assert.deepEqual(l.asked, ['10']);
  let gone = false;
  const rest = limitedBatches(l.first, l.next, 100, () => gone);
  await rest.next();
  gone = true;
  assert.equal((await rest.next()).done, true);
});
