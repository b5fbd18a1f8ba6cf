/** One page of a cursor-paged list, as every list route answers. */
export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every item of a cursor-paged list, asking page after page until `nextCursor` is null: for a picker that
 * must offer all of a short list (the published criteria sets of a kind). A list a reader browses asks for
 * its pages one at a time instead (`components/paged-list.tsx`).
 */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<ListPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * Every item of a list the caller may not be allowed to see (`okOrHidden`): null when it is hidden, else the
 * items of all its pages — an organisation's people and licences, a few dozen at most.
 */
export async function allPagesOrHidden<T>(
  page: (cursor: string | undefined) => Promise<ListPage<T> | null>,
): Promise<{ items: T[] } | null> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    if (next === null) return null;
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return { items };
}
