import { v7 as uuidv7 } from 'uuid';
import {
  type ConformityCause,
  conformityChanged,
  describeCause,
  describeConformityChange,
} from '../../domain/custody/conformity.ts';
import type { LotQuantity } from '../../domain/custody/lot.ts';
import {
  type OriginComposition,
  originAtSite,
  type SiteStateAtProduction,
} from '../../domain/custody/origin.ts';
import { type Composed, recompose } from '../../domain/custody/recompose.ts';
import {
  type Level1Incident,
  type SiteHistory,
  sameState,
  siteStateJudge,
} from '../../domain/custody/site-state-at.ts';
import type { IncidentState } from '../../domain/incidents/lifecycle.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import {
  type CompositionRow,
  type ConformityChangeRow,
  compositionsOf,
  conformityChangesOf,
  descendantIds,
  findSiteName,
  incidentSteps,
  inputLinksOf,
  insertConformityChanges,
  insertRejudgement,
  level1IncidentRows,
  lockSacksSince,
  lotReach,
  siteColourHistory,
  updateCompositions,
} from '../../storage/queries/custody.ts';
import { insertAlert } from '../alerts/alerts.ts';
import type { ConformityAlertBody } from '../alerts/views.ts';
import type { AuthedContext } from '../context.ts';
import { requireVisibleLot } from './lots.ts';
import { lockKeys } from './record.ts';
import type { ConformityChangeView } from './views.ts';

/**
 * The advisory lock that serialises a tagging at a site with a change of the site's history: a sack is
 * either judged on the new history or already stored when the change judges the site's sacks again.
 */
export const siteLockKey = (siteId: string) => `site:${siteId}`;

/** The level-1 incidents of a site, or one incident, with every state they moved to. */
async function level1Incidents(
  q: Queryable,
  where: { siteId: string } | { incidentId: string },
): Promise<Level1Incident[]> {
  const rows = await level1IncidentRows(q, where);
  if (rows.length === 0) return [];
  const steps = await incidentSteps<IncidentState>(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    code: r.code,
    observedAt: r.observed_at,
    reportedAt: r.reported_at,
    transitions: steps.filter((s) => s.incident_id === r.id).map((s) => ({ to: s.to_state, at: s.at })),
  }));
}

/** One level-1 incident as the taint rules read it, or null for an incident of another level or no site. */
export async function level1Incident(q: Queryable, incidentId: string): Promise<Level1Incident | null> {
  return (await level1Incidents(q, { incidentId }))[0] ?? null;
}

/** What a site's state at any instant is computed from: its colour history and its level-1 incidents. */
export async function loadSiteHistory(q: Queryable, siteId: string): Promise<SiteHistory> {
  const statuses = (await siteColourHistory(q, siteId)).map((r) => ({
    status: r.status,
    effectiveAt: r.effective_at,
    recordedAt: r.created_at,
  }));
  return { statuses, incidents: await level1Incidents(q, { siteId }) };
}

/** The site's state when a sack was produced there, from its history as known now. */
export async function siteStateAtProduction(
  q: Queryable,
  siteId: string,
  at: Date,
): Promise<SiteStateAtProduction> {
  return siteStateJudge(await loadSiteHistory(q, siteId))(at);
}

type LotRow = CompositionRow;

const quantity = (l: LotRow): LotQuantity => ({ massKg: l.mass_kg, gradePct: l.grade_pct });

/** Writes new compositions (and, for sacks, states) to many lots in one statement. */
async function writeCompositions(
  tx: Queryable,
  lots: readonly { id: string; origin: OriginComposition; state?: SiteStateAtProduction }[],
) {
  await updateCompositions(tx, lots);
}

/** What a re-judgement did: the sacks whose state at production changed, and the lots whose conformity did. */
export interface RejudgeOutcome {
  rejudgementId: string | null;
  sacks: number;
  lots: { id: string; before: number; after: number }[];
}

const MAX_LOTS_PER_ALERT = 100;

/**
 * Judges again every sack produced at the site from `since` on, with the site's history as it now stands,
 * then every lot made from a sack whose state changed, in lineage order; in the caller's transaction.
 * Each lot whose non-conforming share changed is on record with the cause, and its holder and the
 * organisations that received it are alerted.
 */
export async function rejudgeSite(
  tx: Queryable,
  siteId: string,
  since: Date,
  cause: ConformityCause,
  actor: EventActor | null,
  now: Date,
): Promise<RejudgeOutcome> {
  await lockKeys(tx, [siteLockKey(siteId)]);
  const judge = siteStateJudge(await loadSiteHistory(tx, siteId));
  const sacks = await lockSacksSince(tx, siteId, since);
  const rejudged = sacks.flatMap((s) => {
    const state = judge(s.produced_at);
    if (s.site_state && sameState(s.site_state, state)) return [];
    return [{ row: s, state, origin: originAtSite(siteId, s.cooperative_id, state) }];
  });
  if (rejudged.length === 0) return { rejudgementId: null, sacks: 0, lots: [] };
  await writeCompositions(
    tx,
    rejudged.map((r) => ({ id: r.row.id, origin: r.origin, state: r.state })),
  );
  const changedSacks = new Set(rejudged.map((r) => r.row.id));

  // Downstream: every lot made from those sacks, at any depth, recomposed from its inputs as they now are.
  const downIds = (await descendantIds(tx, [...changedSacks])).filter((id) => !changedSacks.has(id));
  const down = await compositionsOf(tx, downIds, true);
  const edges = await inputLinksOf(tx, downIds);
  const downSet = new Set(downIds);
  const outside = [...new Set(edges.map((e) => e.input_id).filter((id) => !downSet.has(id)))];
  const known = new Map<string, Composed>(
    (await compositionsOf(tx, outside, false)).map((l) => [
      l.id,
      { quantity: quantity(l), origin: l.origin },
    ]),
  );
  const inputsOf = new Map<string, string[]>();
  for (const e of edges) {
    const list = inputsOf.get(e.lot_id);
    if (list) list.push(e.input_id);
    else inputsOf.set(e.lot_id, [e.input_id]);
  }
  const origins = recompose(
    down.map((l) => ({ id: l.id, quantity: quantity(l), inputs: (inputsOf.get(l.id) ?? []).sort() })),
    known,
  );
  await writeCompositions(
    tx,
    down.map((l) => ({ id: l.id, origin: origins.get(l.id) as OriginComposition })),
  );

  const changed = [
    ...rejudged.map((r) => ({
      id: r.row.id,
      before: r.row.nonconforming_share,
      after: r.origin.nonConformingShare,
    })),
    ...down.map((l) => ({
      id: l.id,
      before: l.nonconforming_share,
      after: (origins.get(l.id) as OriginComposition).nonConformingShare,
    })),
  ].filter((c) => conformityChanged(c.before, c.after));

  const rejudgementId = uuidv7();
  await insertRejudgement(tx, {
    id: rejudgementId,
    siteId,
    cause,
    since,
    sacks: rejudged.length,
    lotsChanged: changed.length,
    recordedBy: actor?.userId ?? null,
    at: now,
  });
  await insertConformityChanges(tx, rejudgementId, changed);
  await appendEvent(tx, {
    type: 'custody.rejudged',
    subjectType: 'custody_rejudgement',
    subjectId: rejudgementId,
    payload: {
      siteId,
      cause,
      since: since.toISOString(),
      explanation: describeCause(cause),
      sacks: rejudged.length,
      lots: changed.map((c) => ({
        ...c,
        explanation: describeConformityChange(c.before, c.after, cause),
      })),
    },
    actor,
    at: now,
  });
  if (changed.length) await alertHolders(tx, siteId, rejudgementId, cause, changed, actor, now);
  return { rejudgementId, sacks: rejudged.length, lots: changed };
}

/** Alerts, once per organisation, the holders of the lots whose conformity changed and those that received them. */
async function alertHolders(
  tx: Queryable,
  siteId: string,
  rejudgementId: string,
  cause: ConformityCause,
  changed: readonly { id: string; before: number; after: number }[],
  actor: EventActor | null,
  now: Date,
) {
  const site = (await findSiteName(tx, siteId)) as { id: string; code: string; name: string };
  const reach = await lotReach(
    tx,
    changed.map((c) => c.id),
  );
  const byOrg = new Map<string, typeof reach>();
  for (const r of reach) {
    const list = byOrg.get(r.org);
    if (list) list.push(r);
    else byOrg.set(r.org, [r]);
  }
  const explanation = describeCause(cause);
  const changeOf = new Map(changed.map((c) => [c.id, c]));
  for (const [org, lots] of byOrg) {
    const body: ConformityAlertBody = {
      conformity: { rejudgementId, cause, explanation },
      site,
      lots: lots.slice(0, MAX_LOTS_PER_ALERT).map((l) => {
        const c = changeOf.get(l.id) as (typeof changed)[number];
        return {
          id: l.id,
          tag: l.tag,
          epc: l.epc,
          kind: l.kind,
          before: c.before,
          after: c.after,
          explanation: describeConformityChange(c.before, c.after, cause),
        };
      }),
      lotCount: lots.length,
    };
    const title = `Conformity changed for ${lots.length} lot${lots.length > 1 ? 's' : ''} with ore from ${site.code} ${site.name}: ${explanation}`;
    await insertAlert(tx, {
      organisationId: org,
      incidentId: null,
      transitionId: null,
      rejudgementId,
      kind: 'lot.conformity_changed',
      title,
      body,
      siteId,
      actor,
      now,
    });
  }
}

/** A lot's conformity history: each change of its non-conforming share, with its cause, oldest first. */
export async function conformityHistory(q: Queryable, lotId: string): Promise<ConformityChangeView[]> {
  const rows = (await conformityChangesOf(q, lotId)) as (ConformityChangeRow & { cause: ConformityCause })[];
  const share = (n: number) => Math.round(n * 1e6) / 1e6;
  return rows.map((r) => ({
    rejudgementId: r.id,
    at: r.at.toISOString(),
    before: share(r.share_before),
    after: share(r.share_after),
    cause: r.cause,
    explanation: describeConformityChange(r.share_before, r.share_after, r.cause),
  }));
}

/** A lot's conformity history, for those who may see the lot (404 otherwise). */
export async function lotConformity(ctx: AuthedContext, lotId: string) {
  await requireVisibleLot(ctx.db, ctx.principal, lotId);
  return conformityHistory(ctx.db, lotId);
}
