import { checkReceiver, type ReceiverFacts } from './custody-rules.ts';
import type { CustodyViolation } from './lot.ts';
import { checkSupplierVolume } from './plausibility.ts';

/** What a transfer is judged on, read before it is decided. */
export interface TransferFacts {
  receiver: ReceiverFacts & {
    /** ISO 3166 country: a receiver abroad holds no Congolese licence, only its KYC is asked for. */
    country: string;
    /** A trader or depot handles what its sources could supply, no more. */
    isIntermediary: boolean;
    /** A confirmed sanctions hit on the receiver, one of its people or an owner up its chain, if any. */
    sanctioned?: { listName: string; reference: string; path: string } | null;
  };
  /** The mining zones the lots' ore comes from (null for a site outside any zone); empty when none is known. */
  zones: (string | null)[];
  /** When the lots are shipped, ISO 8601. */
  at: string;
  /** What the receiver handled in the month of `at`, this transfer included, in kg. */
  monthKg: number;
  /** The monthly capacity of every site whose ore reached the receiver that month (null when unknown). */
  sourceCapacitiesKg: (number | null)[];
  /**
   * When the state buyer's monopoly is enforced: whether the sender is a cooperative, and whether the receiver is the
   * state buyer or holds a licence of the state buyer valid on the day.
   */
  monopoly?: { senderIsCooperative: boolean; receiverIsStateBuyer: boolean; receiverLicensed: boolean };
}

/**
 * Under the state buyer's monopoly a cooperative sells artisanal cobalt only to the state buyer or to a buyer it
 * licensed; any other hand-over from a cooperative breaks the rule.
 */
export function checkStateBuyerMonopoly(
  receiver: string,
  m: TransferFacts['monopoly'],
): CustodyViolation | null {
  if (!m?.senderIsCooperative || m.receiverIsStateBuyer || m.receiverLicensed) return null;
  return {
    rule: 'sold_outside_monopoly',
    message: `${receiver} is neither the state buyer nor licensed by it: a cooperative sells only to them`,
    code: 'custody.outside-monopoly',
    params: { receiver },
    facts: { receiver },
  };
}

/** A receiver that a confirmed sanctions hit concerns (itself, its people, or who owns it) receives nothing. */
export function checkReceiverSanctions(r: TransferFacts['receiver']): CustodyViolation | null {
  if (!r.sanctioned) return null;
  return {
    rule: 'receiver_sanctioned',
    message: `${r.name} is concerned by a confirmed sanctions hit (${r.sanctioned.listName} ${r.sanctioned.reference}): ${r.sanctioned.path}`,
    facts: { receiver: r.name, list: r.sanctioned.listName, reference: r.sanctioned.reference },
    code: 'custody.receiver-sanctioned',
    params: { receiver: r.name, list: r.sanctioned.listName, reference: r.sanctioned.reference },
  };
}

/**
 * The rules a hand-over breaks: a receiver concerned by a confirmed sanctions hit, not verified or not licensed on
 * the day for each zone the ore comes from, and an intermediary handling more in the month than its sources could
 * supply.
 */
export function transferViolations(f: TransferFacts): CustodyViolation[] {
  const licences =
    f.receiver.country === 'CD'
      ? f.receiver.licences
      : [{ number: 'abroad', zoneCode: null, validFrom: '0000-01-01', validUntil: null }];
  const receiver = { ...f.receiver, licences };
  const violations = [
    checkReceiverSanctions(f.receiver),
    checkStateBuyerMonopoly(f.receiver.name, f.monopoly),
    ...(f.zones.length ? f.zones : [null]).map((z) => checkReceiver(receiver, z, f.at)),
  ];
  if (f.receiver.isIntermediary)
    violations.push(checkSupplierVolume(f.receiver.name, f.at.slice(0, 7), f.monthKg, f.sourceCapacitiesKg));
  return violations.filter((v) => v !== null);
}
