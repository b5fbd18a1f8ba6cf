import { v7 as uuidv7 } from 'uuid';
import { canReadPrivate, canReviewKyc } from '../../domain/access/roles.ts';
import { decideKyc, type KycStatus } from '../../domain/actors/kyc.ts';
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
});

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
  if (org.version !== input.version) throw stale('this organisation', org.version);
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
  };
  await ctx.db.transaction(async (tx) => {
    const updated = await tx.query(
      `UPDATE organisations SET kyc_status = $3, kyc_reviewed_at = $4, kyc_reviewed_by = $5, kyc_expires_at = $6,
              version = version + 1, updated_at = $4 WHERE id = $1 AND version = $2`,
      [organisationId, input.version, row.decision, now, row.reviewed_by, row.expires_at],
    );
    if (updated.rowCount === 0) throw stale('this organisation', org.version + 1);
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
