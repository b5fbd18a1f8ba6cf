/**
 * A list answered whole by the server (grievances, lots: a few hundred rows at most) searched,
 * sorted and cut into pages in the browser. An empty sort keeps the server's order (overdue first…);
 * a leading '-' sorts descending.
 */
export function localList<T>(
  items: readonly T[],
  o: {
    query: string;
    text: (x: T) => string;
    sort: string;
    keys: Record<string, (x: T) => string | number>;
    limit: number;
  },
): { rows: T[]; total: number } {
  const q = o.query.trim().toLowerCase();
  const found = q ? items.filter((x) => o.text(x).toLowerCase().includes(q)) : [...items];
  const key = o.keys[o.sort.replace(/^-/, '')];
  if (key) {
    const dir = o.sort.startsWith('-') ? -1 : 1;
    found.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return (
        (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'fr')) *
        dir
      );
    });
  }
  return { rows: found.slice(0, o.limit), total: found.length };
}

/** How a list sorted by `sort` ("key" or "-key") stands for a column's key. */
export const sortState = (sort: string, key: string): 'ascending' | 'descending' | 'none' =>
  sort === key ? 'ascending' : sort === `-${key}` ? 'descending' : 'none';

/** A sort by a key, ascending, or descending with a leading '-' (the API's `sort` parameter). */
export type Sorted<K extends string> = K | `-${K}`;

/** The sort a click on a column's header asks for: ascending first, then descending. */
export const nextSort = <K extends string>(sort: string, key: K): Sorted<K> =>
  sort === key ? (`-${key}` as const) : key;
