import { createHash } from 'node:crypto';
import {
  appendChunk,
  completeUpload,
  findUpload,
  insertUpload,
  restartUpload,
  type UploadRow,
  uploadBytes,
} from '../../storage/queries/field.ts';
import type { AuthedContext } from '../context.ts';
import { conflict, forbidden, idReused, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { addVisitPhoto, getVisit } from '../monitoring/visits.ts';

/** The largest chunk one request carries: a phone on a weak link sends small pieces, each kept once in. */
export const CHUNK_LIMIT_BYTES = 256 * 1024;

export interface UploadView {
  id: string;
  visitId: string;
  sizeBytes: number;
  offset: number;
  complete: boolean;
}

const toView = (u: UploadRow): UploadView => ({
  id: u.id,
  visitId: u.visit_id,
  sizeBytes: u.size_bytes,
  offset: u.completed_at ? u.size_bytes : Number(u.offset),
  complete: u.completed_at !== null,
});

export interface UploadStart {
  id: string;
  visitId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** Only the one who started an upload sees it or adds to it; to anyone else it does not exist. */
function own(ctx: AuthedContext, u: UploadRow | undefined): UploadRow {
  if (!u || u.user_id !== ctx.principal.userId || u.organisation_id !== ctx.principal.organisationId)
    throw notFound('upload');
  return u;
}

/**
 * Declares a photo of a visit that will come in chunks, under the phone's id for it. Declaring it again (the
 * answer was lost) gives back how far it got; the same id with another photo is refused.
 */
export async function startUpload(
  ctx: AuthedContext,
  input: UploadStart,
): Promise<{ upload: UploadView; created: boolean }> {
  if (input.sizeBytes > ctx.config.uploadLimitBytes)
    throw invalid([
      {
        path: 'sizeBytes',
        message: `larger than the limit of ${ctx.config.uploadLimitBytes} bytes`,
        code: 'common.file-too-large',
        params: { limit: ctx.config.uploadLimitBytes },
      },
    ]);
  const visit = await getVisit(ctx, input.visitId);
  if (visit.monitorId !== ctx.principal.userId && !['admin', 'analyst'].includes(ctx.principal.role))
    throw forbidden('only the monitor who made the visit adds its photos', {
      code: 'monitoring.photo-not-yours',
    });
  return ctx.db.transaction(async (tx) => {
    const kept = await findUpload(tx, input.id, true);
    if (kept) {
      const mine = own(ctx, kept);
      if (
        mine.visit_id !== input.visitId ||
        mine.sha256 !== input.sha256 ||
        mine.size_bytes !== input.sizeBytes
      )
        throw idReused(input.id);
      return { upload: toView(mine), created: false };
    }
    await insertUpload(tx, {
      ...input,
      userId: ctx.principal.userId,
      organisationId: ctx.principal.organisationId,
      createdAt: ctx.clock(),
    });
    return { upload: toView(own(ctx, await findUpload(tx, input.id))), created: true };
  });
}

export async function uploadState(ctx: AuthedContext, id: string): Promise<UploadView> {
  return toView(own(ctx, await findUpload(ctx.db, id)));
}

const ATTACH: CreateOperation<{ photoId: string; created: boolean }> = {
  name: 'visit.photo',
  exists: rowIn('visit_photos'),
};

/**
 * Appends a chunk at `offset`, which must be where the server's copy ends (else 409 with the offset to resume
 * from). With the last byte in, the whole is checked against the declared SHA-256 and joins its visit as a photo
 * under the upload's id, in the same transaction: an acknowledged photo is stored, once.
 */
export async function appendUpload(
  ctx: AuthedContext,
  id: string,
  offset: number,
  chunk: Buffer,
): Promise<UploadView> {
  if (chunk.length === 0)
    throw invalid([{ path: 'body', message: 'the chunk is empty', code: 'common.file-empty' }]);
  if (chunk.length > CHUNK_LIMIT_BYTES)
    throw invalid([
      {
        path: 'body',
        message: `a chunk holds at most ${CHUNK_LIMIT_BYTES} bytes`,
        code: 'field.chunk-too-large',
        params: { limit: CHUNK_LIMIT_BYTES },
      },
    ]);
  const placed = (u: UploadRow) => {
    const at = u.completed_at ? u.size_bytes : Number(u.offset);
    if (offset !== at)
      throw conflict(`this upload holds ${at} bytes: send from there`, [], {
        code: 'field.upload-offset',
        params: { offset: at },
      });
    if (at + chunk.length > u.size_bytes)
      throw invalid([
        {
          path: 'body',
          message: `the upload was declared as ${u.size_bytes} bytes`,
          code: 'field.upload-too-long',
          params: { size: u.size_bytes },
        },
      ]);
    return at;
  };
  const seen = own(ctx, await findUpload(ctx.db, id));
  if (placed(seen) + chunk.length < seen.size_bytes)
    return ctx.db.transaction(async (tx) => {
      const u = own(ctx, await findUpload(tx, id, true));
      const at = placed(u);
      await appendChunk(tx, id, chunk);
      return { ...toView(u), offset: at + chunk.length };
    });
  // The last chunk: the whole photo is checked before anything is written.
  const content = Buffer.concat([await uploadBytes(ctx.db, id), chunk]);
  if (createHash('sha256').update(content).digest('hex') !== seen.sha256) {
    await ctx.db.transaction(async (tx) => {
      placed(own(ctx, await findUpload(tx, id, true)));
      await restartUpload(tx, id);
    });
    throw conflict(
      'the bytes received do not match the declared SHA-256; send the photo again from the start',
      [],
      {
        code: 'field.upload-hash-mismatch',
        params: { offset: 0 },
      },
    );
  }
  await createOnce(ctx, ATTACH, { id, visitId: seen.visit_id, sha256: seen.sha256 }, async (c, photoId) => {
    // Under the row's lock the upload must still end where it did when its bytes were read.
    const u = own(c, await findUpload(c.db, id, true));
    if (Number(u.offset) !== Number(seen.offset) || u.completed_at) placed(u);
    await addVisitPhoto(
      c,
      u.visit_id,
      { filename: u.filename, declaredType: u.content_type, content },
      photoId,
    );
    await completeUpload(c.db, id, c.clock());
    return { photoId, created: true };
  });
  return { ...toView(seen), offset: seen.size_bytes, complete: true };
}
