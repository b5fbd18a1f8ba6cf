/** Where each lot of a lineage graph sits: columns by generation (sacks left, products right), rows within. */
export function layoutLineage(
  nodes: readonly { id: string }[],
  edges: readonly { from: string; to: string }[],
): Map<string, { column: number; row: number }> {
  const inputs = new Map<string, string[]>();
  for (const e of edges) inputs.set(e.to, [...(inputs.get(e.to) ?? []), e.from]);
  const column = new Map<string, number>();
  // A lot's column is one more than its furthest input's: the longest path from a tagged sack.
  const depth = (id: string, seen: Set<string>): number => {
    const known = column.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const d = Math.max(-1, ...(inputs.get(id) ?? []).map((i) => depth(i, seen))) + 1;
    column.set(id, d);
    return d;
  };
  for (const n of nodes) depth(n.id, new Set());
  const rows = new Map<number, number>();
  const out = new Map<string, { column: number; row: number }>();
  for (const n of nodes) {
    const c = column.get(n.id) ?? 0;
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    out.set(n.id, { column: c, row: r });
  }
  return out;
}
