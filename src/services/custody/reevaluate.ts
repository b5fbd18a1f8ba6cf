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
import { type ConformityAlertBody, insertAlert } from '../alerts/alerts.ts';
import type { AuthedContext } from '../context.ts';
import { DESCENDANTS_SQL, requireVisibleLot } from './lots.ts';
import { lockKeys } from './record.ts';

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
  const rows = (
    await q.query<{ id: string; code: string; observed_at: Date | null; reported_at: Date }>(
      `SELECT id, code, observed_at, reported_at FROM incidents
        WHERE level = 1 AND site_id IS NOT NULL AND ${'siteId' in where ? 'site_id' : 'id'} = $1`,
      ['siteId' in where ? where.siteId : where.incidentId],
    )
  ).rows;
  if (rows.length === 0) return [];
  const steps = (
    await q.query<{ incident_id: string; to_state: IncidentState; at: Date }>(
      'SELECT incident_id, to_state, at FROM incident_transitions WHERE incident_id = ANY($1::uuid[]) ORDER BY at, id',
      [rows.map((r) => r.id)],
    )
  ).rows;
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
  const statuses = (
    await q.query<{ status: string; effective_at: Date; created_at: Date }>(
      `SELECT status, effective_at, created_at FROM site_status_history
        WHERE site_id = $1 AND reason_data->>'kind' NOT IN ('suspended', 'suspension_lifted')
        ORDER BY created_at, id`,
      [siteId],
    )
  ).rows.map((r) => ({ status: r.status, effectiveAt: r.effective_at, recordedAt: r.created_at }));
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

interface LotRow {
  id: string;
  mass_kg: number;
  grade_pct: number;
  nonconforming_share: number;
  origin: OriginComposition;
}

const quantity = (l: LotRow): LotQuantity => ({ massKg: l.mass_kg, gradePct: l.grade_pct });

/** Writes new compositions (and, for sacks, states) to many lots in one statement. */
async function writeCompositions(
  tx: Queryable,
  lots: readonly { id: string; origin: OriginComposition; state?: SiteStateAtProduction }[],
) {
  if (lots.length === 0) return;
  await tx.query(
    `UPDATE custody_lots l
        SET origin = v.origin::jsonb, nonconforming_share = v.share,
            site_state = COALESCE(v.state::jsonb, l.site_state)
       FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::text[]) AS v(id, origin, share, state)
      WHERE l.id = v.id`,
    [
      lots.map((l) => l.id),
      lots.map((l) => JSON.stringify(l.origin)),
      lots.map((l) => l.origin.nonConformingShare),
      lots.map((l) => (l.state ? JSON.stringify(l.state) : null)),
    ],
  );
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
  const sacks = (
    await tx.query<
      LotRow & { cooperative_id: string | null; produced_at: Date; site_state: SiteStateAtProduction | null }
    >(
      `SELECT id, cooperative_id, produced_at, site_state, mass_kg, grade_pct, nonconforming_share, origin FROM custody_lots
        WHERE site_id = $1 AND kind = 'sack' AND produced_at >= $2 ORDER BY id FOR UPDATE`,
      [siteId, since],
    )
  ).rows;
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
  const downIds = (
    await tx.query<{ id: string }>(`${DESCENDANTS_SQL} SELECT id FROM down`, [[...changedSacks]])
  ).rows
    .map((r) => r.id)
    .filter((id) => !changedSacks.has(id));
  const down = (
    await tx.query<LotRow>(
      'SELECT id, mass_kg, grade_pct, nonconforming_share, origin FROM custody_lots WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
      [downIds],
    )
  ).rows;
  const edges = (
    await tx.query<{ lot_id: string; input_id: string }>(
      'SELECT lot_id, input_id FROM custody_lot_inputs WHERE lot_id = ANY($1::uuid[])',
      [downIds],
    )
  ).rows;
  const downSet = new Set(downIds);
  const outside = [...new Set(edges.map((e) => e.input_id).filter((id) => !downSet.has(id)))];
  const known = new Map<string, Composed>(
    (
      await tx.query<LotRow>(
        'SELECT id, mass_kg, grade_pct, nonconforming_share, origin FROM custody_lots WHERE id = ANY($1::uuid[])',
        [outside],
      )
    ).rows.map((l) => [l.id, { quantity: quantity(l), origin: l.origin }]),
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
  await tx.query(
    `INSERT INTO custody_rejudgements (id, site_id, cause, since, sacks, lots_changed, recorded_by, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      rejudgementId,
      siteId,
      JSON.stringify(cause),
      since,
      rejudged.length,
      changed.length,
      actor?.userId ?? null,
      now,
    ],
  );
  if (changed.length)
    await tx.query(
      `INSERT INTO custody_conformity_changes (lot_id, rejudgement_id, share_before, share_after)
       SELECT v.id, $1, v.before, v.after FROM unnest($2::uuid[], $3::float8[], $4::float8[]) AS v(id, before, after)`,
      [rejudgementId, changed.map((c) => c.id), changed.map((c) => c.before), changed.map((c) => c.after)],
    );
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
  const site = (
    await tx.query<{ id: string; code: string; name: string }>(
      'SELECT id, code, name FROM sites WHERE id = $1',
      [siteId],
    )
  ).rows[0];
  const reach = (
    await tx.query<{ org: string; id: string; tag: string | null; epc: string; kind: string }>(
      `SELECT r.org, l.id, l.tag, l.epc, l.kind FROM (
          SELECT id AS lot_id, holder_id AS org FROM custody_lots WHERE id = ANY($1::uuid[])
          UNION SELECT lot_id, to_id FROM custody_transfers WHERE lot_id = ANY($1::uuid[])) r
        JOIN custody_lots l ON l.id = r.lot_id
       ORDER BY r.org, l.produced_at, l.id`,
      [changed.map((c) => c.id)],
    )
  ).rows;
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
export async function conformityHistory(q: Queryable, lotId: string) {
  const rows = (
    await q.query<{
      share_before: number;
      share_after: number;
      cause: ConformityCause;
      at: Date;
      id: string;
    }>(
      `SELECT c.share_before, c.share_after, r.cause, r.at, r.id FROM custody_conformity_changes c
         JOIN custody_rejudgements r ON r.id = c.rejudgement_id
        WHERE c.lot_id = $1 ORDER BY r.at, r.id`,
      [lotId],
    )
  ).rows;
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
