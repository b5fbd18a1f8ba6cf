import type { OriginComposition } from '../../domain/custody/origin.ts';
import type { Queryable } from '../db.ts';

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

/** Every lot a lot was made from, at any depth, with itself (the upstream lineage). */
export const ANCESTORS_SQL = `WITH RECURSIVE up(id) AS (
    SELECT id FROM custody_lots WHERE id = ANY($1::uuid[])
    UNION SELECT i.input_id FROM custody_lot_inputs i JOIN up ON i.lot_id = up.id)`;

/** Every lot made from a lot, at any depth, with itself (the downstream lineage). */
export const DESCENDANTS_SQL = `WITH RECURSIVE down(id) AS (
    SELECT id FROM custody_lots WHERE id = ANY($1::uuid[])
    UNION SELECT i.lot_id FROM custody_lot_inputs i JOIN down ON i.input_id = down.id)`;

/** Lots by id with their holders' legal names, in no particular order. */
export async function findLotsWithHolders(
  q: Queryable,
  ids: readonly string[],
): Promise<(LotRow & { holder_name: string })[]> {
  return (
    await q.query<LotRow & { holder_name: string }>(
      `SELECT l.*, o.legal_name AS holder_name FROM custody_lots l JOIN organisations o ON o.id = l.holder_id
        WHERE l.id = ANY($1::uuid[])`,
      [ids],
    )
  ).rows;
}

/** Legal names of organisations by id. */
export async function organisationNames(
  q: Queryable,
  ids: readonly string[],
): Promise<{ id: string; legal_name: string }[]> {
  if (ids.length === 0) return [];
  return (
    await q.query<{ id: string; legal_name: string }>(
      'SELECT id, legal_name FROM organisations WHERE id = ANY($1::uuid[])',
      [ids],
    )
  ).rows;
}

/** Lots by id, locked for the rest of the transaction, ordered by id. */
export async function lockLotRows(tx: Queryable, ids: readonly string[]): Promise<LotRow[]> {
  return (
    await tx.query<LotRow>('SELECT * FROM custody_lots WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [
      ids,
    ])
  ).rows;
}

export async function findLot(q: Queryable, id: string): Promise<LotRow | undefined> {
  return (await q.query<LotRow>('SELECT * FROM custody_lots WHERE id = $1', [id])).rows[0];
}

export async function findLots(q: Queryable, ids: readonly string[]): Promise<LotRow[]> {
  return (await q.query<LotRow>('SELECT * FROM custody_lots WHERE id = ANY($1::uuid[])', [ids])).rows;
}

export async function lotExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM custody_lots WHERE id = $1', [id])).rows.length > 0;
}

/** Lots an organisation holds or made as a cooperative, or took part in a transfer of. */
export async function lotsHeldBy(q: Queryable, organisationId: string): Promise<string[]> {
  return (
    await q.query<{ id: string }>(
      `SELECT id FROM custody_lots WHERE holder_id = $1 OR cooperative_id = $1
       UNION SELECT lot_id FROM custody_transfers WHERE to_id = $1 OR from_id = $1`,
      [organisationId],
    )
  ).rows.map((r) => r.id);
}

/** What these lots were made from, at any depth (not the lots themselves). */
export async function inputsUpstreamOf(q: Queryable, ids: readonly string[]): Promise<string[]> {
  return (
    await q.query<{ id: string }>(
      `WITH RECURSIVE up(id) AS (
         SELECT input_id FROM custody_lot_inputs WHERE lot_id = ANY($1::uuid[])
         UNION SELECT i.input_id FROM custody_lot_inputs i JOIN up ON i.lot_id = up.id)
       SELECT id FROM up`,
      [ids],
    )
  ).rows.map((r) => r.id);
}

/** The lots themselves and every lot they were made from, at any depth. */
export async function ancestorIds(q: Queryable, ids: readonly string[]): Promise<string[]> {
  return (await q.query<{ id: string }>(`${ANCESTORS_SQL} SELECT id FROM up`, [ids])).rows.map((r) => r.id);
}

/** The lots themselves and every lot made from them, at any depth. */
export async function descendantIds(q: Queryable, ids: readonly string[]): Promise<string[]> {
  return (await q.query<{ id: string }>(`${DESCENDANTS_SQL} SELECT id FROM down`, [ids])).rows.map(
    (r) => r.id,
  );
}

export interface LastTransferRow {
  lot_id: string;
  from_id: string;
  to_id: string;
  shipped_at: Date;
}

/** For each lot an organisation no longer holds, its own last transfer of it (a hand-over or a receipt). */
export async function lastTransfersOfFormerHolder(
  q: Queryable,
  organisationId: string,
): Promise<LastTransferRow[]> {
  return (
    await q.query<LastTransferRow>(
      `SELECT DISTINCT ON (t.lot_id) t.lot_id, t.from_id, t.to_id, t.shipped_at
         FROM custody_transfers t JOIN custody_lots l ON l.id = t.lot_id
        WHERE (t.from_id = $1 OR t.to_id = $1) AND l.holder_id <> $1
        ORDER BY t.lot_id, t.shipped_at DESC, (t.from_id = $1) DESC`,
      [organisationId],
    )
  ).rows;
}

/** Serialises, until the transaction ends, the transactions that take this key's advisory lock. */
export async function advisoryLock(tx: Queryable, key: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

/** Holder of each lot by EPC, and who handed it to this organisation. */
export async function lotHoldersByEpc(q: Queryable, epcs: readonly string[], capturerId: string) {
  return (
    await q.query<{ epc: string; holder_id: string; handed_by: string[] }>(
      `SELECT l.epc, l.holder_id, coalesce(array_agg(t.from_id::text) FILTER (WHERE t.from_id IS NOT NULL), '{}') AS handed_by
       FROM custody_lots l LEFT JOIN custody_transfers t ON t.lot_id = l.id AND t.to_id = $2
      WHERE l.epc = ANY($1::text[]) GROUP BY l.epc, l.holder_id`,
      [epcs, capturerId],
    )
  ).rows;
}

/** Operators of each site by code. */
export async function siteOperatorsByCode(q: Queryable, codes: readonly string[]) {
  return (
    await q.query<{ code: string; operators: string[] }>(
      `SELECT s.code, coalesce(array_agg(o.organisation_id::text) FILTER (WHERE o.organisation_id IS NOT NULL), '{}') AS operators
       FROM sites s LEFT JOIN site_operators o ON o.site_id = s.id WHERE s.code = ANY($1::text[]) GROUP BY s.code`,
      [codes],
    )
  ).rows;
}

export async function siteNames(
  q: Queryable,
  ids: readonly string[],
): Promise<{ id: string; code: string; name: string }[]> {
  return (
    await q.query<{ id: string; code: string; name: string }>(
      'SELECT id, code, name FROM sites WHERE id = ANY($1::uuid[])',
      [ids],
    )
  ).rows;
}

export async function siteExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM sites WHERE id = $1', [id])).rows.length > 0;
}

/** Links between lots that are both among these ids, with the cobalt each carried. */
export async function inputLinksWithin(q: Queryable, ids: readonly string[]) {
  return (
    await q.query<{ input_id: string; lot_id: string; contained_kg: number }>(
      'SELECT input_id, lot_id, contained_kg FROM custody_lot_inputs WHERE lot_id = ANY($1::uuid[]) AND input_id = ANY($1::uuid[])',
      [ids],
    )
  ).rows;
}

export interface HandOverRow {
  lot_id: string;
  to_id: string;
  legal_name: string;
  shipped_at: Date;
  transaction_type: string | null;
  transaction_ref: string | null;
}

/** An organisation's own hand-overs of these lots, with the receivers' names, oldest first. */
export async function handOversBy(
  q: Queryable,
  ids: readonly string[],
  fromId: string | null,
): Promise<HandOverRow[]> {
  return (
    await q.query<HandOverRow>(
      `SELECT t.lot_id, t.to_id, o.legal_name, t.shipped_at, t.transaction_type, t.transaction_ref
         FROM custody_transfers t JOIN organisations o ON o.id = t.to_id
        WHERE t.lot_id = ANY($1::uuid[]) AND t.from_id = $2 ORDER BY t.shipped_at, t.lot_id`,
      [ids, fromId],
    )
  ).rows;
}

export async function sackIdsOfSite(q: Queryable, siteId: string): Promise<string[]> {
  return (
    await q.query<{ id: string }>("SELECT id FROM custody_lots WHERE site_id = $1 AND kind = 'sack'", [
      siteId,
    ])
  ).rows.map((r) => r.id);
}

export async function transfersOfLots(
  q: Queryable,
  ids: readonly string[],
): Promise<{ lot_id: string; to_id: string; shipped_at: Date }[]> {
  return (
    await q.query<{ lot_id: string; to_id: string; shipped_at: Date }>(
      'SELECT lot_id, to_id, shipped_at FROM custody_transfers WHERE lot_id = ANY($1::uuid[])',
      [ids],
    )
  ).rows;
}

export interface LotListFilter {
  /** Lots the viewer may see; null: all of them. */
  visible: readonly string[] | null;
  holderId: string | null;
  siteId: string | null;
  limit: number;
  /** Lots the viewer handed over, with whom it handed them to (the holder it sees). */
  handedOver: readonly { id: string; toId: string }[];
}

/** Ids of the lots a viewer may see, newest first, filtered by holder (as seen) and site. */
export async function listLotIds(q: Queryable, f: LotListFilter): Promise<string[]> {
  return (
    await q.query<{ id: string }>(
      `SELECT l.id FROM custody_lots l
         LEFT JOIN unnest($5::uuid[], $6::uuid[]) AS h(id, to_id) ON h.id = l.id
        WHERE ($1::uuid[] IS NULL OR l.id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR coalesce(h.to_id, l.holder_id) = $2)
          AND ($3::uuid IS NULL OR l.site_id = $3 OR l.origin->'bySite' ? $3::text)
        ORDER BY l.produced_at DESC, l.id DESC LIMIT $4`,
      [
        f.visible,
        f.holderId,
        f.siteId,
        f.limit,
        f.handedOver.map((h) => h.id),
        f.handedOver.map((h) => h.toId),
      ],
    )
  ).rows.map((r) => r.id);
}
