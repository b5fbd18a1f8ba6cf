import { checkHolding, checkMassBalance } from './custody-rules.ts';
import { type CustodyViolation, containedKg, type LotQuantity, totalContainedKg } from './lot.ts';

/** A lot an operation takes, as the form knows it: its label, quantity and who holds it. */
export interface BalanceLot extends LotQuantity {
  label: string;
  holder: { id: string; name: string };
}

/** An operation as it stands in a form, before it is sent. */
export interface OperationPlan {
  kind: 'tag' | 'transfer' | 'aggregate' | 'transform';
  /** The organisation recording it, and what it holds now. */
  holder: { id: string; name: string };
  stock: { massKg: number; containedKg: number };
  /** The lots it takes (none for a tagging). */
  inputs: readonly BalanceLot[];
  /** The lots it makes: the sack tagged, a transformation's outputs; a batch's is its inputs pooled; a transfer none. */
  outputs: readonly LotQuantity[];
  lossTolerancePct: number;
}

/** Mass and contained cobalt, in kilograms. */
export interface Quantity {
  massKg: number;
  containedKg: number;
}

/** What an operation would leave: the cobalt in and out, the loss, the holder's stock after, the rules it breaks. */
export interface OperationBalance {
  in: Quantity;
  out: Quantity;
  lostKg: number;
  /** Contained cobalt lost, in percent of what went in (0 when nothing went in). */
  lossPct: number;
  stockAfter: Quantity;
  violations: CustodyViolation[];
}

const g = (n: number) => Math.round(n * 1000) / 1000;
const quantity = (lots: readonly LotQuantity[]): Quantity => ({
  massKg: g(lots.reduce((s, l) => s + l.massKg, 0)),
  containedKg: g(totalContainedKg(lots)),
});

/**
 * The mass balance an operation would leave, by the same rules the server applies (custody-rules.ts): the holder
 * must hold every lot it takes, and a transformation conserves contained cobalt within the loss tolerance. A
 * transfer takes the lots out of the holder's stock, a batch keeps them in it under one tag, a transformation puts
 * its outputs in their place, a tagging adds the sack.
 */
export function operationBalance(plan: OperationPlan): OperationBalance {
  const inQ = quantity(plan.inputs);
  const made = plan.kind === 'aggregate' ? plan.inputs : plan.kind === 'transfer' ? [] : plan.outputs;
  const outQ = quantity(made);
  const lost = plan.kind === 'transform' ? g(inQ.containedKg - outQ.containedKg) : 0;
  const violations = [
    checkHolding(
      plan.holder.name,
      plan.inputs
        .filter((l) => l.holder.id !== plan.holder.id)
        .map((l) => ({ label: l.label, holder: l.holder.name })),
    ),
    plan.kind === 'transform' && plan.inputs.length && plan.outputs.length
      ? checkMassBalance(plan.inputs, plan.outputs, plan.lossTolerancePct)
      : null,
  ].filter((v): v is CustodyViolation => v !== null);
  // What the holder holds of the inputs leaves its stock; what the operation makes and keeps enters it.
  const leaving = quantity(plan.inputs.filter((l) => l.holder.id === plan.holder.id));
  return {
    in: inQ,
    out: outQ,
    lostKg: lost,
    lossPct: inQ.containedKg > 0 ? Math.round((lost / inQ.containedKg) * 1e4) / 100 : 0,
    stockAfter: {
      massKg: g(plan.stock.massKg - leaving.massKg + outQ.massKg),
      containedKg: g(plan.stock.containedKg - leaving.containedKg + outQ.containedKg),
    },
    violations,
  };
}

/** Contained cobalt of one lot as a form types it (mass and grade as numbers), to the gram. */
export const containedOf = (q: LotQuantity) => g(containedKg(q));
