import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allPages, allPagesOrHidden } from './all-pages.ts';

test('follows the cursor from the first page until there is none, in order', async () => {
  const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
    '': { items: [1, 2], nextCursor: 'b' },
    b: { items: [3, 4], nextCursor: 'c' },
    c: { items: [5], nextCursor: null },
  };
  const asked: (string | undefined)[] = [];
  const items = await allPages(async (cursor) => {
    asked.push(cursor);
    return pages[cursor ?? ''];
  });
  assert.deepEqual(items, [1, 2, 3, 4, 5]);
  assert.deepEqual(asked, [undefined, 'b', 'c']);
});

test('a single page is asked for once', async () => {
  let calls = 0;
  assert.deepEqual(
    await allPages(async () => {
      calls++;
      return { items: ['only'], nextCursor: null };
    }),
    ['only'],
  );
  assert.equal(calls, 1);
});

test('a hidden list is null, a visible one gives the items of every page', async () => {
  assert.equal(await allPagesOrHidden(async () => null), null);
  const pages: Record<string, { items: string[]; nextCursor: string | null }> = {
    '': { items: ['a'], nextCursor: 'n' },
    n: { items: ['b'], nextCursor: null },
  };
  assert.deepEqual(await allPagesOrHidden(async (cursor) => pages[cursor ?? '']), { items: ['a', 'b'] });
});
