import type { IncidentState } from '../../domain/incidents/lifecycle.ts';
import {
  dueDiligenceFigures,
  periodEnd,
  periodProblem,
  periodStart,
  type ReportPeriod,
} from '../../domain/reports/due-diligence.ts';
import {
  latestSealBefore,
  lotsReceivedBy,
  reportAssessments,
  reportAuditGrants,
  reportGrievances,
  reportIncidents,
  reportOrganisation,
  reportSites,
  reportVisits,
} from '../../storage/queries/due-diligence.ts';
import { auditorReportAccess } from '../audit/auditor.ts';
import type { ReadRequest } from '../audit/reads.ts';
import type { AuthedContext } from '../context.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import type { DueDiligenceReportView } from './views.ts';

/** The programme's staff who may read any buyer's report. */
const PROGRAMME_READERS = ['admin', 'analyst'];

/**
 * Who may read a buyer's due-diligence report: the buyer itself, the programme's analysts and administrators,
 * and an auditor whose access names the buyer for those days (the read recorded either way).
 */
export async function requireReportAccess(
  ctx: AuthedContext,
  read: ReadRequest,
  organisationId: string,
  period: ReportPeriod,
): Promise<void> {
  const p = ctx.principal;
  if (p.role === 'auditor')
    return auditorReportAccess(ctx, read, organisationId, { since: period.from, until: period.to });
  if (PROGRAMME_READERS.includes(p.role)) return;
  if (p.organisationId === organisationId && (p.role === 'buyer' || p.role === 'downstream')) return;
  throw forbidden(
    "a due-diligence report is read by its buyer, the programme's analysts and administrators, and auditors granted it",
    {
      code: 'reports.report-forbidden',
    },
  );
}

/** Refuses a period that runs backwards or spans more than a year, naming the field to fix. */
export function checkPeriod(period: ReportPeriod): void {
  const problem = periodProblem(period);
  if (problem === 'order')
    throw invalid([
      { path: 'to', message: 'the period ends before it starts', code: 'reports.period-order' },
    ]);
  if (problem === 'length')
    throw invalid([
      {
        path: 'to',
        message: 'a report covers at most 366 days',
        code: 'reports.period-too-long',
        params: { days: 366 },
      },
    ]);
}

const NON_CONFORMITY =
  'Material is non-conforming for the share of its cobalt produced at a site while it was red, suspended, or under an open level-1 incident, judged at the time of production.';

/** The due-diligence report of one buyer for one period, computed from the record. */
export async function dueDiligenceReport(
  ctx: AuthedContext,
  read: ReadRequest,
  organisationId: string,
  period: ReportPeriod,
): Promise<DueDiligenceReportView> {
  checkPeriod(period);
  const buyer = await reportOrganisation(ctx.db, organisationId);
  if (!buyer) throw notFound('organisation');
  await requireReportAccess(ctx, read, organisationId, period);
  const start = periodStart(period);
  const end = periodEnd(period);
  const lots = await lotsReceivedBy(ctx.db, organisationId, start, end);
  const siteIds = [...new Set(lots.flatMap((l) => Object.keys(l.origin.bySite)))];
  const [sites, incidents, grievances, assessments, visits, grants, seal] = [
    await reportSites(ctx.db, siteIds),
    await reportIncidents(ctx.db, siteIds, end),
    await reportGrievances(ctx.db, siteIds, start, end),
    await reportAssessments(ctx.db, siteIds, end),
    await reportVisits(ctx.db, siteIds, start, end),
    await reportAuditGrants(ctx.db, organisationId, siteIds, start, end),
    await latestSealBefore(ctx.db, end),
  ];
  const f = dueDiligenceFigures({
    period,
    received: lots.map((l) => ({
      lotId: l.lot_id,
      epc: l.epc,
      tag: l.tag,
      receivedAt: l.shipped_at,
      from: { id: l.from_id, name: l.from_name },
      transaction:
        l.transaction_type && l.transaction_ref ? { type: l.transaction_type, ref: l.transaction_ref } : null,
      massKg: l.mass_kg,
      gradePct: l.grade_pct,
      origin: l.origin,
    })),
    sites,
    incidents: incidents.map((i) => ({
      code: i.code,
      siteId: i.site_id,
      level: i.level,
      category: i.category,
      reportedAt: i.reported_at,
      observedAt: i.observed_at,
      transitions: i.transitions.map((t) => ({ to: t.to as IncidentState, at: new Date(t.at) })),
      plan: i.plan
        ? {
            decidedAt: new Date(i.plan.decided_at),
            decisions: i.plan.decisions.map((d) => ({ decision: d.decision, at: new Date(d.at) })),
            reviews: i.plan.reviews.map((r) => ({
              at: new Date(r.at),
              progress: (i.plan?.indicators ?? []).map((x) => ({
                baseline: x.baseline,
                target: x.target,
                value: r.progress[x.name] ?? null,
              })),
            })),
          }
        : null,
    })),
    grievances: grievances.map((g) => ({
      siteId: g.site_id,
      category: g.category,
      status: g.status,
      createdAt: g.created_at,
      becameIncident: g.incident,
    })),
    assessments: assessments.map((a) => ({
      siteId: a.site_id,
      kind: a.kind,
      approvedAt: a.approved_at,
      status: a.status ?? 'blue',
      setName: a.set_name,
      setVersion: a.set_version,
    })),
    visits: visits.map((v) => ({ siteId: v.site_id, visitedAt: v.visited_at })),
  });
  const { sites: siteLines, statusAtProduction, custody } = f;
  return {
    buyer: { id: buyer.id, name: buyer.legal_name, country: buyer.country },
    period,
    generatedAt: ctx.clock().toISOString(),
    policy: {
      standards: f.assessments.standards,
      nonConformity: NON_CONFORMITY,
      lossTolerancePct: ctx.config.custodyLossTolerancePct,
    },
    managementSystem: { ...custody, sites: siteLines, statusAtProduction },
    riskAssessment: {
      incidents: {
        total: f.incidents.total,
        byLevel: f.incidents.byLevel,
        byCategory: f.incidents.byCategory,
        byState: f.incidents.byState,
      },
      assessments: f.assessments,
      monitoring: f.monitoring,
    },
    riskManagement: { ...f.riskManagement, incidents: f.incidents.items },
    verification: {
      auditors: grants.map((g) => ({
        auditor: g.auditor,
        organisation: g.organisation,
        periodFrom: g.period_from,
        periodTo: g.period_to,
        purpose: g.purpose,
      })),
      seal: seal ? { seq: seal.seq, sealedAt: seal.sealed_at.toISOString(), keyId: seal.key_id } : null,
    },
    grievanceMechanism: f.grievances,
  };
}
