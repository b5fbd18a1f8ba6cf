import type { Principal } from '../domain/access/roles.ts';
import type { AuthedContext, ServiceContext } from '../services/context.ts';
import { addMember, createFund, declareDependency, recordReceipt } from '../services/funding/funds.ts';
import { createProject, disburse, getProject, meetMilestone } from '../services/funding/projects.ts';
import { proposeAllocation, voteOnProposal } from '../services/funding/proposals.ts';
import { recordVisit } from '../services/monitoring/visits.ts';
import { cooperativeAccount, recordPayment } from '../services/production/payments.ts';
import { importMarketPrices, setPrice } from '../services/production/prices.ts';

/** The demo fund's contribution formula: 25.00 USD a tonne of contained cobalt, at least 10,000.00 USD a year. */
export const DEMO_FUND = {
  currency: 'USD',
  ratePerTonneMinor: 2_500,
  floorMinor: 1_000_000,
  quorum: 2,
} as const;

/**
 * The demo's pooled fund and its prices: three members (two refiners whose dependency comes from custody, a
 * battery maker that declares its own), two projects — one at the suspended Kamilombe site, one with the Tujenge
 * cooperative — with milestones, allocations, votes and disbursements, a year of floor and market prices, and
 * what the buyers paid the cooperatives for their deliveries.
 */
export async function seedFunding(
  ctx: ServiceContext,
  people: {
    admin: Principal;
    analyst: Principal;
    monitor: Principal;
    downstream: Principal;
    funder: Principal;
    egc: Principal;
    buyer: Principal;
  },
  siteIds: Map<string, string>,
  orgIds: Map<string, string>,
  incidentOf: (siteId: string) => Promise<string[]>,
) {
  const now = ctx.clock();
  const ago = (days: number) => new Date(now.getTime() - days * 86400_000);
  const as = (p: Principal, days = 0): AuthedContext => ({ ...ctx, principal: p, clock: () => ago(days) });
  const org = (key: string) => orgIds.get(key)!;
  const day = (days: number) => ago(days).toISOString().slice(0, 10);
  // The contribution year: that of the hydroxide the refiners received a fortnight ago.
  const year = ago(15).getUTCFullYear();

  // Kamilombe was visited twice before the children were seen there 230 days ago.
  for (const [days, indicators] of [
    [330, { headCount: 110, childrenSeen: 0, ppeSharePct: 52, productionKg: 2400 }],
    [260, { headCount: 100, childrenSeen: 0, ppeSharePct: 58, productionKg: 2300 }],
  ] as const) {
    await recordVisit(as(people.monitor, days), {
      siteId: siteIds.get('KZI-004')!,
      visitedAt: ago(days).toISOString(),
      indicators: { ...indicators },
      notes: 'Visite de suivi du projet du fonds.',
    });
  }

  const manager = as(people.admin, 320);
  const { fund } = await createFund(manager, {
    name: 'Fonds d’amélioration des sites artisanaux',
    ...DEMO_FUND,
  });
  for (const [key, committee] of [
    ['refiner1', true],
    ['refiner2', false],
    ['brand1', true],
  ] as const)
    await addMember(manager, fund.id, { organisationId: org(key), committee });
  await declareDependency(as(people.admin, 40), fund.id, {
    organisationId: org('brand1'),
    year,
    cobaltKg: 1_800_000,
  });
  const receipts: [string, 'pledge' | 'payment', number, number][] = [
    ['refiner1', 'pledge', 1_000_000, 300],
    ['refiner2', 'pledge', 1_000_000, 300],
    ['brand1', 'pledge', 4_500_000, 300],
    ['brand1', 'payment', 3_000_000, 290],
    ['refiner1', 'payment', 1_000_000, 280],
    ['refiner2', 'payment', 1_000_000, 90],
  ];
  for (const [key, kind, amountMinor, days] of receipts)
    await recordReceipt(as(people.admin, days), fund.id, {
      organisationId: org(key),
      kind,
      year,
      amountMinor,
      at: ago(days).toISOString(),
      reference: `${kind === 'pledge' ? 'ENG' : 'VIR'}-${key.toUpperCase()}-${year}`,
    });

  // At the suspended site: safety and the children seen there.
  const kamilombe = siteIds.get('KZI-004')!;
  const { project: safety } = await createProject(as(people.analyst, 305), fund.id, {
    title: 'Sécurité des puits et remédiation à Kamilombe',
    description:
      'Boisage des puits, équipements de protection et retour à l’école des enfants vus sur le site.',
    siteId: kamilombe,
    budgetMinor: 2_000_000,
    startsOn: day(300),
    indicators: ['ppeSharePct', 'childrenSeen', 'headCount'],
    incidentIds: await incidentOf(kamilombe),
    correctiveActionIds: [],
    milestones: [
      { title: 'Boisage de 12 puits', amountMinor: 800_000, dueOn: day(270) },
      { title: 'Équipements de protection pour 100 creuseurs', amountMinor: 600_000, dueOn: day(200) },
      { title: 'Suivi scolaire de 30 enfants', amountMinor: 600_000, dueOn: day(-60) },
    ],
  });
  // With the Tujenge cooperative, at its two sites.
  const { project: ppe } = await createProject(as(people.analyst, 32), fund.id, {
    title: 'Équipements de protection pour Tujenge',
    siteId: null,
    cooperativeId: org('coop1'),
    budgetMinor: 1_200_000,
    startsOn: day(30),
    indicators: ['ppeSharePct', 'headCount'],
    incidentIds: [],
    correctiveActionIds: [],
    milestones: [
      { title: 'Distribution de 150 casques et paires de gants', amountMinor: 500_000, dueOn: day(20) },
      { title: 'Formation à la sécurité des chefs de puits', amountMinor: 700_000, dueOn: day(-30) },
    ],
  });

  const propose = async (projectId: string, amountMinor: number, days: number, rationale: string) =>
    (await proposeAllocation(as(people.analyst, days), fund.id, { projectId, amountMinor, rationale }))
      .proposal.id;
  const whole = await propose(safety.id, 2_000_000, 302, 'Budget entier du projet de Kamilombe');
  await voteOnProposal(as(people.downstream, 301), whole, { vote: 'approve' });
  await voteOnProposal(as(people.funder, 301), whole, { vote: 'approve' });
  const first = await propose(ppe.id, 500_000, 28, 'Premier jalon : les équipements');
  await voteOnProposal(as(people.funder, 27), first, { vote: 'approve' });
  await voteOnProposal(as(people.downstream, 26), first, { vote: 'approve' });
  const rest = await propose(ppe.id, 700_000, 5, 'Second jalon : la formation');
  await voteOnProposal(as(people.funder, 4), rest, { vote: 'approve' });

  const [m1, m2] = safety.milestones;
  await meetMilestone(as(people.analyst, 264), safety.id, m1.id, {
    metAt: ago(265).toISOString(),
    note: 'Douze puits boisés, constatés lors de la visite du moniteur',
  });
  await disburse(as(people.admin, 260), safety.id, {
    milestoneId: m1.id,
    amountMinor: 800_000,
    disbursedAt: ago(260).toISOString(),
    reference: 'DEC-2026-001',
  });
  await meetMilestone(as(people.analyst, 209), safety.id, m2.id, {
    metAt: ago(210).toISOString(),
    note: 'Bons de livraison des équipements signés par la coopérative',
  });
  await disburse(as(people.admin, 205), safety.id, {
    milestoneId: m2.id,
    amountMinor: 600_000,
    disbursedAt: ago(205).toISOString(),
    reference: 'DEC-2026-002',
  });
  const tujenge = await getProject(as(people.analyst, 20), ppe.id);
  await meetMilestone(as(people.analyst, 19), ppe.id, tujenge.milestones[0].id, {
    metAt: ago(20).toISOString(),
    note: '150 casques et paires de gants remis aux chefs de puits',
  });
  await disburse(as(people.admin, 18), ppe.id, {
    milestoneId: tujenge.milestones[0].id,
    amountMinor: 500_000,
    disbursedAt: ago(18).toISOString(),
    reference: 'DEC-2026-003',
  });

  // A year of prices: the state buyer's floor on the first of each month, the market price imported from a file.
  const months = Array.from({ length: 13 }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12 + i, 1));
    return d.toISOString().slice(0, 10);
  });
  for (const [i, effectiveOn] of months.entries())
    await setPrice(
      as(people.egc, Math.max(0, Math.round((now.getTime() - Date.parse(effectiveOn)) / 86400_000))),
      {
        kind: 'floor',
        currency: 'USD',
        perTonneMinor: FLOOR_PRICES[i],
        effectiveOn,
        source: `Barème EGC n° ${String(i + 1).padStart(2, '0')}`,
      },
    );
  await importMarketPrices(as(people.admin), {
    csv: `effective_on,currency,per_tonne\n${months.map((m, i) => `${m},USD,${(MARKET_PRICES[i] / 100).toFixed(2)}`).join('\n')}\n`,
    source: 'Cotation mensuelle de l’hydroxyde (démonstration)',
  });

  // Tujenge was paid in full by the analyst on the trader's behalf, Umoja in part by the depot.
  for (const [key, payer, share, days] of [
    ['coop1', people.analyst, 1, 30],
    ['coop2', people.buyer, 0.5, 21],
  ] as const) {
    const account = await cooperativeAccount(as(people.analyst), org(key), 'USD');
    for (const d of account.deliveries)
      if (d.owedMinor)
        await recordPayment(as(payer, days), {
          deliveryEvent: d.deliveryEvent,
          amountMinor: Math.floor(d.owedMinor * share),
          currency: 'USD',
          paidAt: ago(days).toISOString(),
          reference: `PAY-${key.toUpperCase()}-${day(days)}`,
        });
  }
  return { fundId: fund.id };
}

/** The state buyer's floor, per tonne of contained cobalt, in cents, over thirteen months. */
const FLOOR_PRICES = [
  1_450_000, 1_450_000, 1_480_000, 1_480_000, 1_500_000, 1_520_000, 1_520_000, 1_550_000, 1_550_000,
  1_580_000, 1_600_000, 1_600_000, 1_620_000,
];
/** The market price over the same months. */
const MARKET_PRICES = [
  2_310_000, 2_280_000, 2_350_000, 2_420_000, 2_390_000, 2_460_000, 2_510_000, 2_480_000, 2_530_000,
  2_600_000, 2_570_000, 2_640_000, 2_690_000,
];
