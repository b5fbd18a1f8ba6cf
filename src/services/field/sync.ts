import { recordSiteChecklist, type SiteChecklistInput } from '../assessments/assessments.ts';
import type { AssessmentView } from '../assessments/views.ts';
import type { AuthedContext } from '../context.ts';
import { type TagInput, tagSack } from '../custody/operations.ts';
import type { CustodyResultView } from '../custody/views.ts';
import { ServiceError } from '../errors.ts';
import type { GrievanceLanguage } from '../grievances/grievances.ts';
import { type Contact, takeDownGrievance } from '../grievances/grievances.ts';
import { reportIncident } from '../incidents/incidents.ts';
import type { IncidentView } from '../incidents/views.ts';
import type { VisitView } from '../monitoring/views.ts';
import type { VisitInput } from '../monitoring/visits.ts';
import { recordVisit } from '../monitoring/visits.ts';

type IncidentInput = Parameters<typeof reportIncident>[1];

/** One record of a phone's outbox: what it is, and the request its service takes, under its client-made id. */
export type FieldRecord =
  | { kind: 'visit'; body: VisitInput & { id: string } }
  | { kind: 'incident'; body: IncidentInput & { id: string } }
  | { kind: 'tag'; body: TagInput & { id: string } }
  | { kind: 'assessment'; body: SiteChecklistInput }
  | { kind: 'grievance'; body: GrievanceTakenDown };

/** A grievance a monitor took down on the phone for its reporter (decision 0043). */
export interface GrievanceTakenDown {
  id: string;
  siteId?: string | null;
  location?: string;
  category?: Parameters<typeof takeDownGrievance>[1]['category'];
  description: string;
  language: GrievanceLanguage;
  contact?: Contact | null;
  takenDownAt: string;
}

/** What a grievance taken down answers: the receipt the monitor hands to the reporter. */
export interface GrievanceReceipt {
  caseCode: string;
  secret: string;
}

/** What became of one record: stored now, stored by an earlier sync, or refused with what to fix. */
export type RecordOutcome =
  | {
      id: string;
      kind: FieldRecord['kind'];
      outcome: 'applied' | 'already-applied';
      record: VisitView | IncidentView | CustodyResultView | AssessmentView | GrievanceReceipt;
    }
  | { id: string; kind: FieldRecord['kind']; outcome: 'refused'; error: ServiceError };

async function apply(ctx: AuthedContext, r: FieldRecord) {
  if (r.kind === 'visit') {
    const { visit, created } = await recordVisit(ctx, r.body);
    return { record: visit, created };
  }
  if (r.kind === 'incident') {
    const { incident, created } = await reportIncident(ctx, r.body);
    return { record: incident, created };
  }
  if (r.kind === 'assessment') {
    const { assessment, created } = await recordSiteChecklist(ctx, r.body);
    return { record: assessment, created };
  }
  if (r.kind === 'grievance') {
    const { created, ...receipt } = await takeDownGrievance(ctx, r.body);
    return { record: receipt, created };
  }
  const { created, ...result } = await tagSack(ctx, r.body);
  return { record: result, created };
}

/**
 * Applies a phone's batch one record at a time, in its order, each through its own service and the one
 * idempotency mechanism (decision 0007): a record already stored is acknowledged, never stored twice, and one the
 * service refuses does not hold back the others. Each record is its own transaction, so a batch cut off half-way
 * keeps what it acknowledged and the phone sends the rest again.
 */
export async function applyBatch(
  ctx: AuthedContext,
  records: readonly FieldRecord[],
): Promise<RecordOutcome[]> {
  const outcomes: RecordOutcome[] = [];
  for (const r of records) {
    try {
      const { record, created } = await apply(ctx, r);
      outcomes.push({
        id: r.body.id,
        kind: r.kind,
        outcome: created ? 'applied' : 'already-applied',
        record,
      });
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
      outcomes.push({ id: r.body.id, kind: r.kind, outcome: 'refused', error: e });
    }
  }
  return outcomes;
}
