import { v7 as uuidv7 } from 'uuid';
import { canReadPrivate, canWritePrivate } from '../../domain/access/roles.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  type DocumentRow,
  documentsOf,
  findDocumentWithContent,
  findOrganisation,
  insertDocument,
} from '../../storage/queries/actors.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { forbidden, notFound } from '../errors.ts';
import { checkUpload } from '../files.ts';
import type { DocumentView } from './views.ts';

export const DOCUMENT_KINDS = [
  'registration_certificate',
  'licence_copy',
  'identity',
  'ownership_declaration',
  'site_photo',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const view = (r: DocumentRow): DocumentView => ({
  id: r.id,
  organisationId: r.organisation_id,
  kind: r.kind,
  filename: r.filename,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at.toISOString(),
});

/** Stores an evidence file for an organisation after checking that its content is what it claims to be. */
export async function uploadDocument(
  ctx: AuthedContext,
  organisationId: string,
  file: { kind: DocumentKind; filename: string; declaredType: string; content: Buffer },
): Promise<DocumentView> {
  if (!(await findOrganisation(ctx.db, organisationId))) throw notFound('organisation');
  if (!canWritePrivate(ctx.principal, organisationId))
    throw forbidden("you may not add evidence to this organisation's file", {
      code: 'actors.evidence-forbidden',
    });
  const checked = checkUpload(file, ctx.config.uploadLimitBytes);
  const id = uuidv7();
  const now = ctx.clock();
  const row: DocumentRow = {
    id,
    organisation_id: organisationId,
    kind: file.kind,
    filename: checked.filename,
    content_type: checked.contentType,
    size_bytes: checked.sizeBytes,
    sha256: checked.sha256,
    uploaded_by: ctx.principal.userId,
    uploaded_at: now,
  };
  await ctx.db.transaction(async (tx) => {
    await insertDocument(tx, row, file.content);
    await appendEvent(tx, {
      type: 'document.uploaded',
      subjectType: 'organisation',
      subjectId: organisationId,
      payload: {
        documentId: id,
        kind: row.kind,
        filename: row.filename,
        contentType: checked.contentType,
        sizeBytes: row.size_bytes,
        sha256: row.sha256,
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return view(row);
}

export async function listDocuments(ctx: AuthedContext, organisationId: string): Promise<DocumentView[]> {
  if (!(await findOrganisation(ctx.db, organisationId))) throw notFound('organisation');
  if (!canReadPrivate(ctx.principal, organisationId))
    throw forbidden("you may not see this organisation's evidence", { code: 'actors.evidence-hidden' });
  return (await documentsOf(ctx.db, organisationId)).map(view);
}

export async function readDocument(ctx: AuthedContext, organisationId: string, id: string) {
  const row = await findDocumentWithContent(ctx.db, id, organisationId);
  if (!row || !canReadPrivate(ctx.principal, organisationId)) throw notFound('document');
  return { document: view(row), content: Buffer.from(row.content) };
}
