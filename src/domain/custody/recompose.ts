import type { LotQuantity } from './lot.ts';
import { blend, type OriginComposition } from './origin.ts';

/** A lot made from others (a batch, a processed output, a part of a split), with its inputs' ids. */
export interface MadeLot {
  id: string;
  quantity: LotQuantity;
  inputs: readonly string[];
}

export interface Composed {
  quantity: LotQuantity;
  origin: OriginComposition;
}

/**
 * Recomputes the compositions of lots made from others, in lineage order (every input before the lots
 * made from it), each as the blend of its inputs by contained cobalt; a split, having one input, keeps
 * its parent's composition. Inputs outside `lots` are read from `known`.
 */
export function recompose(
  lots: readonly MadeLot[],
  known: ReadonlyMap<string, Composed>,
): Map<string, OriginComposition> {
  const byId = new Map(lots.map((l) => [l.id, l]));
  const waiting = new Map(lots.map((l) => [l.id, l.inputs.filter((i) => byId.has(i)).length]));
  const madeFrom = new Map<string, string[]>();
  for (const l of lots)
    for (const i of l.inputs) {
      if (!byId.has(i)) continue;
      const list = madeFrom.get(i);
      if (list) list.push(l.id);
      else madeFrom.set(i, [l.id]);
    }
  const ready = lots.filter((l) => waiting.get(l.id) === 0).map((l) => l.id);
  const out = new Map<string, OriginComposition>();
  const current = (id: string): Composed => {
    const own = byId.get(id);
    if (own) return { quantity: own.quantity, origin: out.get(id) as OriginComposition };
    const k = known.get(id);
    if (!k) throw new Error(`input ${id} of a lot to recompose is unknown`);
    return k;
  };
  while (ready.length) {
    const lot = byId.get(ready.pop() as string) as MadeLot;
    out.set(lot.id, blend(lot.inputs.map(current)));
    for (const next of madeFrom.get(lot.id) ?? []) {
      const n = (waiting.get(next) as number) - 1;
      waiting.set(next, n);
      if (n === 0) ready.push(next);
    }
  }
  if (out.size !== lots.length) throw new Error('the lineage to recompose has a cycle');
  return out;
}
