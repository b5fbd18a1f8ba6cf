import { containedKg } from '../custody/lot.ts';
import { isNonConforming, type OriginComposition, statesOf } from '../custody/origin.ts';
import type { Decision, IncidentState } from '../incidents/lifecycle.ts';

/**
 * The due-diligence report of one buyer for one period (OECD step 5; Regulation (EU) 2023/1542 Art. 52),
 * computed from facts read out of the record. Every judgement uses the time things happened: the material
 * the buyer received in the period, each site's state when it produced that material, each incident's state
 * at the end of the period.
 */

/** The days a report covers, inclusive (YYYY-MM-DD), and the instants they span ([start, end)). */
export interface ReportPeriod {
  from: string;
  to: string;
}

export const periodStart = (p: ReportPeriod) => new Date(`${p.from}T00:00:00.000Z`);
export const periodEnd = (p: ReportPeriod) =>
  new Date(new Date(`${p.to}T00:00:00.000Z`).getTime() + 86_400_000);

/** Most days one report may span: a year and a day, so that a calendar year (leap or not) fits. */
export const MAX_REPORT_DAYS = 366;

/** Why a period cannot be reported on, or null when it can. */
export function periodProblem(p: ReportPeriod): 'order' | 'length' | null {
  if (p.from > p.to) return 'order';
  if ((periodEnd(p).getTime() - periodStart(p).getTime()) / 86_400_000 > MAX_REPORT_DAYS) return 'length';
  return null;
}

/** A lot the buyer received in the period, with its composition (shares of contained cobalt by site). */
export interface ReceivedLot {
  lotId: string;
  epc: string;
  tag: string | null;
  receivedAt: Date;
  from: { id: string; name: string };
  transaction: { type: string; ref: string } | null;
  massKg: number;
  gradePct: number;
  origin: OriginComposition;
}

export interface SiteFact {
  id: string;
  code: string;
  name: string;
  province: string;
  /** The site's minerals, as registered. */
  minerals: readonly string[];
}

export interface IncidentFact {
  code: string;
  siteId: string;
  level: number;
  category: string;
  reportedAt: Date;
  observedAt: Date | null;
  transitions: readonly { to: IncidentState; at: Date }[];
  plan: {
    decidedAt: Date;
    /** Every OECD decision taken on the plan, in order (the first is the plan's own). */
    decisions: readonly { decision: string; at: Date }[];
    /** Each review with, per indicator, its baseline and target and the value found (null when not measured). */
    reviews: readonly {
      at: Date;
      progress: readonly { baseline: number; target: number; value: number | null }[];
    }[];
  } | null;
}

export interface GrievanceFact {
  siteId: string;
  category: string | null;
  status: string;
  createdAt: Date;
  becameIncident: boolean;
}

export interface AssessmentFact {
  siteId: string;
  kind: string;
  approvedAt: Date;
  /** The status the assessment gave the site. */
  status: string;
  setName: string;
  setVersion: number;
}

export interface VisitFact {
  siteId: string;
  visitedAt: Date;
}

export interface ReportFacts {
  period: ReportPeriod;
  received: readonly ReceivedLot[];
  sites: readonly SiteFact[];
  incidents: readonly IncidentFact[];
  grievances: readonly GrievanceFact[];
  assessments: readonly AssessmentFact[];
  visits: readonly VisitFact[];
}

const kg = (n: number) => Math.round(n * 1000) / 1000;
const share = (n: number) => Math.round(n * 1e6) / 1e6;
const ratio = (a: number, b: number) => (b > 0 ? share(a / b) : 0);
const STATUSES = ['green', 'yellow', 'red', 'blue'] as const;

/** What an incident was at an instant: the last state it had moved to by then (it was `reported` first). */
export function incidentStateAt(i: IncidentFact, at: Date): IncidentState | null {
  if (i.reportedAt.getTime() >= at.getTime()) return null;
  let state: IncidentState = 'reported';
  for (const t of i.transitions) if (t.at.getTime() < at.getTime()) state = t.to;
  return state;
}

/** A mitigation plan is reviewed at least every six months (DOMAIN.md §4), counted here as 183 days. */
export const REVIEW_INTERVAL_MS = 183 * 86_400_000;

const CLOSED: readonly IncidentState[] = ['resolved', 'unsubstantiated'];

/** Whether an incident was open at some instant of [start, end): reported before the end, not closed before the start. */
export function openDuring(i: IncidentFact, start: Date, end: Date): boolean {
  const atEnd = incidentStateAt(i, end);
  if (atEnd === null) return false;
  const atStart = incidentStateAt(i, start);
  return atStart === null || !CLOSED.includes(atStart);
}

/**
 * How far a plan had come at its latest review before an instant: for each indicator measured, the part of the
 * way from baseline to target covered (0 to 1, whichever way the target lies), averaged; null before any review.
 */
export function planProgress(plan: NonNullable<IncidentFact['plan']>, at: Date): number | null {
  const last = [...plan.reviews].filter((r) => r.at.getTime() < at.getTime()).at(-1);
  if (!last) return null;
  const measured = last.progress.filter((p) => p.value !== null);
  if (measured.length === 0) return null;
  const way = measured.map((p) => {
    if (p.target === p.baseline) return (p.value as number) === p.target ? 1 : 0;
    return Math.min(1, Math.max(0, ((p.value as number) - p.baseline) / (p.target - p.baseline)));
  });
  return share(way.reduce((s, w) => s + w, 0) / way.length);
}

export interface ReportSiteLine {
  siteId: string;
  code: string;
  name: string;
  province: string;
  containedKg: number;
  share: number;
  nonConformingKg: number;
  /** The states the site was in when it produced what the buyer received, with the cobalt produced in each. */
  atProduction: { status: string; suspended: boolean; openLevel1: string[]; containedKg: number }[];
  incidents: number;
  visits: number;
  lastAssessment: { kind: string; approvedAt: string; status: string } | null;
}

export interface DueDiligenceFigures {
  period: ReportPeriod;
  custody: {
    lots: number;
    massKg: number;
    containedKg: number;
    nonConformingKg: number;
    nonConformingShare: number;
    suppliers: { id: string; name: string; lots: number; containedKg: number }[];
    received: {
      lotId: string;
      epc: string;
      tag: string | null;
      receivedAt: string;
      from: string;
      transaction: { type: string; ref: string } | null;
      massKg: number;
      gradePct: number;
      containedKg: number;
      nonConformingShare: number;
    }[];
  };
  sites: ReportSiteLine[];
  /** Cobalt received by the site's colour when it produced it, and how much came from a suspended site. */
  statusAtProduction: { green: number; yellow: number; red: number; blue: number; suspended: number };
  incidents: {
    total: number;
    byLevel: { level1: number; level2: number; level3: number };
    byCategory: { category: string; level1: number; level2: number; level3: number }[];
    /** States at the end of the period. */
    byState: Record<string, number>;
    items: {
      code: string;
      siteCode: string;
      level: number;
      category: string;
      reportedAt: string;
      stateAtEnd: IncidentState;
      decision: string | null;
      reviews: number;
      progress: number | null;
      reviewOverdue: boolean;
    }[];
  };
  riskManagement: {
    withPlan: number;
    withoutPlan: number;
    /** Incidents by the OECD response in force at the end of the period. */
    decisions: Record<Decision, number>;
    resolvedInPeriod: number;
    reviewsInPeriod: number;
    reviewsOverdue: number;
  };
  grievances: {
    total: number;
    byStatus: Record<string, number>;
    byCategory: { category: string; count: number }[];
    becameIncidents: number;
  };
  assessments: {
    inPeriod: number;
    sitesAssessed: number;
    sitesWithoutAssessment: number;
    standards: { name: string; version: number }[];
  };
  monitoring: { visits: number; sitesVisited: number; sitesInChain: number; coverage: number };
}

const byCode = <T extends { code: string }>(a: T, b: T) =>
  a.code.localeCompare(b.code, 'en', { numeric: true });

/** The report's figures from the facts of the record. */
export function dueDiligenceFigures(f: ReportFacts): DueDiligenceFigures {
  const start = periodStart(f.period);
  const end = periodEnd(f.period);
  const inPeriod = (d: Date) => d.getTime() >= start.getTime() && d.getTime() < end.getTime();
  const received = [...f.received].sort(
    (a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.epc.localeCompare(b.epc),
  );

  // Cobalt by site and by the site's state at production, over every lot received.
  const bySite = new Map<string, number>();
  const nonConformingBySite = new Map<string, number>();
  const states = new Map<
    string,
    Map<string, { status: string; suspended: boolean; openLevel1: string[]; kg: number }>
  >();
  const atProduction = { green: 0, yellow: 0, red: 0, blue: 0, suspended: 0 };
  let contained = 0;
  let nonConforming = 0;
  const suppliers = new Map<string, { id: string; name: string; lots: number; containedKg: number }>();
  for (const lot of received) {
    const c = containedKg({ massKg: lot.massKg, gradePct: lot.gradePct });
    contained += c;
    nonConforming += c * lot.origin.nonConformingShare;
    const s = suppliers.get(lot.from.id) ?? { ...lot.from, lots: 0, containedKg: 0 };
    s.lots += 1;
    s.containedKg += c;
    suppliers.set(lot.from.id, s);
    for (const [siteId, part] of Object.entries(lot.origin.bySite)) {
      bySite.set(siteId, (bySite.get(siteId) ?? 0) + c * part);
      const seen = states.get(siteId) ?? new Map();
      for (const st of statesOf(lot.origin, siteId)) {
        const key = `${st.status}|${st.suspended}|${st.openLevel1.join(',')}`;
        const row = seen.get(key) ?? {
          status: st.status,
          suspended: st.suspended,
          openLevel1: st.openLevel1,
          kg: 0,
        };
        row.kg += c * st.share;
        seen.set(key, row);
        if (st.status in atProduction) atProduction[st.status as (typeof STATUSES)[number]] += c * st.share;
        if (st.suspended) atProduction.suspended += c * st.share;
        if (isNonConforming(st))
          nonConformingBySite.set(siteId, (nonConformingBySite.get(siteId) ?? 0) + c * st.share);
      }
      states.set(siteId, seen);
    }
  }

  const chainSiteIds = new Set(bySite.keys());
  const incidents = f.incidents.filter((i) => chainSiteIds.has(i.siteId) && openDuring(i, start, end));
  const visits = f.visits.filter((v) => chainSiteIds.has(v.siteId) && inPeriod(v.visitedAt));
  const approved = f.assessments.filter(
    (a) => chainSiteIds.has(a.siteId) && a.approvedAt.getTime() < end.getTime(),
  );
  const lastAssessment = (siteId: string) =>
    approved
      .filter((a) => a.siteId === siteId)
      .sort((a, b) => a.approvedAt.getTime() - b.approvedAt.getTime())
      .at(-1);

  const siteFacts = new Map(f.sites.map((s) => [s.id, s]));
  const sites: ReportSiteLine[] = [...chainSiteIds]
    .map((id) => {
      const s = siteFacts.get(id);
      const last = lastAssessment(id);
      return {
        siteId: id,
        code: s?.code ?? '?',
        name: s?.name ?? '?',
        province: s?.province ?? '',
        containedKg: kg(bySite.get(id) ?? 0),
        share: ratio(bySite.get(id) ?? 0, contained),
        nonConformingKg: kg(nonConformingBySite.get(id) ?? 0),
        atProduction: [...(states.get(id)?.values() ?? [])]
          .map((r) => ({
            status: r.status,
            suspended: r.suspended,
            openLevel1: r.openLevel1,
            containedKg: kg(r.kg),
          }))
          .sort((a, b) => b.containedKg - a.containedKg),
        incidents: incidents.filter((i) => i.siteId === id).length,
        visits: visits.filter((v) => v.siteId === id).length,
        lastAssessment: last
          ? { kind: last.kind, approvedAt: last.approvedAt.toISOString(), status: last.status }
          : null,
      };
    })
    .sort((a, b) => b.containedKg - a.containedKg || byCode(a, b));

  const level = (n: number) => incidents.filter((i) => i.level === n).length;
  const categories = [...new Set(incidents.map((i) => i.category))].sort();
  const byState: Record<string, number> = {};
  const decisions: Record<Decision, number> = {
    continue_mitigating: 0,
    suspend_temporarily: 0,
    disengage: 0,
  };
  let reviewsInPeriod = 0;
  let reviewsOverdue = 0;
  const items = incidents
    .map((i) => {
      const stateAtEnd = incidentStateAt(i, end) as IncidentState;
      byState[stateAtEnd] = (byState[stateAtEnd] ?? 0) + 1;
      const decision =
        i.plan?.decisions.filter((d) => d.at.getTime() < end.getTime()).at(-1)?.decision ?? null;
      if (decision && decision in decisions) decisions[decision as Decision] += 1;
      const reviews = i.plan?.reviews.filter((r) => r.at.getTime() < end.getTime()) ?? [];
      reviewsInPeriod += reviews.filter((r) => inPeriod(r.at)).length;
      const lastLook = reviews.at(-1)?.at ?? i.plan?.decidedAt;
      const overdue =
        !!i.plan &&
        !!lastLook &&
        !CLOSED.includes(stateAtEnd) &&
        i.plan.decidedAt.getTime() < end.getTime() &&
        lastLook.getTime() + REVIEW_INTERVAL_MS < end.getTime();
      if (overdue) reviewsOverdue += 1;
      return {
        code: i.code,
        siteCode: siteFacts.get(i.siteId)?.code ?? '?',
        level: i.level,
        category: i.category,
        reportedAt: i.reportedAt.toISOString(),
        stateAtEnd,
        decision,
        reviews: reviews.length,
        progress: i.plan ? planProgress(i.plan, end) : null,
        reviewOverdue: overdue,
      };
    })
    .sort((a, b) => a.level - b.level || byCode(a, b));
  const withPlan = incidents.filter((i) => i.plan && i.plan.decidedAt.getTime() < end.getTime()).length;

  const grievances = f.grievances.filter((g) => chainSiteIds.has(g.siteId) && inPeriod(g.createdAt));
  const grievanceStatus: Record<string, number> = {};
  for (const g of grievances) grievanceStatus[g.status] = (grievanceStatus[g.status] ?? 0) + 1;
  const grievanceCategories = [...new Set(grievances.map((g) => g.category ?? 'other'))].sort();

  const assessedInPeriod = approved.filter((a) => inPeriod(a.approvedAt));
  const standards = new Map(
    approved.map((a) => [`${a.setName}|${a.setVersion}`, { name: a.setName, version: a.setVersion }]),
  );
  const sitesVisited = new Set(visits.map((v) => v.siteId)).size;
  const assessedSites = new Set(approved.map((a) => a.siteId)).size;

  return {
    period: f.period,
    custody: {
      lots: received.length,
      massKg: kg(received.reduce((s, l) => s + l.massKg, 0)),
      containedKg: kg(contained),
      nonConformingKg: kg(nonConforming),
      nonConformingShare: ratio(nonConforming, contained),
      suppliers: [...suppliers.values()]
        .map((s) => ({ ...s, containedKg: kg(s.containedKg) }))
        .sort((a, b) => b.containedKg - a.containedKg || a.name.localeCompare(b.name)),
      received: received.map((l) => {
        const c = containedKg({ massKg: l.massKg, gradePct: l.gradePct });
        return {
          lotId: l.lotId,
          epc: l.epc,
          tag: l.tag,
          receivedAt: l.receivedAt.toISOString(),
          from: l.from.name,
          transaction: l.transaction,
          massKg: l.massKg,
          gradePct: l.gradePct,
          containedKg: kg(c),
          nonConformingShare: share(l.origin.nonConformingShare),
        };
      }),
    },
    sites,
    statusAtProduction: {
      green: kg(atProduction.green),
      yellow: kg(atProduction.yellow),
      red: kg(atProduction.red),
      blue: kg(atProduction.blue),
      suspended: kg(atProduction.suspended),
    },
    incidents: {
      total: incidents.length,
      byLevel: { level1: level(1), level2: level(2), level3: level(3) },
      byCategory: categories.map((category) => ({
        category,
        level1: incidents.filter((i) => i.category === category && i.level === 1).length,
        level2: incidents.filter((i) => i.category === category && i.level === 2).length,
        level3: incidents.filter((i) => i.category === category && i.level === 3).length,
      })),
      byState,
      items,
    },
    riskManagement: {
      withPlan,
      withoutPlan: incidents.length - withPlan,
      decisions,
      resolvedInPeriod: incidents.filter((i) =>
        i.transitions.some((t) => t.to === 'resolved' && inPeriod(t.at)),
      ).length,
      reviewsInPeriod,
      reviewsOverdue,
    },
    grievances: {
      total: grievances.length,
      byStatus: grievanceStatus,
      byCategory: grievanceCategories.map((category) => ({
        category,
        count: grievances.filter((g) => (g.category ?? 'other') === category).length,
      })),
      becameIncidents: grievances.filter((g) => g.becameIncident).length,
    },
    assessments: {
      inPeriod: assessedInPeriod.length,
      sitesAssessed: assessedSites,
      sitesWithoutAssessment: chainSiteIds.size - assessedSites,
      standards: [...standards.values()].sort(
        (a, b) => a.name.localeCompare(b.name) || a.version - b.version,
      ),
    },
    monitoring: {
      visits: visits.length,
      sitesVisited,
      sitesInChain: chainSiteIds.size,
      coverage: ratio(sitesVisited, chainSiteIds.size),
    },
  };
}
