import type { KeptRequest } from '../domain/idempotency/request-fingerprint.ts';
import type { Queryable } from './db.ts';

/** A creation's request and answer, kept under the client-made id it carried. */
export interface ClientKey extends KeptRequest {
  id: string;
  status: number;
  result: unknown;
  createdAt: Date;
}

/**
 * Serialises, until the transaction ends, every creation that carries this client id: a retry racing its
 * original waits, then finds the kept answer. A transaction-scoped advisory lock works alike on PGlite and
 * PostgreSQL and leaves nothing to clean up after a crash.
 */
export async function lockClientId(tx: Queryable, id: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`idempotency:${id}`]);
}

export async function findClientKey(q: Queryable, id: string): Promise<ClientKey | undefined> {
  const row = (
    await q.query<{
      id: string;
      operation: string;
      fingerprint: string;
      user_id: string | null;
      organisation_id: string | null;
      status: number;
      result: unknown;
      created_at: Date;
    }>('SELECT * FROM idempotency_keys WHERE id = $1', [id])
  ).rows[0];
  return (
    row && {
      id: row.id,
      operation: row.operation,
      fingerprint: row.fingerprint,
      userId: row.user_id,
      organisationId: row.organisation_id,
      status: row.status,
      result: row.result,
      createdAt: row.created_at,
    }
  );
}

/** Keeps a creation's request and answer, in the transaction that made it. */
export async function keepClientKey(tx: Queryable, key: ClientKey): Promise<void> {
  await tx.query(
    `INSERT INTO idempotency_keys (id, operation, fingerprint, user_id, organisation_id, status, result, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      key.id,
      key.operation,
      key.fingerprint,
      key.userId,
      key.organisationId,
      key.status,
      JSON.stringify(key.result),
      key.createdAt,
    ],
  );
}

/** The tables whose rows a create names with the client's id. */
export type CreatedTable =
  | 'assessments'
  | 'audit_grants'
  | 'corrective_action_notes'
  | 'cooperative_memberships'
  | 'cooperative_payments'
  | 'criteria_sets'
  | 'fund_disbursements'
  | 'fund_projects'
  | 'fund_proposals'
  | 'fund_receipts'
  | 'funds'
  | 'licences'
  | 'map_layers'
  | 'miner_cards'
  | 'organisations'
  | 'ownership_links'
  | 'persons'
  | 'reference_prices'
  | 'royalty_declarations'
  | 'site_assignments'
  | 'sites'
  | 'subscriptions'
  | 'users'
  | 'visit_photos'
  | 'visits'
  | 'zones';

/** Whether a row of `table` holds this id: whether a create with this client id already happened. */
export const rowIn =
  (table: CreatedTable) =>
  async (q: Queryable, id: string): Promise<boolean> =>
    (await q.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).rows.length > 0;
