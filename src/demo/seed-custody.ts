import type { Principal } from '../domain/access/roles.ts';
import type { AuthedContext, ServiceContext } from '../services/context.ts';
import { aggregateLots, tagSack, transferLots, transformLots } from '../services/custody/operations.ts';

/**
 * The demo's chain of custody, from tagged sacks to two refiners: a clean flow from Tujenge's sites to
 * Huayang, and a flow mixing Umoja's sacks from a red site and a suspended one, so the hydroxide that
 * reaches Nordkobolt carries a non-conforming share its page shows.
 */
export async function seedCustody(
  ctx: ServiceContext,
  people: { cooperative: Principal; buyer: Principal; analyst: Principal },
  siteIds: Map<string, string>,
  orgIds: Map<string, string>,
) {
  const now = ctx.clock().getTime();
  const day = (n: number) => new Date(now - n * 86400_000).toISOString();
  const as = (p: Principal): AuthedContext => ({ ...ctx, principal: p });
  const coop = as(people.cooperative);
  const depot = as(people.buyer);
  const staff = as(people.analyst);
  const org = (key: string) => orgIds.get(key) as string;

  // Tujenge tags ten sacks at its two sites.
  const clean: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await tagSack(coop, {
      tag: `TUJ-2026-${String(i + 1).padStart(4, '0')}`,
      siteId: siteIds.get(i < 6 ? 'KZI-001' : 'KZI-002') as string,
      cooperativeId: org('coop1'),
      massKg: 48 + i,
      gradePct: 9 + (i % 4),
      taggedAt: day(40 - i * 0.5),
    });
    clean.push(r.lots[0].id);
  }
  await transferLots(coop, {
    lotIds: clean,
    toOrganisationId: org('trader1'),
    transaction: { type: 'inv', ref: 'FAC-TUJ-2026-118' },
    shippedAt: day(34),
  });
  const tujBatch = await aggregateLots(staff, { lotIds: clean, batchTag: 'MWA-2026-0007', at: day(33) });
  await transferLots(staff, {
    lotIds: [tujBatch.lots[0].id],
    toOrganisationId: org('depot1'),
    transaction: { type: 'inv', ref: 'FAC-MWA-2026-031' },
    shippedAt: day(32),
  });

  // Umoja tags six sacks at Shabara (red) and Kamilombe (suspended) and sells them to the depot.
  const tainted: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await tagSack(staff, {
      tag: `UMO-2026-${String(i + 1).padStart(4, '0')}`,
      siteId: siteIds.get(i < 3 ? 'KZI-003' : 'KZI-004') as string,
      cooperativeId: org('coop2'),
      massKg: 50 + i,
      gradePct: 11 + (i % 3),
      taggedAt: day(30 - i * 0.5),
    });
    tainted.push(r.lots[0].id);
  }
  await transferLots(staff, {
    lotIds: tainted,
    toOrganisationId: org('depot1'),
    transaction: { type: 'inv', ref: 'FAC-UMO-2026-052' },
    shippedAt: day(28),
  });
  const umoBatch = await aggregateLots(depot, { lotIds: tainted, batchTag: 'CKC-2026-0114', at: day(27) });

  // The depot splits the clean batch; one part goes into hydroxide with Umoja's ore.
  const tujMass = tujBatch.lots[0].massKg;
  const tujGrade = tujBatch.lots[0].gradePct;
  const parts = await transformLots(depot, {
    inputLotIds: [tujBatch.lots[0].id],
    outputs: [
      { tag: 'CKC-2026-0115', massKg: Math.round(tujMass * 0.6 * 1000) / 1000, gradePct: tujGrade },
      { tag: 'CKC-2026-0116', massKg: Math.round(tujMass * 0.4 * 1000) / 1000, gradePct: tujGrade },
    ],
    product: 'split',
    at: day(26),
  });
  const [part1, part2] = parts.lots.map((l) => l.id);
  await transferLots(depot, {
    lotIds: [part1, part2, umoBatch.lots[0].id],
    toOrganisationId: org('processor'),
    transaction: { type: 'inv', ref: 'FAC-CKC-2026-208' },
    shippedAt: day(25),
  });
  const hydroxide = async (inputs: string[], tag: string, at: string) => {
    const lots = (
      await ctx.db.query<{ mass_kg: number; grade_pct: number }>(
        'SELECT mass_kg, grade_pct FROM custody_lots WHERE id = ANY($1::uuid[])',
        [inputs],
      )
    ).rows;
    const cobalt = lots.reduce((s, l) => s + (l.mass_kg * l.grade_pct) / 100, 0);
    // The plant recovers 97 % of the cobalt into a hydroxide at 30 %.
    const out = await transformLots(staff, {
      inputLotIds: inputs,
      outputs: [{ tag, massKg: Math.round(((cobalt * 0.97) / 0.3) * 1000) / 1000, gradePct: 30 }],
      product: 'cobalt hydroxide',
      at,
    });
    return out.lots[0].id;
  };
  const cleanHydroxide = await hydroxide([part1], 'LHP-HYD-2026-041', day(20));
  const mixedHydroxide = await hydroxide([part2, umoBatch.lots[0].id], 'LHP-HYD-2026-042', day(19));
  await transferLots(staff, {
    lotIds: [cleanHydroxide],
    toOrganisationId: org('refiner2'),
    transaction: { type: 'desadv', ref: 'EXP-LHP-2026-0301' },
    shippedAt: day(15),
  });
  await transferLots(staff, {
    lotIds: [mixedHydroxide],
    toOrganisationId: org('refiner1'),
    transaction: { type: 'desadv', ref: 'EXP-LHP-2026-0302' },
    shippedAt: day(14),
  });
}
