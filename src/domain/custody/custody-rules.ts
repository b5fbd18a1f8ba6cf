import { type CustodyViolation, containedKg, type LotQuantity, totalContainedKg } from './lot.ts';

const kg = (n: number) => Math.round(n * 1000) / 1000;

/** A tag is used once: a second commissioning with the same tag is a violation. */
export function checkTagUnused(tag: string, alreadyUsed: boolean): CustodyViolation | null {
  return alreadyUsed
    ? {
        rule: 'tag_reused',
        message: `tag ${tag} was already used on another lot`,
        code: 'custody.tag-used',
        params: { tag },
        facts: { tag },
      }
    : null;
}

/** What the registry knows of an actor that receives material. */
export interface ReceiverFacts {
  name: string;
  kycStatus: 'pending' | 'verified' | 'rejected';
  kycExpiresAt: string | null;
  licences: { number: string; zoneCode: string | null; validFrom: string; validUntil: string | null }[];
}

/**
 * Only a verified actor with a licence valid on the day, for the zone the material comes from, may
 * receive it. A licence without a zone is valid everywhere; a receiver outside any zone rule passes
 * when no zone is given.
 */
export function checkReceiver(
  r: ReceiverFacts,
  zoneCode: string | null,
  on: string,
): CustodyViolation | null {
  const day = on.slice(0, 10);
  const kycValid = r.kycStatus === 'verified' && (!r.kycExpiresAt || r.kycExpiresAt.slice(0, 10) >= day);
  if (!kycValid)
    return {
      rule: 'receiver_not_verified',
      message: `${r.name} is not a verified actor on ${day} (KYC ${r.kycStatus}${r.kycStatus === 'verified' ? ', expired' : ''})`,
      ...(r.kycStatus === 'pending'
        ? { code: 'custody.receiver-kyc-pending', params: { receiver: r.name, day } }
        : r.kycStatus === 'rejected'
          ? { code: 'custody.receiver-kyc-rejected', params: { receiver: r.name, day } }
          : { code: 'custody.receiver-kyc-expired', params: { receiver: r.name, day } }),
      facts: { receiver: r.name, kycStatus: r.kycStatus, kycExpiresAt: r.kycExpiresAt },
    };
  const valid = r.licences.filter(
    (l) =>
      l.validFrom <= day &&
      (!l.validUntil || l.validUntil >= day) &&
      (!zoneCode || !l.zoneCode || l.zoneCode === zoneCode),
  );
  if (valid.length === 0)
    return {
      rule: 'receiver_unlicensed',
      message: `${r.name} holds no licence valid on ${day}${zoneCode ? ` for zone ${zoneCode}` : ''}`,
      ...(zoneCode
        ? { code: 'custody.receiver-unlicensed-zone', params: { receiver: r.name, day, zone: zoneCode } }
        : { code: 'custody.receiver-unlicensed', params: { receiver: r.name, day } }),
      facts: { receiver: r.name, zoneCode },
    };
  return null;
}

/**
 * Contained cobalt is conserved through a transformation: the outputs may hold less than the inputs
 * (processing losses, up to the tolerance) but never more, which would be metal from nowhere.
 */
export function checkMassBalance(
  inputs: readonly LotQuantity[],
  outputs: readonly LotQuantity[],
  lossTolerancePct: number,
): CustodyViolation | null {
  const inKg = totalContainedKg(inputs);
  const outKg = totalContainedKg(outputs);
  // A gram of rounding either way is not a violation.
  if (outKg > inKg + 0.001)
    return {
      rule: 'mass_not_conserved',
      message: `the outputs contain ${kg(outKg)} kg of cobalt, more than the ${kg(inKg)} kg of the inputs`,
      code: 'custody.mass-created',
      params: { outputKg: kg(outKg), inputKg: kg(inKg) },
      facts: { inputContainedKg: kg(inKg), outputContainedKg: kg(outKg), lossTolerancePct },
    };
  const lossPct = inKg === 0 ? 0 : ((inKg - outKg) / inKg) * 100;
  if (lossPct > lossTolerancePct + 1e-9)
    return {
      rule: 'mass_not_conserved',
      message: `${kg(inKg - outKg)} kg of cobalt (${Math.round(lossPct * 10) / 10} %) is lost, more than the ${lossTolerancePct} % tolerated`,
      code: 'custody.mass-lost',
      params: {
        lostKg: kg(inKg - outKg),
        lossPct: Math.round(lossPct * 10) / 10,
        tolerancePct: lossTolerancePct,
      },
      facts: { inputContainedKg: kg(inKg), outputContainedKg: kg(outKg), lossTolerancePct },
    };
  return null;
}

/** One line of an actor's stock ledger: material in (received, produced) or out (shipped, consumed). */
export interface LedgerEntry {
  massKg: number;
  gradePct: number;
  direction: 'in' | 'out';
}

/** What an actor holds: mass and contained cobalt in minus out. */
export function stockOf(entries: readonly LedgerEntry[]): { massKg: number; containedKg: number } {
  let massKg = 0;
  let contained = 0;
  for (const e of entries) {
    const sign = e.direction === 'in' ? 1 : -1;
    massKg += sign * e.massKg;
    contained += sign * containedKg(e);
  }
  return { massKg, containedKg: contained };
}

/** No actor ships more than it holds, in mass or in contained cobalt. */
export function checkShipment(
  actor: string,
  held: { massKg: number; containedKg: number },
  shipment: LotQuantity,
): CustodyViolation | null {
  const shipKg = containedKg(shipment);
  if (shipment.massKg > held.massKg + 0.001 || shipKg > held.containedKg + 0.001)
    return {
      rule: 'stock_exceeded',
      message: `${actor} ships ${kg(shipment.massKg)} kg (${kg(shipKg)} kg of cobalt) but holds ${kg(held.massKg)} kg (${kg(held.containedKg)} kg of cobalt)`,
      code: 'custody.stock-exceeded',
      params: {
        actor,
        shippedKg: kg(shipment.massKg),
        shippedCobaltKg: kg(shipKg),
        heldKg: kg(held.massKg),
        heldCobaltKg: kg(held.containedKg),
      },
      facts: {
        actor,
        heldMassKg: kg(held.massKg),
        heldContainedKg: kg(held.containedKg),
        shippedMassKg: kg(shipment.massKg),
      },
    };
  return null;
}

/**
 * Lot by lot, the same rule: an actor ships, merges or processes only lots it holds (received or
 * made, and not yet shipped or used).
 */
export function checkHolding(
  actor: string,
  notHeld: readonly { label: string; holder: string }[],
): CustodyViolation | null {
  if (notHeld.length === 0) return null;
  return {
    rule: 'stock_exceeded',
    message: `${actor} does not hold ${notHeld.map((l) => `${l.label} (held by ${l.holder})`).join(', ')}`,
    code: 'custody.lots-not-held',
    params: {
      actor,
      lots: notHeld.map((l) => l.label).join(', '),
      holders: [...new Set(notHeld.map((l) => l.holder))].join(', '),
    },
    facts: { actor, lots: notHeld.map((l) => l.label).join(', ') },
  };
}
