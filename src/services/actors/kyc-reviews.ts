import { v7 as uuidv7 } from 'uuid';
import { canReadPrivate, canReviewKyc } from '../../domain/access/roles.ts';
import {
  decideKyc,
  describeIdentityChanges,
  type IdentityChange,
  type KycState,
  type KycStatus,
} from '../../domain/actors/kyc.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import { findOrganisation } from '../../storage/queries/actors.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, forbidden, invalid, notFound, stale } from '../errors.ts';

export interface KycReviewView {
  id: string;
  organisationId: string;
  fromStatus: KycStatus;
  decision: KycStatus;
  reason: string | null;
  expiresAt: string | null;
  documentIds: string[];
  reviewedBy: string;
  reviewedAt: string;
  /** A reviewer's decision, or the re-opening that a change of the actor's identity caused. */
  cause: 'decision' | 'identity_change';
  /** For an identity change: each changed field, from what to what. */
  changes: IdentityChange[] | null;
}

interface Row {
  id: string;
  organisation_id: string;
  from_status: KycStatus;
  decision: KycStatus;
  reason: string | null;
  expires_at: Date | null;
  document_ids: string[];
  reviewed_by: string;
  reviewed_at: Date;
  cause: 'decision' | 'identity_change';
  changes: IdentityChange[] | null;
}

const view = (r: Row): KycReviewView => ({
  id: r.id,
  organisationId: r.organisation_id,
  fromStatus: r.from_status,
  decision: r.decision,
  reason: r.reason,
  expiresAt: r.expires_at?.toISOString() ?? null,
  documentIds: r.document_ids,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at.toISOString(),
  cause: r.cause,
  changes: r.changes,
});

/**
 * Records, inside the caller's transaction, that an identity change sent a verified KYC back to pending
 * review: a history row whose reason names each changed field. The caller updates the organisation row.
 */
export async function recordKycReopening(
  tx: Queryable,
  organisationId: string,
  from: KycState,
  changes: IdentityChange[],
  by: string,
  now: Date,
): Promise<KycReviewView> {
  const row: Row = {
    id: uuidv7(),
    organisation_id: organisationId,
    from_status: from.status,
    decision: 'pending',
    reason: describeIdentityChanges(changes),
    expires_at: null,
    document_ids: [],
    reviewed_by: by,
    reviewed_at: now,
    cause: 'identity_change',
    changes,
  };
  await tx.query(
    `INSERT INTO kyc_reviews (id, organisation_id, from_status, decision, reason, expires_at, document_ids, reviewed_by, reviewed_at,
                              cause, changes)
     VALUES ($1, $2, $3, $4, $5, NULL, '{}', $6, $7, $8, $9)`,
    [
      row.id,
      organisationId,
      row.from_status,
      row.decision,
      row.reason,
      by,
      now,
      row.cause,
      JSON.stringify(changes),
    ],
  );
  return view(row);
}

/** For each organisation whose latest KYC history row is a re-opening by an identity change: that row. */
export async function kycReopenings(
  q: Queryable,
  organisationIds: readonly string[],
): Promise<KycReviewView[]> {
  if (organisationIds.length === 0) return [];
  const rows = await q.query<Row>(
    `SELECT * FROM (SELECT DISTINCT ON (organisation_id) * FROM kyc_reviews WHERE organisation_id = ANY($1::uuid[])
                     ORDER BY organisation_id, reviewed_at DESC, id DESC) latest
      WHERE cause = 'identity_change'`,
    [organisationIds],
  );
  return rows.rows.map(view);
}

export async function listKycReviews(ctx: AuthedContext, organisationId: string): Promise<KycReviewView[]> {
  if (!(await findOrganisation(ctx.db, organisationId))) throw notFound('organisation');
  if (!canReadPrivate(ctx.principal, organisationId))
    throw forbidden("you may not see this organisation's KYC file");
  const rows = await ctx.db.query<Row>(
    'SELECT * FROM kyc_reviews WHERE organisation_id = $1 ORDER BY reviewed_at, id',
    [organisationId],
  );
  return rows.rows.map(view);
}

/** Records a KYC decision on an organisation, citing evidence documents from its file. */
export async function reviewKyc(
  ctx: AuthedContext,
  organisationId: string,
  input: {
    decision: KycStatus;
    reason?: string | null;
    expiresAt?: Date | null;
    documentIds?: string[];
    version: number;
  },
): Promise<KycReviewView> {
  const org = await findOrganisation(ctx.db, organisationId);
  if (!org) throw notFound('organisation');
  if (!canReviewKyc(ctx.principal)) throw forbidden('only administrators and analysts decide on KYC');
  if (org.version !== input.version) throw stale('organisation', org.version);
  const documentIds = [...new Set(input.documentIds ?? [])];
  if (documentIds.length) {
    const found = await ctx.db.query<{ id: string }>(
      'SELECT id FROM documents WHERE organisation_id = $1 AND id = ANY($2::uuid[])',
      [organisationId, documentIds],
    );
    const known = new Set(found.rows.map((r) => r.id));
    const errors = documentIds
      .map((id, i) => ({ id, i }))
      .filter(({ id }) => !known.has(id))
      .map(({ i }) => ({ path: `documentIds.${i}`, message: "not a document in this organisation's file" }));
    if (errors.length) throw invalid(errors);
  }
  const now = ctx.clock();
  const outcome = decideKyc(
    { status: org.kyc_status, expiresAt: org.kyc_expires_at },
    {
      decision: input.decision,
      reason: input.reason ?? null,
      expiresAt: input.expiresAt ?? null,
      evidenceCount: documentIds.length,
    },
    now,
    ctx.config.kycValidityMonths,
  );
  if (!outcome.ok) {
    throw outcome.kind === 'conflict'
      ? conflict(outcome.message)
      : invalid([{ path: outcome.field, message: outcome.message }]);
  }
  const row: Row = {
    id: uuidv7(),
    organisation_id: organisationId,
    from_status: org.kyc_status,
    decision: outcome.state.status,
    reason: input.reason?.trim() || null,
    expires_at: outcome.state.expiresAt,
    document_ids: documentIds,
    reviewed_by: ctx.principal.userId,
    reviewed_at: now,
    cause: 'decision',
    changes: null,
  };
  await ctx.db.transaction(async (tx) => {
    const updated = await tx.query(
      `UPDATE organisations SET kyc_status = $3, kyc_reviewed_at = $4, kyc_reviewed_by = $5, kyc_expires_at = $6,
              version = version + 1, updated_at = $4 WHERE id = $1 AND version = $2`,
      [organisationId, input.version, row.decision, now, row.reviewed_by, row.expires_at],
    );
    if (updated.rowCount === 0) throw stale('organisation', org.version + 1);
    await tx.query(
      `INSERT INTO kyc_reviews (id, organisation_id, from_status, decision, reason, expires_at, document_ids, reviewed_by, reviewed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        row.id,
        organisationId,
        row.from_status,
        row.decision,
        row.reason,
        row.expires_at,
        documentIds,
        row.reviewed_by,
        now,
      ],
    );
    await appendEvent(tx, {
      type: 'kyc.reviewed',
      subjectType: 'organisation',
      subjectId: organisationId,
      payload: view(row),
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return view(row);
}
