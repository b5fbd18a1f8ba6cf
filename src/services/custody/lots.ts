import { canReadAllPrivate, type Principal } from '../../domain/access/roles.ts';
import type { OriginComposition } from '../../domain/custody/origin.ts';
import type { Queryable } from '../../storage/db.ts';
import { notFound } from '../errors.ts';

export interface LotRow {
  id: string;
  epc: string;
  tag: string | null;
  kind: 'sack' | 'batch' | 'output';
  mineral: string;
  site_id: string | null;
  cooperative_id: string | null;
  produced_at: Date;
  mass_kg: number;
  grade_pct: number;
  holder_id: string;
  consumed_at: Date | null;
  origin: OriginComposition;
  nonconforming_share: number;
  site_state: { status: string; suspended: boolean; openLevel1: string[] } | null;
  event_id: string;
  created_at: Date;
}

export interface LotView {
  id: string;
  epc: string;
  tag: string | null;
  kind: LotRow['kind'];
  mineral: string;
  siteId: string | null;
  cooperativeId: string | null;
  producedAt: string;
  massKg: number;
  gradePct: number;
  containedKg: number;
  holder: { id: string; name: string };
  consumed: boolean;
  nonConformingShare: number;
  eventId: string;
}

/** Lots by id with their holders' names, in the order asked. */
export async function lotViews(q: Queryable, ids: readonly string[]): Promise<LotView[]> {
  const rows = (
    await q.query<LotRow & { holder_name: string }>(
      `SELECT l.*, o.legal_name AS holder_name FROM custody_lots l JOIN organisations o ON o.id = l.holder_id
        WHERE l.id = ANY($1::uuid[])`,
      [ids],
    )
  ).rows;
  return ids.flatMap((id) => {
    const r = rows.find((x) => x.id === id);
    if (!r) return [];
    return [
      {
        id: r.id,
        epc: r.epc,
        tag: r.tag,
        kind: r.kind,
        mineral: r.mineral,
        siteId: r.site_id,
        cooperativeId: r.cooperative_id,
        producedAt: r.produced_at.toISOString(),
        massKg: r.mass_kg,
        gradePct: r.grade_pct,
        containedKg: Math.round(r.mass_kg * r.grade_pct * 10) / 1000,
        holder: { id: r.holder_id, name: r.holder_name },
        consumed: r.consumed_at !== null,
        nonConformingShare: r.nonconforming_share,
        eventId: r.event_id,
      },
    ];
  });
}

/** Lots by id, locked for the rest of the transaction so two operations cannot move one lot twice. */
export async function lockLots(tx: Queryable, ids: readonly string[]): Promise<LotRow[]> {
  const rows = (
    await tx.query<LotRow>('SELECT * FROM custody_lots WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [
      ids,
    ])
  ).rows;
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is LotRow => r !== undefined);
}

/** Every lot a lot was made from, at any depth, with itself (the upstream lineage). */
export const ANCESTORS_SQL = `WITH RECURSIVE up(id) AS (
    SELECT id FROM custody_lots WHERE id = ANY($1::uuid[])
    UNION SELECT i.input_id FROM custody_lot_inputs i JOIN up ON i.lot_id = up.id)`;

/** Every lot made from a lot, at any depth, with itself (the downstream lineage). */
export const DESCENDANTS_SQL = `WITH RECURSIVE down(id) AS (
    SELECT id FROM custody_lots WHERE id = ANY($1::uuid[])
    UNION SELECT i.lot_id FROM custody_lot_inputs i JOIN down ON i.input_id = down.id)`;

/**
 * The lots of an organisation's chain: those it made, holds or received, with everything upstream of
 * them and everything made from them downstream. A refiner sees where its cobalt came from; a
 * cooperative sees where its sacks went.
 */
export async function chainLotIds(q: Queryable, organisationId: string): Promise<string[]> {
  const own = (
    await q.query<{ id: string }>(
      `SELECT id FROM custody_lots WHERE holder_id = $1 OR cooperative_id = $1
       UNION SELECT lot_id FROM custody_transfers WHERE to_id = $1 OR from_id = $1`,
      [organisationId],
    )
  ).rows.map((r) => r.id);
  if (own.length === 0) return [];
  const up = (await q.query<{ id: string }>(`${ANCESTORS_SQL} SELECT id FROM up`, [own])).rows.map(
    (r) => r.id,
  );
  const down = (await q.query<{ id: string }>(`${DESCENDANTS_SQL} SELECT id FROM down`, [own])).rows.map(
    (r) => r.id,
  );
  return [...new Set([...up, ...down])];
}

/** Refuses a lot the principal may not see: registry staff see all, others the lots of their chain. */
export async function requireVisibleLot(q: Queryable, principal: Principal, lotId: string): Promise<void> {
  const exists = (await q.query('SELECT 1 FROM custody_lots WHERE id = $1', [lotId])).rows.length > 0;
  if (!exists) throw notFound('lot');
  if (canReadAllPrivate(principal)) return;
  if (!(await chainLotIds(q, principal.organisationId)).includes(lotId)) throw notFound('lot');
}
