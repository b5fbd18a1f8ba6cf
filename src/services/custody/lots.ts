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

/**
 * Lots by id with their holders' names, in the order asked. A lot the viewer handed over is shown as
 * it handed it over: held by the organisation it gave it to, not yet merged or processed, whatever
 * the receiver did next.
 */
export async function lotViews(
  q: Queryable,
  ids: readonly string[],
  chain?: ChainView | null,
): Promise<LotView[]> {
  const rows = (
    await q.query<LotRow & { holder_name: string }>(
      `SELECT l.*, o.legal_name AS holder_name FROM custody_lots l JOIN organisations o ON o.id = l.holder_id
        WHERE l.id = ANY($1::uuid[])`,
      [ids],
    )
  ).rows;
  const cut = chain?.handedOver ?? new Map<string, HandOver>();
  const receivers = [...new Set(ids.flatMap((id) => cut.get(id)?.toId ?? []))];
  const names = new Map(
    receivers.length
      ? (
          await q.query<{ id: string; legal_name: string }>(
            'SELECT id, legal_name FROM organisations WHERE id = ANY($1::uuid[])',
            [receivers],
          )
        ).rows.map((o) => [o.id, o.legal_name])
      : [],
  );
  return ids.flatMap((id) => {
    const r = rows.find((x) => x.id === id);
    if (!r) return [];
    const handed = cut.get(id);
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
        holder: handed
          ? { id: handed.toId, name: names.get(handed.toId) ?? handed.toId }
          : { id: r.holder_id, name: r.holder_name },
        consumed: handed ? false : r.consumed_at !== null,
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

/** The hand-over after which a lot is no longer the viewer's business: to whom, and when. */
export interface HandOver {
  toId: string;
  at: Date;
}

/**
 * What an organisation sees of the chain (asymmetric: DOMAIN.md §4, decision 0006). Upstream, all of
 * it: every lot it held (made, received, holds) and everything they were made from. Downstream, only
 * its own hand-overs: a lot it handed over and no longer holds is seen up to that hand-over.
 */
export interface ChainView {
  visible: Set<string>;
  /** Lots it handed over, by id, unless they are also upstream of something it held later. */
  handedOver: Map<string, HandOver>;
}

/** The chain an organisation sees; registry staff see all of it (null). */
export async function chainOf(q: Queryable, principal: Principal): Promise<ChainView | null> {
  if (canReadAllPrivate(principal)) return null;
  const org = principal.organisationId;
  const held = (
    await q.query<{ id: string }>(
      `SELECT id FROM custody_lots WHERE holder_id = $1 OR cooperative_id = $1
       UNION SELECT lot_id FROM custody_transfers WHERE to_id = $1 OR from_id = $1`,
      [org],
    )
  ).rows.map((r) => r.id);
  if (held.length === 0) return { visible: new Set(), handedOver: new Map() };
  // What the lots it held were made from, at any depth (not the lots themselves).
  const upstream = new Set(
    (
      await q.query<{ id: string }>(
        `WITH RECURSIVE up(id) AS (
           SELECT input_id FROM custody_lot_inputs WHERE lot_id = ANY($1::uuid[])
           UNION SELECT i.input_id FROM custody_lot_inputs i JOIN up ON i.lot_id = up.id)
         SELECT id FROM up`,
        [held],
      )
    ).rows.map((r) => r.id),
  );
  // For each lot it no longer holds, its own last part in the lot's story: a hand-over, or a receipt.
  const last = (
    await q.query<{ lot_id: string; from_id: string; to_id: string; shipped_at: Date }>(
      `SELECT DISTINCT ON (t.lot_id) t.lot_id, t.from_id, t.to_id, t.shipped_at
         FROM custody_transfers t JOIN custody_lots l ON l.id = t.lot_id
        WHERE (t.from_id = $1 OR t.to_id = $1) AND l.holder_id <> $1
        ORDER BY t.lot_id, t.shipped_at DESC, (t.from_id = $1) DESC`,
      [org],
    )
  ).rows;
  const handedOver = new Map<string, HandOver>();
  for (const t of last)
    if (t.from_id === org && !upstream.has(t.lot_id))
      handedOver.set(t.lot_id, { toId: t.to_id, at: t.shipped_at });
  return { visible: new Set([...held, ...upstream]), handedOver };
}

/** Refuses a lot the principal may not see (404, so its existence is not revealed); answers the chain seen. */
export async function requireVisibleLot(
  q: Queryable,
  principal: Principal,
  lotId: string,
): Promise<ChainView | null> {
  const exists = (await q.query('SELECT 1 FROM custody_lots WHERE id = $1', [lotId])).rows.length > 0;
  if (!exists) throw notFound('lot');
  const chain = await chainOf(q, principal);
  if (chain && !chain.visible.has(lotId)) throw notFound('lot');
  return chain;
}
