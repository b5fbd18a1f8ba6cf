import type { Queryable } from '../db.ts';

/**
 * The latest hand-over of a lot, with both parties' names: of any party (`organisationId` null), or only one in
 * which that organisation shipped or received it.
 */
export async function latestShipmentOf(q: Queryable, lotId: string, organisationId: string | null) {
  return (
    (
      await q.query<{
        from_name: string;
        to_name: string;
        shipped_at: Date;
        transaction_type: string | null;
        transaction_ref: string | null;
      }>(
        `SELECT f.legal_name AS from_name, o.legal_name AS to_name, t.shipped_at, t.transaction_type, t.transaction_ref
           FROM custody_transfers t
           JOIN organisations f ON f.id = t.from_id
           JOIN organisations o ON o.id = t.to_id
          WHERE t.lot_id = $1 AND ($2::uuid IS NULL OR t.from_id = $2 OR t.to_id = $2)
          ORDER BY t.shipped_at DESC, t.id DESC LIMIT 1`,
        [lotId, organisationId],
      )
    ).rows[0] ?? null
  );
}
