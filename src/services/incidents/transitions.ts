import { v7 as uuidv7 } from 'uuid';
import { canHandleIncidents } from '../../domain/access/roles.ts';
import { describeStatus, type StatusReason } from '../../domain/assessments/site-status.ts';
import { incidentWindow, windowChangedSince } from '../../domain/custody/site-state-at.ts';
import {
  checkFourEyes,
  checkTransition,
  type IncidentState,
  suspendsSite,
} from '../../domain/incidents/lifecycle.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import { findPlan, insertTransition, setIncidentState } from '../../storage/queries/incidents.ts';
import { findSiteById, lockSite, recordSiteStatuses, setSuspendedBy } from '../../storage/queries/sites.ts';
import { raiseAlerts } from '../alerts/alerts.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { level1Incident, rejudgeSite } from '../custody/reevaluate.ts';
import { conflict, forbidden, invalid, stale } from '../errors.ts';
import { getIncident, type IncidentRow, visibleIncident } from './incidents.ts';

/** The window in which a level-1 incident taints its site's production, as now recorded. */
async function taintWindow(tx: Queryable, incident: IncidentRow) {
  if (incident.level !== 1 || !incident.site_id) return null;
  const i = await level1Incident(tx, incident.id);
  return i ? incidentWindow(i) : null;
}

/** Records a suspension of the site, or its lifting, in its status history beside the assessment colour. */
async function recordSuspension(
  tx: Queryable,
  incident: IncidentRow,
  suspend: boolean,
  actor: EventActor,
  now: Date,
) {
  const site = await lockSite(tx, incident.site_id as string);
  if (!site) return;
  const others = site.suspended_by.filter((c) => c !== incident.code);
  const suspendedBy = suspend ? [...others, incident.code] : others;
  await setSuspendedBy(tx, site.id, suspendedBy);
  const reason: StatusReason = suspend
    ? { kind: 'suspended', incident: incident.code, title: incident.title }
    : { kind: 'suspension_lifted', incident: incident.code };
  const text = describeStatus(site.status, now.toISOString().slice(0, 10), reason);
  await recordSiteStatuses(tx, [
    {
      id: uuidv7(),
      siteId: site.id,
      status: site.status,
      reason: text,
      reasonData: reason,
      effectiveAt: now,
      recordedBy: actor.userId,
      recordedAt: now,
    },
  ]);
  await appendEvent(tx, {
    type: suspend ? 'site.suspended' : 'site.suspension_lifted',
    subjectType: 'site',
    subjectId: site.id,
    payload: { incident: incident.code, suspendedBy, explanation: text },
    actor,
    at: now,
  });
}

/**
 * Moves an incident through its lifecycle with the reason on record; suspends or frees its site for a
 * level-1 incident and alerts every exposed subscriber, all in one transaction.
 */
export async function transitionIncident(
  ctx: AuthedContext,
  id: string,
  input: { to: IncidentState; reason: string; revision: number; observedAt?: string },
) {
  if (!canHandleIncidents(ctx.principal))
    throw forbidden('only analysts and administrators move incidents through their lifecycle', {
      code: 'incidents.transition-role',
    });
  const now = ctx.clock();
  const actor = actorOf(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const incident = await visibleIncident(ctx, id, tx, true);
    if (incident.revision !== input.revision)
      throw stale('incident', incident.revision, `incident ${incident.code}`);
    const hasPlan = (await findPlan(tx, id)) !== undefined;
    const refusal = checkTransition(incident.state, input.to, input.reason, hasPlan);
    if (refusal) throw conflict(refusal.message, [], { code: refusal.code, params: refusal.params });
    // Four eyes: the reporter of an incident of a configured level neither concludes its verification nor closes it.
    const fourEyes = checkFourEyes(
      input.to,
      incident.level,
      incident.reported_by,
      ctx.principal.userId,
      ctx.config.incidentFourEyesLevels,
    );
    if (fourEyes) throw forbidden(fourEyes.message, { code: fourEyes.code, params: fourEyes.params });
    // The verification may establish when the harm began; the report time stays beside it.
    const observedAt = input.observedAt ? new Date(input.observedAt) : null;
    if (observedAt && input.to !== 'verified')
      throw invalid([
        {
          path: 'observedAt',
          message: 'the time the harm began is established when verifying',
          code: 'incidents.observed-when-verifying',
        },
      ]);
    if (observedAt && observedAt.getTime() > now.getTime())
      throw invalid([
        {
          path: 'observedAt',
          message: 'the harm cannot have begun in the future',
          code: 'incidents.began-in-future',
        },
      ]);
    const windowBefore = await taintWindow(tx, incident);
    const transitionId = uuidv7();
    await setIncidentState(tx, id, input.to, observedAt, now);
    await insertTransition(tx, {
      id: transitionId,
      incidentId: id,
      from: incident.state,
      to: input.to,
      reason: input.reason.trim(),
      byUser: ctx.principal.userId,
      at: now,
    });
    await appendEvent(tx, {
      type: 'incident.transitioned',
      subjectType: 'incident',
      subjectId: id,
      payload: {
        code: incident.code,
        from: incident.state,
        to: input.to,
        reason: input.reason.trim(),
        ...(observedAt
          ? {
              observedAt: {
                from: (incident.observed_at ?? incident.reported_at).toISOString(),
                to: observedAt.toISOString(),
              },
            }
          : {}),
      },
      actor,
      at: now,
    });
    const before = suspendsSite(incident.state, incident.level);
    const after = suspendsSite(input.to, incident.level);
    if (incident.site_id && before !== after) await recordSuspension(tx, incident, after, actor, now);
    await raiseAlerts(
      tx,
      incident,
      { id: transitionId, to: input.to, reason: input.reason.trim() },
      actor,
      now,
    );
    // Whatever the site produced while the incident's window changed is judged again.
    const windowAfter = await taintWindow(tx, incident);
    const since = windowChangedSince(windowBefore, windowAfter);
    if (incident.site_id && since) {
      const site = await findSiteById(tx, incident.site_id);
      if (!site) throw invalid([{ path: 'siteId', message: 'no such site', code: 'incidents.no-such-site' }]);
      await rejudgeSite(
        tx,
        incident.site_id,
        since,
        {
          kind: 'incident',
          incident: incident.code,
          site: site.code,
          observedAt: (observedAt ?? incident.observed_at ?? incident.reported_at).toISOString(),
          change: input.to,
          ...(observedAt ? { observedAtCorrected: true } : {}),
          at: now.toISOString(),
        },
        actor,
        now,
      );
    }
  });
  // Committed: the outbox may go now. Were the process to die first, the worker finds it on its next pass.
  ctx.wakeOutbox?.();
  return getIncident(ctx, id);
}
