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
import {
  documentIdsIn,
  findOrganisation,
  insertKycReview,
  type KycReviewRow,
  kycReviewsOf,
  latestKycReopenings,
  updateOrganisationKyc,
} from '../../storage/queries/actors.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, stale } from '../errors.ts';
import { sanctionsBlock } from '../screening/exposure.ts';
import type { KycReviewView } from './views.ts';

const view = (r: KycReviewRow): KycReviewView => ({
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
  const row: KycReviewRow = {
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
  await insertKycReview(tx, row);
  return view(row);
}

/** For each organisation whose latest KYC history row is a re-opening by an identity change: that row. */
export async function kycReopenings(
  q: Queryable,
  organisationIds: readonly string[],
): Promise<KycReviewView[]> {
  return (await latestKycReopenings(q, organisationIds)).map(view);
}

export async function listKycReviews(ctx: AuthedContext, organisationId: string): Promise<KycReviewView[]> {
  if (!(await findOrganisation(ctx.db, organisationId))) throw notFound('organisation');
  if (!canReadPrivate(ctx.principal, organisationId))
    throw forbidden("you may not see this organisation's KYC file", { code: 'actors.kyc-hidden' });
  return (await kycReviewsOf(ctx.db, organisationId)).map(view);
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
  if (!canReviewKyc(ctx.principal))
    throw forbidden('only administrators and analysts decide on KYC', { code: 'actors.kyc-reviewers-only' });
  if (org.version !== input.version) throw stale('organisation', org.version);
  const documentIds = [...new Set(input.documentIds ?? [])];
  if (documentIds.length) {
    const known = new Set(await documentIdsIn(ctx.db, organisationId, documentIds));
    const errors = documentIds
      .map((id, i) => ({ id, i }))
      .filter(({ id }) => !known.has(id))
      .map(
        ({ i }): FieldError => ({
          path: `documentIds.${i}`,
          message: "not a document in this organisation's file",
          code: 'actors.document-not-in-file',
        }),
      );
    if (errors.length) throw invalid(errors);
  }
  if (input.decision === 'verified') {
    const block = await sanctionsBlock(ctx.db, organisationId);
    if (block)
      throw conflict(
        `a confirmed sanctions hit (${block.list.name} ${block.reference}) concerns this organisation: it cannot be verified`,
        [],
        { code: 'actors.kyc-sanctioned', params: { list: block.list.name, reference: block.reference } },
      );
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
      ? conflict(outcome.message, [], { code: outcome.code, params: outcome.params })
      : invalid([
          { path: outcome.field, message: outcome.message, code: outcome.code, params: outcome.params },
        ]);
  }
  const row: KycReviewRow = {
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
    const saved = await updateOrganisationKyc(tx, organisationId, input.version, {
      status: row.decision,
      reviewedAt: now,
      reviewedBy: row.reviewed_by,
      expiresAt: row.expires_at,
    });
    if (!saved) throw stale('organisation', org.version + 1);
    await insertKycReview(tx, row);
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
