import { canReadAllPrivate, type Principal } from '../../domain/access/roles.ts';
import type { Queryable } from '../../storage/db.ts';
import {
  findLotsWithHolders,
  inputsUpstreamOf,
  type LotRow,
  lastTransfersOfFormerHolder,
  lockLotRows,
  lotExists,
  lotsHeldBy,
  organisationNames,
} from '../../storage/queries/custody.ts';
import { notFound } from '../errors.ts';
import type { LotView } from './views.ts';

export { ANCESTORS_SQL, DESCENDANTS_SQL, type LotRow } from '../../storage/queries/custody.ts';

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
  const rows = await findLotsWithHolders(q, ids);
  const cut = chain?.handedOver ?? new Map<string, HandOver>();
  const receivers = [...new Set(ids.flatMap((id) => cut.get(id)?.toId ?? []))];
  const names = new Map((await organisationNames(q, receivers)).map((o) => [o.id, o.legal_name]));
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
  const rows = await lockLotRows(tx, ids);
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is LotRow => r !== undefined);
}

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
  const held = await lotsHeldBy(q, org);
  if (held.length === 0) return { visible: new Set(), handedOver: new Map() };
  // What the lots it held were made from, at any depth (not the lots themselves).
  const upstream = new Set(await inputsUpstreamOf(q, held));
  // For each lot it no longer holds, its own last part in the lot's story: a hand-over, or a receipt.
  const last = await lastTransfersOfFormerHolder(q, org);
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
  if (!(await lotExists(q, lotId))) throw notFound('lot');
  const chain = await chainOf(q, principal);
  if (chain && !chain.visible.has(lotId)) throw notFound('lot');
  return chain;
}
