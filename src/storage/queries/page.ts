/** Keyset pagination: a cursor is the sort key of the last row seen, opaque to clients. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor; null when it was not made by encodeCursor with `length` parts. */
export function decodeCursor(cursor: string, length: number): (string | number | null)[] | null {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(key) || key.length !== length) return null;
    if (!key.every((k) => k === null || typeof k === 'string' || typeof k === 'number')) return null;
    return key;
  } catch {
    return null;
  }
}

/** Cuts one extra row off a result fetched with LIMIT n + 1 and makes the next cursor from the last kept row. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  key: (row: R) => (string | number | null)[],
  map: (row: R) => T,
): Page<T> {
  const kept = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items: kept.map(map), nextCursor: more ? encodeCursor(key(kept[kept.length - 1])) : null };
}

/**
 * One order a sortable list offers: its SQL expression, the SQL type of its value when not text, and what
 * that value is inside a cursor (checked before the database sees it: src/services/cursor.ts).
 */
export interface SortExpr {
  expr: string;
  valueCast?: 'int' | 'numeric' | 'timestamptz';
  key: 'text' | 'int' | 'numeric' | 'instant';
}

/** A sortable list's order: a SQL expression, its direction, and a unique tie-breaker. */
export interface KeysetOrder {
  expr: string;
  desc: boolean;
  tie: string;
  tieCast: 'text' | 'uuid';
  /** The SQL type of `expr` when not text: the cursor's value is cast to it. */
  valueCast?: 'int' | 'numeric' | 'timestamptz';
}

/**
 * The WHERE condition (rows after a cursor key in params n and n+1) and ORDER BY of a keyset list.
 * Row comparison keeps it one index range scan in either direction.
 */
export function keysetSql(o: KeysetOrder, n: number): { after: string; orderBy: string } {
  const dir = o.desc ? 'DESC' : 'ASC';
  return {
    after: `($${n}::text IS NULL OR (${o.expr}, ${o.tie}) ${o.desc ? '<' : '>'} ($${n}${o.valueCast ? `::${o.valueCast}` : ''}, $${n + 1}::${o.tieCast}))`,
    orderBy: `${o.expr} ${dir}, ${o.tie} ${dir}`,
  };
}

/** An ILIKE pattern matching text that contains `q` literally (its % and _ escaped); null without a search. */
export const containsPattern = (q: string | null | undefined): string | null =>
  q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;

/**
 * An instant as a cursor carries it: UTC, ISO 8601, to the microsecond, whatever the session's DateStyle, so that
 * rows written in the same millisecond neither repeat nor vanish between pages.
 */
export const instantKey = (expr: string) =>
  `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The text a sortable list's cursor carries for its sort value. */
export const sortValueSql = (s: SortExpr) => (s.key === 'instant' ? instantKey(s.expr) : `(${s.expr})::text`);
