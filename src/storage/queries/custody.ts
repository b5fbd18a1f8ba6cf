import type { OriginComposition } from '../../domain/custody/origin.ts';
import type { Queryable } from '../db.ts';
import { containsPattern, keysetSql, type SortExpr, sortValueSql } from './page.ts';

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

/** What an organisation holds now (lots not merged or processed): count, mass, contained and non-conforming cobalt. */
export async function stockHeldBy(
  q: Queryable,
  organisationId: string,
): Promise<{ lots: number; mass_kg: number; contained_kg: number; nonconforming_kg: number }> {
  return (
    await q.query<{ lots: number; mass_kg: number; contained_kg: number; nonconforming_kg: number }>(
      `SELECT count(*)::int AS lots, coalesce(sum(mass_kg), 0)::float8 AS mass_kg,
              coalesce(sum(mass_kg * grade_pct / 100), 0)::float8 AS contained_kg,
              coalesce(sum(mass_kg * grade_pct / 100 * nonconforming_share), 0)::float8 AS nonconforming_kg
         FROM custody_lots WHERE holder_id = $1 AND consumed_at IS NULL`,
      [organisationId],
    )
  ).rows[0];
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
  /** Part of the tag, the EPC or the holder's name. */
  q: string | null;
  /** Only lots still held as the viewer sees them (not consumed into another). */
  held: boolean;
  /** Lots the viewer handed over, with whom it handed them to (the holder it sees). */
  handedOver: readonly { id: string; toId: string }[];
}

/** The orders a lot list offers, over `custody_lots l` and the holder as seen (`h.to_id`). */
export const LOT_SORT_EXPR = {
  date: { expr: 'l.produced_at', valueCast: 'timestamptz', key: 'instant' },
  tag: { expr: 'coalesce(l.tag, l.epc)', key: 'text' },
  mass: { expr: 'l.mass_kg', valueCast: 'numeric', key: 'numeric' },
  cobalt: { expr: 'l.mass_kg * l.grade_pct / 100', valueCast: 'numeric', key: 'numeric' },
  holder: {
    expr: 'lower((SELECT o.legal_name FROM organisations o WHERE o.id = coalesce(h.to_id, l.holder_id)))',
    key: 'text',
  },
  origin: { expr: 'l.nonconforming_share', valueCast: 'numeric', key: 'numeric' },
} as const satisfies Record<string, SortExpr>;
export type LotSortField = keyof typeof LOT_SORT_EXPR;

/**
 * A page of the ids of the lots a viewer may see, in the order asked (ties by id), filtered by holder (as
 * seen), site, text and whether still held, after the [value, id] key of the previous page.
 */
export async function listLotPage(
  q: Queryable,
  f: LotListFilter,
  sort: { field: LotSortField; desc: boolean },
  after: [string, string] | undefined,
  limit: number,
): Promise<{ id: string; sort_value: string }[]> {
  const order = keysetSql({ ...LOT_SORT_EXPR[sort.field], desc: sort.desc, tie: 'l.id', tieCast: 'uuid' }, 9);
  return (
    await q.query<{ id: string; sort_value: string }>(
      `SELECT l.id, ${sortValueSql(LOT_SORT_EXPR[sort.field])} AS sort_value FROM custody_lots l
         LEFT JOIN unnest($5::uuid[], $6::uuid[]) AS h(id, to_id) ON h.id = l.id
        WHERE ($1::uuid[] IS NULL OR l.id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR coalesce(h.to_id, l.holder_id) = $2)
          AND ($3::uuid IS NULL OR l.site_id = $3 OR l.origin->'bySite' ? $3::text)
          AND ($7::text IS NULL OR l.tag ILIKE $7 OR l.epc ILIKE $7
               OR EXISTS (SELECT 1 FROM organisations o WHERE o.id = coalesce(h.to_id, l.holder_id) AND o.legal_name ILIKE $7))
          AND (NOT $8::boolean OR h.id IS NOT NULL OR l.consumed_at IS NULL)
          AND ${order.after}
        ORDER BY ${order.orderBy} LIMIT $4`,
      [
        f.visible,
        f.holderId,
        f.siteId,
        limit,
        f.handedOver.map((h) => h.id),
        f.handedOver.map((h) => h.toId),
        containsPattern(f.q),
        f.held,
        after?.[0] ?? null,
        after?.[1] ?? null,
      ],
    )
  ).rows;
}

export async function lotEpcs(q: Queryable, ids: readonly string[]): Promise<{ id: string; epc: string }[]> {
  return (
    await q.query<{ id: string; epc: string }>(
      'SELECT id, epc FROM custody_lots WHERE id = ANY($1::uuid[])',
      [ids],
    )
  ).rows;
}

export interface Level1IncidentRow {
  id: string;
  code: string;
  observed_at: Date | null;
  reported_at: Date;
}

/** The level-1 incidents of a site, or one incident if it is a level-1 incident with a site. */
export async function level1IncidentRows(
  q: Queryable,
  where: { siteId: string } | { incidentId: string },
): Promise<Level1IncidentRow[]> {
  return (
    await q.query<Level1IncidentRow>(
      `SELECT id, code, observed_at, reported_at FROM incidents
        WHERE level = 1 AND site_id IS NOT NULL AND ${'siteId' in where ? 'site_id' : 'id'} = $1`,
      ['siteId' in where ? where.siteId : where.incidentId],
    )
  ).rows;
}

/** Every state these incidents moved to, in order. */
export async function incidentSteps<S extends string>(
  q: Queryable,
  ids: readonly string[],
): Promise<{ incident_id: string; to_state: S; at: Date }[]> {
  return (
    await q.query<{ incident_id: string; to_state: S; at: Date }>(
      'SELECT incident_id, to_state, at FROM incident_transitions WHERE incident_id = ANY($1::uuid[]) ORDER BY at, id',
      [ids],
    )
  ).rows;
}

/** A site's colour history (suspensions left out), in the order it was recorded. */
export async function siteColourHistory(
  q: Queryable,
  siteId: string,
): Promise<{ status: string; effective_at: Date; created_at: Date }[]> {
  return (
    await q.query<{ status: string; effective_at: Date; created_at: Date }>(
      `SELECT status, effective_at, created_at FROM site_status_history
        WHERE site_id = $1 AND reason_data->>'kind' NOT IN ('suspended', 'suspension_lifted')
        ORDER BY created_at, id`,
      [siteId],
    )
  ).rows;
}

export interface CompositionRow {
  id: string;
  mass_kg: number;
  grade_pct: number;
  nonconforming_share: number;
  origin: OriginComposition;
}

export interface SackCompositionRow extends CompositionRow {
  cooperative_id: string | null;
  produced_at: Date;
  site_state: LotRow['site_state'];
}

/** New compositions (and, for sacks, states at production) of many lots, in one statement. */
export async function updateCompositions(
  tx: Queryable,
  lots: readonly { id: string; origin: OriginComposition; state?: unknown }[],
): Promise<void> {
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

/** The sacks of a site produced from `since` on, locked, by id. */
export async function lockSacksSince(
  tx: Queryable,
  siteId: string,
  since: Date,
): Promise<SackCompositionRow[]> {
  return (
    await tx.query<SackCompositionRow>(
      `SELECT id, cooperative_id, produced_at, site_state, mass_kg, grade_pct, nonconforming_share, origin FROM custody_lots
        WHERE site_id = $1 AND kind = 'sack' AND produced_at >= $2 ORDER BY id FOR UPDATE`,
      [siteId, since],
    )
  ).rows;
}

/** Compositions of lots by id; locked and ordered by id when `lock`. */
export async function compositionsOf(
  tx: Queryable,
  ids: readonly string[],
  lock: boolean,
): Promise<CompositionRow[]> {
  return (
    await tx.query<CompositionRow>(
      `SELECT id, mass_kg, grade_pct, nonconforming_share, origin FROM custody_lots WHERE id = ANY($1::uuid[])${lock ? ' ORDER BY id FOR UPDATE' : ''}`,
      [ids],
    )
  ).rows;
}

/** The inputs of these lots. */
export async function inputLinksOf(
  q: Queryable,
  ids: readonly string[],
): Promise<{ lot_id: string; input_id: string }[]> {
  return (
    await q.query<{ lot_id: string; input_id: string }>(
      'SELECT lot_id, input_id FROM custody_lot_inputs WHERE lot_id = ANY($1::uuid[])',
      [ids],
    )
  ).rows;
}

export async function insertRejudgement(
  tx: Queryable,
  r: {
    id: string;
    siteId: string;
    cause: unknown;
    since: Date;
    sacks: number;
    lotsChanged: number;
    recordedBy: string | null;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO custody_rejudgements (id, site_id, cause, since, sacks, lots_changed, recorded_by, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [r.id, r.siteId, JSON.stringify(r.cause), r.since, r.sacks, r.lotsChanged, r.recordedBy, r.at],
  );
}

export async function insertConformityChanges(
  tx: Queryable,
  rejudgementId: string,
  changes: readonly { id: string; before: number; after: number }[],
): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `INSERT INTO custody_conformity_changes (lot_id, rejudgement_id, share_before, share_after)
     SELECT v.id, $1, v.before, v.after FROM unnest($2::uuid[], $3::float8[], $4::float8[]) AS v(id, before, after)`,
    [rejudgementId, changes.map((c) => c.id), changes.map((c) => c.before), changes.map((c) => c.after)],
  );
}

export async function findSiteName(
  q: Queryable,
  id: string,
): Promise<{ id: string; code: string; name: string } | undefined> {
  return (await siteNames(q, [id]))[0];
}

/** For each lot, the organisations that hold it or received it, with the lot, by organisation then production. */
export async function lotReach(q: Queryable, ids: readonly string[]) {
  return (
    await q.query<{ org: string; id: string; tag: string | null; epc: string; kind: string }>(
      `SELECT r.org, l.id, l.tag, l.epc, l.kind FROM (
          SELECT id AS lot_id, holder_id AS org FROM custody_lots WHERE id = ANY($1::uuid[])
          UNION SELECT lot_id, to_id FROM custody_transfers WHERE lot_id = ANY($1::uuid[])) r
        JOIN custody_lots l ON l.id = r.lot_id
       ORDER BY r.org, l.produced_at, l.id`,
      [ids],
    )
  ).rows;
}

export interface ConformityChangeRow {
  share_before: number;
  share_after: number;
  cause: unknown;
  at: Date;
  id: string;
}

/** A lot's conformity changes with their re-judgements, oldest first. */
export async function conformityChangesOf(q: Queryable, lotId: string): Promise<ConformityChangeRow[]> {
  return (
    await q.query<ConformityChangeRow>(
      `SELECT c.share_before, c.share_after, r.cause, r.at, r.id FROM custody_conformity_changes c
         JOIN custody_rejudgements r ON r.id = c.rejudgement_id
        WHERE c.lot_id = $1 ORDER BY r.at, r.id`,
      [lotId],
    )
  ).rows;
}

export interface NewLot {
  id: string;
  epc: string;
  tag: string | null;
  kind: LotRow['kind'];
  mineral: string;
  siteId: string | null;
  cooperativeId: string | null;
  producedAt: Date;
  massKg: number;
  gradePct: number;
  holderId: string;
  origin: OriginComposition;
  siteState: LotRow['site_state'];
  eventId: string;
  createdAt: Date;
}

export async function insertLot(tx: Queryable, lot: NewLot): Promise<void> {
  await tx.query(
    `INSERT INTO custody_lots (id, epc, tag, kind, mineral, site_id, cooperative_id, produced_at, mass_kg, grade_pct, holder_id,
                               origin, nonconforming_share, site_state, event_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      lot.id,
      lot.epc,
      lot.tag,
      lot.kind,
      lot.mineral,
      lot.siteId,
      lot.cooperativeId,
      lot.producedAt,
      lot.massKg,
      lot.gradePct,
      lot.holderId,
      JSON.stringify(lot.origin),
      lot.origin.nonConformingShare,
      lot.siteState ? JSON.stringify(lot.siteState) : null,
      lot.eventId,
      lot.createdAt,
    ],
  );
}

export interface CustodyPartyRow {
  id: string;
  legal_name: string;
  country: string;
  kyc_status: 'pending' | 'verified' | 'rejected';
  kyc_expires_at: Date | null;
  chain_roles: string[];
}

/** An organisation as the custody rules read it. */
export async function findCustodyParty(q: Queryable, id: string): Promise<CustodyPartyRow | undefined> {
  return (
    await q.query<CustodyPartyRow>(
      'SELECT id, legal_name, country, kyc_status, kyc_expires_at, chain_roles FROM organisations WHERE id = $1',
      [id],
    )
  ).rows[0];
}

/** Whether a lot bears this tag (or, given, this EPC). */
export async function tagInUse(q: Queryable, tag: string, epc?: string): Promise<boolean> {
  return epc === undefined
    ? (await q.query('SELECT 1 FROM custody_lots WHERE tag = $1', [tag])).rows.length > 0
    : (await q.query('SELECT 1 FROM custody_lots WHERE tag = $1 OR epc = $2', [tag, epc])).rows.length > 0;
}

export async function updateLotHolder(tx: Queryable, lotId: string, holderId: string): Promise<void> {
  await tx.query('UPDATE custody_lots SET holder_id = $2 WHERE id = $1', [lotId, holderId]);
}

export async function insertTransfer(
  tx: Queryable,
  t: {
    id: string;
    lotId: string;
    fromId: string;
    toId: string;
    transactionType: string | null;
    transactionRef: string | null;
    shippedAt: Date;
    eventId: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO custody_transfers (id, lot_id, from_id, to_id, transaction_type, transaction_ref, shipped_at, event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [t.id, t.lotId, t.fromId, t.toId, t.transactionType, t.transactionRef, t.shippedAt, t.eventId],
  );
}

export async function markLotConsumed(tx: Queryable, lotId: string, at: Date): Promise<void> {
  await tx.query('UPDATE custody_lots SET consumed_at = $2 WHERE id = $1', [lotId, at]);
}

export async function insertLotInput(
  tx: Queryable,
  link: { lotId: string; inputId: string; containedKg: number },
): Promise<void> {
  await tx.query('INSERT INTO custody_lot_inputs (lot_id, input_id, contained_kg) VALUES ($1, $2, $3)', [
    link.lotId,
    link.inputId,
    link.containedKg,
  ]);
}

export interface TaggingSiteRow {
  id: string;
  code: string;
  zone_code: string | null;
  capacity_kg_month: number | null;
  workforce: number | null;
}

/** A site as a tagging's checks read it. */
export async function findTaggingSite(q: Queryable, id: string): Promise<TaggingSiteRow | undefined> {
  return (
    await q.query<TaggingSiteRow>(
      'SELECT id, code, zone_code, capacity_kg_month, workforce FROM sites WHERE id = $1',
      [id],
    )
  ).rows[0];
}

export async function operatesSite(q: Queryable, siteId: string, organisationId: string): Promise<boolean> {
  return (
    (
      await q.query('SELECT 1 FROM site_operators WHERE site_id = $1 AND organisation_id = $2', [
        siteId,
        organisationId,
      ])
    ).rows.length > 0
  );
}

/** Mass of sacks tagged at a site per UTC month ('YYYY-MM') from `since` on. */
export async function sackMassByMonth(
  q: Queryable,
  siteId: string,
  since: Date,
): Promise<{ m: string; kg: number }[]> {
  return (
    await q.query<{ m: string; kg: number }>(
      `SELECT to_char(produced_at AT TIME ZONE 'UTC', 'YYYY-MM') AS m, sum(mass_kg)::float8 AS kg FROM custody_lots
        WHERE site_id = $1 AND kind = 'sack' AND produced_at >= $2 GROUP BY 1`,
      [siteId, since],
    )
  ).rows;
}

/** The mining zones the lots' tagging sites lie in, each once (null for a site outside any zone). */
export async function lotZones(q: Queryable, lotIds: readonly string[]): Promise<(string | null)[]> {
  return (
    await q.query<{ zone_code: string | null }>(
      'SELECT DISTINCT s.zone_code FROM custody_lots l JOIN sites s ON s.id = l.site_id WHERE l.id = ANY($1::uuid[])',
      [lotIds],
    )
  ).rows.map((r) => r.zone_code);
}

/** The licences an organisation holds, with their zone and validity days. */
export async function licencesHeldBy(q: Queryable, organisationId: string) {
  return (
    await q.query<{
      number: string;
      zone_code: string | null;
      valid_from: string;
      valid_until: string | null;
    }>(
      'SELECT number, zone_code, valid_from::text, valid_until::text FROM licences WHERE holder_organisation_id = $1',
      [organisationId],
    )
  ).rows.map((l) => ({
    number: l.number,
    zoneCode: l.zone_code,
    validFrom: l.valid_from,
    validUntil: l.valid_until,
  }));
}

/** What an organisation received in [from, until): the mass of the lots and the sites they were tagged at. */
export async function receivedBetween(q: Queryable, organisationId: string, from: Date, until: Date) {
  return (
    await q.query<{ kg: number; sites: string[] }>(
      `SELECT coalesce(sum(l.mass_kg), 0)::float8 AS kg,
              coalesce(array_agg(DISTINCT l.site_id) FILTER (WHERE l.site_id IS NOT NULL), '{}') AS sites
         FROM custody_transfers t JOIN custody_lots l ON l.id = t.lot_id
        WHERE t.to_id = $1 AND t.shipped_at >= $2 AND t.shipped_at < $3`,
      [organisationId, from, until],
    )
  ).rows[0];
}

/** The declared monthly capacity and workforce of sites. */
export async function siteCapacityFacts(q: Queryable, siteIds: readonly string[]) {
  return (
    await q.query<{ capacity_kg_month: number | null; workforce: number | null }>(
      'SELECT capacity_kg_month, workforce FROM sites WHERE id = ANY($1::uuid[])',
      [siteIds],
    )
  ).rows.map((s) => ({ capacityKgMonth: s.capacity_kg_month, workforce: s.workforce }));
}

/** Whether an organisation holds a licence of the state buyer valid on a day (its agreement to buy from cooperatives). */
export async function holdsStateBuyerLicence(
  q: Queryable,
  organisationId: string,
  day: string,
): Promise<boolean> {
  return (
    (
      await q.query(
        `SELECT 1 FROM licences WHERE holder_organisation_id = $1 AND holder_person_id IS NULL
            AND type = 'state_buyer_licence' AND valid_from <= $2::date AND (valid_until IS NULL OR valid_until >= $2::date)
          LIMIT 1`,
        [organisationId, day],
      )
    ).rows.length > 0
  );
}
