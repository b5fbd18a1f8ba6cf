import { createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { RiskCategory } from '../../domain/criteria/criteria-set.ts';
import { caseCodeFrom, normaliseCaseCode } from '../../domain/grievances/case-code.ts';
import type { Level } from '../../domain/incidents/lifecycle.ts';
import { appendEvent } from '../../storage/events.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { conflict, forbidden, invalid, notFound, stale } from '../errors.ts';
import { checkUpload } from '../files.ts';
import { type CreateOperation, createOnce } from '../idempotency.ts';
import { insertIncident } from '../incidents/incidents.ts';
import { grievanceKey, seal, unseal } from './sealing.ts';

export const GRIEVANCE_LANGUAGES = ['fr', 'en', 'sw'] as const;
export type GrievanceLanguage = (typeof GRIEVANCE_LANGUAGES)[number];

export interface Contact {
  name?: string;
  phone?: string;
  email?: string;
}

interface Row {
  id: string;
  case_code: string;
  secret_hash: string;
  site_id: string | null;
  location: string;
  category: string | null;
  description: string;
  language: GrievanceLanguage;
  anonymous: boolean;
  contact_sealed: string | null;
  status: 'received' | 'validated' | 'rejected' | 'closed';
  decision_reason: string | null;
  public_outcome: string | null;
  incident_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

type GrievanceInput = {
  id?: string;
  siteId?: string | null;
  location?: string;
  category?: RiskCategory | null;
  description: string;
  language: GrievanceLanguage;
  contact?: Contact | null;
};
type Receipt = { caseCode: string; secret: string; created: boolean };

/**
 * A reporter's retry. The client id is never the grievance's own id, which officers see: only the reporter's
 * device knows it, so the replay may hand the secret back. The secret is kept sealed, and the fingerprint is
 * keyed, so that the reporter's words and contact cannot be guessed from it.
 */
function submission(key: Buffer): CreateOperation<Receipt, ServiceContext> {
  return {
    name: 'grievance.submit',
    fingerprintKey: Buffer.from(hkdfSync('sha256', key, '', 'amana grievance request fingerprint', 32)),
    keep: ({ caseCode, secret }) => ({ caseCode, secret: seal(key, secret) }),
    restore: (kept) => {
      const { caseCode, secret } = kept as { caseCode: string; secret: string };
      return { caseCode, secret: unseal<string>(key, secret) };
    },
  };
}

/** Receives a grievance from anyone; the answer (case code and secret) is the reporter's only way back to it. */
export async function submitGrievance(ctx: ServiceContext, input: GrievanceInput): Promise<Receipt> {
  return createOnce(ctx, submission(grievanceKey(ctx.config)), input, (c) => receiveGrievance(c, input));
}

async function receiveGrievance(ctx: ServiceContext, input: GrievanceInput): Promise<Receipt> {
  if (
    input.siteId &&
    !(await ctx.db.query('SELECT 1 FROM sites WHERE id = $1', [input.siteId])).rows.length
  ) {
    throw invalid([{ path: 'siteId', message: 'no such site' }]);
  }
  if (!input.siteId && !input.location?.trim())
    throw invalid([{ path: 'location', message: 'say where it happened: a site or a place' }]);
  const contact = input.contact && Object.values(input.contact).some((v) => v?.trim()) ? input.contact : null;
  const id = uuidv7();
  const caseCode = caseCodeFrom(randomBytes(8));
  const secret = randomBytes(18).toString('base64url');
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO grievances (id, case_code, secret_hash, site_id, location, category, description, language, anonymous, contact_sealed, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
      [
        id,
        caseCode,
        hash(secret),
        input.siteId ?? null,
        input.location?.trim() ?? '',
        input.category ?? null,
        input.description,
        input.language,
        !contact,
        contact && seal(grievanceKey(ctx.config), contact),
        now,
      ],
    );
    // The log records that contact details were left, never what they are.
    await appendEvent(tx, {
      type: 'grievance.received',
      subjectType: 'grievance',
      subjectId: id,
      payload: {
        caseCode,
        siteId: input.siteId ?? null,
        category: input.category ?? null,
        language: input.language,
        anonymous: !contact,
      },
      actor: null,
      at: now,
    });
  });
  return { caseCode, secret, created: true };
}

async function byCase(ctx: ServiceContext, code: string, secret: string): Promise<Row> {
  const normal = normaliseCaseCode(code);
  const row = normal
    ? (await ctx.db.query<Row>('SELECT * FROM grievances WHERE case_code = $1', [normal])).rows[0]
    : undefined;
  const given = Buffer.from(hash(secret));
  // A wrong secret and an unknown code answer alike.
  if (!row || !timingSafeEqual(Buffer.from(row.secret_hash), given)) throw notFound('case');
  return row;
}

/** What the reporter sees of their case: its status and the outcome the officer wrote for them. */
export async function followCase(ctx: ServiceContext, code: string, secret: string) {
  const row = await byCase(ctx, code, secret);
  return {
    caseCode: row.case_code,
    status: row.status,
    receivedAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    outcome: row.public_outcome,
  };
}

export async function addCaseAttachment(
  ctx: ServiceContext,
  code: string,
  secret: string,
  file: { filename: string; declaredType: string; content: Buffer },
) {
  const row = await byCase(ctx, code, secret);
  if (row.status !== 'received') throw conflict('this case is decided; it takes no more attachments');
  const checked = checkUpload(file, ctx.config.uploadLimitBytes);
  const count = await ctx.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM grievance_attachments WHERE grievance_id = $1',
    [row.id],
  );
  if (count.rows[0].n >= 10) throw conflict('a case takes at most 10 attachments');
  const id = uuidv7();
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO grievance_attachments (id, grievance_id, filename, content_type, size_bytes, sha256, content, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [
        id,
        row.id,
        checked.filename,
        checked.contentType,
        checked.sizeBytes,
        checked.sha256,
        checked.content,
        now,
      ],
    );
    await appendEvent(tx, {
      type: 'grievance.attachment_added',
      subjectType: 'grievance',
      subjectId: row.id,
      payload: { attachmentId: id, sha256: checked.sha256 },
      actor: null,
      at: now,
    });
  });
  return { id, contentType: checked.contentType, sizeBytes: checked.sizeBytes };
}

export interface GrievanceView {
  id: string;
  caseCode: string;
  siteId: string | null;
  location: string;
  category: string | null;
  description: string;
  language: GrievanceLanguage;
  anonymous: boolean;
  status: Row['status'];
  decisionReason: string | null;
  publicOutcome: string | null;
  incidentId: string | null;
  attachments: { id: string; filename: string; contentType: string; sizeBytes: number }[];
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** Only in the answer of GET /api/grievances/{id}, to grievance officers. */
  contact?: Contact | null;
}

function requireOfficer(ctx: AuthedContext) {
  if (ctx.principal.role !== 'grievance_officer')
    throw forbidden('grievances are handled by grievance officers');
}

async function view(ctx: AuthedContext, row: Row, withContact: boolean): Promise<GrievanceView> {
  const attachments = await ctx.db.query<{
    id: string;
    filename: string;
    content_type: string;
    size_bytes: number;
  }>(
    'SELECT id, filename, content_type, size_bytes FROM grievance_attachments WHERE grievance_id = $1 ORDER BY uploaded_at, id',
    [row.id],
  );
  return {
    id: row.id,
    caseCode: row.case_code,
    siteId: row.site_id,
    location: row.location,
    category: row.category,
    description: row.description,
    language: row.language,
    anonymous: row.anonymous,
    status: row.status,
    decisionReason: row.decision_reason,
    publicOutcome: row.public_outcome,
    incidentId: row.incident_id,
    attachments: attachments.rows.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      sizeBytes: a.size_bytes,
    })),
    revision: row.revision,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ...(withContact
      ? { contact: row.contact_sealed ? unseal<Contact>(grievanceKey(ctx.config), row.contact_sealed) : null }
      : {}),
  };
}

export async function listGrievances(
  ctx: AuthedContext,
  f: { status?: Row['status'] },
): Promise<GrievanceView[]> {
  requireOfficer(ctx);
  const rows = await ctx.db.query<Row>(
    'SELECT * FROM grievances WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, id DESC LIMIT 500',
    [f.status ?? null],
  );
  return Promise.all(rows.rows.map((r) => view(ctx, r, false)));
}

/** One grievance; with the reporter's contact details only where asked (the officer's single-case view). */
export async function getGrievance(
  ctx: AuthedContext,
  id: string,
  withContact = true,
): Promise<GrievanceView> {
  requireOfficer(ctx);
  const row = (await ctx.db.query<Row>('SELECT * FROM grievances WHERE id = $1', [id])).rows[0];
  if (!row) throw notFound('grievance');
  return view(ctx, row, withContact);
}

async function decidable(ctx: AuthedContext, id: string, revision: number) {
  requireOfficer(ctx);
  const row = (await ctx.db.query<Row>('SELECT * FROM grievances WHERE id = $1', [id])).rows[0];
  if (!row) throw notFound('grievance');
  if (row.revision !== revision) throw stale('case', row.revision, `case ${row.case_code}`);
  if (row.status !== 'received') throw conflict(`case ${row.case_code} is already ${row.status}`);
  return row;
}

/** Validates a grievance: it becomes an incident (source grievance), and the reporter is told. */
export async function validateGrievance(
  ctx: AuthedContext,
  id: string,
  input: {
    level: Level;
    category: RiskCategory;
    title: string;
    siteId?: string | null;
    reason: string;
    publicOutcome: string;
    revision: number;
  },
) {
  const row = await decidable(ctx, id, input.revision);
  const siteId = input.siteId ?? row.site_id;
  if (!siteId) throw invalid([{ path: 'siteId', message: 'name the site the incident concerns' }]);
  if (!(await ctx.db.query('SELECT 1 FROM sites WHERE id = $1', [siteId])).rows.length)
    throw invalid([{ path: 'siteId', message: 'no such site' }]);
  const now = ctx.clock();
  const actor = actorOf(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const incident = await insertIncident(
      tx,
      ctx,
      {
        siteId,
        level: input.level,
        category: input.category,
        title: input.title,
        description: row.description,
        source: 'grievance',
        grievanceId: row.id,
      },
      actor,
      now,
    );
    await tx.query(
      `UPDATE grievances SET status = 'validated', decision_reason = $2, public_outcome = $3, incident_id = $4, decided_by = $5, decided_at = $6,
              revision = revision + 1, updated_at = $6 WHERE id = $1`,
      [id, input.reason, input.publicOutcome, incident.id, ctx.principal.userId, now],
    );
    await appendEvent(tx, {
      type: 'grievance.validated',
      subjectType: 'grievance',
      subjectId: id,
      payload: { incident: incident.code, reason: input.reason },
      actor,
      at: now,
    });
  });
  return getGrievance(ctx, id, false);
}

export async function rejectGrievance(
  ctx: AuthedContext,
  id: string,
  input: { reason: string; publicOutcome: string; revision: number },
) {
  await decidable(ctx, id, input.revision);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE grievances SET status = 'rejected', decision_reason = $2, public_outcome = $3, decided_by = $4, decided_at = $5, revision = revision + 1, updated_at = $5
        WHERE id = $1`,
      [id, input.reason, input.publicOutcome, ctx.principal.userId, now],
    );
    await appendEvent(tx, {
      type: 'grievance.rejected',
      subjectType: 'grievance',
      subjectId: id,
      payload: { reason: input.reason },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getGrievance(ctx, id, false);
}

/** Tells the reporter what came of their case (e.g. when its incident is resolved). */
export async function writeOutcome(
  ctx: AuthedContext,
  id: string,
  input: { publicOutcome: string; close: boolean; revision: number },
) {
  requireOfficer(ctx);
  const row = (await ctx.db.query<Row>('SELECT * FROM grievances WHERE id = $1', [id])).rows[0];
  if (!row) throw notFound('grievance');
  if (row.revision !== input.revision) throw stale('case', row.revision, `case ${row.case_code}`);
  if (row.status === 'received') throw conflict('validate or reject the case first');
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE grievances SET public_outcome = $2, status = CASE WHEN $3 THEN 'closed' ELSE status END, revision = revision + 1, updated_at = $4 WHERE id = $1`,
      [id, input.publicOutcome, input.close, now],
    );
    await appendEvent(tx, {
      type: 'grievance.outcome_written',
      subjectType: 'grievance',
      subjectId: id,
      payload: { close: input.close },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getGrievance(ctx, id, false);
}

/** The site list a reporter chooses from: code, name and province only. */
export async function publicSiteList(ctx: ServiceContext) {
  return (
    await ctx.db.query<{ id: string; code: string; name: string; province: string }>(
      'SELECT id, code, name, province FROM sites ORDER BY code',
    )
  ).rows;
}
