import { v7 as uuidv7 } from 'uuid';
import { addMonths } from '../../domain/actors/kyc.ts';
import {
  BLUE_LIMIT_MONTHS,
  describeStatus,
  type StatusChange,
  type StatusState,
  timedChange,
} from '../../domain/assessments/site-status.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import {
  findSiteById,
  lockSites,
  recordSiteStatuses,
  type SiteRow,
  sitesWithTimeRuleDue,
  updateSiteStatus,
} from '../../storage/queries/sites.ts';
import type { ServiceContext } from '../context.ts';
import { rejudgeSite } from '../custody/reevaluate.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The status state of a stored site, as the domain rules read it. */
export const stateOf = (s: SiteRow): StatusState => ({
  status: s.status,
  since: day(s.status_since),
  deadline: s.status_deadline,
  validUntil: s.status_valid_until,
  redUntil: s.status_red_until,
  pending: s.status_pending,
});

/** Writes a status change to the site, its history (with the reason in words) and the event log. */
export async function recordStatusChange(
  tx: Queryable,
  site: SiteRow,
  change: StatusChange,
  actor: EventActor | null,
  now: Date,
  approval?: { at: Date; assessmentId: string },
): Promise<void> {
  const { state, reason, effective } = change;
  const text = describeStatus(
    state.status,
    state.status === site.status && reason.kind === 'red_minimum' ? day(site.status_since) : effective,
    reason,
  );
  const since =
    state.status === site.status && reason.kind === 'red_minimum'
      ? site.status_since
      : new Date(`${effective}T00:00:00Z`);
  await updateSiteStatus(tx, {
    id: site.id,
    status: state.status,
    since,
    reason,
    deadline: state.deadline,
    validUntil: state.validUntil,
    redUntil: state.redUntil,
    pending: state.pending,
    approvedAt: approval?.at ?? null,
    assessmentId: approval?.assessmentId ?? null,
  });
  await recordSiteStatuses(tx, [
    {
      id: uuidv7(),
      siteId: site.id,
      status: state.status,
      reason: text,
      reasonData: reason,
      effectiveAt: new Date(`${effective}T00:00:00Z`),
      recordedBy: actor?.userId ?? null,
      recordedAt: now,
    },
  ]);
  await appendEvent(tx, {
    type: 'site.status_changed',
    subjectType: 'site',
    subjectId: site.id,
    payload: { from: site.status, to: state.status, effective, reason, explanation: text },
    actor,
    at: now,
  });
  // The colour counts from its effective day, which may be past: what the site produced since is judged again.
  const from = new Date(`${effective}T00:00:00Z`);
  await rejudgeSite(
    tx,
    site.id,
    from,
    {
      kind: 'status',
      site: site.code,
      status: state.status,
      effective: from.toISOString(),
      at: now.toISOString(),
    },
    actor,
    now,
  );
}

/** Sites locked and changed per transaction: a long pass holds no lock for long and keeps what it did. */
const TIME_RULE_CHUNK = 200;

/**
 * Applies the time rules to every site whose status can have changed with time (green lapsing, yellow
 * overdue, blue too long, red minimum over), found by their dates in one query and changed in chunks of
 * sites per transaction. Run by the worker; the clock is the context's, so tests can move it.
 */
export async function runTimeRules(ctx: ServiceContext): Promise<{ changed: number }> {
  const now = ctx.clock();
  // A blue site turns red after BLUE_LIMIT_MONTHS; a week's margin covers month ends, the rule decides.
  const blueSince = new Date(
    addMonths(new Date(`${day(now)}T00:00:00Z`), -BLUE_LIMIT_MONTHS).getTime() + 8 * 86400_000,
  );
  const due = await sitesWithTimeRuleDue(ctx.db, day(now), blueSince);
  let changed = 0;
  for (let i = 0; i < due.length; i += TIME_RULE_CHUNK) {
    changed += await ctx.db.transaction(async (tx) => {
      let n = 0;
      for (let site of await lockSites(tx, due.slice(i, i + TIME_RULE_CHUNK))) {
        // A site's changes cascade (a lapse, then more time): apply them in order until none is due.
        for (let step = 0; step < 4; step++) {
          const change = timedChange(stateOf(site), now);
          if (!change) break;
          await recordStatusChange(tx, site, change, null, now);
          n++;
          const reread = await findSiteById(tx, site.id);
          if (!reread) break;
          site = reread;
        }
      }
      return n;
    });
  }
  return { changed };
}
