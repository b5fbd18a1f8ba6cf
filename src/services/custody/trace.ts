import { statesOf } from '../../domain/custody/origin.ts';
import {
  ancestorIds,
  descendantIds,
  findLot,
  findLots,
  handOversBy,
  inputLinksWithin,
  LOT_SORT_EXPR,
  type LotRow,
  type LotSortField,
  listLotPage,
  organisationNames,
  sackIdsOfSite,
  siteExists,
  siteNames,
  transfersOfLots,
} from '../../storage/queries/custody.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import type { AuthedContext } from '../context.ts';
import { sortedCursorKey } from '../cursor.ts';
import { notFound } from '../errors.ts';
import { type ChainView, chainOf, lotViews, requireVisibleLot } from './lots.ts';
import type { DownstreamView, LineageView, LotView, OriginView } from './views.ts';

const share = (n: number) => Math.round(n * 1e6) / 1e6;
const kg = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Where a lot's cobalt comes from: shares by site and cooperative, the non-conforming share, and each
 * site's state when it produced, all read from the lot's own composition (no walk up the lineage).
 */
export async function lotOrigin(ctx: AuthedContext, lotId: string): Promise<OriginView> {
  const chain = await requireVisibleLot(ctx.db, ctx.principal, lotId);
  const lot = (await findLot(ctx.db, lotId)) as LotRow;
  const contained = (lot.mass_kg * lot.grade_pct) / 100;
  const siteIds = Object.keys(lot.origin.bySite);
  const coopIds = Object.keys(lot.origin.byCooperative);
  const sites = await siteNames(ctx.db, siteIds);
  const coops = await organisationNames(ctx.db, coopIds);
  return {
    lot: (await lotViews(ctx.db, [lotId], chain))[0],
    containedKg: kg(contained),
    nonConformingShare: share(lot.origin.nonConformingShare),
    nonConformingKg: kg(contained * lot.origin.nonConformingShare),
    bySite: siteIds
      .map((id) => {
        const s = sites.find((x) => x.id === id);
        return {
          siteId: id,
          code: s?.code ?? '?',
          name: s?.name ?? '?',
          share: share(lot.origin.bySite[id]),
          containedKg: kg(contained * lot.origin.bySite[id]),
          atProduction: statesOf(lot.origin, id).map((x) => ({ ...x, share: share(x.share) })),
        };
      })
      .sort((a, b) => b.share - a.share || a.code.localeCompare(b.code)),
    byCooperative: coopIds
      .map((id) => ({
        organisationId: id,
        name: coops.find((c) => c.id === id)?.legal_name ?? '?',
        share: share(lot.origin.byCooperative[id]),
        containedKg: kg(contained * lot.origin.byCooperative[id]),
      }))
      .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name)),
  };
}

/** One lot as the caller sees it. */
export async function getLot(ctx: AuthedContext, lotId: string): Promise<LotView> {
  const chain = await requireVisibleLot(ctx.db, ctx.principal, lotId);
  return (await lotViews(ctx.db, [lotId], chain))[0];
}

/**
 * A lot's lineage graph with the cobalt each link carried: for registry staff everything upstream and
 * downstream of it; for others the part they may see, everything upstream of what they held and none
 * of what a receiver made afterwards, with their own hand-overs.
 */
export async function lotLineage(ctx: AuthedContext, lotId: string): Promise<LineageView> {
  const chain = await requireVisibleLot(ctx.db, ctx.principal, lotId);
  const up = await ancestorIds(ctx.db, [lotId]);
  const down = await descendantIds(ctx.db, [lotId]);
  const ids = [...new Set([...up, ...down])].filter((id) => !chain || chain.visible.has(id));
  const edges = await inputLinksWithin(ctx.db, ids);
  const nodes = await lotViews(ctx.db, ids, chain);
  nodes.sort((a, b) => a.producedAt.localeCompare(b.producedAt) || a.epc.localeCompare(b.epc));
  const handOvers = (await handOversBy(ctx.db, ids, ctx.principal.organisationId)).map((t) => ({
    lotId: t.lot_id,
    to: { id: t.to_id, name: t.legal_name },
    at: t.shipped_at.toISOString(),
    transaction:
      t.transaction_type && t.transaction_ref ? { type: t.transaction_type, ref: t.transaction_ref } : null,
  }));
  return {
    nodes,
    edges: edges.map((e) => ({ from: e.input_id, to: e.lot_id, containedKg: kg(e.contained_kg) })),
    handOvers,
  };
}

/** Whether a hand-over is part of what the viewer sees: its own, or upstream of what it held. */
const seesTransfer = (chain: ChainView | null, t: { lot_id: string; shipped_at: Date }) => {
  const cut = chain?.handedOver.get(t.lot_id);
  return !cut || t.shipped_at <= cut.at;
};

/**
 * Where a site's production went: the lots that carry some of its cobalt, and the organisations that
 * held them (its exposure: who is told when the site has an incident). Registry staff follow it to the
 * end of the chain; others as far as they may see it (a cooperative one step: to whom it handed its ore).
 */
export async function siteDownstream(ctx: AuthedContext, siteId: string): Promise<DownstreamView> {
  if (!(await siteExists(ctx.db, siteId))) throw notFound('site');
  const sacks = await sackIdsOfSite(ctx.db, siteId);
  if (sacks.length === 0) return { siteId, lots: [], organisations: [] };
  const chain = await chainOf(ctx.db, ctx.principal);
  const ids = (await descendantIds(ctx.db, sacks)).filter((id) => !chain || chain.visible.has(id));
  const rows = await findLots(ctx.db, ids);
  const views = await lotViews(ctx.db, ids, chain);
  const lots = views
    .map((v) => {
      const r = rows.find((x) => x.id === v.id) as LotRow;
      const s = r.origin.bySite[siteId] ?? 0;
      return { ...v, siteShare: share(s), siteContainedKg: kg(((r.mass_kg * r.grade_pct) / 100) * s) };
    })
    .sort((a, b) => a.producedAt.localeCompare(b.producedAt) || a.epc.localeCompare(b.epc));
  const transfers = (await transfersOfLots(ctx.db, ids)).filter((t) => seesTransfer(chain, t));
  const reachedIds = [...new Set([...lots.map((l) => l.holder.id), ...transfers.map((t) => t.to_id)])];
  const reached = await organisationNames(ctx.db, reachedIds);
  // Cobalt from the site each organisation holds now, counted once per lot at the end of the chain it
  // reached; what the caller handed over is not counted: who holds it now is not the caller's to know.
  const organisations = reached
    .map((o) => {
      const held = lots.filter((l) => l.holder.id === o.id && !l.consumed && !chain?.handedOver.has(l.id));
      return {
        id: o.id,
        name: o.legal_name,
        containedKg: kg(held.reduce((s, l) => s + l.siteContainedKg, 0)),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { siteId, lots, organisations };
}

/**
 * Lots the caller may see, newest first, optionally held by one organisation (as the caller sees who
 * holds them) or from one site.
 */
export interface LotFilter {
  holderId?: string;
  siteId?: string;
  q?: string;
  held?: boolean;
  sort?: LotSort;
  limit: number;
  cursor?: string;
}

/** The orders a lot list offers; a leading '-' sorts descending. */
export const LOT_SORTS = [
  '-date',
  'date',
  'tag',
  '-tag',
  'mass',
  '-mass',
  'cobalt',
  '-cobalt',
  'holder',
  '-holder',
  'origin',
  '-origin',
] as const;
export type LotSort = (typeof LOT_SORTS)[number];

/** Lots the caller may see, a page at a time, newest first unless sorted otherwise. */
export async function listLots(ctx: AuthedContext, f: LotFilter): Promise<Page<LotView>> {
  const chain = await chainOf(ctx.db, ctx.principal);
  const cut = [...(chain?.handedOver ?? new Map()).entries()];
  const sort = f.sort ?? '-date';
  const rows = await listLotPage(
    ctx.db,
    {
      visible: chain ? [...chain.visible] : null,
      holderId: f.holderId ?? null,
      siteId: f.siteId ?? null,
      q: f.q?.trim() || null,
      held: f.held ?? false,
      handedOver: cut.map(([id, h]) => ({ id, toId: h.toId })),
    },
    { field: sort.replace('-', '') as LotSortField, desc: sort.startsWith('-') },
    sortedCursorKey(f.cursor, sort, LOT_SORT_EXPR[sort.replace('-', '') as LotSortField].key, 'uuid'),
    f.limit + 1,
  );
  const page = toPage(
    rows,
    f.limit,
    (r) => [sort, r.sort_value, r.id],
    (r) => r.id,
  );
  return { items: await lotViews(ctx.db, page.items, chain), nextCursor: page.nextCursor };
}
