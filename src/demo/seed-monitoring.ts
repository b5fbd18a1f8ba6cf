import type { Principal } from '../domain/access/roles.ts';
import { addMonths } from '../domain/actors/kyc.ts';
import { FOUR_EYES_STATES, type IncidentState } from '../domain/incidents/lifecycle.ts';
import { subscribe } from '../services/alerts/subscriptions.ts';
import type { AuthedContext, ServiceContext } from '../services/context.ts';
import { submitGrievance, validateGrievance } from '../services/grievances/grievances.ts';
import { reportIncident } from '../services/incidents/incidents.ts';
import { createPlan, flagOverdueReviews } from '../services/incidents/plans.ts';
import { transitionIncident } from '../services/incidents/transitions.ts';
import { recordVisit } from '../services/monitoring/visits.ts';

const PATHS: Record<IncidentState, IncidentState[]> = {
  reported: [],
  under_verification: ['under_verification'],
  verified: ['under_verification', 'verified'],
  unsubstantiated: ['under_verification', 'unsubstantiated'],
  in_mitigation: ['under_verification', 'verified', 'in_mitigation'],
  escalated: ['under_verification', 'verified', 'escalated'],
  resolved: ['under_verification', 'verified', 'resolved'],
};

const REASONS: Record<IncidentState, string> = {
  reported: '',
  under_verification: 'Visite de vérification programmée',
  verified: 'Confirmé par un second moniteur, photos à l’appui',
  unsubstantiated: 'Rien de tel constaté lors de deux visites inopinées',
  in_mitigation: 'Plan d’atténuation convenu avec la coopérative',
  escalated: 'Aucun progrès après la date convenue',
  resolved: 'Mesures constatées sur place',
};

/**
 * Walks an incident to the given state, as the analyst would; the steps under four eyes are taken by `second`
 * (the second analyst) when the analyst reported the incident.
 */
async function walk(
  as: AuthedContext,
  id: string,
  to: IncidentState,
  plan?: () => Promise<unknown>,
  second: AuthedContext = as,
) {
  let revision = 1;
  for (const step of PATHS[to]) {
    if (step === 'in_mitigation' && plan) await plan();
    const by = FOUR_EYES_STATES.includes(step) ? second : as;
    revision = (await transitionIncident(by, id, { to: step, reason: REASONS[step], revision })).revision;
  }
}

/**
 * Demo monitoring: visits whose indicators opened incidents, incidents at every level and state, a plan
 * whose review is overdue, a validated grievance, and a refiner following its suppliers.
 */
export async function seedMonitoring(
  ctx: ServiceContext,
  people: {
    monitor: Principal;
    analyst: Principal;
    secondAnalyst: Principal;
    grievance: Principal;
    downstream: Principal;
  },
  siteIds: Map<string, string>,
  orgIds: Map<string, string>,
) {
  const now = ctx.clock();
  const at = (p: Principal, monthsAgo = 0): AuthedContext => ({
    ...ctx,
    principal: p,
    clock: () => addMonths(now, -monthsAgo),
  });
  const site = (code: string) => siteIds.get(code)!;

  // The refiner follows the Mutoshi cooperative (its suppliers' sites) and the Kanina site.
  await subscribe(at(people.downstream), { supplierId: orgIds.get('coop2')! });
  await subscribe(at(people.downstream), { siteId: site('KZI-007') });

  const visit = async (
    code: string,
    daysAgo: number,
    indicators: Record<string, number | boolean>,
    notes: string,
  ) => {
    const when = new Date(now.getTime() - daysAgo * 86400_000);
    const { visit } = await recordVisit(
      { ...at(people.monitor), clock: () => when },
      { siteId: site(code), visitedAt: when.toISOString(), indicators, notes },
    );
    return visit.incidents;
  };
  for (const [code, days] of [
    ['KZI-001', 40],
    ['KZI-001', 12],
    ['LKS-001', 20],
  ] as const) {
    await visit(
      code,
      days,
      {
        headCount: 140 + days,
        childrenSeen: 0,
        pregnantWomenSeen: 0,
        ppeSharePct: 82,
        armedPeoplePresent: false,
        productionKg: 6200,
      },
      'RAS.',
    );
  }
  const [children] = await visit(
    'KZI-004',
    230,
    { headCount: 96, childrenSeen: 3, ppeSharePct: 60, productionKg: 2100 },
    'Trois enfants au lavage.',
  );
  const [armed] = await visit(
    'KZI-007',
    9,
    { headCount: 70, armedPeoplePresent: true, securityForcesPresent: true, ppeSharePct: 55 },
    'Hommes armés à la barrière.',
  );
  const [ppe] = await visit(
    'KZI-005',
    6,
    { headCount: 120, ppeSharePct: 35, productionKg: 3000 },
    'Peu de casques.',
  );
  // A fatal collapse ten days ago, still not verified: overdue.
  await visit(
    'LKS-004',
    10,
    { headCount: 50, accidents: 1, injuries: 2, fatalities: 1 },
    'Effondrement d’un puits.',
  );
  const [pregnant] = await visit(
    'LKS-003',
    2,
    { headCount: 60, pregnantWomenSeen: 1, ppeSharePct: 70 },
    'Une femme enceinte au tri.',
  );

  const analyst = at(people.analyst);
  await walk(analyst, armed.id, 'verified');
  await walk(analyst, ppe.id, 'under_verification');
  void pregnant; // stays reported

  // Verified seven months ago, mitigated since, never reviewed: its review is overdue.
  const old = at(people.analyst, 7);
  await walk(old, children.id, 'in_mitigation', () =>
    createPlan(old, children.id, {
      ownerOrganisationId: orgIds.get('coop2')!,
      indicators: [{ name: 'enfants vus par visite', unit: 'enfants', baseline: 3, target: 0 }],
      actions: [
        {
          description: 'Contrôle des cartes de creuseur à l’entrée',
          deadline: addMonths(now, -6).toISOString().slice(0, 10),
          done: true,
        },
        {
          description: 'Scolarisation des enfants avec une ONG partenaire',
          deadline: addMonths(now, -2).toISOString().slice(0, 10),
          done: false,
        },
      ],
      decision: 'suspend_temporarily',
      reason: 'Suspension des achats jusqu’à deux visites sans enfant',
    }),
  );
  await flagOverdueReviews(ctx);

  const manual = async (
    code: string,
    level: 1 | 2 | 3,
    category: Parameters<typeof reportIncident>[1]['category'],
    title: string,
    to: IncidentState,
    monthsAgo: number,
  ) => {
    const as = at(people.analyst, monthsAgo);
    const { incident } = await reportIncident(as, {
      siteId: site(code),
      level,
      category,
      title,
      description: title,
    });
    await walk(as, incident.id, to, undefined, at(people.secondAnalyst, monthsAgo));
  };
  await manual('KZI-003', 2, 'bribery_fraud', 'Sacs d’un autre site étiquetés à Shabara', 'escalated', 3);
  await manual('LKS-002', 2, 'taxes_royalties', 'Redevances non payées au trimestre', 'resolved', 5);
  await manual('KZI-002', 3, 'governance', 'Registre des creuseurs non mis à jour', 'unsubstantiated', 1);

  const officer = at(people.grievance);
  const { caseCode } = await submitGrievance(ctx, {
    siteId: site('KZI-006'),
    description:
      'Des policiers prennent 2 000 francs par sac à la barrière de Tulizembe, tous les jours de marché.',
    language: 'fr',
    contact: { name: 'Espoir M.', phone: '+243 990 000 000' },
  });
  const g = (
    await ctx.db.query<{ id: string; revision: number }>(
      'SELECT id, revision FROM grievances WHERE case_code = $1',
      [caseCode],
    )
  ).rows[0];
  await validateGrievance(officer, g.id, {
    level: 2,
    category: 'security_forces',
    title: 'Policiers prélevant un droit par sac à la barrière de Tulizembe',
    reason: 'Recoupé par la visite du moniteur',
    publicOutcome: 'Votre signalement a été vérifié. Un incident est ouvert et suivi.',
    revision: g.revision,
  });
  await submitGrievance(ctx, {
    location: 'Route de Kanina',
    description: 'Watoto wanafanya kazi kwenye shimo karibu na daraja.',
    language: 'sw',
  });
}
